/* test_maint.c — maintenance filings without a database: the field checks (a form
 * rejects a wrong ID check digit, an import only warns; dates in order; 20-digit
 * registration codes; choices), the filing workflow table, and the import template
 * (required headers filled, code columns text, drop-down lists, an instructions sheet)
 * read back from the workbook's parts and through sheet_read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "maint.h"
#include "maint_import.h"
#include "sheet_read.h"
#include "workflow_maint.h"

static int field(const struct maint_kind_def *def, const char *key)
{
    for (int i = 0; i < def->nfields; i++)
        if (!strcmp(def->fields[i].key, key))
            return i;
    fail_msg("no field %s", key);
    return -1;
}

static void test_person_checks(void **state)
{
    const struct maint_kind_def *def = maint_kind(MAINT_PERSON);
    char norm[MAINT_MAX_FIELDS][128];
    struct maint_errors e;
    const char *v[MAINT_MAX_FIELDS] = {0};
    int id = field(def, "id_no"), mob = field(def, "mobile"), exp = field(def, "cert_expiry");

    v[field(def, "name")] = " 马金磊 ";
    v[field(def, "job")] = "维保人员";
    v[id] = "11010519491231002x";
    v[field(def, "cert_no")] = "TF2013-06234";
    v[field(def, "cert_issue")] = "2014-09-01";
    v[exp] = "2016-09-02";
    v[mob] = "13663017327";
    assert_int_equal(maint_validate(def, v, 0, norm, &e), 0);
    assert_string_equal(norm[field(def, "name")], "马金磊");    /* trimmed */
    assert_string_equal(norm[id], "11010519491231002X");          /* normalised */

    /* The manual's own sample fails its check digit: a form rejects, an import warns. */
    v[id] = "411423198204152128";
    assert_int_equal(maint_validate(def, v, 0, norm, &e), 1);
    assert_non_null(strstr(e.err[id], "校验位"));
    assert_int_equal(maint_validate(def, v, 1, norm, &e), 0);
    assert_int_equal(e.nwarn, 1);
    assert_non_null(strstr(e.warn[id], "校验位"));
    assert_string_equal(norm[id], "411423198204152128");

    /* Excel's number form, short mobile, expiry before issue, unknown job, missing. */
    v[id] = "4.11423E+17";
    v[mob] = "133160";
    v[exp] = "2014-08-31";
    v[field(def, "job")] = "厨师";
    v[field(def, "cert_no")] = "";
    assert_int_equal(maint_validate(def, v, 1, norm, &e), 5);
    assert_non_null(strstr(e.err[id], "科学计数法"));
    assert_non_null(strstr(e.err[mob], "11 位"));
    assert_non_null(strstr(e.err[exp], "晚于"));
    assert_non_null(strstr(e.err[field(def, "cert_no")], "必填"));
}

static void test_elevator_checks(void **state)
{
    const struct maint_kind_def *def = maint_kind(MAINT_ELEVATOR);
    char norm[MAINT_MAX_FIELDS][128];
    struct maint_errors e;
    const char *v[MAINT_MAX_FIELDS] = {0};
    int reg = field(def, "reg_code");

    v[field(def, "name")] = "客梯";
    v[reg] = "31106401052014080025";
    v[field(def, "use_unit")] = "郎莫物业有限公司";
    v[field(def, "maker")] = "上海三菱电梯有限公司";
    v[field(def, "safety_phone")] = "0373-1234567";
    assert_int_equal(maint_validate(def, v, 0, norm, &e), 0);
    assert_int_equal(def->fields[maint_key_field(def)].type, MF_REGCODE);
    v[reg] = "31149912345611789"; /* the manual's 17 digits */
    assert_int_equal(maint_validate(def, v, 0, norm, &e), 1);
    assert_non_null(strstr(e.err[reg], "20"));
    v[reg] = "31106401052099080025"; /* a registration month in the future: lenient */
    assert_int_equal(maint_validate(def, v, 0, norm, &e), 0);
    assert_int_equal(e.nwarn, 1);
}

static void test_workflow_table(void **state)
{
    const struct wf_transition *t;

    assert_non_null(t = workflow_find(&WF_MAINT_FILING, "pending_submit", "submit"));
    assert_string_equal(t->to, "in_review");
    assert_non_null(workflow_find(&WF_MAINT_FILING, "returned", "submit"));
    assert_string_equal(workflow_find(&WF_MAINT_FILING, "in_review", "approve")->capability, "bureau.maint");
    assert_string_equal(workflow_find(&WF_MAINT_FILING, "approved", "edit")->to, "pending_submit");
    /* Nothing moves a filing in review but the bureau; approved is never submitted again
     * without an edit. */
    assert_null(workflow_find(&WF_MAINT_FILING, "in_review", "delete"));
    assert_null(workflow_find(&WF_MAINT_FILING, "in_review", "edit"));
    assert_null(workflow_find(&WF_MAINT_FILING, "approved", "submit"));
    assert_string_equal(workflow_label(&WF_MAINT_FILING, "returned"), "退回");
}

/* One part of a zip in memory, NUL-terminated (malloc'd). */
static char *part(const unsigned char *data, size_t len, const char *name)
{
    zip_error_t ze;
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
    zip_stat_t st;
    assert_non_null(z);
    assert_int_equal(zip_stat(z, name, 0, &st), 0);
    char *buf = calloc(1, st.size + 1);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return buf;
}

struct header {
    char cells[MAINT_MAX_FIELDS][64];
    int n;
};

static int first_row(void *ctx, long row_no, const struct sheet_cell *cells, int ncells)
{
    struct header *h = ctx;
    for (int i = 0; i < ncells && i < MAINT_MAX_FIELDS; i++)
        snprintf(h->cells[i], sizeof h->cells[i], "%s", cells[i].text);
    h->n = ncells;
    return 1; /* the header row is enough */
}

static void test_template(void **state)
{
    const struct maint_kind_def *def = maint_kind(MAINT_PERSON);
    unsigned char *x = NULL;
    size_t len = 0;
    struct header h = {0};
    char err[128];

    assert_int_equal(maint_import_template(def, &x, &len), 0);
    /* The header row is the field labels, in order: what the import maps by. */
    assert_int_equal(sheet_read(x, len, NULL, first_row, &h, err, sizeof err), 1);
    assert_int_equal(h.n, def->nfields);
    for (int i = 0; i < def->nfields; i++)
        assert_string_equal(h.cells[i], def->fields[i].label);
    char *sheet = part(x, len, "xl/worksheets/sheet1.xml"), *styles = part(x, len, "xl/styles.xml"),
         *book = part(x, len, "xl/workbook.xml");
    assert_non_null(strstr(sheet, "<dataValidation type=\"list\""));
    assert_non_null(strstr(sheet, "\"电梯维护人员,维保人员,维保工程师,电梯安装维修人员\""));
    assert_non_null(strstr(styles, "FFFFD966"));        /* required headers filled */
    assert_non_null(strstr(styles, "formatCode=\"@\"")); /* text columns */
    assert_non_null(strstr(book, "填写说明"));
    free(sheet), free(styles), free(book);
    free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_person_checks),
        cmocka_unit_test(test_elevator_checks),
        cmocka_unit_test(test_workflow_table),
        cmocka_unit_test(test_template),
    };
    return cmocka_run_group_tests_name("maint", tests, NULL, NULL);
}
