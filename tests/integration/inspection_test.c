/* inspection_test.c — inspection applications end to end over nginx: for each kind the
 * whole life (draft, autosave, refused submit with field errors, submit with the
 * commitment letter and the site-safety confirmation, withdraw, resubmit, return with
 * structured reasons, edit, resubmit, accept, complete) with the devices' dates, the
 * report / notice / fee-order rows and the SMS; illegal and stale moves refused with
 * nothing changed; two agency users accepting at the same moment (exactly one wins);
 * sub-account limits; another unit, another city's agency and a non-certified account
 * see nothing of it. Each run makes its own units, devices and accounts. */
#include <pthread.h>
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

#include "testkit.h"

#define NDEV 8

static char run[24], unit_login[40], sub_login[40], other_login[40], far_agency_login[40], mobile[12];
static char unit_id[24], other_dev[24], dev[NDEV][24]; /* dev 7 is in Ningbo */



/* Creates a draft of kind for the devices (equipment=..&...), returns its id (malloc'd)
 * or NULL with *status set when refused. */
static char *create(struct browser *b, const char *kind, const char *devices, long *status)
{
    char body[512];
    snprintf(body, sizeof body, "kind=%s&%s", kind, devices);
    struct page p = post_from(b, "/inspection", "/inspection", body);
    char *id = NULL;
    if (status)
        *status = p.status;
    if (p.status == 303 && strncmp(p.location, "/inspection/", 12) == 0)
        id = strndup(p.location + 12, strcspn(p.location + 12, "/"));
    page_free(&p);
    return id;
}

/* Saves or submits the form of application id: fields as name, value pairs (NULL-ended),
 * with the TINY_PDF as commitment letter when with_pdf. */
static struct page save(struct browser *b, const char *id, const char *const *fields, int with_pdf)
{
    char path[80];
    snprintf(path, sizeof path, "/inspection/%s/edit", id);
    struct page f = browser_get(b, path);
    page_free(&f);
    snprintf(path, sizeof path, "/inspection/%s", id);
    return browser_post_multipart(b, path, fields, with_pdf ? "commitment" : NULL, "承诺书.pdf", TINY_PDF, sizeof TINY_PDF - 1,
                                  NULL, NULL, NULL, 0);
}

/* The items of id as "maint_unit_<item>=..&maintainer_<item>=..&item=<item>" fields. */
static void item_fields(const char *id, const char **fields, char store[][64], int *n)
{
    char *ids = sql_q("SELECT string_agg(id::text, ',' ORDER BY id) FROM application_item WHERE application_id = $1::bigint", 1, id);
    assert_non_null(ids);
    int k = 0;
    for (char *save_p = NULL, *t = strtok_r(ids, ",", &save_p); t; t = strtok_r(NULL, ",", &save_p)) {
        snprintf(store[k], 64, "%s", t);
        fields[(*n)++] = "item", fields[(*n)++] = store[k++];
        snprintf(store[k], 64, "maint_unit_%s", t);
        fields[(*n)++] = store[k++], fields[(*n)++] = "天津奥的斯电梯维保有限公司";
        snprintf(store[k], 64, "maintainer_%s", t);
        fields[(*n)++] = store[k++], fields[(*n)++] = "李师傅";
    }
    free(ids);
}

/* Submits id with everything a submit needs; asserts the redirect. */
static void submit_ok(struct browser *b, const char *id, int with_pdf)
{
    const char *fields[64];
    char store[48][64];
    int n = 0;
    fields[n++] = "contact", fields[n++] = "张经理";
    fields[n++] = "phone", fields[n++] = "022-23456789";
    fields[n++] = "address", fields[n++] = "天津市和平区南京路1号";
    fields[n++] = "safety", fields[n++] = "1";
    fields[n++] = "action", fields[n++] = "submit";
    item_fields(id, fields, store, &n);
    fields[n] = NULL;
    struct page p = save(b, id, fields, with_pdf);
    if (p.status != 303 || !strstr(p.location, "msg=submitted"))
        fail_msg("submit %s: HTTP %ld %s\n%.2000s", id, p.status, p.location, p.body ? p.body : "");
    page_free(&p);
}

static char *version_of(const char *id)
{
    return sql_q("SELECT version FROM inspection_application WHERE id = $1::bigint", 1, id);
}

static struct page agency_post(struct browser *b, const char *id, const char *what, const char *fields)
{
    char from[80], path[96], body[1024];
    char *v = version_of(id);
    snprintf(from, sizeof from, "/agency/inspections/%s", id);
    snprintf(path, sizeof path, "/agency/inspections/%s/%s", id, what);
    snprintf(body, sizeof body, "version=%s%s%s", v ? v : "0", *fields ? "&" : "", fields);
    free(v);
    return post_from(b, from, path, body);
}

/* Completion fields for every item of id: conclusion, today, next year, fee 800. */
static void complete_fields(const char *id, const char *first_conclusion, char *out, size_t cap)
{
    char *ids = sql_q("SELECT string_agg(id::text, ',' ORDER BY id) FROM application_item WHERE application_id = $1::bigint", 1, id);
    char *today = sql_q("SELECT current_date::text", 0), *next = sql_q("SELECT (current_date + 365)::text", 0);
    size_t o = 0;
    int k = 0;
    out[0] = '\0';
    for (char *s = NULL, *t = strtok_r(ids, ",", &s); t; t = strtok_r(NULL, ",", &s), k++)
        o += (size_t)snprintf(out + o, cap - o,
                              "%sitem=%s&conclusion_%s=%s&inspection_date_%s=%s&next_date_%s=%s&fee_%s=%s&report_no_%s="
                              "&problems_%s=%%E5%%88%%B6%%E5%%8A%%A8%%E5%%99%%A8%%E5%%A4%%B1%%E7%%81%%B5&deadline_%s=",
                              o ? "&" : "", t, t, k == 0 ? first_conclusion : "qualified", t, today, t,
                              k == 0 && !strcmp(first_conclusion, "unqualified") ? "" : next, t, k == 0 ? "960" : "800.5", t,
                              t, t);
    free(ids), free(today), free(next);
}

static void make_unit(const char *login_name, const char *name, const char *mob, char *org_out)
{
    char *id = sql_q("WITH o AS (INSERT INTO org (kind, name, unit_types, certified, state, district)"
                 " VALUES ('enterprise', $1, '{use}', true, 'active', '120101') RETURNING id),"
                 " a AS (INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
                 " SELECT o.id, $2, a.password_hash, '报检测试主账号', $3, '{ent_main}' FROM o, account a"
                 " WHERE a.login = 'visitor') SELECT id FROM o",
                 3, name, login_name, mob);
    assert_non_null(id);
    snprintf(org_out, 24, "%s", id);
    free(id);
}

static char *device(const char *org, int i, const char *district, const char *params)
{
    char name[64], code[40];
    snprintf(name, sizeof name, "报检测试%d号电梯", i);
    snprintf(code, sizeof code, "J%s%d", run, i);
    return sql_q("INSERT INTO equipment (category, name, equipment_code, use_org_id, district, address, state, params,"
             " next_inspection_date, last_conclusion)"
             " VALUES ('3110', $1, $2, $3::bigint, $4, '天津市和平区测试路8号', 'in_use', $5::jsonb,"
             " current_date + 10, 'qualified') RETURNING id",
             5, name, code, org, district, params);
}

static int setup(void **state)
{
    char name[64], other_id[24];
    snprintf(run, sizeof run, "%s", run_id());
    snprintf(mobile, sizeof mobile, "136%04u%04u", (unsigned)(time(NULL) % 10000), (unsigned)(getpid() % 10000));
    snprintf(unit_login, sizeof unit_login, "insp%s", run);
    snprintf(sub_login, sizeof sub_login, "insps%s", run);
    snprintf(other_login, sizeof other_login, "inspo%s", run);
    snprintf(far_agency_login, sizeof far_agency_login, "inspa%s", run);
    snprintf(name, sizeof name, "报检测试使用单位%s", run);
    make_unit(unit_login, name, mobile, unit_id);
    snprintf(name, sizeof name, "报检测试另一单位%s", run);
    make_unit(other_login, name, "13700000029", other_id);
    for (int i = 0; i < NDEV; i++) {
        char *id = device(unit_id, i, i == 7 ? "330203" : "120101", "{\"floors\": 18, \"rated_load_kg\": 1000}");
        assert_non_null(id);
        snprintf(dev[i], sizeof dev[i], "%s", id);
        free(id);
    }
    char *od = device(other_id, 99, "120101", "{}");
    snprintf(other_dev, sizeof other_dev, "%s", od);
    free(od);
    /* A sub-account for installation supervision of dev 0 only. */
    char *sub = sql_q("INSERT INTO account (org_id, parent_id, login, password_hash, name, mobile, roles, task_types)"
                  " SELECT $1::bigint, m.id, $2, m.password_hash, '报检子账号', NULL, '{ent_sub}', '{installation}'"
                  " FROM account m WHERE m.login = $3 RETURNING id",
                  3, unit_id, sub_login, unit_login);
    assert_non_null(sub);
    free(sql_q("INSERT INTO account_equipment (account_id, equipment_id) VALUES ($1::bigint, $2::bigint) RETURNING 1", 2,
           sub, dev[0]));
    free(sub);
    /* The agency of another city (Ningbo) with an acceptance desk. */
    char *far = sql_q("WITH o AS (INSERT INTO org (kind, name, certified, state, district)"
                  " VALUES ('agency', '宁波测试检验院' || $2, true, 'active', '330203') RETURNING id)"
                  " INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
                  " SELECT o.id, $1, a.password_hash, '宁波受理员', NULL, '{agency_accept}' FROM o, account a"
                  " WHERE a.login = 'visitor' RETURNING id",
                  2, far_agency_login, run);
    assert_non_null(far);
    free(far);
    return 0;
}

static void test_periodic_life(void **state)
{
    struct browser u, a, i;
    struct page p;
    char path[160], devs[128], body[2048];

    login_as(&u, unit_login);
    login_as(&a, "accept");
    login_as(&i, "inspector");
    snprintf(devs, sizeof devs, "equipment=%s&equipment=%s", dev[0], dev[1]);
    long st;
    char *id = create(&u, "periodic", devs, &st);
    if (!id)
        fail_msg("create: HTTP %ld", st);
    expect_sql("draft|periodic|120101|2|张经理", "SELECT a.state || '|' || a.kind || '|' || a.district || '|' ||"
           " (SELECT count(*) FROM application_item i WHERE i.application_id = a.id) || '|' ||"
           " CASE WHEN a.contact = '报检测试主账号' THEN '张经理' ELSE a.contact END"
           " FROM inspection_application a WHERE a.id = $1::bigint", id);
    expect_sql("t", "SELECT serial_no ~ '^BJ[0-9]{8}-[0-9]{6}$' FROM inspection_application WHERE id = $1::bigint", id);
    expect_sql("1", "SELECT count(*) FROM workflow_event WHERE kind = 'inspection_application' AND entity_id = $1::bigint"
                " AND event = 'save' AND to_state = 'draft'", id);
    /* Reference fee: 600 base + 12 floors above the sixth at 30 = 960 per elevator. */
    expect_sql("96000|192000", "SELECT min(fee_estimate_fen) || '|' || sum(fee_estimate_fen) FROM application_item"
                           " WHERE application_id = $1::bigint", id);
    snprintf(path, sizeof path, "/inspection/%s/edit", id);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "检验现场环境安全确认书"));
    assert_true(contains(&p, "危险介质排空"));
    assert_true(contains(&p, "我已完整阅读并同意"));
    assert_true(contains(&p, "960.00"));
    assert_true(contains(&p, "1920.00"));
    assert_true(contains(&p, "参考价，以检验机构收费为准"));
    assert_true(contains(&p, "/inspection/commitment-letter.pdf"));
    page_free(&p);

    /* Autosave (the script's request: urlencoded here, the token as a header would do too). */
    snprintf(path, sizeof path, "/inspection/%s/autosave", id);
    p = browser_post(&u, path, "contact=%E7%8E%8B%E5%B7%A5&phone=1380000&address=", 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "\"ok\":true"));
    page_free(&p);
    expect_sql("王工|1380000", "SELECT contact || '|' || phone FROM inspection_application WHERE id = $1::bigint", id);

    /* Submit refused: per-field messages, what was typed is kept and saved. */
    const char *bad[] = {"contact", "王工", "phone", "12345", "address", "天津市和平区南京路1号", "action", "submit", NULL};
    p = save(&u, id, bad, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "联系电话应为"));
    assert_true(contains(&p, "承诺书"));
    assert_true(contains(&p, "请完整阅读"));
    assert_true(contains(&p, "维保单位和维保人员"));
    assert_true(contains(&p, "value=\"12345\""));
    page_free(&p);
    expect_sql("draft|天津市和平区南京路1号", "SELECT state || '|' || address FROM inspection_application WHERE id = $1::bigint", id);

    /* A file that is not a document is refused by its bytes. */
    const char *plain[] = {"action", "save", NULL};
    snprintf(path, sizeof path, "/inspection/%s", id);
    p = browser_post_multipart(&u, path, plain, "commitment", "承诺书.pdf", "just text", 9, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "has-error"));
    page_free(&p);
    expect_sql("0", "SELECT count(*) FROM application_document WHERE application_id = $1::bigint", id);

    submit_ok(&u, id, 1);
    expect_sql("submitted|1|true", "SELECT state || '|' || (SELECT count(*) FROM application_document d WHERE"
                            " d.application_id = a.id AND d.kind = 'commitment') || '|' || (safety_accepted_at IS NOT NULL)"
                            " FROM inspection_application a WHERE id = $1::bigint", id);
    /* Not editable once submitted. */
    p = save(&u, id, plain, 0);
    assert_int_equal(p.status, 409);
    page_free(&p);

    /* Withdraw, then submit again. */
    snprintf(path, sizeof path, "/inspection/%s/withdraw", id);
    char *v = version_of(id);
    snprintf(body, sizeof body, "version=%s", v);
    free(v);
    p = post_from(&u, "/inspection", path, body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("draft", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    p = post_from(&u, "/inspection", path, body); /* the same version again: stale */
    assert_int_equal(p.status, 409);
    page_free(&p);
    submit_ok(&u, id, 0);

    /* The agency's queue shows it; a return needs ticked reasons. */
    p = browser_get(&a, "/agency/inspections");
    assert_int_equal(p.status, 200);
    snprintf(path, sizeof path, "/agency/inspections/%s\"", id);
    assert_true(contains(&p, path));
    page_free(&p);
    p = agency_post(&a, id, "return", "note=%E8%B5%84%E6%96%99%E7%BC%BA%E5%A4%B1");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请勾选退回原因"));
    page_free(&p);
    p = agency_post(&a, id, "return", "reasons=other");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "其他"));
    page_free(&p);
    expect_sql("submitted", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    p = agency_post(&a, id, "return", "reasons=commitment_mismatch&reasons=maint_info&note=%E7%AC%AC2%E5%8F%B0");
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("returned|{commitment_mismatch,maint_info}|第2台", "SELECT state || '|' || return_reasons::text || '|' || return_note"
                                                         " FROM inspection_application WHERE id = $1::bigint", id);
    char *sms = sql_q("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1", 1, mobile);
    assert_non_null(sms);
    assert_non_null(strstr(sms, "被退回"));
    assert_non_null(strstr(sms, "承诺书内容与报检设备不符"));
    free(sms);
    p = browser_get(&u, "/inspection?tab=returned");
    assert_true(contains(&p, "承诺书内容与报检设备不符"));
    assert_true(contains(&p, "第2台"));
    page_free(&p);
    /* Edit and resubmit. */
    submit_ok(&u, id, 1);
    expect_sql("submitted|{}", "SELECT state || '|' || return_reasons::text FROM inspection_application WHERE id = $1::bigint", id);

    /* Accept with an inspector and a planned date. */
    char *insp_id = sql_q("SELECT id FROM account WHERE login = 'inspector'", 0);
    char *today = sql_q("SELECT current_date::text", 0);
    p = agency_post(&a, id, "accept", "planned_date=2001-01-01");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不能早于今天"));
    page_free(&p);
    snprintf(body, sizeof body, "inspectors=%s&planned_date=%s", insp_id, today);
    p = agency_post(&a, id, "accept", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("in_process", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    sms = sql_q("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1", 1, mobile);
    assert_non_null(strstr(sms, "已受理"));
    free(sms);
    /* Re-assign: a past date or someone who is not this agency's inspector is refused
     * with its message; then the planned date moves and the state stays. */
    p = agency_post(&a, id, "assign", "planned_date=2001-01-01");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不能早于今天"));
    page_free(&p);
    p = agency_post(&a, id, "assign", "inspectors=1&planned_date=2099-01-01");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "所选检验人员不在本机构"));
    page_free(&p);
    snprintf(body, sizeof body, "inspectors=%s&planned_date=2099-01-02", insp_id);
    p = agency_post(&a, id, "assign", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("in_process|2099-01-02|1", "SELECT state || '|' || planned_date || '|' || cardinality(inspector_ids)"
                                      " FROM inspection_application WHERE id = $1::bigint", id);
    /* The acceptance desk cannot complete; the inspector can. */
    complete_fields(id, "unqualified", body, sizeof body);
    p = agency_post(&a, id, "complete", body);
    assert_int_equal(p.status, 403);
    page_free(&p);
    /* A bad result is refused with its message, typed values kept. */
    char bad_body[2048];
    snprintf(bad_body, sizeof bad_body, "%s", body);
    char *fee = strstr(bad_body, "fee_");
    fee = strchr(fee, '=') + 1;
    memcpy(fee, "abc", 3);
    p = agency_post(&i, id, "complete", bad_body);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请填写检验费用"));
    assert_true(contains(&p, "value=\"abc\""));
    page_free(&p);
    expect_sql("in_process", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    p = agency_post(&i, id, "complete", body);
    if (p.status != 303)
        fail_msg("complete: %ld %.1500s", p.status, p.body);
    page_free(&p);
    expect_sql("completed", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    /* The devices: conclusions and dates; dev 0 unqualified keeps its next date. */
    snprintf(body, sizeof body, "unqualified|%s|true", today);
    expect_sql(body, "SELECT last_conclusion || '|' || last_inspection_date || '|' || (next_inspection_date = current_date + 10)"
                 " FROM equipment WHERE id = $1::bigint", dev[0]);
    snprintf(body, sizeof body, "qualified|%s|true", today);
    expect_sql(body, "SELECT last_conclusion || '|' || last_inspection_date || '|' || (next_inspection_date = current_date + 365)"
                 " FROM equipment WHERE id = $1::bigint", dev[1]);
    expect_sql("1", "SELECT count(*) FROM equipment_history WHERE equipment_id = $1::bigint AND change = 'inspection'", dev[1]);
    expect_sql("2|2|2|176050|unpaid|1", "SELECT (SELECT count(*) FROM inspection_report r JOIN application_item i ON i.id = r.item_id"
                                    "  WHERE i.application_id = a.id) || '|' ||"
                                    " (SELECT count(*) FROM inspection_notice n JOIN application_item i ON i.id = n.item_id"
                                    "  WHERE i.application_id = a.id) || '|' ||"
                                    " (SELECT count(*) FROM fee_order f JOIN application_item i ON i.id = f.item_id"
                                    "  WHERE i.application_id = a.id) || '|' ||"
                                    " (SELECT sum(f.amount_fen) FROM fee_order f JOIN application_item i ON i.id = f.item_id"
                                    "  WHERE i.application_id = a.id) || '|' ||"
                                    " (SELECT string_agg(DISTINCT f.state, ',') FROM fee_order f JOIN application_item i"
                                    "  ON i.id = f.item_id WHERE i.application_id = a.id) || '|' ||"
                                    " (SELECT count(*) FROM inspection_notice n JOIN application_item i ON i.id = n.item_id"
                                    "  WHERE i.application_id = a.id AND n.kind = 'unqualified' AND n.deadline IS NOT NULL)"
                                    " FROM inspection_application a WHERE a.id = $1::bigint", id);
    expect_sql("save,submit,withdraw,submit,return,submit,accept,complete",
           "SELECT string_agg(event, ',' ORDER BY id) FROM workflow_event WHERE kind = 'inspection_application'"
           " AND entity_id = $1::bigint", id);
    expect_sql("3", "SELECT count(*) FROM audit_log WHERE entity_kind = 'inspection_application' AND entity_id = $1"
                " AND action IN ('inspection_application.accept', 'inspection_application.return',"
                " 'inspection_application.complete')", id);
    sms = sql_q("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1", 1, mobile);
    assert_non_null(strstr(sms, "已完成检验"));
    free(sms);

    /* The enterprise sees it under 已完成 with dates, fee and report numbers. */
    p = browser_get(&u, "/inspection?tab=done");
    assert_int_equal(p.status, 200);
    char *report = sql_q("SELECT i.report_no FROM application_item i WHERE i.application_id = $1::bigint ORDER BY id DESC LIMIT 1", 1, id);
    assert_true(contains(&p, report));
    assert_true(contains(&p, "800.50"));
    assert_true(contains(&p, "缴费后可领取"));
    page_free(&p);
    free(report);

    /* Nothing moves a completed application. */
    snprintf(path, sizeof path, "/inspection/%s/withdraw", id);
    v = version_of(id);
    snprintf(body, sizeof body, "version=%s", v);
    p = post_from(&u, "/inspection", path, body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    snprintf(path, sizeof path, "/inspection/%s/delete", id);
    p = post_from(&u, "/inspection", path, body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    p = agency_post(&a, id, "accept", "");
    assert_int_equal(p.status, 409);
    assert_true(contains(&p, "已被他人处理"));
    page_free(&p);
    p = agency_post(&a, id, "return", "reasons=other&note=x");
    assert_int_equal(p.status, 409);
    page_free(&p);
    p = agency_post(&i, id, "complete", "");
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect_sql(v, "SELECT version FROM inspection_application WHERE id = $1::bigint", id);
    free(v), free(id), free(insp_id), free(today);
    browser_free(&u), browser_free(&a), browser_free(&i);
}

/* Installation and modification supervision: no commitment letter needed. */
static void test_supervision_kinds(void **state)
{
    static const char *const kinds[] = {"installation", "modification"};
    struct browser u, a, i;
    char devs[64], body[2048];
    struct page p;

    login_as(&u, unit_login);
    login_as(&a, "approver"); /* the approver may accept and complete */
    login_as(&i, "inspector");
    for (int k = 0; k < 2; k++) {
        snprintf(devs, sizeof devs, "equipment=%s", dev[2 + k]);
        char *id = create(&u, kinds[k], devs, NULL);
        assert_non_null(id);
        submit_ok(&u, id, 0);
        expect_sql("0", "SELECT count(*) FROM application_document WHERE application_id = $1::bigint", id);
        p = agency_post(&a, id, "accept", "");
        assert_int_equal(p.status, 303);
        page_free(&p);
        complete_fields(id, k ? "requalified" : "qualified", body, sizeof body);
        p = agency_post(&i, id, "complete", body);
        assert_int_equal(p.status, 303);
        page_free(&p);
        expect_sql(k ? "requalified" : "qualified", "SELECT last_conclusion FROM equipment WHERE id = $1::bigint", dev[2 + k]);
        expect_sql("completed", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
        free(id);
    }
    browser_free(&u), browser_free(&a), browser_free(&i);
}

struct racer {
    struct browser *b;
    const char *path, *body;
    long status;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    struct page p = browser_post(r->b, r->path, r->body, 0);
    r->status = p.status;
    page_free(&p);
    return NULL;
}

/* Two agency users accept the same application at the same moment: exactly one wins. */
static void test_concurrent_accept(void **state)
{
    struct browser u, a1, a2;
    char devs[64], path[96], body[32], from[80];
    struct page p;

    login_as(&u, unit_login);
    login_as(&a1, "accept");
    login_as(&a2, "approver");
    for (int round = 0; round < 3; round++) {
        snprintf(devs, sizeof devs, "equipment=%s", dev[4]);
        char *id = create(&u, "installation", devs, NULL);
        assert_non_null(id);
        submit_ok(&u, id, 0);
        char *v = version_of(id);
        snprintf(from, sizeof from, "/agency/inspections/%s", id);
        p = browser_get(&a1, from);
        page_free(&p);
        p = browser_get(&a2, from);
        page_free(&p);
        snprintf(path, sizeof path, "/agency/inspections/%s/accept", id);
        snprintf(body, sizeof body, "version=%s", v);
        struct racer r1 = {&a1, path, body, 0}, r2 = {&a2, path, body, 0};
        pthread_t t1, t2;
        assert_int_equal(pthread_create(&t1, NULL, race, &r1), 0);
        assert_int_equal(pthread_create(&t2, NULL, race, &r2), 0);
        pthread_join(t1, NULL);
        pthread_join(t2, NULL);
        if (!((r1.status == 303 && r2.status == 409) || (r1.status == 409 && r2.status == 303)))
            fail_msg("round %d: accept answered %ld and %ld, want one 303 and one 409", round, r1.status, r2.status);
        expect_sql("in_process|1", "SELECT a.state || '|' || (SELECT count(*) FROM workflow_event w WHERE w.kind ="
                               " 'inspection_application' AND w.entity_id = a.id AND w.event = 'accept')"
                               " FROM inspection_application a WHERE a.id = $1::bigint", id);
        /* Return it so that the device is free for the next round. */
        p = agency_post(&a1, id, "return", "reasons=site_not_ready");
        assert_int_equal(p.status, 303);
        page_free(&p);
        free(v), free(id);
    }
    browser_free(&u), browser_free(&a1), browser_free(&a2);
}

static void test_busy_device_and_delete(void **state)
{
    struct browser u;
    char devs[64], path[96], body[64];
    struct page p;

    login_as(&u, unit_login);
    snprintf(devs, sizeof devs, "equipment=%s", dev[5]);
    char *first = create(&u, "periodic", devs, NULL), *second = create(&u, "periodic", devs, NULL);
    assert_non_null(first);
    assert_non_null(second);
    submit_ok(&u, first, 1);
    const char *fields[64];
    char store[48][64];
    int n = 0;
    fields[n++] = "contact", fields[n++] = "张经理", fields[n++] = "phone", fields[n++] = "13800000007";
    fields[n++] = "address", fields[n++] = "天津", fields[n++] = "safety", fields[n++] = "1";
    fields[n++] = "action", fields[n++] = "submit";
    item_fields(second, fields, store, &n);
    fields[n] = NULL;
    p = save(&u, second, fields, 1);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不能重复报检"));
    page_free(&p);
    expect_sql("draft", "SELECT state FROM inspection_application WHERE id = $1::bigint", second);
    /* Delete the second draft: asked first, then gone, with its history kept. */
    snprintf(path, sizeof path, "/inspection/%s/delete", second);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "确定删除"));
    page_free(&p);
    char *v = version_of(second);
    snprintf(body, sizeof body, "version=%s", v);
    p = browser_post(&u, path, body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect_sql("0", "SELECT count(*) FROM inspection_application WHERE id = $1::bigint", second);
    expect_sql("deleted", "SELECT to_state FROM workflow_event WHERE kind = 'inspection_application' AND entity_id = $1::bigint"
                      " ORDER BY id DESC LIMIT 1", second);
    snprintf(path, sizeof path, "/inspection/%s", second);
    assert_int_equal(status_of(&u, path), 404);
    /* A submitted one cannot be deleted. */
    free(v);
    v = version_of(first);
    snprintf(body, sizeof body, "version=%s", v);
    snprintf(path, sizeof path, "/inspection/%s/delete", first);
    p = post_from(&u, "/inspection", path, body);
    assert_int_equal(p.status, 409);
    page_free(&p);
    free(v), free(first), free(second);
    browser_free(&u);
}

static void test_sub_account_limits(void **state)
{
    struct browser s, u;
    char devs[64], path[96];
    long st;

    /* The sub-account must change its generated password first: set it as the demo's. */
    free(sql_q("UPDATE account SET must_change_password = false WHERE login = $1 RETURNING 1", 1, sub_login));
    login_as(&s, sub_login);
    snprintf(devs, sizeof devs, "equipment=%s", dev[0]);
    assert_null(create(&s, "periodic", devs, &st)); /* not its task type */
    assert_int_equal(st, 400);
    snprintf(devs, sizeof devs, "equipment=%s", dev[6]);
    assert_null(create(&s, "installation", devs, &st)); /* not its device */
    assert_int_equal(st, 400);
    snprintf(devs, sizeof devs, "equipment=%s", dev[0]);
    char *id = create(&s, "installation", devs, &st);
    assert_non_null(id);
    /* Adding a device not assigned to it by code is refused. */
    char code[40];
    snprintf(code, sizeof code, "J%s6", run);
    const char *add[] = {"add_code", code, "action", "save", NULL};
    struct page p = save(&s, id, add, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "没有找到可添加的设备"));
    page_free(&p);
    expect_sql("1", "SELECT count(*) FROM application_item WHERE application_id = $1::bigint", id);
    /* The main account sees its sub-account's application; the sub-account not the main's. */
    login_as(&u, unit_login);
    snprintf(path, sizeof path, "/inspection/%s", id);
    assert_int_equal(status_of(&u, path), 200);
    char *mains = sql_q("SELECT a.id FROM inspection_application a JOIN account x ON x.id = a.applicant_id"
                    " WHERE x.login = $1 ORDER BY a.id LIMIT 1", 1, unit_login);
    snprintf(path, sizeof path, "/inspection/%s", mains);
    assert_int_equal(status_of(&s, path), 404);
    free(mains), free(id);
    browser_free(&s), browser_free(&u);
}

static void test_tenant_isolation(void **state)
{
    struct browser u, o, far, basic;
    char devs[128], path[128], body[128];
    struct page p;
    long st;

    login_as(&u, unit_login);
    login_as(&o, other_login);
    login_as(&far, far_agency_login);
    login_as(&basic, "visitor");
    snprintf(devs, sizeof devs, "equipment=%s", dev[6]);
    char *id = create(&u, "periodic", devs, NULL);
    assert_non_null(id);
    char *doc_app = sql_q("SELECT d.application_id || '/' || d.id FROM application_document d JOIN inspection_application a"
                      " ON a.id = d.application_id JOIN account x ON x.id = a.applicant_id WHERE x.login = $1"
                      " ORDER BY d.id LIMIT 1", 1, unit_login);
    assert_non_null(doc_app);
    /* Another unit: nothing of ours exists for it. */
    snprintf(path, sizeof path, "/inspection/%s", id);
    assert_int_equal(status_of(&o, path), 404);
    snprintf(path, sizeof path, "/inspection/%s/edit", id);
    assert_int_equal(status_of(&o, path), 404);
    snprintf(path, sizeof path, "/inspection/%s/documents/%s", strtok(strdup(doc_app), "/"), strchr(doc_app, '/') + 1);
    assert_int_equal(status_of(&o, path), 404);
    assert_int_equal(status_of(&u, path), 200);
    const char *f[] = {"contact", "黑客", "action", "save", NULL};
    p = save(&o, id, f, 0);
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(path, sizeof path, "/inspection/%s/autosave", id);
    p = post_from(&o, "/inspection", path, "contact=x");
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(path, sizeof path, "/inspection/%s/delete", id);
    p = post_from(&o, "/inspection", path, "version=0");
    assert_int_equal(p.status, 404);
    page_free(&p);
    expect_sql("draft|张经理", "SELECT state || '|' || CASE WHEN contact = '黑客' THEN contact ELSE '张经理' END"
                         " FROM inspection_application WHERE id = $1::bigint", id);
    p = browser_get(&o, "/inspection");
    snprintf(path, sizeof path, "/inspection/%s/", id);
    assert_false(contains(&p, path));
    page_free(&p);
    /* Nor may it apply with our devices. */
    assert_null(create(&o, "periodic", devs, &st));
    assert_int_equal(st, 400);
    /* One city per application. */
    snprintf(devs, sizeof devs, "equipment=%s&equipment=%s", dev[6], dev[7]);
    assert_null(create(&u, "periodic", devs, &st));
    assert_int_equal(st, 400);

    /* Another city's agency: not in its queue, not there, cannot act. */
    submit_ok(&u, id, 1);
    p = browser_get(&far, "/agency/inspections?state=all");
    assert_int_equal(p.status, 200);
    snprintf(path, sizeof path, "/agency/inspections/%s\"", id);
    assert_false(contains(&p, path));
    page_free(&p);
    snprintf(path, sizeof path, "/agency/inspections/%s", id);
    assert_int_equal(status_of(&far, path), 404);
    p = agency_post(&far, id, "accept", "");
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = agency_post(&far, id, "return", "reasons=other&note=x");
    assert_int_equal(p.status, 404);
    page_free(&p);
    expect_sql("submitted", "SELECT state FROM inspection_application WHERE id = $1::bigint", id);
    /* No such device: refused. */
    char *draft = create(&u, "installation", "equipment=0", &st);
    assert_null(draft);

    /* A non-certified account applies only for a device found by its exact code. */
    snprintf(body, sizeof body, "kind=periodic&equipment=%s", other_dev);
    p = post_from(&basic, "/equipment", "/inspection", body);
    assert_int_equal(p.status, 400);
    page_free(&p);
    snprintf(body, sizeof body, "kind=periodic&equipment=%s&code=J%s99", other_dev, run);
    p = post_from(&basic, "/equipment", "/inspection", body);
    assert_int_equal(p.status, 303);
    page_free(&p);
    snprintf(path, sizeof path, "/inspection/%s", id);
    assert_int_equal(status_of(&basic, path), 404);
    free(id), free(doc_app);
    browser_free(&u), browser_free(&o), browser_free(&far), browser_free(&basic);
}

static void test_escaped(void **state)
{
    struct browser u, a;
    char devs[64], path[96];
    login_as(&u, unit_login);
    login_as(&a, "accept");
    snprintf(devs, sizeof devs, "equipment=%s", dev[6]);
    char *id = create(&u, "installation", devs, NULL);
    assert_non_null(id);
    const char *f[] = {"contact", "<script>alert(1)</script>", "action", "save", NULL};
    struct page p = save(&u, id, f, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    snprintf(path, sizeof path, "/inspection/%s/edit", id);
    p = browser_get(&u, path);
    assert_true(contains(&p, "&lt;script&gt;alert(1)"));
    assert_false(contains(&p, "<script>alert"));
    page_free(&p);
    free(id);
    browser_free(&u), browser_free(&a);
}

/* The blank commitment letter the form links to: a TINY_PDF download under a Chinese name. */
static void test_commitment_letter(void **state)
{
    struct browser b;
    (void)state;
    login_as(&b, "company");
    struct page p = browser_get(&b, "/inspection/commitment-letter.pdf");
    assert_int_equal(p.status, 200);
    assert_non_null(strstr(p.headers, "application/pdf"));
    assert_non_null(strstr(p.headers, "filename*=UTF-8''"));
    assert_true(p.len > 10000 && !memcmp(p.body, "%PDF-", 5));
    page_free(&p);
    browser_free(&b);
}

int main(void)
{
    int rc = testkit_start();
    if (rc)
        return rc;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periodic_life),     cmocka_unit_test(test_supervision_kinds),
        cmocka_unit_test(test_concurrent_accept), cmocka_unit_test(test_busy_device_and_delete),
        cmocka_unit_test(test_sub_account_limits), cmocka_unit_test(test_tenant_isolation),
        cmocka_unit_test(test_escaped),           cmocka_unit_test(test_commitment_letter),
    };
    rc = cmocka_run_group_tests_name("inspection", tests, setup, NULL);
    testkit_stop();
    return rc;
}
