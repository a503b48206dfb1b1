/* account.c — /login, /captcha, /logout, /account (profile, password), /password/reset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "audit.h"
#include "captcha.h"
#include "db.h"
#include "log.h"
#include "login.h"
#include "password.h"
#include "routes.h"
#include "session.h"
#include "sms.h"
#include "validate.h"

#define CAPTCHA_COOKIE "tj_captcha"

/* Only local paths are followed after login (no open redirect). */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n") ||
        strncmp(next, "/login", 6) == 0 || strncmp(next, "/logout", 7) == 0)
        return "/account";
    return next;
}

/* Notices shown after a redirect: fixed texts chosen by code, never reflected input. */
static const struct { const char *code, *text; } NOTICES[] = {
    {"logged_out", "您已安全退出。"},
    {"password_changed", "密码已修改，其他设备上的登录已全部退出。"},
    {"password_reset", "密码已重置，账号已解冻，请用新密码登录。"},
    {"profile_saved", "个人信息已保存。"},
    {"login_required", "请先登录。"},
};

static void notice(struct req *r)
{
    const char *code = req_param(r, "msg");
    for (size_t i = 0; code && i < sizeof NOTICES / sizeof NOTICES[0]; i++)
        if (strcmp(code, NOTICES[i].code) == 0)
            req_set(r, "Page.Notice", NOTICES[i].text);
}

static int login_page(struct req *r, const char *error)
{
    const char *next = req_param(r, "next");
    req_set(r, "Page.Title", "登录");
    req_set(r, "Login.Next", safe_next(next));
    if (error)
        req_set(r, "Login.Error", error);
    notice(r);
    return req_page(r, "account/login.cs");
}

int account_login_form(struct req *r)
{
    if (r->user.id)
        return req_redirect(r, "/account");
    return login_page(r, NULL);
}

int account_captcha(struct req *r)
{
    char id[33], answer[8];
    void *png = NULL;
    int len = 0, status;

    if (captcha_issue(id, &png, &len, answer))
        return 500;
    req_set_cookie(r, CAPTCHA_COOKIE, id, 300);
    /* Test stacks only: the integration tests cannot read the image. */
    if (r->cfg->test_routes)
        req_header(r, "X-Test-Captcha-Answer", answer);
    status = req_body(r, "image/png", png, (size_t)len);
    captcha_free_png(png);
    return status;
}

int account_login(struct req *r)
{
    const char *login = req_param(r, "login"), *password = req_param(r, "password");
    const char *answer = req_param(r, "captcha");
    char reason[256], msg[320], token[65];
    long account_id = 0;
    int left = 0, ok;

    req_set(r, "Login.Login", login ? login : "");
    req_set(r, "Login.Remember", req_param(r, "remember") ? "1" : "");
    if (!login || !*login || !password || !*password || !answer || !*answer)
        return login_page(r, "请填写用户名、密码和验证码。");
    ok = captcha_consume(req_cookie(r, CAPTCHA_COOKIE), answer);
    if (ok < 0)
        return 500;
    if (!ok)
        return login_page(r, "验证码错误或已过期，请重新输入。");

    switch (login_attempt(login, password, req_ip(r), &account_id, &left, reason, sizeof reason)) {
    case LOGIN_OK:
        break;
    case LOGIN_BAD:
        if (left > 0)
            snprintf(msg, sizeof msg, "用户名或密码错误，还可尝试 %d 次。", left);
        else
            snprintf(msg, sizeof msg, "用户名或密码错误。连续 5 次错误，账号已冻结：请联系管理员解冻，或通过“忘记密码”用短信验证码重置。");
        return login_page(r, msg);
    case LOGIN_FROZEN:
        return login_page(r, "账号已冻结（连续 5 次密码错误）。请联系管理员解冻，或通过“忘记密码”用注册手机号的短信验证码重置密码。");
    case LOGIN_PENDING:
        return login_page(r, "注册信息正在审核中，审核结果将以短信通知。");
    case LOGIN_REJECTED:
        snprintf(msg, sizeof msg, "注册未通过审核：%s", reason[0] ? reason : "请联系检验机构。");
        return login_page(r, msg);
    case LOGIN_DISABLED:
        return login_page(r, "账号已停用，请联系管理员。");
    case LOGIN_ERROR:
        return 500;
    }
    int remember = req_param(r, "remember") != NULL;
    if (session_create(account_id, remember, req_ip(r), req_http(r, "HTTP_USER_AGENT"), token))
        return 500;
    if (r->session[0])
        session_destroy(r->session); /* the old session, if any: a new token at login */
    req_set_cookie(r, SESSION_COOKIE, token, session_cookie_max_age(remember));
    req_rotate_csrf(r);
    return req_redirect(r, safe_next(req_param(r, "next")));
}

int account_logout(struct req *r)
{
    if (r->session[0] && session_destroy(r->session))
        return 500;
    memset(&r->user, 0, sizeof r->user);
    req_set_cookie(r, SESSION_COOKIE, "x", -1);
    req_rotate_csrf(r);
    return req_redirect(r, "/login?msg=logged_out");
}

/* ---- own account -------------------------------------------------------------------- */

static int profile_page(struct req *r)
{
    PGresult *res = account_profile_get(r->user.id);

    if (!res)
        return 500;
    if (PQntuples(res) == 1) {
        /* Values the user just typed (after a validation error) win over stored ones. */
        static const struct { const char *column, *key; } F[] = {
            {"name", "Profile.Name"}, {"mobile", "Profile.Mobile"}, {"email", "Profile.Email"},
            {"login", "Profile.Login"}, {"last_login", "Profile.LastLogin"},
            {"org_name", "Profile.OrgName"}, {"credit_code", "Profile.CreditCode"}};
        for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
            const char *typed = i < 3 ? req_param(r, F[i].column) : NULL;
            req_set(r, F[i].key, typed ? typed : PQgetvalue(res, 0, PQfnumber(res, F[i].column)));
        }
    }
    PQclear(res);
    req_set(r, "Page.Title", "我的账号");
    notice(r);
    return req_page(r, "account/profile.cs");
}

int account_profile(struct req *r)
{
    return profile_page(r);
}

int account_profile_save(struct req *r)
{
    const char *name = req_param(r, "name"), *mobile = req_param(r, "mobile"),
               *email = req_param(r, "email"), *msg = NULL;
    char norm[12];
    int errors = 0;

    if (!name || !*name || strlen(name) > 50) {
        req_set(r, "Errors.name", "请填写姓名（不超过 50 字）。");
        errors++;
    }
    if (v_mobile(mobile, norm, &msg) != V_OK) {
        req_set(r, "Errors.mobile", msg ? msg : "手机号码格式不正确。");
        errors++;
    }
    if (email && *email && v_email(email, &msg) != V_OK) {
        req_set(r, "Errors.email", msg ? msg : "电子邮箱格式不正确。");
        errors++;
    }
    if (errors)
        return profile_page(r);
    if (account_profile_update(&r->user, name, norm, email, req_ip(r)))
        return 500;
    return req_redirect(r, "/account?msg=profile_saved");
}

static int password_page(struct req *r)
{
    req_set(r, "Page.Title", "修改密码");
    if (r->user.must_change_password)
        req_set(r, "Password.Forced", "1");
    return req_page(r, "account/password.cs");
}

int account_password_form(struct req *r)
{
    return password_page(r);
}

int account_password(struct req *r)
{
    const char *old = req_param(r, "old_password"), *pw = req_param(r, "new_password"),
               *pw2 = req_param(r, "new_password2"), *msg = NULL;
    int ok = account_password_matches(r->user.id, old);

    if (ok < 0)
        return 500;
    if (!ok) {
        req_set(r, "Errors.old_password", "当前密码不正确。");
        return password_page(r);
    }
    if (!pw || password_strength(pw, r->user.login, &msg) != 0) {
        req_set(r, "Errors.new_password", msg ? msg : "请填写新密码。");
        return password_page(r);
    }
    if (!pw2 || strcmp(pw, pw2) != 0) {
        req_set(r, "Errors.new_password2", "两次输入的新密码不一致。");
        return password_page(r);
    }
    if (password_set(&r->user, r->user.id, pw, r->session, "account.password", req_ip(r), 0))
        return 500;
    return req_redirect(r, "/account?msg=password_changed");
}

/* ---- password reset by SMS ------------------------------------------------------------ */

static int reset_page(struct req *r, int step)
{
    req_set(r, "Page.Title", "找回密码");
    req_set_int(r, "Reset.Step", step);
    req_set(r, "Reset.Login", req_param(r, "login") ? req_param(r, "login") : "");
    req_set(r, "Reset.Mobile", req_param(r, "mobile") ? req_param(r, "mobile") : "");
    return req_page(r, "account/reset.cs");
}

int account_reset_form(struct req *r)
{
    return reset_page(r, 1);
}

/* Step 1 sends a code when login and mobile belong together; the reply is the same
 * either way so the form cannot be used to find accounts. */
int account_reset_send(struct req *r)
{
    const char *login = req_param(r, "login"), *msg = NULL;
    char mobile[12];
    int match;

    if (!login || !*login || v_mobile(req_param(r, "mobile"), mobile, &msg) != V_OK) {
        req_set(r, "Errors.mobile", msg ? msg : "请填写用户名和注册手机号。");
        return reset_page(r, 1);
    }
    match = account_login_mobile_match(login, mobile);
    if (match < 0)
        return 500;
    if (match) {
        int rc = sms_code_send(mobile, "reset", &msg);
        if (rc < 0)
            return 500;
        if (rc == 1) {
            req_set(r, "Errors.mobile", msg);
            return reset_page(r, 1);
        }
    }
    req_set(r, "Page.Notice", "如用户名与手机号匹配，验证码已发送到该手机，5 分钟内有效。");
    return reset_page(r, 2);
}

int account_reset(struct req *r)
{
    const char *login = req_param(r, "login");
    const char *code = req_param(r, "code"), *pw = req_param(r, "new_password");
    const char *pw2 = req_param(r, "new_password2"), *msg = NULL;
    char mobile[12];
    int ok;

    if (!login || v_mobile(req_param(r, "mobile"), mobile, NULL) != V_OK)
        return reset_page(r, 1);
    if (!pw || password_strength(pw, login, &msg) != 0) {
        req_set(r, "Errors.new_password", msg ? msg : "请填写新密码。");
        return reset_page(r, 2);
    }
    if (!pw2 || strcmp(pw, pw2) != 0) {
        req_set(r, "Errors.new_password2", "两次输入的新密码不一致。");
        return reset_page(r, 2);
    }
    ok = account_reset_by_sms(login, mobile, code, pw, req_ip(r));
    if (ok < 0)
        return 500;
    if (!ok) {
        req_set(r, "Errors.code", "验证码错误或已过期。");
        return reset_page(r, 2);
    }
    return req_redirect(r, "/login?msg=password_reset");
}
