/* maintenance_test.c — maintenance filings (维保备案) end to end over nginx: a maintenance
 * company adds a person by hand, imports 1 000 elevators from an .xlsx written here with
 * libxlsxwriter (bad rows shown in the preview, nothing imported; fixed file imported in
 * one go), submits; the district bureau returns one and approves the others; the archive
 * and its history show the approved versions; an edit of an approved elevator leaves the
 * old version in force until approved; delete is refused once records exist; stale
 * decisions get 409; another company's rows are 404 and a use unit has no access.
 * Each run makes its own company (the keys are unique per company). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "testkit.h"

#define NROWS 1000

static char login[40], org_id[24], linked_code[32], created_code[32];

static void expect(const char *want, const char *sql, const char *a)
{
    char *got = a ? sql_q(sql, 1, a) : sql_q(sql, 0);
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s\n  got '%s', want '%s'", sql, got ? got : "(no row)", want);
    free(got);
}

/* A new active maintenance company in 和平区 (the demo bureau's district) with a main
 * account that has the demo password, and one registry device its import will link. */
static int setup(void **state)
{
    char cc[19], name[80];
    time_t t = time(NULL);

    snprintf(login, sizeof login, "mt%s", run_id());
    fresh_credit_code(cc, 77);
    snprintf(name, sizeof name, "测试维保公司%s", run_id());
    char *id = sql_q("INSERT INTO org (kind, name, credit_code, unit_types, district, certified, state)"
                     " VALUES ('enterprise', $1, $2, '{maintenance}', '120101', true, 'active') RETURNING id",
                     2, name, cc);
    snprintf(org_id, sizeof org_id, "%s", id);
    free(id);
    free(sql_q("INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
               " SELECT $1::bigint, $2, password_hash, '测试负责人', '13912345678', '{ent_main}'"
               " FROM account WHERE login = 'maint' RETURNING id",
               2, org_id, login));
    /* A device in the registry (a use unit's), with a code unique to this run. */
    snprintf(linked_code, sizeof linked_code, "3110120101%04d%02d%04d", (1990 + (int)(t % 30)) % 10000, (1 + (int)(t / 30 % 12)) % 100,
             (int)(t / 360 % 10000) % 10000);
    free(sql_q("INSERT INTO equipment (reg_code, category, name, use_org_id, district)"
               " SELECT $1, '3110', '测试客梯', id, '120101' FROM org WHERE credit_code = '91120101MA05T8XK1L'"
               " RETURNING id",
               1, linked_code));
    /* A code the registry does not have, of an elevator the demo company uses. */
    snprintf(created_code, sizeof created_code, "3110120101%04d%02d%04d", (1950 + (int)(t % 40)) % 10000,
             (1 + (int)(t / 40 % 12)) % 100, (int)(t / 480 % 10000) % 10000);
    return 0;
}

/* Writes the elevator sheet: rows 0..n-1 good (row 0 the registry device's code, row
 * n-1 with a future registration month: a warning) and, when bad, four bad rows. */
static unsigned char *elevator_xlsx(int n, int bad, size_t *len)
{
    static const char *const header[] = {"设备名称", "注册代码", "内部编号", "检验日期", "下次检验日期",
                                         "责任单位", "制造单位", "安全管理员", "安全管理员电话"};
    char path[] = "/tmp/tejian-mt-XXXXXX", code[32], internal[24];
    int fd = mkstemp(path);
    lxw_workbook *wb;
    lxw_worksheet *ws;
    int row = 0;

    assert_true(fd >= 0);
    close(fd);
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, "电梯");
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, header[c], NULL);
    for (int i = 0; i < n; i++) {
        row++;
        if (i == 0)
            snprintf(code, sizeof code, "%s", linked_code);
        else if (i == 3)
            snprintf(code, sizeof code, "%s", created_code);
        else
            snprintf(code, sizeof code, "311012010120%s%04d", i == n - 1 ? "9912" : "1501", i);
        snprintf(internal, sizeof internal, "NB-%04d", i);
        const char *v[9] = {"曳引式客梯", code, internal, "2026-03-01", "2027-02-28",
                            i == 3 ? "天津示范电梯使用有限公司" : "测试物业有限公司",
                            "上海三菱电梯有限公司", "李安全", "13800000007"};
        for (int c = 0; c < 9; c++)
            worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, v[c], NULL);
    }
    if (bad) {
        /* A code Excel made a number, an impossible date, a duplicate, a missing unit. */
        worksheet_write_string(ws, (lxw_row_t)++row, 0, "客梯", NULL);
        worksheet_write_number(ws, (lxw_row_t)row, 1, 31101201012015019999.0, NULL);
        worksheet_write_string(ws, (lxw_row_t)row, 5, "某物业", NULL);
        worksheet_write_string(ws, (lxw_row_t)row, 6, "某厂", NULL);
        const char *bad_date[9] = {"客梯", "31101201012015019998", "", "2026-02-30", "", "某物业", "某厂", "", ""};
        const char *dup[9] = {"客梯", "31101201012015010001", "", "", "", "某物业", "某厂", "", ""};
        const char *no_unit[9] = {"客梯", "31101201012015019997", "", "", "", "", "某厂", "", ""};
        const char *const *rows[3] = {bad_date, dup, no_unit};
        row++;
        for (int k = 0; k < 3; k++, row++)
            for (int c = 0; c < 9; c++)
                if (rows[k][c][0])
                    worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, rows[k][c], NULL);
    }
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    unsigned char *data = malloc(*len);
    assert_int_equal(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}

/* Uploads and returns the preview's path (malloc'd). */
static char *upload(struct browser *b, const unsigned char *data, size_t len)
{
    struct page f = browser_get(b, "/maint/elevators/import");
    assert_int_equal(f.status, 200);
    page_free(&f);
    struct page p = browser_post_multipart(b, "/maint/elevators/import", (const char *const[]){NULL}, "file",
                                           "电梯.xlsx", data, len, NULL, NULL, NULL, 0);
    if (p.status != 303)
        fail_msg("upload: HTTP %ld\n%.600s", p.status, p.body ? p.body : "");
    char *loc = strdup(p.location);
    page_free(&p);
    return loc;
}

static struct page post_form(struct browser *b, const char *form_path, const char *path, const char *body)
{
    struct page f = browser_get(b, form_path);
    page_free(&f);
    return browser_post(b, path, body, 0);
}

static struct page decide(struct browser *b, const char *id, const char *action, const char *version,
                          const char *reason)
{
    char path[80], body[512];
    char *r = url_escape(reason ? reason : "");
    snprintf(path, sizeof path, "/bureau/maint/%s", id);
    struct page f = browser_get(b, path);
    page_free(&f);
    snprintf(body, sizeof body, "action=%s&version=%s&reason=%s", action, version, r);
    free(r);
    snprintf(path, sizeof path, "/bureau/maint/%s/decide", id);
    return browser_post(b, path, body, 0);
}

static char *filing_of(const char *key)
{
    return sql_q("SELECT id FROM maint_filing WHERE org_id = $1::bigint AND key = $2", 2, org_id, key);
}

static void test_filing_flow(void **state)
{
    struct browser m, bu, other, use;
    struct page p;
    char path[160], body[1024];
    size_t len;

    login_as(&m, login);

    /* A person by hand: a wrong check digit is refused (form rule), what was typed stays. */
    const char *person = "name=%E5%BC%A0%E4%B8%89&job=%E7%BB%B4%E4%BF%9D%E4%BA%BA%E5%91%98"
                         "&cert_no=TF2020-0001&cert_issue=2020-01-01&cert_expiry=2028-01-01&mobile=13712345678";
    snprintf(body, sizeof body, "%s&id_no=110105194912310021", person);
    p = post_form(&m, "/maint/persons/new", "/maint/persons", body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "校验位不正确"));
    assert_true(contains(&p, "TF2020-0001"));
    page_free(&p);
    snprintf(body, sizeof body, "%s&id_no=11010519491231002X", person);
    p = post_form(&m, "/maint/persons/new", "/maint/persons", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *pid = filing_of("11010519491231002X");
    assert_non_null(pid);
    expect("pending_submit", "SELECT state FROM maint_filing WHERE id = $1::bigint", pid);

    /* The template is a real workbook. */
    p = browser_get(&m, "/maint/elevators/template.xlsx");
    assert_int_equal(p.status, 200);
    assert_true(p.len > 1000 && memcmp(p.body, "PK", 2) == 0);
    page_free(&p);

    /* 1 000 rows with four bad ones: the preview lists them and nothing can be imported. */
    unsigned char *x = elevator_xlsx(NROWS, 1, &len);
    char *preview = upload(&m, x, len);
    free(x);
    p = browser_get(&m, preview);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "注册代码被 Excel 转成了数字，请把该列设为文本后重新填写"));
    assert_true(contains(&p, "日期不存在"));
    assert_true(contains(&p, "与第 3 行重复"));
    assert_true(contains(&p, "责任单位：必填项"));
    assert_true(contains(&p, "不能导入"));
    page_free(&p);
    const char *token = strrchr(preview, '/') + 1;
    expect("1004/4/1", "SELECT nrows || '/' || nerrors || '/' || nwarnings FROM maint_import WHERE token = $1", token);
    p = browser_post(&m, preview, "accept_warnings=1", 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文件中还有错误"));
    page_free(&p);
    expect("0", "SELECT count(*) FROM maint_filing WHERE org_id = $1::bigint AND kind = 'elevator'", org_id);
    free(preview);

    /* Fixed: imported only once the warning is accepted, all 1 000 in one go. */
    x = elevator_xlsx(NROWS, 0, &len);
    preview = upload(&m, x, len);
    free(x);
    p = post_form(&m, preview, preview, "");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文件中有警告"));
    page_free(&p);
    expect("0", "SELECT count(*) FROM maint_filing WHERE org_id = $1::bigint AND kind = 'elevator'", org_id);
    p = post_form(&m, preview, preview, "accept_warnings=1");
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect("1000", "SELECT count(*) FROM maint_filing WHERE org_id = $1::bigint AND kind = 'elevator'"
                   " AND state = 'pending_submit' AND current_version_id IS NULL", org_id);
    expect("1000", "SELECT count(*) FROM workflow_event w JOIN maint_filing f ON f.id = w.entity_id"
                   " WHERE w.kind = 'maint_filing' AND w.event = 'create' AND f.org_id = $1::bigint AND f.kind = 'elevator'",
           org_id);
    /* Twice is refused. */
    p = post_form(&m, preview, preview, "accept_warnings=1");
    assert_true(contains(&p, "已经导入过了"));
    page_free(&p);
    free(preview);

    /* Submit the person and three elevators; submitting them again is a 409. */
    char *e1 = filing_of(linked_code), *e2 = filing_of("31101201012015010001"),
         *e3 = filing_of("31101201012015010002"), *e4 = filing_of(created_code);
    snprintf(body, sizeof body, "id=%s&id=%s&id=%s&id=%s", e1, e2, e3, e4);
    p = post_form(&m, "/maint/elevators", "/maint/elevators/submit", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    snprintf(body, sizeof body, "id=%s", pid);
    p = post_form(&m, "/maint/persons", "/maint/persons/submit", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    snprintf(body, sizeof body, "id=%s", e1);
    p = post_form(&m, "/maint/elevators", "/maint/elevators/submit", body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect("in_review", "SELECT state FROM maint_filing WHERE id = $1::bigint", e3);

    /* The bureau: a return needs a reason; one returned, the others approved; stale 409. */
    login_as(&bu, "bureau");
    p = browser_get(&bu, "/bureau/maint?kind=elevators");
    assert_true(contains(&p, linked_code));
    page_free(&p);
    p = decide(&bu, e3, "reject", "1", "");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "退回必须写明原因"));
    page_free(&p);
    p = decide(&bu, e3, "reject", "1", "注册代码与登记表不符");
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = decide(&bu, e3, "approve", "1", NULL);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect("returned/注册代码与登记表不符", "SELECT state || '/' || return_reason FROM maint_filing WHERE id = $1::bigint", e3);
    const char *approve[4] = {e1, e2, pid, e4};
    for (int i = 0; i < 4; i++) {
        p = decide(&bu, approve[i], "approve", "1", NULL);
        assert_int_equal(p.status, 303);
        page_free(&p);
    }
    p = decide(&bu, e1, "approve", "1", NULL);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect("approved", "SELECT state FROM maint_filing WHERE id = $1::bigint", e1);
    /* The registry device is linked, with the company as its maintenance unit. */
    expect("true", "SELECT (f.equipment_id = e.id AND e.maintenance_org_id = f.org_id)::text FROM maint_filing f"
                " JOIN equipment e ON e.reg_code = f.key WHERE f.id = $1::bigint", e1);
    /* A code the registry lacked, of a registered use unit: the device is created. */
    expect("天津示范电梯使用有限公司/NB-0003/2027-02-28",
           "SELECT o.name || '/' || e.internal_no || '/' || e.next_inspection_date FROM maint_filing f"
           " JOIN equipment e ON e.id = f.equipment_id AND e.reg_code = f.key AND e.maintenance_org_id = f.org_id"
           " JOIN org o ON o.id = e.use_org_id WHERE f.id = $1::bigint", e4);
    expect("create", "SELECT h.change FROM equipment_history h JOIN maint_filing f ON f.equipment_id = h.equipment_id"
                     " WHERE f.id = $1::bigint", e4);
    /* A use unit not registered here: no device, the filing stays unlinked. */
    expect("", "SELECT coalesce(equipment_id::text, '') FROM maint_filing WHERE id = $1::bigint", e2);
    expect("4", "SELECT count(*) FROM audit_log WHERE action = 'maint_filing.approve' AND entity_id IN"
                " (SELECT id::text FROM maint_filing WHERE org_id = $1::bigint)", org_id);

    /* Archives: approved only. */
    p = browser_get(&m, "/maint/elevators/archive");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, linked_code));
    assert_true(contains(&p, "31101201012015010001"));
    assert_false(contains(&p, "31101201012015010002")); /* returned */
    assert_false(contains(&p, "31101201012015010004")); /* never submitted */
    page_free(&p);
    p = browser_get(&m, "/maint/elevators/archive.xlsx");
    assert_int_equal(p.status, 200);
    assert_true(memcmp(p.body, "PK", 2) == 0);
    page_free(&p);
    p = browser_get(&bu, "/bureau/maint/elevators/archive?q_reg_code=31101201012015010001");
    assert_true(contains(&p, "31101201012015010001"));
    assert_false(contains(&p, linked_code));
    page_free(&p);
    /* Query conditions are case-insensitive substrings, all of them must hold. */
    p = browser_get(&bu, "/bureau/maint/elevators/archive?q_reg_code=2015010001&q_internal_no=nb-0001");
    assert_true(contains(&p, "31101201012015010001"));
    assert_false(contains(&p, linked_code));
    page_free(&p);
    p = browser_get(&bu, "/bureau/maint/elevators/archive?q_reg_code=2015010001&q_internal_no=nb-0002");
    assert_false(contains(&p, "31101201012015010001"));
    page_free(&p);

    /* Edit of an approved elevator: a pending change; the archive keeps the old one. */
    snprintf(path, sizeof path, "/maint/elevators/%s", e2);
    snprintf(body, sizeof body,
             "version=2&name=%%E5%%AE%%A2%%E6%%A2%%AF&reg_code=31101201012015010001&internal_no=NEW-7"
             "&inspection_date=2026-03-01&next_inspection_date=2027-02-28&use_unit=%%E6%%B5%%8B%%E8%%AF%%95"
             "&maker=%%E4%%B8%%89%%E8%%8F%%B1");
    char edit_path[192];
    snprintf(edit_path, sizeof edit_path, "%s/edit", path);
    p = post_form(&m, edit_path, path, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect("pending_submit/changed", "SELECT state || '/' || CASE WHEN pending_version_id IS NOT NULL AND"
                                     " current_version_id IS NOT NULL THEN 'changed' END FROM maint_filing WHERE id = $1::bigint", e2);
    p = browser_get(&m, "/maint/elevators/archive?q_reg_code=31101201012015010001");
    assert_true(contains(&p, "NB-0001"));
    assert_false(contains(&p, "NEW-7"));
    page_free(&p);
    /* The same edit again with the old version: stale. */
    p = post_form(&m, edit_path, path, body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    snprintf(body, sizeof body, "id=%s", e2);
    p = post_form(&m, "/maint/elevators", "/maint/elevators/submit", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = decide(&bu, e2, "approve", "4", NULL);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&m, "/maint/elevators/archive?q_reg_code=31101201012015010001");
    assert_true(contains(&p, "NEW-7"));
    page_free(&p);
    /* History: two approved versions, the second with its field diff. */
    expect("2", "SELECT count(*) FROM maint_filing_version WHERE filing_id = $1::bigint AND approved_at IS NOT NULL", e2);
    p = browser_get(&m, path);
    assert_true(contains(&p, "首次备案"));
    assert_true(contains(&p, "内部编号由“NB-0001”改为“NEW-7”"));
    assert_true(contains(&p, "使用单位") || contains(&p, "责任单位由"));
    page_free(&p);

    /* Delete: refused once the device has inspection records, allowed otherwise. */
    free(sql_q("WITH a AS (INSERT INTO inspection_application (serial_no, org_id, applicant_id, kind, district)"
               " SELECT 'MT' || $1, o.id, (SELECT id FROM account WHERE login = 'company'), 'periodic', '120101'"
               " FROM org o WHERE o.credit_code = '91120101MA05T8XK1L' RETURNING id)"
               " INSERT INTO application_item (application_id, equipment_id) SELECT a.id, e.id FROM a, equipment e"
               " WHERE e.reg_code = $2 RETURNING id",
               2, run_id(), linked_code));
    snprintf(path, sizeof path, "/maint/elevators/%s/delete", e1);
    p = post_form(&m, path, path, "version=2");
    assert_int_equal(p.status, 409);
    assert_true(contains(&p, "不能删除"));
    page_free(&p);
    expect("1", "SELECT count(*) FROM maint_filing WHERE id = $1::bigint", e1);
    snprintf(path, sizeof path, "/maint/elevators/%s/delete", e3);
    p = post_form(&m, path, path, "version=2");
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect("0", "SELECT count(*) FROM maint_filing WHERE id = $1::bigint", e3);
    expect("1", "SELECT count(*) FROM workflow_event WHERE kind = 'maint_filing' AND entity_id = $1::bigint"
                " AND event = 'delete'", e3);

    /* Another maintenance company finds nothing of ours; a use unit has no access. */
    login_as(&other, "maint2");
    snprintf(path, sizeof path, "/maint/elevators/%s", e1);
    assert_int_equal(status_of(&other, path), 404);
    snprintf(edit_path, sizeof edit_path, "%s/edit", path);
    assert_int_equal(status_of(&other, edit_path), 404);
    p = post_form(&other, "/maint/elevators", path, "version=2&name=x");
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(body, sizeof body, "id=%s", e1);
    p = post_form(&other, "/maint/elevators", "/maint/elevators/submit", body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    p = browser_get(&other, "/maint/elevators/archive");
    assert_false(contains(&p, linked_code));
    page_free(&p);
    login_as(&use, "company");
    assert_int_equal(status_of(&use, "/maint/persons"), 403);

    free(pid), free(e1), free(e2), free(e3), free(e4);
    browser_free(&m);
    browser_free(&bu);
    browser_free(&other);
    browser_free(&use);
}

/* The 6-digit code in the newest SMS to mobile. */
static void sms_code(const char *mobile, char code[7])
{
    char *body = sql_q("SELECT body FROM outbox WHERE recipient = $1 AND channel = 'sms' ORDER BY id DESC LIMIT 1", 1,
                       mobile);
    const char *p = body;
    assert_non_null(body);
    while (*p && !(p[0] >= '0' && p[0] <= '9' && strspn(p, "0123456789") == 6))
        p++;
    assert_true(*p);
    snprintf(code, 7, "%.6s", p);
    free(body);
}

/* The seed's registration: the wizard's maintenance variant, reviewed by the bureau of
 * the chosen district; then the company signs in and finds its registration details in
 * its company filing. */
static void test_registration(void **state)
{
    struct browser b, bu;
    struct page p;
    char body[512], agreed[32], code[7], mobile[24], name[80], rlogin[40];
    const char *m;

    browser_init(&b);
    p = browser_get(&b, "/register");
    m = strstr(p.body, "name=\"shown_at\" value=\"");
    assert_non_null(m);
    snprintf(body, sizeof body, "shown_at=%ld&agree=1", atol(m + 23) - 11);
    page_free(&p);
    p = browser_post(&b, "/register/type", body, 0);
    assert_true(contains(&p, "电梯维保单位"));
    m = strstr(p.body, "name=\"agreed\" value=\"");
    assert_non_null(m);
    snprintf(agreed, sizeof agreed, "%.*s", (int)strcspn(m + 21, "\""), m + 21);
    page_free(&p);
    snprintf(body, sizeof body, "/register/form?type=maint&agreed=%s", agreed);
    p = browser_get(&b, body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "天津市天津市市辖区和平区") || contains(&p, "和平区"));
    page_free(&p);
    snprintf(mobile, sizeof mobile, "139%08ld", (long)(time(NULL) % 100000000));
    snprintf(body, sizeof body, "mobile=%s&type=maint&agreed=%s", mobile, agreed);
    p = browser_post(&b, "/register/sms", body, 0);
    page_free(&p);
    sms_code(mobile, code);
    snprintf(name, sizeof name, "凯旋电梯维保有限公司%s", run_id());
    /* Letters only: digits in the login are refused, the form keeps what was typed. */
    const char *bad[] = {"type", "maint", "agreed", agreed, "org_name", name, "cert_no", "TS3344A12-2011",
                         "legal_rep", "张东力", "address", "天津市和平区雪峰路26号", "district", "120101",
                         "name", "姚俊杰", "mobile", mobile, "sms_code", code, "login", "kxwb2",
                         "password", "Maint#2026x", "password2", "Maint#2026x", NULL};
    p = browser_post_multipart(&b, "/register", bad, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "用户名应为英文字母"));
    assert_true(contains(&p, "TS3344A12-2011"));
    page_free(&p);
    /* A login of letters only, unique per run (the run id's digits as letters). */
    size_t o = (size_t)snprintf(rlogin, sizeof rlogin, "kxwb");
    for (const char *c = run_id(); *c && o + 1 < sizeof rlogin; c++)
        rlogin[o++] = (char)(*c >= '0' && *c <= '9' ? 'a' + (*c - '0') : *c);
    rlogin[o] = '\0';
    const char *good[] = {"type", "maint", "agreed", agreed, "org_name", name, "cert_no", "TS3344A12-2011",
                          "legal_rep", "张东力", "address", "天津市和平区雪峰路26号", "district", "120101",
                          "name", "姚俊杰", "mobile", mobile, "sms_code", code, "login", rlogin,
                          "password", "Maint#2026x", "password2", "Maint#2026x", NULL};
    p = browser_post_multipart(&b, "/register", good, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0);
    if (p.status != 303)
        fail_msg("register: %ld %.400s", p.status, p.body);
    page_free(&p);
    char *oid = sql_q("SELECT id FROM org WHERE name = $1 AND state = 'pending' AND 'maintenance' = ANY (unit_types)"
                      " AND district = '120101'", 1, name);
    assert_non_null(oid);
    expect("TS3344A12-2011", "SELECT v.data->>'cert_no' FROM maint_filing f JOIN maint_filing_version v"
                             " ON v.id = f.pending_version_id WHERE f.org_id = $1::bigint AND f.kind = 'company'", oid);
    p = browser_login(&b, rlogin, "Maint#2026x");
    assert_int_not_equal(p.status, 303); /* pending: cannot sign in yet */
    page_free(&p);

    /* The bureau of 和平区 approves; a second decision is stale. */
    login_as(&bu, "bureau");
    p = browser_get(&bu, "/bureau/maint/registrations");
    assert_true(contains(&p, name));
    page_free(&p);
    snprintf(body, sizeof body, "/bureau/maint/registrations/%s/decide", oid);
    p = browser_post(&bu, body, "action=approve&version=0", 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_post(&bu, body, "action=approve&version=0", 0);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect("active", "SELECT state FROM org WHERE id = $1::bigint", oid);
    expect("bureau_approve", "SELECT event FROM workflow_event WHERE kind = 'registration' AND entity_id = $1::bigint"
                             " ORDER BY id DESC LIMIT 1", oid);

    browser_free(&b);
    browser_init(&b);
    p = browser_login(&b, rlogin, "Maint#2026x");
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&b, "/maint/company");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "TS3344A12-2011") && contains(&p, "待上报"));
    page_free(&p);
    /* The draft from the registration lacks the certificate dates and level: not yet. */
    char *fid = sql_q("SELECT id FROM maint_filing WHERE org_id = $1::bigint AND kind = 'company'", 1, oid);
    snprintf(body, sizeof body, "id=%s", fid);
    p = post_form(&b, "/maint/company", "/maint/company/submit", body);
    assert_int_equal(p.status, 409);
    assert_true(contains(&p, "未填写完整"));
    page_free(&p);
    expect("pending_submit", "SELECT state FROM maint_filing WHERE id = $1::bigint", fid);
    free(fid);
    free(oid);
    browser_free(&b);
    browser_free(&bu);
}

/* The company's own information: prefilled from the registration, attachments (several
 * files at once, type sniffed), once only, audited by the bureau, which then sees its
 * level and certificate validity and finds it among certificates expiring in 90 days. */
static void test_company_filing(void **state)
{
    static const unsigned char png[] = {
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00,
        0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x02, 0x01,
        0xE2, 0xA5, 0xF2, 0xA9, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
    struct browser m, bu;
    struct page p;
    char expiry[16], path[96], name[80];

    login_as(&m, login);
    p = browser_get(&m, "/maint/company/new");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "测试负责人")); /* prefilled from the registration */
    page_free(&p);
    char *e = sql_value("SELECT to_char(current_date + 30, 'YYYY-MM-DD')", NULL);
    snprintf(expiry, sizeof expiry, "%s", e);
    free(e);
    snprintf(name, sizeof name, "测试维保公司%s", run_id());
    const char *fields[] = {"name", name, "cert_no", "TS3344A12-2011", "legal_rep", "张东力", "contact", "测试负责人",
                            "mobile", "13912345678", "address", "天津市和平区测试路 1 号", "cert_issue", "2020-05-06",
                            "cert_expiry", expiry, "level", "A级", "office_address", "天津市和平区测试路 1 号 2 层", NULL};
    /* A text file is not an image or a PDF. */
    p = browser_post_multipart(&m, "/maint/company", fields, "files", "说明.txt", "just text\n", 10, NULL, NULL,
                               NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "TS3344A12-2011")); /* what was typed stays */
    page_free(&p);
    expect("0", "SELECT count(*) FROM maint_filing WHERE org_id = $1::bigint AND kind = 'company'", org_id);
    p = browser_post_multipart(&m, "/maint/company", fields, "files", "营业执照.pdf", TINY_PDF, sizeof TINY_PDF - 1,
                               "files", "资格证书.png", png, sizeof png);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *cid = sql_q("SELECT id FROM maint_filing WHERE org_id = $1::bigint AND kind = 'company'", 1, org_id);
    expect("2", "SELECT count(*) FROM maint_filing_document WHERE filing_id = $1::bigint", cid);
    /* Once only: 添加 again leads to its edit form. */
    p = browser_get(&m, "/maint/company/new");
    assert_int_equal(p.status, 303);
    assert_non_null(strstr(p.location, "/edit"));
    page_free(&p);
    snprintf(path, sizeof path, "/maint/company/%s", cid);
    p = browser_get(&m, path);
    assert_true(contains(&p, "营业执照.pdf") && contains(&p, "资格证书.png"));
    page_free(&p);
    char body[64];
    snprintf(body, sizeof body, "id=%s", cid);
    p = post_form(&m, "/maint/company", "/maint/company/submit", body);
    assert_int_equal(p.status, 303);
    page_free(&p);

    login_as(&bu, "bureau");
    p = browser_get(&bu, "/bureau/maint?kind=company");
    assert_true(contains(&p, name));
    page_free(&p);
    snprintf(path, sizeof path, "/bureau/maint/%s", cid);
    p = browser_get(&bu, path);
    assert_true(contains(&p, "资格证书.png"));
    page_free(&p);
    char *doc = sql_q("SELECT id FROM maint_filing_document WHERE filing_id = $1::bigint ORDER BY id LIMIT 1", 1, cid);
    snprintf(path, sizeof path, "/bureau/maint/%s/documents/%s", cid, doc);
    p = browser_get(&bu, path);
    assert_int_equal(p.status, 200);
    assert_true(memcmp(p.body, "%PDF", 4) == 0);
    page_free(&p);
    p = decide(&bu, cid, "approve", "1", NULL);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&bu, "/bureau/maint/company/archive");
    assert_true(contains(&p, name) && contains(&p, "A级") && contains(&p, "90 天内到期"));
    page_free(&p);
    p = browser_get(&bu, "/bureau/maint/company/archive?expiring=1");
    assert_true(contains(&p, name));
    page_free(&p);
    p = browser_get(&m, "/maint/company/archive");
    assert_true(contains(&p, name) && contains(&p, "TS3344A12-2011"));
    page_free(&p);
    free(cid);
    free(doc);
    browser_free(&m);
    browser_free(&bu);
}

/* Values reach the HTML escaped. */
static void test_escaped(void **state)
{
    struct browser m;
    struct page p;

    login_as(&m, login);
    p = post_form(&m, "/maint/persons/new", "/maint/persons",
                  "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&job=x&id_no=&cert_no=&cert_issue=&cert_expiry=&mobile=");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_false(contains(&p, "<script>alert(1)"));
    page_free(&p);
    browser_free(&m);
}

int main(void)
{
    int rc = testkit_start();
    if (rc)
        return rc;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registration),
        cmocka_unit_test(test_filing_flow),
        cmocka_unit_test(test_company_filing),
        cmocka_unit_test(test_escaped),
    };
    rc = cmocka_run_group_tests_name("maintenance", tests, setup, NULL);
    testkit_stop();
    return rc;
}
