/* documents_test.c — the documents of a completed inspection over nginx: completing an
 * application issues a signed report, a notice and a label per device in the same
 * transaction; downloads are gated (certified unpaid: 403 with the reason → the cashier
 * records the payment → 200 application/pdf; non-certified: only the pickup voucher;
 * sub-account: only its devices; another unit: 404); the report passes poppler's pdfsig
 * (valid, trusted with the demo CA in an NSS db) and POST /verify, a tampered copy fails
 * both; the label's QR decodes (pdftoppm -r 300 | zbarimg) to the verification URL;
 * re-issue supersedes, revoke needs a reason and shows on the verification page; stale
 * decisions 409. Each run makes its own units, devices and accounts; the application is
 * put in process by SQL (the apply flow is inspection_test's) and completed over HTTP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testkit.h"

/* Two non-conforming items, urlencoded: "制动器失灵\n<b>轿门</b>开关异常". */
#define PROBLEMS "%E5%88%B6%E5%8A%A8%E5%99%A8%E5%A4%B1%E7%81%B5%0A%3Cb%3E%E8%BD%BF%E9%97%A8%3C%2Fb%3E%E5%BC%80%E5%85%B3%E5%BC%82%E5%B8%B8"

static char run[24], main_login[40], sub_login[40], other_login[40], basic_login[40], tmp[64];
static char unit_id[24], dev[4][24], basic_id[24];



/* A unit with a main account (login) in 和平区; returns nothing, fills org. */
static void make_unit(const char *login, const char *name, char org[24])
{
    char *id = sql_q("WITH o AS (INSERT INTO org (kind, name, unit_types, certified, state, district)"
                     " VALUES ('enterprise', $1, '{use}', true, 'active', '120101') RETURNING id),"
                     " a AS (INSERT INTO account (org_id, login, password_hash, name, roles)"
                     " SELECT o.id, $2, a.password_hash, '文书测试主账号', '{ent_main}' FROM o, account a"
                     " WHERE a.login = 'visitor') SELECT id FROM o",
                     2, name, login);
    assert_non_null(id);
    snprintf(org, 24, "%s", id);
    free(id);
}

/* An application in process for devices (a, b) of unit org (NULL: the non-certified
 * account's), applicant login; returns its id (malloc'd). */
static char *in_process(const char *org, const char *applicant, const char *a, const char *b)
{
    char serial[40];
    static int n;
    snprintf(serial, sizeof serial, "WS%s-%d", run, n++);
    char *id = sql_q("INSERT INTO inspection_application (serial_no, org_id, applicant_id, kind, state, district, contact, phone,"
                     " address, submitted_at, decided_at, inspector_ids)"
                     " SELECT $1, $2::bigint, ac.id, 'periodic', 'in_process', '120101', '王经理', '022-23456789',"
                     " '天津市和平区测试路1号', now(), now(), ARRAY(SELECT id FROM account WHERE login = 'inspector')"
                     " FROM account ac WHERE ac.login = $3 RETURNING id",
                     3, serial, org, applicant);
    assert_non_null(id);
    free(sql_q("INSERT INTO application_item (application_id, equipment_id) SELECT $1::bigint, x"
               " FROM unnest(ARRAY[$2, $3]::bigint[]) x WHERE x IS NOT NULL RETURNING 1",
               3, id, a, b));
    return id;
}

/* Completes application id as the inspector: first device unqualified (with conclusion
 * fields for every item), the rest qualified. Returns the HTTP status. */
static long complete(const char *id, const char *first)
{
    struct browser b;
    char body[2048], from[64], path[80];
    char *ids = sql_q("SELECT string_agg(id::text, ',' ORDER BY id) FROM application_item WHERE application_id = $1::bigint", 1, id);
    char *today = sql_q("SELECT current_date::text", 0), *next = sql_q("SELECT (current_date + 365)::text", 0);
    char *ver = sql_q("SELECT version FROM inspection_application WHERE id = $1::bigint", 1, id);
    size_t o = (size_t)snprintf(body, sizeof body, "version=%s", ver);
    int k = 0;
    for (char *s = NULL, *t = strtok_r(ids, ",", &s); t; t = strtok_r(NULL, ",", &s), k++)
        o += (size_t)snprintf(body + o, sizeof body - o,
                              "&item=%s&conclusion_%s=%s&inspection_date_%s=%s&next_date_%s=%s&fee_%s=600&report_no_%s="
                              "&problems_%s=%s&deadline_%s=", t, t,
                              k == 0 ? first : "qualified", t, today, t, k == 0 && !strcmp(first, "unqualified") ? "" : next, t, t,
                              t, k == 0 ? PROBLEMS : "", t);
    login_as(&b, "inspector");
    snprintf(from, sizeof from, "/agency/inspections/%s", id);
    snprintf(path, sizeof path, "/agency/inspections/%s/complete", id);
    struct page p = post_from(&b, from, path, body);
    long status = p.status;
    if (status != 303)
        fprintf(stderr, "complete %s: %ld %.1500s\n", id, status, p.body ? p.body : "");
    page_free(&p);
    browser_free(&b);
    free(ids), free(today), free(next), free(ver);
    return status;
}

/* The issued document of kind for device d, as an id (malloc'd) or NULL. */
static char *doc_of(const char *d, const char *kind)
{
    return sql_q("SELECT doc.id FROM document doc JOIN inspection_report r ON r.id = doc.report_id"
                 " WHERE r.equipment_id = $1::bigint AND doc.kind = $2 AND doc.state = 'issued'",
                 2, d, kind);
}

static long get_doc(struct browser *b, const char *doc, struct page *out)
{
    char path[64];
    snprintf(path, sizeof path, "/documents/%s", doc);
    *out = browser_get(b, path);
    return out->status;
}

static void save(const struct page *p, const char *file)
{
    FILE *f = fopen(file, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p->body, 1, p->len, f), p->len);
    fclose(f);
}

/* Runs a shell command, returns its whole output (malloc'd). */
static char *sh(const char *cmd)
{
    FILE *f = popen(cmd, "r");
    char *out = calloc(1, 65536);
    size_t n = 0;
    assert_non_null(f);
    n = fread(out, 1, 65535, f);
    out[n] = '\0';
    pclose(f);
    return out;
}

/* POST /verify with file; returns the page. */
static struct page verify_upload(struct browser *b, const char *file)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = fopen(file, "rb");
    assert_non_null(f);
    data = malloc(1 << 22);
    len = fread(data, 1, 1 << 22, f);
    fclose(f);
    struct page p = browser_post_multipart(b, "/verify", (const char *[]){NULL}, "file", "报告.pdf", data, len, NULL, NULL,
                                           NULL, 0);
    free(data);
    return p;
}

static char *device(const char *org, int i)
{
    char name[64], code[40];
    snprintf(name, sizeof name, "文书测试%d号电梯", i);
    snprintf(code, sizeof code, "W%s%d", run, i);
    return sql_q("INSERT INTO equipment (category, name, equipment_code, use_org_id, district, address, state, model, maker,"
                 " factory_no, next_inspection_date, last_conclusion)"
                 " VALUES ('3110', $1, $2, $3::bigint, '120101', '天津市和平区测试路8号', 'in_use', 'TJ-1000', '测试电梯厂', $2,"
                 " current_date + 10, 'qualified') RETURNING id",
                 3, name, code, org);
}

static int setup(void **state)
{
    char name[80], other[24];
    (void)state;
    snprintf(run, sizeof run, "%s", run_id());
    snprintf(main_login, sizeof main_login, "docm%s", run);
    snprintf(sub_login, sizeof sub_login, "docs%s", run);
    snprintf(other_login, sizeof other_login, "doco%s", run);
    snprintf(basic_login, sizeof basic_login, "docb%s", run);
    snprintf(tmp, sizeof tmp, "/tmp/tejian-docs-%s", run);
    assert_int_equal(mkdir(tmp, 0700), 0);
    snprintf(name, sizeof name, "文书测试使用单位%s", run);
    make_unit(main_login, name, unit_id);
    snprintf(name, sizeof name, "文书测试另一单位%s", run);
    make_unit(other_login, name, other);
    for (int i = 0; i < 4; i++) {
        char *id = device(unit_id, i);
        assert_non_null(id);
        snprintf(dev[i], sizeof dev[i], "%s", id);
        free(id);
    }
    /* A sub-account with device 1 only; a non-certified account that applied for device 2. */
    char *sub = sql_q("INSERT INTO account (org_id, parent_id, login, password_hash, name, roles, task_types)"
                      " SELECT $1::bigint, m.id, $2, m.password_hash, '文书子账号', '{ent_sub}', '{periodic}'"
                      " FROM account m WHERE m.login = $3 RETURNING id",
                      3, unit_id, sub_login, main_login);
    assert_non_null(sub);
    free(sql_q("INSERT INTO account_equipment (account_id, equipment_id) VALUES ($1::bigint, $2::bigint) RETURNING 1", 2, sub,
               dev[1]));
    free(sub);
    char *basic = sql_q("INSERT INTO account (login, password_hash, name, roles) SELECT $1, password_hash, '文书非认证',"
                        " '{ent_basic}' FROM account WHERE login = 'visitor' RETURNING id",
                        1, basic_login);
    assert_non_null(basic);
    snprintf(basic_id, sizeof basic_id, "%s", basic);
    free(basic);
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* Completion issues documents; gating; payment; pdfsig; verification; QR. */
static void test_issue_gate_pay_verify(void **state)
{
    struct browser m, sub, other, basic, cashier, anon;
    struct page p;
    char path[600], file[128], cmd[1024], *app, *rep0, *rep1, *note0, *label0, *fee0;
    (void)state;

    app = in_process(unit_id, main_login, dev[0], dev[1]);
    assert_int_equal(complete(app, "unqualified"), 303);
    /* Report, notice and label per device, issued, signed ones with their history. */
    expect_sql("6", "SELECT count(*) FROM document d JOIN inspection_report r ON r.id = d.report_id JOIN application_item i"
                " ON i.id = r.item_id WHERE i.application_id = $1::bigint AND d.state = 'issued' AND d.version = 1", app);
    expect_sql("label,notice,report", "SELECT string_agg(DISTINCT d.kind, ',' ORDER BY d.kind) FROM document d"
                                  " JOIN inspection_report r ON r.id = d.report_id WHERE r.equipment_id = $1::bigint", dev[0]);
    expect_sql("6", "SELECT count(*) FROM workflow_event w JOIN document d ON d.id = w.entity_id AND w.kind = 'document'"
                " JOIN inspection_report r ON r.id = d.report_id JOIN application_item i ON i.id = r.item_id"
                " WHERE i.application_id = $1::bigint AND w.event = 'issue'", app);
    expect_sql("unqualified", "SELECT n.kind FROM inspection_notice n JOIN inspection_report r ON r.id = n.report_id"
                          " WHERE r.equipment_id = $1::bigint", dev[0]);
    rep0 = doc_of(dev[0], "report");
    rep1 = doc_of(dev[1], "report");
    note0 = doc_of(dev[0], "notice");
    label0 = doc_of(dev[0], "label");
    assert_non_null(rep0), assert_non_null(rep1), assert_non_null(note0), assert_non_null(label0);

    /* Certified and unpaid: 403 with the reason and what to do; the notice is not held back. */
    login_as(&m, main_login);
    assert_int_equal(get_doc(&m, rep0, &p), 403);
    assert_true(contains(&p, "尚未缴纳"));
    assert_true(contains(&p, "/reports?paid=no"));
    page_free(&p);
    assert_int_equal(get_doc(&m, label0, &p), 403);
    page_free(&p);
    assert_int_equal(get_doc(&m, note0, &p), 200);
    assert_non_null(strcasestr(p.headers, "Content-Type: application/pdf"));
    page_free(&p);
    p = browser_get(&m, "/reports");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文书测试0号电梯"));
    assert_true(contains(&p, "缴费后可下载"));
    page_free(&p);

    /* The cashier finds the fee order and records the payment. */
    fee0 = sql_q("SELECT f.id || '/' || f.number || '/' || f.version FROM fee_order f JOIN inspection_report r ON r.item_id = f.item_id"
                 " WHERE r.equipment_id = $1::bigint", 1, dev[0]);
    assert_non_null(fee0);
    char *fee_no = strchr(fee0, '/') + 1, *fee_ver = strchr(fee_no, '/') + 1;
    fee_no[-1] = '\0', fee_ver[-1] = '\0';
    login_as(&cashier, "cashier");
    snprintf(path, sizeof path, "/agency/payments?q=%s", fee_no);
    p = browser_get(&cashier, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, fee_no));
    page_free(&p);
    snprintf(path, sizeof path, "/agency/payments/%s", fee0);
    snprintf(cmd, sizeof cmd, "version=%s&amount=500&method=cash&receipt_no=R%s", fee_ver, run);
    p = post_from(&cashier, "/agency/payments", path, cmd); /* wrong amount: refused, typed values kept */
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不一致"));
    assert_true(contains(&p, "value=\"500\""));
    page_free(&p);
    expect_sql("unpaid", "SELECT state FROM fee_order WHERE id = $1::bigint", fee0);
    snprintf(cmd, sizeof cmd, "version=%s&amount=600.00&method=pos&receipt_no=R%s", fee_ver, run);
    p = post_from(&cashier, "/agency/payments", path, cmd);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("paid", "SELECT state FROM fee_order WHERE id = $1::bigint", fee0);
    expect_sql("60000/pos", "SELECT amount_fen || '/' || method FROM payment WHERE fee_order_id = $1::bigint", fee0);
    expect_sql("1", "SELECT count(*) FROM workflow_event WHERE kind = 'fee_order' AND entity_id = $1::bigint AND event = 'pay'"
                " AND from_state = 'unpaid' AND to_state = 'paid'", fee0);
    expect_sql("1", "SELECT count(*) FROM audit_log WHERE action = 'fee_order.pay' AND entity_id = $1", fee0);
    /* The same form again (stale version): 409, nothing changes. */
    snprintf(cmd, sizeof cmd, "version=%s&amount=600&method=cash&receipt_no=S%s", fee_ver, run);
    p = post_from(&cashier, "/agency/payments", path, cmd);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect_sql("1", "SELECT count(*) FROM payment WHERE fee_order_id = $1::bigint", fee0);

    /* Paid: the signed report and the label download. */
    assert_int_equal(get_doc(&m, rep0, &p), 200);
    assert_non_null(strcasestr(p.headers, "Content-Type: application/pdf"));
    assert_true(p.len > 1000 && memcmp(p.body, "%PDF-", 5) == 0);
    snprintf(file, sizeof file, "%s/report.pdf", tmp);
    save(&p, file);
    page_free(&p);

    /* pdfsig with the demo CA in an NSS database: valid and trusted. */
    const char *var = getenv("TEJIAN_VAR");
    assert_non_null(var);
    snprintf(cmd, sizeof cmd,
             "mkdir -p %s/nss && certutil -N -d sql:%s/nss --empty-password 2>&1 &&"
             " certutil -A -d sql:%s/nss -n tejian-demo-ca -t CT,C,C -i %s/keys/ca.pem 2>&1 && pdfsig -nssdir sql:%s/nss %s 2>&1",
             tmp, tmp, tmp, var, tmp, file);
    char *out = sh(cmd);
    if (!strstr(out, "Signature is Valid") || !strstr(out, "Certificate is Trusted") || !strstr(out, "Total document signed"))
        fail_msg("pdfsig: %s", out);
    free(out);

    /* POST /verify: valid; one byte changed: digest mismatch for pdfsig and for us. */
    browser_init(&anon);
    p = verify_upload(&anon, file);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文书有效"));
    page_free(&p);
    snprintf(cmd, sizeof cmd,
             "cd %s && python3 -c \"d=bytearray(open('report.pdf','rb').read()); i=d.index(b'/Title'); d[i+8]^=1;"
             " open('tampered.pdf','wb').write(d)\" && pdfsig -nssdir sql:%s/nss tampered.pdf 2>&1",
             tmp, tmp);
    out = sh(cmd);
    if (strstr(out, "Signature is Valid"))
        fail_msg("pdfsig accepted a tampered file: %s", out);
    free(out);
    snprintf(file, sizeof file, "%s/tampered.pdf", tmp);
    p = verify_upload(&anon, file);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文书无效"));
    assert_true(contains(&p, "签章后被修改"));
    page_free(&p);
    /* Not a PDF at all: a clear message on the form. */
    p = browser_post_multipart(&anon, "/verify", (const char *[]){NULL}, "file", "x.pdf", "hello", 5, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不是 PDF 文件"));
    page_free(&p);

    /* The label's QR code decodes to the verification URL of the label, which is valid. */
    assert_int_equal(get_doc(&m, label0, &p), 200);
    snprintf(file, sizeof file, "%s/label.pdf", tmp);
    save(&p, file);
    page_free(&p);
    snprintf(cmd, sizeof cmd, "cd %s && pdftoppm -png -r 300 label.pdf label && zbarimg -q --raw label-1.png 2>/dev/null", tmp);
    out = sh(cmd);
    char *token = sql_q("SELECT token FROM document WHERE id = $1::bigint", 1, label0);
    char want[256];
    snprintf(want, sizeof want, "%s/verify/%s\n", getenv("TEJIAN_URL"), token);
    assert_string_equal(out, want);
    free(out);
    snprintf(path, sizeof path, "/verify/%s", token);
    p = browser_get(&anon, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文书有效"));
    page_free(&p);
    free(token);
    /* The home page's look-up by report number: the record and its state. */
    char *rno = sql_q("SELECT r.number FROM document d JOIN inspection_report r ON r.id = d.report_id WHERE d.id = $1::bigint",
                      1, rep0);
    snprintf(path, sizeof path, "/verify?no=%s", rno);
    p = browser_get(&anon, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "报告有效"));
    page_free(&p);
    free(rno);
    p = browser_get(&anon, "/verify?no=%3Cb%3ENO-SUCH");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "没有找到该报告编号"));
    assert_true(contains(&p, "value=\"&lt;b&gt;NO-SUCH\""));
    page_free(&p);
    p = browser_get(&anon, "/verify/00000000000000000000000000000000");
    assert_int_equal(p.status, 404);
    page_free(&p);

    /* Sub-account: its device only (device 1, unpaid: 403; device 0: 404). Other unit: 404. */
    login_as(&sub, sub_login);
    assert_int_equal(get_doc(&sub, rep0, &p), 404);
    page_free(&p);
    assert_int_equal(get_doc(&sub, rep1, &p), 403);
    page_free(&p);
    p = browser_get(&sub, "/reports");
    assert_true(contains(&p, "文书测试1号电梯"));
    assert_false(contains(&p, "文书测试0号电梯"));
    page_free(&p);
    login_as(&other, other_login);
    assert_int_equal(get_doc(&other, rep0, &p), 404);
    page_free(&p);
    assert_int_equal(get_doc(&other, note0, &p), 404);
    page_free(&p);
    p = browser_get(&other, "/reports");
    assert_false(contains(&p, "文书测试0号电梯"));
    page_free(&p);
    /* Another unit cannot put our report on its voucher. */
    char *rid0 = sql_q("SELECT report_id FROM document WHERE id = $1::bigint", 1, rep0);
    snprintf(cmd, sizeof cmd, "report=%s", rid0);
    free(rid0);
    p = post_from(&other, "/reports", "/reports/voucher", cmd);
    assert_int_equal(p.status, 404);
    page_free(&p);

    /* Non-certified: its own report is paper only; the pickup voucher downloads. */
    char *bapp = in_process(NULL, basic_login, dev[2], NULL);
    assert_int_equal(complete(bapp, "qualified"), 303);
    char *brep = doc_of(dev[2], "report");
    login_as(&basic, basic_login);
    assert_int_equal(get_doc(&basic, brep, &p), 403);
    assert_true(contains(&p, "报告领取凭证"));
    page_free(&p);
    assert_int_equal(get_doc(&basic, rep0, &p), 404);
    page_free(&p);
    char *brid = sql_q("SELECT report_id FROM document WHERE id = $1::bigint", 1, brep);
    snprintf(cmd, sizeof cmd, "report=%s", brid);
    p = post_from(&basic, "/reports", "/reports/voucher", cmd);
    assert_int_equal(p.status, 303);
    assert_true(strncmp(p.location, "/documents/", 11) == 0);
    snprintf(path, sizeof path, "%s", p.location);
    page_free(&p);
    p = browser_get(&basic, path);
    assert_int_equal(p.status, 200);
    assert_true(memcmp(p.body, "%PDF-", 5) == 0);
    snprintf(file, sizeof file, "%s/voucher.pdf", tmp);
    save(&p, file);
    page_free(&p);
    snprintf(cmd, sizeof cmd, "pdftotext %s - 2>&1", file);
    out = sh(cmd);
    char *bno = sql_q("SELECT r.number FROM inspection_report r WHERE r.id = $1::bigint", 1, brid);
    assert_non_null(strstr(out, "检验报告领取凭证"));
    assert_non_null(strstr(out, bno));
    free(out);
    /* Someone else's voucher: 404. */
    assert_int_equal(status_of(&m, path), 404);

    free(bno), free(brid), free(brep), free(bapp);
    free(fee0), free(app), free(rep0), free(rep1), free(note0), free(label0);
    browser_free(&m), browser_free(&sub), browser_free(&other), browser_free(&basic), browser_free(&cashier);
    browser_free(&anon);
}

/* Re-issue supersedes; revoke needs a reason; stale moves 409; the verification page and
 * the owner's download follow. */
static void test_reissue_revoke(void **state)
{
    struct browser ap, m, anon;
    struct page p;
    char path[128], body[512], file[128];
    (void)state;

    char *rep = doc_of(dev[1], "report"); /* device 1's report from the first test */
    assert_non_null(rep);
    char *rv = sql_q("SELECT row_version FROM document WHERE id = $1::bigint", 1, rep);
    char *token = sql_q("SELECT token FROM document WHERE id = $1::bigint", 1, rep);
    login_as(&ap, "approver");
    snprintf(path, sizeof path, "/agency/documents/%s/reissue", rep);
    snprintf(body, sizeof body, "row_version=%s", rv);
    p = post_from(&ap, "/agency/documents", path, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("superseded", "SELECT state FROM document WHERE id = $1::bigint", rep);
    char *rep2 = doc_of(dev[1], "report");
    assert_non_null(rep2);
    expect_sql("2", "SELECT version FROM document WHERE id = $1::bigint", rep2);
    /* The same decision again: 409, nothing changes. */
    p = post_from(&ap, "/agency/documents", path, body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect_sql("2", "SELECT count(*) FROM document d JOIN inspection_report r ON r.id = d.report_id"
                " WHERE r.equipment_id = $1::bigint AND d.kind = 'report'", dev[1]);
    /* The old version's QR now says superseded. */
    browser_init(&anon);
    snprintf(path, sizeof path, "/verify/%s", token);
    p = browser_get(&anon, path);
    assert_true(contains(&p, "文书无效"));
    assert_true(contains(&p, "新版本替代"));
    page_free(&p);

    /* Revoke: a reason is required. */
    free(rv);
    rv = sql_q("SELECT row_version FROM document WHERE id = $1::bigint", 1, rep2);
    snprintf(path, sizeof path, "/agency/documents/%s/revoke", rep2);
    snprintf(body, sizeof body, "row_version=%s&reason=", rv);
    p = post_from(&ap, "/agency/documents", path, body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "撤销须填写原因"));
    page_free(&p);
    expect_sql("issued", "SELECT state FROM document WHERE id = $1::bigint", rep2);
    snprintf(body, sizeof body, "row_version=%s&reason=%%3Cb%%3E%%E6%%95%%B0%%E6%%8D%%AE%%E6%%9C%%89%%E8%%AF%%AF", rv);
    p = post_from(&ap, "/agency/documents", path, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("revoked/<b>数据有误", "SELECT state || '/' || state_reason FROM document WHERE id = $1::bigint", rep2);
    expect_sql("1", "SELECT count(*) FROM audit_log WHERE action = 'document.revoke' AND entity_id = $1", rep2);

    /* The owner pays, then the revoked report is gone (410), and its file no longer verifies. */
    char *fee = sql_q("SELECT f.id FROM fee_order f JOIN inspection_report r ON r.item_id = f.item_id"
                      " WHERE r.equipment_id = $1::bigint", 1, dev[1]);
    free(sql_q("UPDATE fee_order SET state = 'paid' WHERE id = $1::bigint RETURNING 1", 1, fee));
    login_as(&m, main_login);
    assert_int_equal(get_doc(&m, rep2, &p), 410);
    page_free(&p);
    char *sha = sql_q("SELECT blob_sha256 FROM document WHERE id = $1::bigint", 1, rep2);
    snprintf(file, sizeof file, "%s/revoked.pdf", tmp);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "psql \"$TEJIAN_DB\" -Atc \"SELECT encode(data, 'base64') FROM blob WHERE sha256 = '%s'\""
                              " | base64 -d > %s", sha, file);
    assert_int_equal(system(cmd), 0);
    p = verify_upload(&anon, file);
    assert_true(contains(&p, "文书无效"));
    assert_true(contains(&p, "已被出具机构撤销"));
    assert_true(contains(&p, "&lt;b&gt;数据有误")); /* the reason, escaped */
    page_free(&p);
    p = browser_get(&ap, "/agency/documents");
    assert_true(contains(&p, "&lt;b&gt;数据有误"));
    page_free(&p);

    free(sha), free(fee), free(rv), free(token), free(rep), free(rep2);
    browser_free(&ap), browser_free(&m), browser_free(&anon);
}

/* Arrears: the unit applies for an unpaid order, the agency approves, the report
 * downloads; a reject needs a reason; a decided application is not decided again (409);
 * another unit cannot list our order. */
static void test_arrears(void **state)
{
    struct browser m, other, ap;
    struct page p;
    char body[512], path[96];
    (void)state;

    char *app = in_process(unit_id, main_login, dev[3], NULL);
    assert_int_equal(complete(app, "qualified"), 303);
    char *rep = doc_of(dev[3], "report");
    char *fee = sql_q("SELECT f.id FROM fee_order f JOIN inspection_report r ON r.item_id = f.item_id"
                      " WHERE r.equipment_id = $1::bigint", 1, dev[3]);
    char *later = sql_q("SELECT (current_date + 30)::text", 0);
    login_as(&m, main_login);
    assert_int_equal(get_doc(&m, rep, &p), 403);
    assert_true(contains(&p, "/arrears"));
    page_free(&p);
    /* Another unit: the order is not its own. */
    login_as(&other, other_login);
    snprintf(body, sizeof body, "order=%s&reason=x&promised_date=%s", fee, later);
    p = post_from(&other, "/arrears", "/arrears", body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不属于本单位"));
    page_free(&p);
    /* No reason: refused, the ticked order and the date kept. */
    snprintf(body, sizeof body, "order=%s&reason=&promised_date=%s", fee, later);
    p = post_from(&m, "/arrears", "/arrears", body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请填写申请原因"));
    assert_true(contains(&p, later));
    assert_true(contains(&p, "checked"));
    page_free(&p);
    snprintf(body, sizeof body, "order=%s&reason=%%E8%%B5%%84%%E9%%87%%91%%E5%%91%%A8%%E8%%BD%%AC&promised_date=%s", fee, later);
    p = post_from(&m, "/arrears", "/arrears", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *aid = sql_q("SELECT id FROM arrears_application WHERE $1::bigint = ANY (fee_order_ids)", 1, fee);
    assert_non_null(aid);
    expect_sql("submitted", "SELECT state FROM arrears_application WHERE id = $1::bigint", aid);
    /* The same order again: it is covered already. */
    p = post_from(&m, "/arrears", "/arrears", body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "已在申请中"));
    page_free(&p);

    login_as(&ap, "approver");
    snprintf(path, sizeof path, "/agency/arrears/%s/decide", aid);
    p = post_from(&ap, "/agency/arrears", path, "version=0&decision=reject&reason=");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "驳回须填写原因"));
    page_free(&p);
    p = post_from(&ap, "/agency/arrears", path, "version=0&decision=approve");
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("approved", "SELECT state FROM arrears_application WHERE id = $1::bigint", aid);
    expect_sql("submit,approve", "SELECT string_agg(event, ',' ORDER BY id) FROM workflow_event"
                             " WHERE kind = 'arrears_application' AND entity_id = $1::bigint", aid);
    p = post_from(&ap, "/agency/arrears", path, "version=0&decision=reject&reason=late");
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect_sql("approved", "SELECT state FROM arrears_application WHERE id = $1::bigint", aid);
    /* Approved: the report downloads though the order is unpaid. */
    assert_int_equal(get_doc(&m, rep, &p), 200);
    assert_true(memcmp(p.body, "%PDF-", 5) == 0);
    page_free(&p);
    expect_sql("unpaid", "SELECT state FROM fee_order WHERE id = $1::bigint", fee);

    free(aid), free(later), free(fee), free(rep), free(app);
    browser_free(&m), browser_free(&other), browser_free(&ap);
}

/* Rectification of device 0's unqualified notice: items from the completion form,
 * evidence per item, submit, return with a reason, resubmit, accept → requalified;
 * another unit sees nothing; stale decisions 409. */
static void test_rectification(void **state)
{
    struct browser m, other, insp;
    struct page p;
    char path[128], from[64], body[256], file[128], cmd[256];
    (void)state;

    char *notice = sql_q("SELECT n.id FROM inspection_notice n JOIN inspection_report r ON r.id = n.report_id"
                         " WHERE r.equipment_id = $1::bigint", 1, dev[0]);
    assert_non_null(notice);
    expect_sql("1:制动器失灵|2:<b>轿门</b>开关异常", "SELECT string_agg(no || ':' || text, '|' ORDER BY no) FROM notice_item"
                                                 " WHERE notice_id = $1::bigint", notice);
    expect_sql("t", "SELECT deadline = current_date + 30 FROM inspection_notice WHERE id = $1::bigint", notice);
    /* The signed notice lists them. */
    char *ndoc = sql_q("SELECT id FROM document WHERE notice_id = $1::bigint AND state = 'issued'", 1, notice);
    login_as(&m, main_login);
    assert_int_equal(get_doc(&m, ndoc, &p), 200);
    snprintf(file, sizeof file, "%s/notice.pdf", tmp);
    save(&p, file);
    page_free(&p);
    snprintf(cmd, sizeof cmd, "pdftotext %s - | tr -d ' \n'", file);
    char *text = sh(cmd);
    if (!strstr(text, "制动器失灵") || !strstr(text, "<b>轿门</b>开关异常") || !strstr(text, "不合格项目"))
        fail_msg("notice text: %s", text);
    free(text);

    snprintf(from, sizeof from, "/notices/%s", notice);
    p = browser_get(&m, from);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "&lt;b&gt;轿门&lt;/b&gt;开关异常"));
    page_free(&p);
    char *items = sql_q("SELECT string_agg(id::text, ',' ORDER BY no) FROM notice_item WHERE notice_id = $1::bigint", 1, notice);
    char *item2 = strchr(items, ',');
    *item2++ = '\0';
    snprintf(path, sizeof path, "/notices/%s/submit", notice);
    p = post_from(&m, from, path, "version=0");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请先为每一项不合格项上传整改材料"));
    page_free(&p);

    /* Evidence per item (a non-document refused), another unit refused. */
    char upath[96];
    snprintf(upath, sizeof upath, "/notices/%s/files", notice);
    struct page f = browser_get(&m, from);
    page_free(&f);
    p = browser_post_multipart(&m, upath, (const char *[]){"item", items, NULL}, "file", "x.txt", "hello", 5, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "form-error"));
    page_free(&p);
    p = browser_post_multipart(&m, upath, (const char *[]){"item", items, NULL}, "file", "整改照片.pdf", TINY_PDF,
                               sizeof TINY_PDF - 1, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = post_from(&m, from, path, "version=0");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "还有不合格项没有上传整改材料"));
    page_free(&p);
    login_as(&other, other_login);
    assert_int_equal(status_of(&other, from), 404);
    f = browser_get(&other, "/notices");
    page_free(&f);
    p = browser_post_multipart(&other, upath, (const char *[]){"item", item2, NULL}, "file", "x.pdf", TINY_PDF,
                               sizeof TINY_PDF - 1, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 404);
    page_free(&p);
    f = browser_get(&m, from);
    page_free(&f);
    p = browser_post_multipart(&m, upath, (const char *[]){"item", item2, NULL}, "file", "检测报告.pdf", TINY_PDF,
                               sizeof TINY_PDF - 1, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = post_from(&m, from, path, "version=0");
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *rect = sql_q("SELECT id FROM rectification WHERE notice_id = $1::bigint", 1, notice);
    expect_sql("submitted", "SELECT state FROM rectification WHERE id = $1::bigint", rect);
    /* Submitted: no more uploads (409). */
    f = browser_get(&m, from);
    page_free(&f);
    p = browser_post_multipart(&m, upath, (const char *[]){"item", item2, NULL}, "file", "late.pdf", TINY_PDF,
                               sizeof TINY_PDF - 1, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 409);
    page_free(&p);

    /* The agency: queue, detail with the files, return needs a reason, return. */
    login_as(&insp, "inspector");
    p = browser_get(&insp, "/agency/rectifications");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "文书测试0号电梯"));
    page_free(&p);
    char apath[96], dpath[112];
    snprintf(apath, sizeof apath, "/agency/rectifications/%s", rect);
    p = browser_get(&insp, apath);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "整改照片.pdf"));
    page_free(&p);
    char *fid = sql_q("SELECT min(id) FROM rectification_file WHERE rectification_id = $1::bigint", 1, rect);
    snprintf(dpath, sizeof dpath, "%s/files/%s", apath, fid);
    assert_int_equal(status_of(&insp, dpath), 200);
    snprintf(dpath, sizeof dpath, "%s/files/%s", from, fid);
    assert_int_equal(status_of(&m, dpath), 200);
    assert_int_equal(status_of(&other, dpath), 404);
    snprintf(dpath, sizeof dpath, "%s/decide", apath);
    char *ver = sql_q("SELECT version FROM rectification WHERE id = $1::bigint", 1, rect);
    snprintf(body, sizeof body, "version=%s&decision=return&reason=", ver);
    p = post_from(&insp, apath, dpath, body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "退回须填写原因"));
    page_free(&p);
    snprintf(body, sizeof body, "version=%s&decision=return&reason=%%E7%%85%%A7%%E7%%89%%87%%E4%%B8%%8D%%E6%%B8%%85", ver);
    p = post_from(&insp, apath, dpath, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("returned|unqualified", "SELECT x.state || '|' || e.last_conclusion FROM rectification x, equipment e"
                                   " WHERE x.id = $1::bigint AND e.id = " "(SELECT equipment_id FROM inspection_report r"
                                   " JOIN inspection_notice n ON n.report_id = r.id WHERE n.id = x.notice_id)", rect);
    p = post_from(&insp, apath, dpath, body); /* the same decision again */
    assert_int_equal(p.status, 409);
    page_free(&p);

    /* The unit sees the reason and submits again; the agency accepts: requalified. */
    p = browser_get(&m, from);
    assert_true(contains(&p, "照片不清"));
    page_free(&p);
    free(ver);
    ver = sql_q("SELECT version FROM rectification WHERE id = $1::bigint", 1, rect);
    snprintf(body, sizeof body, "version=%s", ver);
    p = post_from(&m, from, path, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    free(ver);
    ver = sql_q("SELECT version FROM rectification WHERE id = $1::bigint", 1, rect);
    snprintf(body, sizeof body, "version=%s&decision=accept", ver);
    p = post_from(&insp, apath, dpath, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("accepted", "SELECT state FROM rectification WHERE id = $1::bigint", rect);
    expect_sql("requalified", "SELECT last_conclusion FROM equipment WHERE id = $1::bigint", dev[0]);
    expect_sql("1", "SELECT count(*) FROM equipment_history WHERE equipment_id = $1::bigint AND note LIKE '整改合格%'", dev[0]);
    expect_sql("open,submit,return,submit,accept", "SELECT string_agg(event, ',' ORDER BY id) FROM workflow_event"
                                               " WHERE kind = 'rectification' AND entity_id = $1::bigint", rect);
    p = post_from(&insp, apath, dpath, body);
    assert_int_equal(p.status, 409);
    page_free(&p);

    free(ver), free(fid), free(rect), free(items), free(ndoc), free(notice);
    browser_free(&m), browser_free(&other), browser_free(&insp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_gate_pay_verify),
        cmocka_unit_test(test_reissue_revoke),
        cmocka_unit_test(test_arrears),
        cmocka_unit_test(test_rectification),
    };
    int rc = testkit_start();
    if (rc)
        return rc;
    rc = cmocka_run_group_tests(tests, setup, teardown);
    testkit_stop();
    return rc;
}
