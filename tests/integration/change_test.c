/* change_test.c — equipment status-change applications end to end over nginx: a use unit
 * applies with a document, the district bureau approves (device state, history, workflow
 * events, tallies, SMS) or rejects (reason required, SMS with it); stale decisions get 409;
 * illegal transitions and a second open application are refused; another unit and a
 * bureau of another district see nothing; the reason is shown escaped.
 * Each run makes its own unit, devices and accounts (audit rows keep accounts forever). */
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

#define NDEV 6

static char run[24], unit_login[40], other_login[40], far_bureau_login[40], mobile[12];
static char unit_id[24], dev[NDEV][24]; /* dev 0-2, 4, 5 in use; dev 3 cancelled */

/* Asserts that a one-value query answers want. */
static void expect(const char *want, const char *sql, int n, const char *a, const char *b)
{
    char *got = n == 0 ? sql_q(sql, 0) : n == 1 ? sql_q(sql, 1, a) : sql_q(sql, 2, a, b);
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s\n  got '%s', want '%s'", sql, got ? got : "(no row)", want);
    free(got);
}

/* Opens the form (for a fresh CSRF token) and submits it; data NULL: no file. */
static struct page submit(struct browser *b, const char *device, const char *to, const char *reason,
                          const void *data, size_t len)
{
    char path[80];
    snprintf(path, sizeof path, "/equipment/%s/change", device);
    struct page f = browser_get(b, path);
    page_free(&f);
    const char *fields[] = {"to_state", to, "reason", reason, NULL};
    return browser_post_multipart(b, path, fields, data ? "documents" : NULL, "报告.pdf", data, len, NULL, NULL,
                                  NULL, 0);
}

/* Submits and returns the new application's id (malloc'd). */
static char *submit_ok(struct browser *b, const char *device, const char *to, const char *reason)
{
    struct page p = submit(b, device, to, reason, TINY_PDF, sizeof TINY_PDF - 1);
    if (p.status != 303)
        fail_msg("submit %s -> %s: HTTP %ld", device, to, p.status);
    assert_non_null(strstr(p.location, "/equipment/changes/"));
    char *id = strndup(p.location + 19, strcspn(p.location + 19, "?"));
    page_free(&p);
    return id;
}

static struct page decide(struct browser *b, const char *id, const char *action, const char *version,
                          const char *reason)
{
    char path[80], body[512];
    snprintf(path, sizeof path, "/bureau/changes/%s", id);
    struct page f = browser_get(b, path);
    page_free(&f);
    char *r = url_escape(reason ? reason : "");
    snprintf(body, sizeof body, "action=%s&version=%s&reason=%s", action, version, r);
    free(r);
    snprintf(path, sizeof path, "/bureau/changes/%s/decide", id);
    return browser_post(b, path, body, 0);
}

static char *tally(const char *state)
{
    return sql_q("SELECT coalesce(sum(n), 0) FROM equipment_tally_org WHERE org_id = $1::bigint AND state = $2", 2,
             unit_id, state);
}

/* A certified use unit with a main account (password as the demo's), optionally with devices. */
static void make_unit(const char *login_name, const char *name, const char *mob, char *org_out)
{
    char *id = sql_q("WITH o AS (INSERT INTO org (kind, name, unit_types, certified, state, district)"
                 " VALUES ('enterprise', $1, '{use}', true, 'active', '120101') RETURNING id),"
                 " a AS (INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
                 " SELECT o.id, $2, a.password_hash, '变更测试主账号', $3, '{ent_main}' FROM o, account a"
                 " WHERE a.login = 'visitor') SELECT id FROM o",
                 3, name, login_name, mob);
    assert_non_null(id);
    if (org_out)
        snprintf(org_out, 24, "%s", id);
    free(id);
}

static int setup(void **state)
{
    char name[64], code[32];
    snprintf(run, sizeof run, "%s", run_id());
    snprintf(mobile, sizeof mobile, "135%04u%04u", (unsigned)(time(NULL) % 10000), (unsigned)(getpid() % 10000));
    snprintf(unit_login, sizeof unit_login, "chg%s", run);
    snprintf(other_login, sizeof other_login, "chgo%s", run);
    snprintf(far_bureau_login, sizeof far_bureau_login, "chgb%s", run);
    snprintf(name, sizeof name, "变更测试使用单位%s", run);
    make_unit(unit_login, name, mobile, unit_id);
    snprintf(name, sizeof name, "变更测试另一单位%s", run);
    make_unit(other_login, name, "13700000019", NULL);
    for (int i = 0; i < NDEV; i++) {
        snprintf(name, sizeof name, "变更测试%d号电梯", i);
        snprintf(code, sizeof code, "T%s%d", run, i);
        char *id = sql_q("INSERT INTO equipment (category, name, equipment_code, use_org_id, district, address, state)"
                     " VALUES ('3110', $1, $2, $3::bigint, '120101', '天津市和平区测试路1号', $4) RETURNING id",
                     4, name, code, unit_id, i == 3 ? "cancelled" : "in_use");
        assert_non_null(id);
        snprintf(dev[i], sizeof dev[i], "%s", id);
        free(id);
    }
    /* A bureau account of another district (河西区). */
    char *far = sql_q("INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
                  " SELECT o.id, $1, a.password_hash, '河西区局测试', '13800000016', '{bureau}'"
                  " FROM org o, account a WHERE o.kind = 'bureau' AND o.district = '120103' AND a.login = 'visitor'"
                  " ORDER BY o.id LIMIT 1 RETURNING id",
                  1, far_bureau_login);
    assert_non_null(far);
    free(far);
    return 0;
}

static void test_submit_and_approve(void **state)
{
    struct browser u, b;
    struct page p;
    char path[128];

    login_as(&u, unit_login);
    p = browser_get(&u, "/equipment/changes");
    assert_int_equal(p.status, 200);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/%s/change", dev[0]);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "value=\"stopped\""));
    assert_true(contains(&p, "value=\"scrapped\""));
    assert_true(contains(&p, "value=\"cancelled\""));
    assert_false(contains(&p, "value=\"in_use\"")); /* not from in_use to in_use */
    page_free(&p);
    /* The search box finds the unit's device by its equipment code. */
    snprintf(path, sizeof path, "/equipment/changes?code=T%s0", run);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 303);
    snprintf(path, sizeof path, "/equipment/%s/change", dev[0]);
    assert_string_equal(p.location, path);
    page_free(&p);

    char *in_use0 = tally("in_use"), *stopped0 = tally("stopped");
    char *id = submit_ok(&u, dev[0], "stopped", "大楼装修，停用六个月");
    expect("submitted|in_use|stopped|120101|1",
           "SELECT c.state || '|' || c.from_state || '|' || c.to_state || '|' || c.district || '|' ||"
           " (SELECT count(*) FROM change_application_document d WHERE d.application_id = c.id)"
           " FROM change_application c WHERE c.id = $1::bigint", 1, id, NULL);
    expect("1", "SELECT count(*) FROM workflow_event WHERE kind = 'change_application' AND entity_id = $1::bigint"
                " AND event = 'submit' AND to_state = 'submitted'", 1, id, NULL);
    snprintf(path, sizeof path, "/equipment/changes/%s", id);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "待审核"));
    assert_true(contains(&p, "大楼装修，停用六个月"));
    page_free(&p);
    p = browser_get(&u, "/equipment/changes");
    assert_true(contains(&p, path));
    page_free(&p);

    /* The demo bureau (和平区) has it in its queue, with the document. */
    login_as(&b, "bureau");
    p = browser_get(&b, "/bureau/changes");
    assert_int_equal(p.status, 200);
    snprintf(path, sizeof path, "/bureau/changes/%s\"", id);
    assert_true(contains(&p, path));
    page_free(&p);
    char *doc = sql_q("SELECT id FROM change_application_document WHERE application_id = $1::bigint", 1, id);
    snprintf(path, sizeof path, "/bureau/changes/%s/documents/%s", id, doc);
    p = browser_get(&b, path);
    assert_int_equal(p.status, 200);
    assert_int_equal(p.len, sizeof TINY_PDF - 1);
    assert_memory_equal(p.body, TINY_PDF, sizeof TINY_PDF - 1);
    assert_non_null(strcasestr(p.headers, "Content-Disposition: attachment"));
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/changes/%s/documents/%s", id, doc);
    assert_int_equal(status_of(&u, path), 200);

    p = decide(&b, id, "approve", "0", NULL);
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect("approved", "SELECT state FROM change_application WHERE id = $1::bigint", 1, id, NULL);
    expect("stopped|1", "SELECT state || '|' || version FROM equipment WHERE id = $1::bigint", 1, dev[0], NULL);
    char note[64];
    snprintf(note, sizeof note, "%%变更申请第 %s 号%%", id);
    expect("1", "SELECT count(*) FROM equipment_history WHERE equipment_id = $1::bigint AND change = 'state'"
                " AND old = '{\"state\": \"in_use\"}' AND new = '{\"state\": \"stopped\"}' AND note LIKE $2",
           2, dev[0], note);
    expect("submit,approve", "SELECT string_agg(event, ',' ORDER BY id) FROM workflow_event"
                             " WHERE kind = 'change_application' AND entity_id = $1::bigint", 1, id, NULL);
    expect("in_use>stopped", "SELECT from_state || '>' || to_state FROM workflow_event"
                             " WHERE kind = 'equipment' AND entity_id = $1::bigint AND event = 'stop'", 1, dev[0], NULL);
    expect("1", "SELECT count(*) FROM audit_log WHERE action = 'change_application.approve' AND entity_id = $1", 1, id, NULL);
    /* Tallies follow the device. */
    char *in_use1 = tally("in_use"), *stopped1 = tally("stopped");
    assert_int_equal(atoi(in_use1), atoi(in_use0) - 1);
    assert_int_equal(atoi(stopped1), atoi(stopped0) + 1);
    expect("1", "SELECT count(*) FROM outbox WHERE recipient = $1 AND body LIKE '%已审核通过%'", 1, mobile, NULL);
    snprintf(path, sizeof path, "/equipment/changes/%s", id);
    p = browser_get(&u, path);
    assert_true(contains(&p, "已通过"));
    assert_true(contains(&p, "审核通过"));
    page_free(&p);

    free(in_use0), free(stopped0), free(in_use1), free(stopped1), free(doc), free(id);
    browser_free(&u);
    browser_free(&b);
}

static void test_reject_needs_reason(void **state)
{
    struct browser u, b;
    struct page p;

    login_as(&u, unit_login);
    login_as(&b, "bureau");
    char *id = submit_ok(&u, dev[1], "scrapped", "设备老化，申请报废");
    p = decide(&b, id, "reject", "0", "");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "退回申请必须写明原因"));
    page_free(&p);
    expect("submitted", "SELECT state FROM change_application WHERE id = $1::bigint", 1, id, NULL);

    p = decide(&b, id, "reject", "0", "缺少报废鉴定报告");
    assert_int_equal(p.status, 303);
    page_free(&p);
    expect("rejected|缺少报废鉴定报告", "SELECT state || '|' || decision_reason FROM change_application WHERE id = $1::bigint",
           1, id, NULL);
    expect("in_use|0", "SELECT state || '|' || version FROM equipment WHERE id = $1::bigint", 1, dev[1], NULL);
    expect("0", "SELECT count(*) FROM equipment_history WHERE equipment_id = $1::bigint", 1, dev[1], NULL);
    expect("1", "SELECT count(*) FROM outbox WHERE recipient = $1 AND body LIKE '%未通过审核%缺少报废鉴定报告%'", 1, mobile, NULL);
    free(id);
    browser_free(&u);
    browser_free(&b);
}

static void test_stale_decision(void **state)
{
    struct browser u, b;
    struct page p;

    login_as(&u, unit_login);
    login_as(&b, "bureau");
    char *id = submit_ok(&u, dev[2], "stopped", "临时停用");
    char *outbox0 = sql_q("SELECT count(*) FROM outbox", 0);
    /* A version nobody saw. */
    p = decide(&b, id, "approve", "7", NULL);
    assert_int_equal(p.status, 409);
    assert_true(contains(&p, "已被他人处理，请刷新"));
    page_free(&p);
    expect("submitted|0", "SELECT state || '|' || version FROM change_application WHERE id = $1::bigint", 1, id, NULL);
    expect("in_use", "SELECT state FROM equipment WHERE id = $1::bigint", 1, dev[2], NULL);
    /* Decided first by a colleague; the page still held version 0. */
    p = decide(&b, id, "approve", "0", NULL);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = decide(&b, id, "reject", "0", "迟到的退回");
    assert_int_equal(p.status, 409);
    page_free(&p);
    expect("approved|", "SELECT state || '|' || coalesce(decision_reason, '') FROM change_application WHERE id = $1::bigint",
           1, id, NULL);
    expect("stopped", "SELECT state FROM equipment WHERE id = $1::bigint", 1, dev[2], NULL);
    expect("2", "SELECT count(*) FROM workflow_event WHERE kind = 'change_application' AND entity_id = $1::bigint", 1, id, NULL);
    char *outbox1 = sql_q("SELECT count(*) FROM outbox", 0);
    assert_int_equal(atoi(outbox1), atoi(outbox0) + 1); /* the approval's SMS only */
    free(outbox0), free(outbox1), free(id);
    browser_free(&u);
    browser_free(&b);
}

static void test_illegal_transitions(void **state)
{
    struct browser u;
    struct page p;
    char path[80];

    login_as(&u, unit_login);
    /* Nothing leaves cancelled: no form, and a forged post is refused. */
    snprintf(path, sizeof path, "/equipment/%s/change", dev[3]);
    p = browser_get(&u, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "设备已注销"));
    assert_false(contains(&p, "name=\"to_state\""));
    page_free(&p);
    p = submit(&u, dev[3], "in_use", "想恢复", TINY_PDF, sizeof TINY_PDF - 1);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "不能申请变更为“在用”"));
    page_free(&p);
    /* In use to in use, an unknown state, no reason, no file, a file that is no document. */
    p = submit(&u, dev[4], "in_use", "x", TINY_PDF, sizeof TINY_PDF - 1);
    assert_true(contains(&p, "不能申请变更为“在用”"));
    page_free(&p);
    p = submit(&u, dev[4], "flying", "x", TINY_PDF, sizeof TINY_PDF - 1);
    assert_true(contains(&p, "请选择变更后的设备状态"));
    page_free(&p);
    p = submit(&u, dev[4], "stopped", "", NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请填写申请变更的原因"));
    assert_true(contains(&p, "请上传至少一份证明材料"));
    page_free(&p);
    p = submit(&u, dev[4], "stopped", "理由", "#!/bin/sh\necho hi\n", 18);
    assert_true(contains(&p, "文件类型不支持"));
    assert_true(contains(&p, "理由</textarea>")); /* what was typed is kept */
    page_free(&p);
    expect("0", "SELECT count(*) FROM change_application WHERE equipment_id IN ($1::bigint, $2::bigint)", 2, dev[3], dev[4]);
    browser_free(&u);
}

static void test_second_open_refused(void **state)
{
    struct browser u;
    struct page p;

    login_as(&u, unit_login);
    char *id = submit_ok(&u, dev[4], "stopped", "第一次申请");
    p = submit(&u, dev[4], "scrapped", "第二次申请", TINY_PDF, sizeof TINY_PDF - 1);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "该设备已有一项变更申请正在审核中"));
    page_free(&p);
    expect("1", "SELECT count(*) FROM change_application WHERE equipment_id = $1::bigint", 1, dev[4], NULL);
    free(id);
    browser_free(&u);
}

static void test_other_unit_and_bureau(void **state)
{
    struct browser u, o, far;
    struct page p;
    char path[128];

    login_as(&u, unit_login);
    char *id = submit_ok(&u, dev[5], "cancelled", "设备已拆除，申请注销");
    char *doc = sql_q("SELECT id FROM change_application_document WHERE application_id = $1::bigint", 1, id);

    /* Another unit's main account: the form, a submit, the application and its document
     * are not there for it. */
    login_as(&o, other_login);
    snprintf(path, sizeof path, "/equipment/%s/change", dev[4]);
    assert_int_equal(status_of(&o, path), 404);
    p = browser_get(&o, "/equipment/changes");
    page_free(&p);
    const char *fields[] = {"to_state", "scrapped", "reason", "别人的设备", NULL};
    p = browser_post_multipart(&o, path, fields, "documents", "a.pdf", TINY_PDF, sizeof TINY_PDF - 1, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/changes/%s", id);
    assert_int_equal(status_of(&o, path), 404);
    snprintf(path, sizeof path, "/equipment/changes/%s/documents/%s", id, doc);
    assert_int_equal(status_of(&o, path), 404);
    p = browser_get(&o, "/equipment/changes?state=all");
    snprintf(path, sizeof path, "/equipment/changes/%s\"", id);
    assert_false(contains(&p, path));
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/changes?code=T%s5", run);
    p = browser_get(&o, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "没有这个编号"));
    page_free(&p);

    /* A bureau of another district: not in its queue, not visible, cannot decide. */
    login_as(&far, far_bureau_login);
    p = browser_get(&far, "/bureau/changes");
    assert_int_equal(p.status, 200);
    snprintf(path, sizeof path, "/bureau/changes/%s\"", id);
    assert_false(contains(&p, path));
    page_free(&p);
    snprintf(path, sizeof path, "/bureau/changes/%s", id);
    assert_int_equal(status_of(&far, path), 404);
    snprintf(path, sizeof path, "/bureau/changes/%s/documents/%s", id, doc);
    assert_int_equal(status_of(&far, path), 404);
    p = browser_get(&far, "/bureau/changes");
    page_free(&p);
    snprintf(path, sizeof path, "/bureau/changes/%s/decide", id);
    p = browser_post(&far, path, "action=approve&version=0", 0);
    assert_int_equal(p.status, 404);
    page_free(&p);
    expect("submitted|in_use", "SELECT c.state || '|' || e.state FROM change_application c JOIN equipment e"
                               " ON e.id = c.equipment_id WHERE c.id = $1::bigint", 1, id, NULL);
    free(doc), free(id);
    browser_free(&u);
    browser_free(&o);
    browser_free(&far);
}

static void test_reason_escaped(void **state)
{
    struct browser u, b;
    struct page p;
    char path[80];

    login_as(&u, unit_login);
    login_as(&b, "bureau");
    char *id = sql_q("SELECT id FROM change_application WHERE equipment_id = $1::bigint AND state = 'submitted'", 1, dev[4]);
    assert_non_null(id);
    /* Rejected with markup in the reason; the unit then applies again with markup. */
    p = decide(&b, id, "reject", "0", "<script>alert('x')</script>");
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *id2 = submit_ok(&u, dev[4], "stopped", "<script>alert('y')</script><b>粗</b>");
    snprintf(path, sizeof path, "/equipment/changes/%s", id);
    p = browser_get(&u, path);
    assert_true(contains(&p, "&lt;script&gt;alert("));
    assert_false(contains(&p, "<script>alert"));
    page_free(&p);
    snprintf(path, sizeof path, "/bureau/changes/%s", id2);
    p = browser_get(&b, path);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "&lt;script&gt;alert("));
    assert_true(contains(&p, "&lt;b&gt;粗&lt;/b&gt;"));
    assert_false(contains(&p, "<script>alert"));
    page_free(&p);
    free(id), free(id2);
    browser_free(&u);
    browser_free(&b);
}

int main(void)
{
    int rc = testkit_start();
    if (rc)
        return rc;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_submit_and_approve),
        cmocka_unit_test(test_reject_needs_reason),
        cmocka_unit_test(test_stale_decision),
        cmocka_unit_test(test_illegal_transitions),
        cmocka_unit_test(test_second_open_refused),
        cmocka_unit_test(test_other_unit_and_bureau),
        cmocka_unit_test(test_reason_escaped),
    };
    rc = cmocka_run_group_tests_name("change", tests, setup, NULL);
    testkit_stop();
    return rc;
}
