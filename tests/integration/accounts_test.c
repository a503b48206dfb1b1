/* accounts_test.c — accounts end to end over nginx: login with captcha, lockout and SMS
 * reset, sessions (expiry, cookie flags, password change), CSRF, registration of both
 * kinds with review, and the authorization matrix over the whole route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"

/* The 6-digit code in the newest SMS to mobile. */
static void sms_code(const char *mobile, char code[7])
{
    char *body = sql_value("SELECT body FROM outbox WHERE recipient = $1 AND channel = 'sms' ORDER BY id DESC LIMIT 1", mobile);
    const char *p = body;
    assert_non_null(body);
    while (*p && !(p[0] >= '0' && p[0] <= '9' && strspn(p, "0123456789") == 6))
        p++;
    assert_true(*p);
    memcpy(code, p, 6);
    code[6] = '\0';
    free(body);
}

/* A fresh mobile number per run, so SMS rate limits of earlier runs do not apply. */
static void fresh_mobile(char out[12], int salt)
{
    unsigned t = (unsigned)(time(NULL) % 10000), u = (unsigned)((getpid() * 7 + salt) % 10000);
    snprintf(out, 12, "139%04u%04u", t % 10000u, u % 10000u);
}

/* ---- login ---------------------------------------------------------------------------- */

static void test_login_success_and_cookie_flags(void **state)
{
    struct browser b;
    struct page p;
    browser_init(&b);
    p = browser_login(&b, "company", DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/account");
    assert_non_null(strcasestr(p.headers, "Set-Cookie: tj_session="));
    const char *c = strcasestr(p.headers, "Set-Cookie: tj_session=");
    char line[256];
    snprintf(line, sizeof line, "%.*s", (int)strcspn(c, "\r\n"), c);
    assert_non_null(strstr(line, "HttpOnly"));
    assert_non_null(strstr(line, "SameSite=Lax"));
    assert_null(strstr(line, "Max-Age")); /* not "remember me": a browser-session cookie */
    page_free(&p);
    p = browser_get(&b, "/account");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "张经理"));
    assert_true(contains(&p, "天津示范电梯使用有限公司"));
    page_free(&p);
    /* "Remember me": a persistent cookie and a session that lives 30 days. */
    {
        struct browser rb;
        struct page rp;
        browser_init(&rb);
        rp = browser_get(&rb, "/login");
        page_free(&rp);
        browser_captcha(&rb);
        char rbody[160];
        snprintf(rbody, sizeof rbody, "login=company&password=Tejian%%232026&remember=1&captcha=%s", rb.captcha);
        rp = browser_post(&rb, "/login", rbody, 0);
        assert_int_equal(rp.status, 303);
        assert_non_null(strcasestr(rp.headers, "Max-Age=2592000"));
        page_free(&rp);
        char rtoken[80];
        browser_cookie(&rb, "tj_session", rtoken, sizeof rtoken);
        char *days = sql_value("SELECT remember::text || '|' || round(extract(epoch FROM expires_at - created_at) / 86400)"
                               " FROM session WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')", rtoken);
        assert_string_equal(days, "true|30");
        free(days);
        browser_free(&rb);
    }
    /* Only the token's hash is stored. */
    char token[80];
    browser_cookie(&b, "tj_session", token, sizeof token);
    assert_int_equal(strlen(token), 64);
    char *n = sql_value("SELECT count(*) FROM session WHERE token_hash = $1", token);
    assert_string_equal(n, "0");
    free(n);
    browser_free(&b);
}

static void test_wrong_captcha(void **state)
{
    struct browser b;
    struct page p;
    browser_init(&b);
    p = browser_get(&b, "/login");
    page_free(&p);
    browser_captcha(&b);
    p = browser_post(&b, "/login", "login=company&password=Tejian%232026&captcha=WRONG", 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "验证码错误或已过期"));
    assert_true(contains(&p, "value=\"company\"")); /* what was typed is kept */
    page_free(&p);
    /* The captcha is single use: the right answer after a wrong one fails too. */
    char body[128];
    snprintf(body, sizeof body, "login=company&password=Tejian%%232026&captcha=%s", b.captcha);
    p = browser_post(&b, "/login", body, 0);
    assert_true(contains(&p, "验证码错误或已过期"));
    page_free(&p);
    char *failed = sql_value("SELECT failed_logins FROM account WHERE login = 'company'", NULL);
    assert_string_equal(failed, "0");
    free(failed);
    browser_free(&b);
}

static void test_lockout_and_sms_reset(void **state)
{
    struct browser b;
    struct page p;
    char mobile[12], code[7], body[512];

    char login[40];
    fresh_mobile(mobile, 1);
    snprintf(login, sizeof login, "lock%s", run_id());
    /* An account to lock: the demo password's hash, copied from a demo account. */
    char *hash = sql_value("SELECT password_hash FROM account WHERE login = 'visitor'", NULL);
    const char *v[3] = {hash, mobile, login};
    PQclear(PQexecParams(db, "INSERT INTO account (login, password_hash, name, mobile, roles) VALUES ($3, $1, '锁定测试', $2, '{ent_basic}')",
                         3, NULL, v, NULL, NULL, 0));
    free(hash);

    browser_init(&b);
    for (int i = 1; i <= 5; i++) {
        p = browser_login(&b, login, "Wrong#pass1");
        assert_int_equal(p.status, 200);
        if (i < 5) {
            snprintf(body, sizeof body, "还可尝试 %d 次", 5 - i);
            assert_true(contains(&p, body));
        } else {
            assert_true(contains(&p, "账号已冻结"));
        }
        page_free(&p);
    }
    /* Frozen: even the right password is refused. */
    p = browser_login(&b, login, DEMO_PASSWORD);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "账号已冻结"));
    page_free(&p);
    char *audit = sql_value("SELECT count(*) FROM audit_log a JOIN account u ON u.id::text = a.entity_id"
                            " WHERE u.login = $1 AND a.action = 'account.freeze'", login);
    assert_string_equal(audit, "1");
    free(audit);

    /* An unknown name answers the same way (a fresh one: failures are counted by name). */
    char unknown[48];
    snprintf(unknown, sizeof unknown, "nobody%s", run_id());
    p = browser_login(&b, unknown, "Wrong#pass1");
    assert_true(contains(&p, "用户名或密码错误，还可尝试"));
    page_free(&p);

    /* Reset by SMS: code to the registered mobile, new password, unfrozen. */
    p = browser_get(&b, "/password/reset");
    page_free(&p);
    snprintf(body, sizeof body, "login=%s&mobile=%s", login, mobile);
    p = browser_post(&b, "/password/reset/send", body, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "验证码已发送"));
    page_free(&p);
    sms_code(mobile, code);
    snprintf(body, sizeof body, "login=%s&mobile=%s&code=000000&new_password=New%%23Pass2026&new_password2=New%%23Pass2026", login, mobile);
    if (strcmp(code, "000000") != 0) {
        p = browser_post(&b, "/password/reset", body, 0);
        assert_true(contains(&p, "验证码错误或已过期"));
        page_free(&p);
    }
    snprintf(body, sizeof body, "login=%s&mobile=%s&code=%s&new_password=New%%23Pass2026&new_password2=New%%23Pass2026", login, mobile, code);
    p = browser_post(&b, "/password/reset", body, 0);
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/login?msg=password_reset");
    page_free(&p);
    p = browser_login(&b, login, "New#Pass2026");
    assert_int_equal(p.status, 303);
    page_free(&p);
    /* The code was single use. (Reload the form first: login rotated the CSRF token.) */
    p = browser_get(&b, "/password/reset");
    page_free(&p);
    p = browser_post(&b, "/password/reset", body, 0);
    assert_true(contains(&p, "验证码错误或已过期"));
    page_free(&p);
    browser_free(&b);
}

static void test_csrf_missing_changes_nothing(void **state)
{
    struct browser b;
    struct page p;
    browser_init(&b);
    p = browser_login(&b, "company", DEMO_PASSWORD);
    page_free(&p);
    p = browser_post(&b, "/account/profile", "name=HACKED&mobile=13900000000", 1);
    assert_int_equal(p.status, 403);
    page_free(&p);
    char *name = sql_value("SELECT name FROM account WHERE login = 'company'", NULL);
    assert_string_equal(name, "张经理");
    free(name);
    browser_free(&b);
}

static void test_session_idle_expiry(void **state)
{
    struct browser b;
    struct page p;
    char token[80];
    browser_init(&b);
    p = browser_login(&b, "company", DEMO_PASSWORD);
    page_free(&p);
    browser_cookie(&b, "tj_session", token, sizeof token);
    p = browser_get(&b, "/account");
    assert_int_equal(p.status, 200);
    page_free(&p);
    /* 31 idle minutes later (moved in the database): back to the login page. */
    char *ignored = sql_value("UPDATE session SET last_seen = now() - interval '31 minutes'"
                              " WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') RETURNING 1", token);
    assert_non_null(ignored);
    free(ignored);
    p = browser_get(&b, "/account");
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/login?next=%2Faccount");
    page_free(&p);
    browser_free(&b);
}

static void test_password_change_kills_other_sessions(void **state)
{
    struct browser a, b;
    struct page p;
    char body[256];

    char login[40];
    snprintf(login, sizeof login, "pw%s", run_id());
    char *hash = sql_value("SELECT password_hash FROM account WHERE login = 'visitor'", NULL);
    const char *v[2] = {hash, login};
    PQclear(PQexecParams(db, "INSERT INTO account (login, password_hash, name, mobile, roles) VALUES ($2, $1, '改密测试', '13700000001', '{ent_basic}')",
                         2, NULL, v, NULL, NULL, 0));
    free(hash);
    browser_init(&a);
    browser_init(&b);
    p = browser_login(&a, login, DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_login(&b, login, DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&a, "/account/password");
    page_free(&p);
    snprintf(body, sizeof body, "old_password=Tejian%%232026&new_password=weak&new_password2=weak");
    p = browser_post(&a, "/account/password", body, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "至少 8 位") || contains(&p, "密码"));
    page_free(&p);
    snprintf(body, sizeof body, "old_password=Tejian%%232026&new_password=Changed%%2399x&new_password2=Changed%%2399x");
    p = browser_post(&a, "/account/password", body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&a, "/account");
    assert_int_equal(p.status, 200); /* the session that changed it stays */
    page_free(&p);
    p = browser_get(&b, "/account");
    assert_int_equal(p.status, 303); /* the other one is gone */
    page_free(&p);
    browser_free(&a);
    browser_free(&b);
}

/* ---- registration --------------------------------------------------------------------- */

static const char PDF[] = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
static const unsigned char PNG[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                    0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde};

static void agree(struct browser *b, char *agreed, size_t cap)
{
    struct page p = browser_get(b, "/register");
    const char *m = strstr(p.body, "name=\"shown_at\" value=\"");
    char body[128];
    long shown;
    assert_non_null(m);
    shown = atol(m + 23);
    page_free(&p);
    /* Too early: refused. */
    snprintf(body, sizeof body, "shown_at=%ld&agree=1", shown);
    p = browser_post(b, "/register/type", body, 0);
    assert_true(contains(&p, "至少 10 秒"));
    page_free(&p);
    /* The agreement was shown 11 seconds ago (the clock is the server's). */
    snprintf(body, sizeof body, "shown_at=%ld&agree=1", shown - 11);
    p = browser_post(b, "/register/type", body, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "认证账号"));
    m = strstr(p.body, "name=\"agreed\" value=\"");
    assert_non_null(m);
    snprintf(agreed, cap, "%.*s", (int)strcspn(m + 21, "\""), m + 21);
    page_free(&p);
}

static void test_register_basic(void **state)
{
    struct browser b;
    struct page p;
    char agreed[32], mobile[12], code[7], body[512], login[32];

    fresh_mobile(mobile, 2);
    snprintf(login, sizeof login, "basic%s", run_id());
    browser_init(&b);
    agree(&b, agreed, sizeof agreed);
    snprintf(body, sizeof body, "/register/form?type=basic&agreed=%s", agreed);
    p = browser_get(&b, body);
    assert_int_equal(p.status, 200);
    page_free(&p);
    snprintf(body, sizeof body, "mobile=%s&type=basic&agreed=%s", mobile, agreed);
    p = browser_post(&b, "/register/sms", body, 0);
    assert_true(contains(&p, "验证码已发送"));
    page_free(&p);
    sms_code(mobile, code);
    const char *bad[] = {"type", "basic", "agreed", agreed, "name", "王五", "mobile", mobile,
                         "sms_code", code, "login", "1bad", "password", "short", "password2", "x", NULL};
    p = browser_post_multipart(&b, "/register", bad, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "has-error"));
    assert_true(contains(&p, "value=\"王五\"")); /* typed values kept */
    page_free(&p);
    const char *good[] = {"type", "basic", "agreed", agreed, "name", "王五", "mobile", mobile,
                          "sms_code", code, "login", login, "password", "Basic#2026x", "password2", "Basic#2026x", NULL};
    p = browser_post_multipart(&b, "/register", good, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0);
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/register/done?type=basic");
    page_free(&p);
    p = browser_login(&b, login, "Basic#2026x");
    assert_int_equal(p.status, 303); /* active at once */
    page_free(&p);
    browser_free(&b);
}

static void register_certified(struct browser *b, const char *credit, const char *org, const char *login,
                               const char *mobile, struct page *out)
{
    char agreed[32], code[7], body[256];
    agree(b, agreed, sizeof agreed);
    snprintf(body, sizeof body, "/register/form?type=certified&agreed=%s", agreed);
    struct page p = browser_get(b, body);
    page_free(&p);
    snprintf(body, sizeof body, "mobile=%s&type=certified&agreed=%s", mobile, agreed);
    p = browser_post(b, "/register/sms", body, 0);
    page_free(&p);
    sms_code(mobile, code);
    const char *f[] = {"type", "certified", "agreed", agreed, "unit_types", "use", "unit_types", "construction",
                       "unit_types", "manufacture", "unit_types", "maintenance", "unit_types", "supervision",
                       "credit_code", credit,
                       "org_name", org, "province", "天津市", "address", "和平区南京路 1 号",
                       "legal_rep", "赵六", "industry", "制造业", "name", "钱七", "mobile", mobile,
                       "sms_code", code, "login", login, "password", "Cert#2026x", "password2", "Cert#2026x", NULL};
    *out = browser_post_multipart(b, "/register", f, "application", "申请书.pdf", PDF, sizeof PDF - 1,
                                  "licence", "licence.png", PNG, sizeof PNG);
}

static void test_register_certified_review(void **state)
{
    struct browser b, admin;
    struct page p;
    char mobile[12], mobile2[12], login[32], login2[32], path[128], body[256];
    char credit[19];
    fresh_credit_code(credit, 0);
    fresh_mobile(mobile, 3);
    fresh_mobile(mobile2, 4);
    snprintf(login, sizeof login, "cert%s", run_id());
    snprintf(login2, sizeof login2, "dup%s", run_id());

    browser_init(&b);
    register_certified(&b, credit, "天津测试起重设备有限公司", login, mobile, &p);
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/register/done?type=certified");
    page_free(&p);
    /* Pending: login says so. */
    p = browser_login(&b, login, "Cert#2026x");
    assert_true(contains(&p, "正在审核中"));
    page_free(&p);
    /* A second registration with the same credit code is refused clearly. */
    register_certified(&b, credit, "天津测试起重设备有限公司", login2, mobile2, &p);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "已提交注册，正在审核中"));
    page_free(&p);

    /* The reviewer sees it, downloads its documents and approves. */
    char *org_id = sql_value("SELECT id FROM org WHERE credit_code = $1 AND state = 'pending'", credit);
    assert_non_null(org_id);
    /* All five ticked unit types are kept. */
    char *types = sql_value("SELECT array_to_string(unit_types, ',') FROM org WHERE id = $1::bigint", org_id);
    assert_string_equal(types, "use,construction,manufacture,maintenance,supervision");
    free(types);
    browser_init(&admin);
    p = browser_login(&admin, "accept", DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&admin, "/review/registrations");
    assert_true(contains(&p, "天津测试起重设备有限公司"));
    page_free(&p);
    snprintf(path, sizeof path, "/review/registrations/%s", org_id);
    p = browser_get(&admin, path);
    assert_int_equal(p.status, 200);
    const char *doc = strstr(p.body, "/documents/");
    assert_non_null(doc);
    char docpath[160];
    snprintf(docpath, sizeof docpath, "%s/documents/%ld", path, atol(doc + 11));
    const char *ver = strstr(p.body, "name=\"version\" value=\"");
    char version[16];
    snprintf(version, sizeof version, "%.*s", (int)strcspn(ver + 22, "\""), ver + 22);
    page_free(&p);
    p = browser_get(&admin, docpath);
    assert_int_equal(p.status, 200);
    assert_int_equal(p.len, sizeof PDF - 1);
    assert_memory_equal(p.body, PDF, sizeof PDF - 1);
    assert_non_null(strcasestr(p.headers, "Content-Disposition: attachment"));
    page_free(&p);
    /* Rejecting needs a reason. */
    snprintf(path, sizeof path, "/review/registrations/%s/decide", org_id);
    snprintf(body, sizeof body, "action=reject&reason=&version=%s", version);
    p = browser_post(&admin, path, body, 0);
    assert_true(contains(&p, "必须写明原因"));
    page_free(&p);
    snprintf(body, sizeof body, "action=approve&version=%s", version);
    p = browser_post(&admin, path, body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    /* A second decision on the same version is stale: 409, nothing changes. */
    p = browser_post(&admin, path, body, 0);
    assert_int_equal(p.status, 409);
    page_free(&p);
    char *sms = sql_value("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1", mobile);
    assert_non_null(strstr(sms, "审核通过"));
    free(sms);
    char *hist = sql_value("SELECT count(*) FROM workflow_event WHERE kind = 'registration' AND entity_id = $1::bigint", org_id);
    assert_string_equal(hist, "2"); /* submit, approve */
    free(hist);
    p = browser_login(&b, login, "Cert#2026x");
    assert_int_equal(p.status, 303);
    page_free(&p);
    free(org_id);
    browser_free(&admin);
    browser_free(&b);
}

#define NCOLS 12
static const char *const ROLES[NCOLS] = {NULL, "admin", "accept", "inspector", "approver", "cashier",
                                         "bureau", "company", "company_sub", "visitor", "maint", NULL};
static char other_login[40]; /* main account of a second certified unit, made by ensure_other() */

/* A second certified unit with its main account (demo password), once per run. */
static void ensure_other(void)
{
    char code[19], name[64];
    if (other_login[0])
        return;
    fresh_credit_code(code, 1); /* differs from the registration test's code */
    snprintf(other_login, sizeof other_login, "other%s", run_id());
    snprintf(name, sizeof name, "另一测试单位%s", run_id());
    const char *v[3] = {code, name, other_login};
    PGresult *res = PQexecParams(db,
        "WITH o AS (INSERT INTO org (kind, name, credit_code, unit_types, certified, state)"
        " VALUES ('enterprise', $2, $1, '{use}', true, 'active') RETURNING id)"
        " INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
        " SELECT o.id, $3, a.password_hash, '其他单位主账号', '13700000009', '{ent_main}'"
        " FROM o, account a WHERE a.login = 'visitor'",
        3, NULL, v, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("other unit: %s", PQerrorMessage(db));
    PQclear(res);
}

/* ---- sub-accounts, unit information, administrators ------------------------------------ */

/* The newest SMS to mobile must carry a password: returns it (static buffer). */
static const char *sms_password(const char *mobile)
{
    static char pw[16];
    char *body = sql_value("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1", mobile);
    const char *p = body ? strstr(body, "密码 ") : NULL;
    assert_non_null(p);
    p += strlen("密码 ");
    snprintf(pw, sizeof pw, "%.*s", (int)strcspn(p, "。"), p);
    free(body);
    return pw;
}

static void test_subaccounts(void **state)
{
    struct browser main_b, sub, other;
    struct page p;
    char mobile[12], login[40], body[512], path[96], pw[16];

    fresh_mobile(mobile, 5);
    snprintf(login, sizeof login, "sub%s", run_id());
    browser_init(&main_b);
    p = browser_login(&main_b, "company", DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&main_b, "/account/subaccounts");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "设备员陈静"));
    page_free(&p);
    /* Errors are shown per field with the input kept. */
    snprintf(body, sizeof body, "name=%%E5%%B0%%8F%%E5%%BC%%A0&mobile=123&login=%s", login);
    p = browser_post(&main_b, "/account/subaccounts", body, 0);
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "请至少选择一种可办理的业务类型"));
    assert_true(contains(&p, "手机号码应为 11 位数字"));
    page_free(&p);
    snprintf(body, sizeof body, "name=%%E5%%B0%%8F%%E5%%BC%%A0&mobile=%s&login=%s&task_types=periodic&task_types=bogus", mobile, login);
    p = browser_post(&main_b, "/account/subaccounts", body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *types = sql_value("SELECT array_to_string(task_types, ',') || '|' || must_change_password::text FROM account WHERE login = $1", login);
    assert_string_equal(types, "periodic|true"); /* unknown types dropped; first login must change */
    free(types);

    /* The sub-account signs in with the SMS password and must change it first. */
    snprintf(pw, sizeof pw, "%s", sms_password(mobile));
    browser_init(&sub);
    p = browser_login(&sub, login, pw);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&sub, "/account");
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/account/password?first=1");
    page_free(&p);
    p = browser_get(&sub, "/account/password?first=1");
    assert_true(contains(&p, "请先设置您自己的密码"));
    page_free(&p);
    char *epw = url_escape(pw);
    snprintf(body, sizeof body, "old_password=%s&new_password=Sub%%23Own2026&new_password2=Sub%%23Own2026", epw);
    free(epw);
    p = browser_post(&sub, "/account/password", body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&sub, "/account");
    assert_int_equal(p.status, 200);
    page_free(&p);
    /* A sub-account cannot manage sub-accounts. */
    p = browser_get(&sub, "/account/subaccounts");
    assert_int_equal(p.status, 403);
    page_free(&p);

    /* Another unit's main account cannot see, edit or disable it. */
    char *id = sql_value("SELECT id FROM account WHERE login = $1", login);
    ensure_other();
    browser_init(&other);
    p = browser_login(&other, other_login, DEMO_PASSWORD);
    page_free(&p);
    snprintf(path, sizeof path, "/account/subaccounts/%s", id);
    p = browser_get(&other, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = browser_get(&other, "/account/subaccounts");
    assert_false(contains(&p, login));
    page_free(&p);
    snprintf(path, sizeof path, "/account/subaccounts/%s/disable", id);
    p = browser_post(&other, path, "", 0);
    assert_int_equal(p.status, 404);
    page_free(&p);

    /* The main account disables it: its session ends and it cannot sign in. */
    p = browser_get(&main_b, "/account/subaccounts");
    page_free(&p);
    p = browser_post(&main_b, path, "", 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&sub, "/account");
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_login(&sub, login, "Sub#Own2026");
    assert_true(contains(&p, "账号已停用"));
    page_free(&p);
    /* Enabled again and reset: a new SMS password, changed at first login. */
    snprintf(path, sizeof path, "/account/subaccounts/%s/enable", id);
    p = browser_post(&main_b, path, "", 0);
    page_free(&p);
    snprintf(path, sizeof path, "/account/subaccounts/%s/reset", id);
    p = browser_post(&main_b, path, "", 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *pw2 = strdup(sms_password(mobile));
    assert_string_not_equal(pw2, pw);
    p = browser_login(&sub, login, pw2);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&sub, "/account");
    assert_string_equal(p.location, "/account/password?first=1");
    page_free(&p);
    char *audits = sql_value("SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity_kind = 'account' AND entity_id = $1", id);
    assert_non_null(strstr(audits, "subaccount.create"));
    assert_non_null(strstr(audits, "subaccount.disable"));
    assert_non_null(strstr(audits, "subaccount.reset"));
    free(audits);
    free(pw2);
    free(id);
    browser_free(&main_b);
    browser_free(&sub);
    browser_free(&other);
}

static void test_org_change_review(void **state)
{
    struct browser m, rev;
    struct page p;
    char body[512], *old_name = sql_value("SELECT name FROM org WHERE credit_code = '91120101MA05T8XK1L'", NULL);

    ensure_other();
    browser_init(&m);
    p = browser_login(&m, other_login, DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&m, "/account/org");
    assert_int_equal(p.status, 200);
    page_free(&p);
    char *code = sql_value("SELECT o.credit_code FROM org o JOIN account a ON a.org_id = o.id WHERE a.login = $1", other_login);
    /* Address changes at once; a new name waits for review. */
    snprintf(body, sizeof body, "name=%%E6%%9B%%B4%%E5%%90%%8D%%E5%%90%%8E%%E5%%8D%%95%%E4%%BD%%8D%s&credit_code=%s&unit_types=use&unit_types=maintenance"
             "&province=%%E5%%A4%%A9%%E6%%B4%%A5%%E5%%B8%%82&address=NEWADDR&legal_rep=L&industry=I", run_id(), code);
    p = browser_post(&m, "/account/org", body, 0);
    assert_int_equal(p.status, 303);
    assert_string_equal(p.location, "/account/org?msg=filed");
    page_free(&p);
    char *row = sql_value("SELECT o.address || '|' || array_to_string(o.unit_types, ',') || '|' || (o.name LIKE '另一测试单位%')::text"
                          " FROM org o WHERE credit_code = $1", code);
    assert_string_equal(row, "NEWADDR|use,maintenance|true"); /* the name is still the approved one */
    free(row);
    /* A second change while one is open is refused. */
    p = browser_get(&m, "/account/org");
    page_free(&p);
    p = browser_post(&m, "/account/org", body, 0);
    assert_true(contains(&p, "正在审核中"));
    page_free(&p);
    /* Taking another unit's credit code is refused. */
    char body2[512];
    snprintf(body2, sizeof body2, "name=X%s&credit_code=91120101MA05T8XK1L&unit_types=use&province=P&address=A&legal_rep=L&industry=I", run_id());
    p = browser_post(&m, "/account/org", body2, 0);
    assert_true(contains(&p, "已属于其他已注册单位") || contains(&p, "正在审核中"));
    page_free(&p);

    browser_init(&rev);
    p = browser_login(&rev, "accept", DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&rev, "/review/org-changes");
    assert_true(contains(&p, "更名后单位"));
    page_free(&p);
    char *change = sql_value("SELECT c.id || '|' || c.version FROM org_change c JOIN org o ON o.id = c.org_id WHERE o.credit_code = $1 AND c.state = 'submitted'", code);
    char cid[24], ver[8], path[96];
    sscanf(change, "%23[^|]|%7s", cid, ver);
    snprintf(path, sizeof path, "/review/org-changes/%s/decide", cid);
    snprintf(body, sizeof body, "action=approve&version=%s", ver);
    p = browser_post(&rev, path, body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_post(&rev, path, body, 0);
    assert_int_equal(p.status, 409); /* stale: decided already */
    page_free(&p);
    row = sql_value("SELECT name FROM org WHERE credit_code = $1", code);
    assert_non_null(strstr(row, "更名后单位"));
    free(row);
    char *demo = sql_value("SELECT name FROM org WHERE credit_code = '91120101MA05T8XK1L'", NULL);
    assert_string_equal(demo, old_name); /* nobody else's unit changed */
    free(demo);
    free(old_name);
    free(change);
    free(code);
    browser_free(&m);
    browser_free(&rev);
}

static void test_admin_disable(void **state)
{
    struct browser a, u;
    struct page p;
    char login[40], path[96];

    snprintf(login, sizeof login, "dis%s", run_id());
    char *hash = sql_value("SELECT password_hash FROM account WHERE login = 'visitor'", NULL);
    const char *v[2] = {hash, login};
    PQclear(PQexecParams(db, "INSERT INTO account (login, password_hash, name, roles) VALUES ($2, $1, '停用测试', '{ent_basic}')",
                         2, NULL, v, NULL, NULL, 0));
    free(hash);
    char *id = sql_value("SELECT id FROM account WHERE login = $1", login);
    browser_init(&u);
    p = browser_login(&u, login, DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    page_free(&p);
    browser_init(&a);
    p = browser_login(&a, "admin", DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&a, "/admin/users?q=dis");
    assert_true(contains(&p, login));
    page_free(&p);
    snprintf(path, sizeof path, "/admin/users/%s/disable", id);
    p = browser_post(&a, path, "", 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_get(&u, "/account");
    assert_int_equal(p.status, 303); /* its session is gone */
    page_free(&p);
    snprintf(path, sizeof path, "/admin/users/%s/enable", id);
    p = browser_get(&a, "/admin/users");
    page_free(&p);
    p = browser_post(&a, path, "", 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    p = browser_login(&u, login, DEMO_PASSWORD);
    assert_int_equal(p.status, 303);
    page_free(&p);
    free(id);
    browser_free(&a);
    browser_free(&u);
}

/* ---- equipment visibility: main account, sub-account, non-certified ------------------- */

/* Ids listed on an /equipment page (from the <code> registration codes' rows). */
/* Device rows of a list page (and of the non-certified lookup's table). */
static int count_rows(const struct page *p)
{
    int n = 0;
    for (const char *s = p->body; (s = strstr(s, "<td data-label=\"注册代码\">")) != NULL; s += 10)
        n++;
    for (const char *s = p->body; (s = strstr(s, "<tr><td><code>")) != NULL; s += 14)
        n++;
    return n;
}

static void test_equipment_scoping(void **state)
{
    struct browser m, sub, basic, other;
    struct page p;
    char path[160];

    browser_init(&m);
    p = browser_login(&m, "company", DEMO_PASSWORD);
    page_free(&p);
    /* The main account pages through exactly its unit's devices. */
    char *total = sql_value("SELECT count(*) FROM equipment e JOIN org o ON o.id IN (e.use_org_id, e.construction_org_id, e.manufacture_org_id)"
                            " WHERE o.credit_code = '91120101MA05T8XK1L'", NULL);
    int seen = 0, pages = 0;
    snprintf(path, sizeof path, "/equipment");
    for (;;) {
        p = browser_get(&m, path);
        assert_int_equal(p.status, 200);
        seen += count_rows(&p);
        pages++;
        int more = page_link(&p, "下一页", path, sizeof path);
        page_free(&p);
        if (!more)
            break;
        assert_true(pages < 100);
    }
    assert_int_equal(seen, atoi(total));
    free(total);
    /* Nobody else's device appears: a code of another unit's device is not on the pages. */
    char *foreign = sql_value("SELECT reg_code FROM equipment e JOIN org o ON o.id = e.use_org_id"
                              " WHERE o.credit_code <> '91120101MA05T8XK1L' AND reg_code IS NOT NULL ORDER BY e.id LIMIT 1", NULL);
    p = browser_get(&m, "/equipment");
    assert_false(contains(&p, foreign));
    page_free(&p);

    /* The sub-account sees exactly its assigned devices. */
    char *assigned = sql_value("SELECT count(*) FROM account_equipment ae JOIN account a ON a.id = ae.account_id WHERE a.login = 'company_sub'", NULL);
    browser_init(&sub);
    p = browser_login(&sub, "company_sub", DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&sub, "/equipment");
    assert_int_equal(count_rows(&p), atoi(assigned) > 20 ? 20 : atoi(assigned));
    page_free(&p);

    /* The main account assigns one more device; the sub-account then sees it. */
    char *sub_id = sql_value("SELECT id FROM account WHERE login = 'company_sub'", NULL);
    char *extra = sql_value("SELECT e.id || '|' || e.reg_code FROM equipment e JOIN org o ON o.id = e.use_org_id"
                            " WHERE o.credit_code = '91120101MA05T8XK1L' AND e.reg_code IS NOT NULL AND NOT EXISTS"
                            " (SELECT 1 FROM account_equipment ae JOIN account a ON a.id = ae.account_id"
                            "  WHERE a.login = 'company_sub' AND ae.equipment_id = e.id) ORDER BY e.id LIMIT 1", NULL);
    char eid[24], ecode[24], body[128];
    sscanf(extra, "%23[^|]|%23s", eid, ecode);
    snprintf(path, sizeof path, "/account/subaccounts/%s/equipment", sub_id);
    p = browser_get(&m, path);
    assert_int_equal(p.status, 200);
    page_free(&p);
    snprintf(body, sizeof body, "shown=%s&device=%s", eid, eid);
    p = browser_post(&m, path, body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    char *held = sql_value("SELECT count(*) FROM account_equipment ae JOIN account a ON a.id = ae.account_id WHERE a.login = 'company_sub' AND ae.equipment_id = $1::bigint", eid);
    assert_string_equal(held, "1");
    free(held);
    /* Unticked on the same page: taken away again. */
    snprintf(body, sizeof body, "shown=%s", eid);
    p = browser_post(&m, path, body, 0);
    assert_int_equal(p.status, 303);
    page_free(&p);
    held = sql_value("SELECT count(*) FROM account_equipment ae JOIN account a ON a.id = ae.account_id WHERE a.login = 'company_sub' AND ae.equipment_id = $1::bigint", eid);
    assert_string_equal(held, "0");
    free(held);
    /* A foreign device id slipped into the form is ignored. */
    /* (One nobody holds yet: other suites' fixtures may assign theirs in this database.) */
    char *fid = sql_value("SELECT e.id FROM equipment e JOIN org o ON o.id = e.use_org_id WHERE o.credit_code <> '91120101MA05T8XK1L'"
                          " AND NOT EXISTS (SELECT 1 FROM account_equipment ae WHERE ae.equipment_id = e.id) LIMIT 1", NULL);
    snprintf(body, sizeof body, "shown=%s&device=%s", fid, fid);
    p = browser_post(&m, path, body, 0);
    page_free(&p);
    held = sql_value("SELECT count(*) FROM account_equipment WHERE equipment_id = $1::bigint", fid);
    assert_string_equal(held, "0");
    free(held);

    /* Another unit's main account cannot open or change this sub-account's devices. */
    ensure_other();
    browser_init(&other);
    p = browser_login(&other, other_login, DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&other, path);
    assert_int_equal(p.status, 404);
    page_free(&p);

    /* A non-certified account finds a device only by its exact code. */
    browser_init(&basic);
    p = browser_login(&basic, "visitor", DEMO_PASSWORD);
    page_free(&p);
    p = browser_get(&basic, "/equipment");
    assert_int_equal(count_rows(&p), 0);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment?code=%s", ecode);
    p = browser_get(&basic, path);
    assert_int_equal(count_rows(&p), 1);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment?code=%.10s", ecode);
    p = browser_get(&basic, path);
    assert_int_equal(count_rows(&p), 0); /* a prefix finds nothing */
    assert_true(contains(&p, "没有找到"));
    page_free(&p);

    free(fid);
    free(extra);
    free(sub_id);
    free(assigned);
    free(foreign);
    browser_free(&m);
    browser_free(&sub);
    browser_free(&basic);
    browser_free(&other);
}

/* ---- authorization matrix ------------------------------------------------------------- */

/* Expected access per route: for each of anonymous, the demo roles and the main account
 * of another unit ("other"), 'y' allowed or 'n' denied. Columns: anon admin accept
 * inspector approver cashier bureau company company_sub visitor maint other. Every route in the
 * table must appear here. Routes with ids are called with the demo company's own ids, so
 * "other" must be refused them (404 counts as refused for that column). */
static const struct {
    const char *route;
    const char *expect;
} MATRIX[] = {
    {"GET /", "yyyyyyyyyyyy"},
    {"GET /healthz", "yyyyyyyyyyyy"},
    {"GET /login", "yyyyyyyyyyyy"},
    {"POST /login", "yyyyyyyyyyyy"},
    {"GET /captcha", "yyyyyyyyyyyy"},
    {"POST /logout", "yyyyyyyyyyyy"},
    {"GET /password/reset", "yyyyyyyyyyyy"},
    {"POST /password/reset/send", "yyyyyyyyyyyy"},
    {"POST /password/reset", "yyyyyyyyyyyy"},
    {"GET /account", "nyyyyyyyyyyy"},
    {"POST /account/profile", "nyyyyyyyyyyy"},
    {"GET /account/password", "nyyyyyyyyyyy"},
    {"POST /account/password", "nyyyyyyyyyyy"},
    {"GET /register", "yyyyyyyyyyyy"},
    {"POST /register/type", "yyyyyyyyyyyy"},
    {"GET /register/form", "yyyyyyyyyyyy"},
    {"POST /register", "yyyyyyyyyyyy"},
    {"POST /register/sms", "yyyyyyyyyyyy"},
    {"GET /register/done", "yyyyyyyyyyyy"},
    {"GET /review/registrations", "nyynnnnnnnnn"},
    {"GET /review/registrations/:id", "nyynnnnnnnnn"},
    {"GET /review/registrations/:id/documents/:doc", "nyynnnnnnnnn"},
    {"POST /review/registrations/:id/decide", "nyynnnnnnnnn"},
    {"GET /admin/users", "nynnnnnnnnnn"},
    {"POST /admin/users/:id/freeze", "nynnnnnnnnnn"},
    {"POST /admin/users/:id/unfreeze", "nynnnnnnnnnn"},
    {"GET /admin/audit", "nynnnnnnnnnn"},
    {"GET /admin/outbox", "nynnnnnnnnnn"},
    {"GET /account/org", "nnnnnnnynnyy"},
    {"POST /account/org", "nnnnnnnynnyy"},
    {"GET /account/subaccounts", "nnnnnnnynnyy"},
    {"POST /account/subaccounts", "nnnnnnnynnyy"},
    {"GET /account/subaccounts/:id", "nnnnnnnynnyn"},
    {"POST /account/subaccounts/:id", "nnnnnnnynnyn"},
    {"POST /account/subaccounts/:id/disable", "nnnnnnnynnyn"},
    {"POST /account/subaccounts/:id/enable", "nnnnnnnynnyn"},
    {"POST /account/subaccounts/:id/reset", "nnnnnnnynnyn"},
    {"GET /equipment", "nnnnnnyyyyyy"},
    {"GET /equipment/overview", "nnnnnnyyyyyy"},
    {"GET /equipment/export", "nnnnnnyyynyy"},
    {"GET /equipment/:id", "nnnnnnyyyyyn"},
    {"GET /account/subaccounts/:id/equipment", "nnnnnnnynnyn"},
    {"POST /account/subaccounts/:id/equipment", "nnnnnnnynnyn"},
    {"POST /admin/users/:id/disable", "nynnnnnnnnnn"},
    {"POST /admin/users/:id/enable", "nynnnnnnnnnn"},
    {"GET /review/org-changes", "nyynnnnnnnnn"},
    {"POST /review/org-changes/:id/decide", "nyynnnnnnnnn"},
    {"GET /equipment/changes", "nnnnnnnynnyy"},
    {"GET /equipment/changes/:id", "nnnnnnnynnyn"},
    {"GET /equipment/changes/:id/documents/:doc", "nnnnnnnynnyn"},
    {"GET /equipment/:id/change", "nnnnnnnynnyn"},
    {"POST /equipment/:id/change", "nnnnnnnynnyn"},
    {"GET /bureau/changes", "nnnnnnynnnnn"},
    {"GET /bureau/changes/:id", "nnnnnnynnnnn"},
    {"GET /bureau/changes/:id/documents/:doc", "nnnnnnynnnnn"},
    {"POST /bureau/changes/:id/decide", "nnnnnnynnnnn"},
    {"GET /inspection", "nnnnnnnyyyyy"},
    {"GET /inspection/commitment-letter.pdf", "nnnnnnnyyyyy"},
    {"POST /inspection", "nnnnnnnyyyyy"},
    {"GET /inspection/:id", "nnnnnnnyyyyn"},
    {"POST /inspection/:id", "nnnnnnnyyyyn"},
    {"GET /inspection/:id/edit", "nnnnnnnyyyyn"},
    {"POST /inspection/:id/autosave", "nnnnnnnyyyyn"},
    {"POST /inspection/:id/withdraw", "nnnnnnnyyyyn"},
    {"GET /inspection/:id/delete", "nnnnnnnyyyyn"},
    {"POST /inspection/:id/delete", "nnnnnnnyyyyn"},
    {"GET /inspection/:id/documents/:doc", "nnnnnnnyyyyn"},
    {"GET /agency/inspections", "nnyyynnnnnnn"},
    {"GET /agency/inspections/:id", "nnyyynnnnnnn"},
    {"GET /agency/inspections/:id/documents/:doc", "nnyyynnnnnnn"},
    {"POST /agency/inspections/:id/accept", "nnynynnnnnnn"},
    {"POST /agency/inspections/:id/return", "nnynynnnnnnn"},
    {"POST /agency/inspections/:id/assign", "nnynynnnnnnn"},
    {"POST /agency/inspections/:id/complete", "nnnyynnnnnnn"},
    {"GET /reports", "nnnnnnnyyyyy"},
    {"POST /reports/voucher", "nnnnnnnyyyyy"},
    {"GET /notices", "nnnnnnnyyyyy"},
    {"GET /documents/:id", "nnnnnnnyyyyn"},
    {"GET /notices/:id", "nnnnnnnyyyyn"},
    {"POST /notices/:id/files", "nnnnnnnyyyyn"},
    {"GET /notices/:id/files/:file", "nnnnnnnyyyyn"},
    {"POST /notices/:id/submit", "nnnnnnnyyyyn"},
    {"GET /agency/rectifications", "nnnyynnnnnnn"},
    {"GET /agency/rectifications/:id", "nnnyynnnnnnn"},
    {"GET /agency/rectifications/:id/files/:file", "nnnyynnnnnnn"},
    {"POST /agency/rectifications/:id/decide", "nnnyynnnnnnn"},
    {"GET /agency/documents", "nnnnynnnnnnn"},
    {"POST /agency/documents/:id/reissue", "nnnnynnnnnnn"},
    {"POST /agency/documents/:id/revoke", "nnnnynnnnnnn"},
    {"GET /agency/payments", "nnnnnynnnnnn"},
    {"POST /agency/payments/:id", "nnnnnynnnnnn"},
    {"GET /arrears", "nnnnnnnyynyy"},
    {"POST /arrears", "nnnnnnnyynyy"},
    {"GET /agency/arrears", "nnnnyynnnnnn"},
    {"POST /agency/arrears/:id/decide", "nnnnyynnnnnn"},
    {"GET /verify", "yyyyyyyyyyyy"},
    {"POST /verify", "yyyyyyyyyyyy"},
    {"GET /verify/:token", "yyyyyyyyyyyy"},
    /* Maintenance filings: the maintenance company ("maint") files, the bureau audits. */
    {"GET /maint/:kind", "nnnnnnnnnnyn"},
    {"POST /maint/:kind", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/new", "nnnnnnnnnnyn"},
    {"POST /maint/:kind/submit", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/archive", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/archive.xlsx", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/template.xlsx", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/import", "nnnnnnnnnnyn"},
    {"POST /maint/:kind/import", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/import/:token", "nnnnnnnnnnyn"},
    {"POST /maint/:kind/import/:token", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/:id", "nnnnnnnnnnyn"},
    {"POST /maint/:kind/:id", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/:id/edit", "nnnnnnnnnnyn"},
    {"GET /maint/:kind/:id/delete", "nnnnnnnnnnyn"},
    {"POST /maint/:kind/:id/delete", "nnnnnnnnnnyn"},
    {"GET /bureau/maint", "nnnnnnynnnnn"},
    {"GET /bureau/maint/:kind/archive", "nnnnnnynnnnn"},
    {"GET /bureau/maint/:kind/archive.xlsx", "nnnnnnynnnnn"},
    {"GET /bureau/maint/:id", "nnnnnnynnnnn"},
    {"POST /bureau/maint/:id/decide", "nnnnnnynnnnn"},
    {"GET /maint/:kind/:id/documents/:doc", "nnnnnnnnnnyn"},
    {"GET /bureau/maint/:id/documents/:doc", "nnnnnnynnnnn"},
    {"GET /bureau/maint/registrations", "nnnnnnynnnnn"},
    {"POST /bureau/maint/registrations/:id/decide", "nnnnnnynnnnn"},
};

/* The demo company's ids for a route's parameters (k-th ":x"), so that another unit is
 * refused what exists, not what is missing. */
static const char *matrix_param(const char *pattern, int k, const char *sub_id)
{
    static char *device, *change, *doc, *insp, *insp_doc, *notice_doc, *token, *unq_notice;
    if (!insp) {
        /* A submitted inspection application of the demo company with its commitment letter. */
        insp = sql_value("SELECT a.id || '/' || d.id FROM inspection_application a JOIN org o ON o.id = a.org_id"
                         " JOIN application_document d ON d.application_id = a.id"
                         " WHERE o.credit_code = '91120101MA05T8XK1L' AND a.state = 'submitted' ORDER BY a.id LIMIT 1", NULL);
        assert_non_null(insp); /* tejianctl seed --demo adds them */
        insp_doc = strchr(insp, '/');
        *insp_doc++ = '\0';
    }
    if (strncmp(pattern, "/inspection/", 12) == 0 || strncmp(pattern, "/agency/inspections/", 20) == 0)
        return k == 0 ? insp : insp_doc;
    if (!notice_doc) {
        /* The demo company's notice (never held back for the fee) and a document's token. */
        notice_doc = sql_value("SELECT d.id FROM document d JOIN inspection_report r ON r.id = d.report_id"
                               " JOIN application_item i ON i.id = r.item_id JOIN inspection_application a ON a.id = i.application_id"
                               " JOIN org o ON o.id = a.org_id WHERE o.credit_code = '91120101MA05T8XK1L' AND d.kind = 'notice'"
                               " AND d.state = 'issued' ORDER BY d.id LIMIT 1", NULL);
        token = sql_value("SELECT token FROM document ORDER BY id LIMIT 1", NULL);
        unq_notice = sql_value("SELECT n.id FROM inspection_notice n JOIN application_item i ON i.id = n.item_id"
                               " JOIN inspection_application a ON a.id = i.application_id JOIN org o ON o.id = a.org_id"
                               " WHERE o.credit_code = '91120101MA05T8XK1L' AND n.kind = 'unqualified' ORDER BY n.id LIMIT 1", NULL);
        assert_non_null(unq_notice);
        assert_non_null(notice_doc); /* tejianctl seed --demo completes inspections */
        assert_non_null(token);
    }
    if (strncmp(pattern, "/documents/", 11) == 0)
        return notice_doc;
    if (strncmp(pattern, "/notices/", 9) == 0)
        return k == 0 ? unq_notice : "1";
    if (strncmp(pattern, "/verify/", 8) == 0)
        return token;
    if (!device) {
        device = sql_value("SELECT e.id FROM equipment e JOIN org o ON o.id = e.use_org_id"
                           " WHERE o.credit_code = '91120101MA05T8XK1L' ORDER BY e.id LIMIT 1", NULL);
        change = sql_value("SELECT c.id || '/' || d.id FROM change_application c JOIN org o ON o.id = c.org_id"
                           " JOIN change_application_document d ON d.application_id = c.id"
                           " WHERE o.credit_code = '91120101MA05T8XK1L' AND c.district = '120101' ORDER BY c.id LIMIT 1", NULL);
        assert_non_null(device);
        assert_non_null(change); /* tejianctl seed --demo adds open applications */
        doc = strchr(change, '/');
        *doc++ = '\0';
    }
    if (strncmp(pattern, "/account/subaccounts/", 21) == 0)
        return sub_id;
    if (strncmp(pattern, "/maint/:kind", 12) == 0 || strncmp(pattern, "/bureau/maint/", 14) == 0) {
        static char *filing;
        if (!filing) /* a person filed by the demo maintenance company of 和平区 */
            filing = sql_value("SELECT f.id FROM maint_filing f JOIN org o ON o.id = f.org_id"
                               " WHERE o.credit_code = '91120101MA06MNT011' AND f.kind = 'person' ORDER BY f.id LIMIT 1", NULL);
        assert_non_null(filing);
        if (strstr(pattern, ":token"))
            return k == 0 ? "persons" : "0123456789abcdef0123456789abcdef";
        if (strstr(pattern, ":kind"))
            return k == 0 ? "persons" : filing;
        return filing;
    }
    if (strncmp(pattern, "/equipment/changes/", 19) == 0 || strncmp(pattern, "/bureau/changes/", 16) == 0)
        return k == 0 ? change : doc;
    if (strcmp(pattern, "/equipment/:id/change") == 0)
        return device;
    return "1";
}

static void test_authorization_matrix(void **state)
{
    struct browser b[NCOLS];
    struct page p;
    char routes[8192], line[256];
    size_t nroutes = 0;
    char *sub_id = sql_value("SELECT id FROM account WHERE login = 'company_sub'", NULL);

    ensure_other();

    /* 1. The expectations cover exactly the route table. */
    browser_init(&b[0]);
    p = browser_get(&b[0], "/_test/routes");
    assert_int_equal(p.status, 200);
    snprintf(routes, sizeof routes, "%s", p.body);
    page_free(&p);
    for (char *save = NULL, *l = strtok_r(routes, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        char method[8], pattern[200];
        int found = 0;
        if (sscanf(l, "%7s %199s", method, pattern) != 2)
            continue;
        snprintf(line, sizeof line, "%s %s", method, pattern);
        for (size_t i = 0; i < sizeof MATRIX / sizeof MATRIX[0]; i++)
            found |= strcmp(MATRIX[i].route, line) == 0;
        if (!found)
            fail_msg("route %s has no expectation in the authorization matrix", line);
        nroutes++;
    }
    assert_int_equal(nroutes, sizeof MATRIX / sizeof MATRIX[0]);

    /* 2. Every route as every role. POSTs go without a CSRF token: an allowed POST then
     * fails the CSRF check (403 "页面已过期"), a denied one fails the capability check
     * first, so nothing is ever changed by this test. */
    for (int r = 1; r < NCOLS; r++) {
        browser_init(&b[r]);
        p = browser_login(&b[r], ROLES[r] ? ROLES[r] : other_login, DEMO_PASSWORD);
        if (p.status != 303)
            fail_msg("demo login %s failed (%ld)", ROLES[r], p.status);
        page_free(&p);
    }
    for (size_t i = 0; i < sizeof MATRIX / sizeof MATRIX[0]; i++) {
        char method[8], pattern[200], path[256];
        sscanf(MATRIX[i].route, "%7s %199s", method, pattern);
        /* Parameters: the demo company's own sub-account, device or change application
         * where the route takes one (so another unit must be refused it); elsewhere
         * access is decided before lookup. */
        size_t o = 0;
        int k = 0;
        for (const char *s = pattern; *s && o < sizeof path - 8;) {
            if (*s == ':') {
                o += (size_t)snprintf(path + o, sizeof path - o, "%s", matrix_param(pattern, k++, sub_id));
                s += strcspn(s, "/");
            } else
                path[o++] = *s++;
        }
        path[o] = '\0';
        if (!strcmp(pattern, "/logout"))
            continue; /* allowed for everyone by design; running it would end the session */
        for (int r = 0; r < NCOLS; r++) {
            int want = MATRIX[i].expect[r] == 'y', allowed, other = r == NCOLS - 1;
            if (!strcmp(method, "GET")) {
                p = browser_get(&b[r], path);
                allowed = p.status != 403 && !(p.status == 303 && strncmp(p.location, "/login", 6) == 0) &&
                          !(other && p.status == 404);
            } else if (!strcmp(pattern, "/verify")) {
                /* The public verification upload needs no token: the form comes back. */
                p = browser_post(&b[r], path, "", 1);
                allowed = p.status == 200 && contains(&p, "请选择要验证的电子报告");
            } else if (other && strchr(pattern, ':')) {
                /* Another unit's POST on our ids, with a valid token: must find nothing. */
                struct page f = browser_get(&b[r], "/account");
                page_free(&f);
                p = browser_post(&b[r], path, "name=x&mobile=13700000000&task_types=periodic", 0);
                allowed = p.status != 403 && p.status != 404;
            } else {
                p = browser_post(&b[r], path, "", 1);
                allowed = p.status == 403 && contains(&p, "页面已过期");
                if (p.status != 403)
                    fail_msg("POST %s without CSRF answered %ld", path, p.status);
            }
            if (allowed != want)
                fail_msg("%s as %s: %s, expected %s (HTTP %ld)", MATRIX[i].route,
                         ROLES[r] ? ROLES[r] : r ? "another unit" : "anonymous", allowed ? "allowed" : "denied",
                         want ? "allowed" : "denied", p.status);
            page_free(&p);
        }
    }
    for (int r = 0; r < NCOLS; r++)
        browser_free(&b[r]);
    /* The other unit's attempts changed nothing. */
    char *st = sql_value("SELECT state || ':' || name FROM account WHERE login = 'company_sub'", NULL);
    assert_string_equal(st, "active:设备员陈静");
    free(st);
    free(sub_id);
}

int main(void)
{
    if (testkit_start())
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_success_and_cookie_flags),
        cmocka_unit_test(test_wrong_captcha),
        cmocka_unit_test(test_lockout_and_sms_reset),
        cmocka_unit_test(test_csrf_missing_changes_nothing),
        cmocka_unit_test(test_session_idle_expiry),
        cmocka_unit_test(test_password_change_kills_other_sessions),
        cmocka_unit_test(test_register_basic),
        cmocka_unit_test(test_register_certified_review),
        cmocka_unit_test(test_subaccounts),
        cmocka_unit_test(test_org_change_review),
        cmocka_unit_test(test_admin_disable),
        cmocka_unit_test(test_equipment_scoping),
        cmocka_unit_test(test_authorization_matrix),
    };
    int rc = cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
    testkit_stop();
    return rc;
}
