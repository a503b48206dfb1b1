/* dispatch.c — route lookup, access checks, and the one place responses are written. */
#include "dispatch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fcgi_reply.h"
#include "log.h"
#include "render.h"
#include "routes.h"
#include "session.h"
#include "util.h"

#define CSRF_COOKIE "tj_csrf"

/* No inline script or style anywhere: pages load /static only. */
static const char SECURITY_HEADERS[] =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'\r\n"
    "X-Frame-Options: DENY\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Permissions-Policy: geolocation=(), microphone=(), camera=(self)\r\n";

static const struct {
    int status;
    const char *reason;
    const char *title;
    const char *message;
} STATUSES[] = {
    {200, "OK", "成功", ""},
    {303, "See Other", "跳转", ""},
    {400, "Bad Request", "请求有误", "提交的内容无法处理，请检查后重试。"},
    {403, "Forbidden", "禁止访问", "您没有执行此操作的权限。如需开通，请联系本单位主账号或系统管理员。"},
    {404, "Not Found", "页面不存在", "您访问的页面不存在或已被移除。"},
    {405, "Method Not Allowed", "不支持的请求方式", "此页面不支持该请求方式。"},
    {410, "Gone", "文书已失效", "该文书已被撤销或已被新版本替代。"},
    {409, "Conflict", "操作冲突", "该记录已被他人处理，请刷新后重试。"},
    {413, "Payload Too Large", "上传内容过大", "上传的文件或内容超过了允许的大小，请压缩或拆分后重试。"},
    {500, "Internal Server Error", "系统错误", "服务器处理请求时出错，请稍后重试。如问题持续，请联系管理员并提供请求编号。"},
    {503, "Service Unavailable", "服务暂时不可用", "系统正在维护或数据库暂时无法连接，请稍后重试。"},
};

static int status_index(int status)
{
    for (size_t i = 0; i < sizeof STATUSES / sizeof STATUSES[0]; i++)
        if (STATUSES[i].status == status)
            return (int)i;
    return -1;
}

const char *dispatch_status_title(int status)
{
    int i = status_index(status);
    return i >= 0 ? STATUSES[i].title : "错误";
}

static int valid_token(const char *t)
{
    if (!t || strlen(t) != 64)
        return 0;
    for (const char *c = t; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f')))
            return 0;
    return 1;
}

/* Double-submit CSRF token: a random value in an HttpOnly SameSite cookie, echoed in
 * every form (_csrf) or in the X-CSRF-Token header by scripts. */
static void csrf_prepare(struct req *r)
{
    const char *cookie = r->hdf ? hdf_get_value(r->hdf, "Cookie." CSRF_COOKIE, NULL) : NULL;

    if (valid_token(cookie)) {
        memcpy(r->csrf, cookie, 65);
        return;
    }
    if (random_hex(32, r->csrf) == 0)
        r->csrf_new = 1;
    else
        r->csrf[0] = '\0';
}

static int csrf_ok(struct req *r)
{
    const char *sent = req_param(r, "_csrf");
    const char *cookie = hdf_get_value(r->hdf, "Cookie." CSRF_COOKIE, NULL);

    if (!sent) /* ClearSilver 0.10.5 maps only a fixed list of headers into HTTP.* */
        sent = FCGX_GetParam("HTTP_X_CSRF_TOKEN", r->fcgx->envp);
    return valid_token(cookie) && sent && secure_streq(sent, cookie);
}

/* The session cookie names the user; an unknown or expired one is cleared. A database
 * outage leaves the request anonymous (routes that need the database answer 503). */
static void load_user(struct req *r)
{
    const char *token = req_cookie(r, SESSION_COOKIE);
    struct user guess;
    int found;

    if (!token || !db_ensure())
        return;
    /* A page whose first statement can be guessed from the user this worker last saw
     * with this session sends it along with the session's check: one round trip to the
     * database instead of two. The guess is only ever a guess (db.h, route.h). */
    for (size_t i = 0; r->route && i < ROUTE_GUESSES_COUNT; i++)
        if (ROUTE_GUESSES[i].handler == r->route->handler && strcmp(r->method, "GET") == 0 &&
            session_hint(token, &guess))
            ROUTE_GUESSES[i].prefetch(r, &guess);
    found = session_load(token, &r->user);
    if (found == 1)
        snprintf(r->session, sizeof r->session, "%s", token);
    else if (found == 0)
        req_set_cookie(r, SESSION_COOKIE, "x", -1);
}

/* The HDF names (User.Can.<name>: "account.self" as account_self) of the capabilities a
 * set of roles has: a capability depends on the roles alone (auth.c), and a worker sees
 * the same few sets of roles over and over, so the last one's list is kept. */
static struct {
    int known;
    unsigned roles;
    int n;
    char names[32][40];
} granted;

static void granted_for(const struct user *u)
{
    if (granted.known && granted.roles == u->roles)
        return;
    granted.n = 0;
    for (int i = 0; AUTH_CAPABILITIES[i] && granted.n < 32; i++) {
        if (!auth_can(u, AUTH_CAPABILITIES[i]))
            continue;
        snprintf(granted.names[granted.n], sizeof granted.names[0], "%s", AUTH_CAPABILITIES[i]);
        for (char *c = granted.names[granted.n]; *c; c++)
            if (*c == '.')
                *c = '_'; /* HDF paths */
        granted.n++;
    }
    granted.roles = u->roles;
    granted.known = 1;
}

static void user_hdf(struct req *r)
{
    HDF *roles = NULL, *can = NULL;
    NEOERR *err = STATUS_OK;
    char key[24];

    if (!r->user.id)
        return;
    /* What templates read of the user (User.Login and User.Certified were set and never
     * read: the login is not shown, and certification shows through User.Can). */
    req_set_int(r, "User.Id", r->user.id);
    req_set(r, "User.Name", r->user.name);
    req_set(r, "User.OrgName", r->user.org_name);
    for (unsigned bit = 1, i = 0; bit <= ROLE_MAINT && err == STATUS_OK; bit <<= 1) {
        if (!(r->user.roles & bit))
            continue;
        long_str(i++, key);
        if (roles || (err = hdf_get_node(r->hdf, "User.Roles", &roles)) == STATUS_OK)
            err = hdf_set_value(roles, key, role_label(bit));
    }
    granted_for(&r->user);
    /* Set under the User.Can node: each name is one step down, not a walk from the top. */
    if (err == STATUS_OK && granted.n)
        err = hdf_get_node(r->hdf, "User.Can", &can);
    for (int i = 0; i < granted.n && err == STATUS_OK; i++)
        err = hdf_set_value(can, granted.names[i], "1");
    if (err != STATUS_OK)
        render_log_error("user_hdf", err);
}

/* Paths a user who must change the password can still reach. */
static int allowed_before_password_change(const char *path)
{
    return strcmp(path, "/account/password") == 0 || strcmp(path, "/logout") == 0;
}

/* found: route_find's answer for the request (r->route set when found). */
static int route_and_run(struct req *r, enum route_result found)
{
    int status;

    if (found == ROUTE_NOT_FOUND)
        return 404;
    if (found == ROUTE_BAD_METHOD)
        return 405;
    if (r->route->capability && !auth_can(&r->user, r->route->capability)) {
        if (!r->user.id && strcmp(r->method, "POST") != 0) {
            /* Anonymous visitor on a page that needs a login: log in, then come back. */
            char *esc = NULL, loc[1024];
            if (cgi_url_escape(r->path, &esc) == STATUS_OK && esc) {
                snprintf(loc, sizeof loc, "/login?next=%s", esc);
                free(esc);
                return req_redirect(r, loc);
            }
            return req_redirect(r, "/login");
        }
        return 403;
    }
    if (r->user.must_change_password && !allowed_before_password_change(r->path))
        return req_redirect(r, "/account/password?first=1");
    if ((r->route->flags & ROUTE_CSRF) && strcmp(r->method, "POST") == 0 && !csrf_ok(r)) {
        log_info("csrf token missing or wrong");
        return req_fail(r, 403, "页面已过期或来源不明，请刷新页面后重新提交。");
    }
    if ((r->route->flags & ROUTE_DB) && !db_ensure())
        return 503;
    status = r->route->handler(r);
    if (status >= 500 && db_last_failure_was_connection())
        status = 503;
    if (db_conn())
        db_rollback(); /* a handler that returned mid-transaction leaves nothing behind */
    return status;
}

static void set_common_hdf(struct req *r)
{
    req_set(r, "Site.Name", "特检");
    req_set(r, "Site.FullName", "特种设备检验检测服务平台");
    req_set(r, "CSRF.Token", r->csrf);
}

static int render_body(struct req *r, STRING *body)
{
    if (!r->hdf)
        return -1;
    set_common_hdf(r);
    if (hdf_set_value(r->hdf, "Page.Template", r->page) != STATUS_OK)
        return -1;
    return render_file(r->hdf, r->shared, r->table, "layout.cs", body);
}

static int render_error(struct req *r, int status, STRING *body)
{
    int i = status_index(status);
    char code[16];

    if (!r->hdf)
        return -1;
    snprintf(code, sizeof code, "%d", status);
    req_set(r, "Request.Path", r->path); /* error.cs shows them */
    req_set(r, "Request.Id", r->rid);
    hdf_set_value(r->hdf, "Error.Status", code);
    hdf_set_value(r->hdf, "Error.Title", dispatch_status_title(status));
    if (!hdf_get_value(r->hdf, "Error.Message", NULL))
        hdf_set_value(r->hdf, "Error.Message", i >= 0 ? STATUSES[i].message : "");
    r->page = "error.cs";
    return render_body(r, body);
}

static void write_response(struct req *r, int status, const char *ctype, const char *body,
                           size_t len)
{
    int i = status_index(status);
    char num[24];
    STRING h;

    r->status = status;
    string_init(&h);
    /* Pieces, not string_appendf: formatting the head cost more than writing it. */
    long_str(status, num);
    string_append(&h, "Status: ");
    string_append(&h, num);
    string_append(&h, " ");
    string_append(&h, (char *)(i >= 0 ? STATUSES[i].reason : "Error"));
    string_append(&h, "\r\nContent-Type: ");
    string_append(&h, (char *)ctype);
    long_str((long)len, num);
    string_append(&h, "\r\nContent-Length: ");
    string_append(&h, num);
    string_append(&h, "\r\nCache-Control: no-store\r\nX-Request-Id: ");
    string_append(&h, r->rid);
    string_append(&h, "\r\n");
    string_append(&h, (char *)SECURITY_HEADERS);
    if (r->csrf_new && r->csrf[0]) {
        string_append(&h, "Set-Cookie: " CSRF_COOKIE "=");
        string_append(&h, r->csrf);
        string_append(&h, r->cfg->secure_cookies ? "; Path=/; HttpOnly; SameSite=Lax; Secure\r\n"
                                                 : "; Path=/; HttpOnly; SameSite=Lax\r\n");
    }
    if (status == 303) {
        string_append(&h, "Location: ");
        string_append(&h, r->location);
        string_append(&h, "\r\n");
    }
    if (r->headers.len)
        string_append(&h, r->headers.buf);
    string_append(&h, "\r\n");
    if (strcmp(r->method, "HEAD") == 0)
        len = 0;
    req_drain_input(r);
    if (!h.buf)
        log_error("out of memory writing a response's head");
    else if (fcgi_reply(r->fcgx, h.buf, (size_t)h.len, body, len))
        log_warn("response not delivered: %s", strerror(errno));
    else
        r->bytes_sent = len;
    string_clear(&h);
}

void dispatch_emergency(struct req *r, int status)
{
    char page[512];
    int n = snprintf(page, sizeof page,
                     "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                     "<title>%s</title><h1>%s</h1><p>请稍后重试。请求编号：%s</p></html>",
                     dispatch_status_title(status), dispatch_status_title(status), r->rid);
    write_response(r, status, "text/html; charset=utf-8", page, (size_t)n);
}

/* The page buffer, kept by the worker between requests: growing it from nothing to a
 * list page's 20-odd KB cost a chain of reallocs and malloc consolidations per request.
 * A page over KEEP_MAX (an unusual one) gives its memory back afterwards. */
#define BODY_KEEP_MAX (256 * 1024)
static STRING kept_body;

static void body_reset(STRING *body)
{
    if (body->max > BODY_KEEP_MAX) {
        string_clear(body);
        string_init(body);
    }
    body->len = 0;
    if (body->buf)
        body->buf[0] = '\0';
}

void dispatch_release(void)
{
    string_clear(&kept_body);
    string_init(&kept_body);
}

void dispatch(struct req *r, int status)
{
    STRING body = kept_body;

    body_reset(&body);
    csrf_prepare(r);
    if (status == 0) {
        enum route_result found = route_find(ROUTES, ROUTES_COUNT, r->method, r->path, r->cfg->test_routes,
                                             &r->route, &r->params);
        if (found != ROUTE_FOUND)
            r->route = NULL;
        load_user(r);
        status = route_and_run(r, found);
        db_prefetch_drop(); /* a guess nobody asked for */
    }
    user_hdf(r);

    if (status == 200 && r->out) {
        write_response(r, 200, r->out_type, r->out, r->out_len);
    } else if (status == 200 && r->page) {
        if (render_body(r, &body) == 0)
            write_response(r, 200, "text/html; charset=utf-8", body.buf, body.len);
        else
            status = 500;
    } else if (status == 303) {
        write_response(r, 303, "text/html; charset=utf-8", "", 0);
    } else if (status == 200) {
        log_error("handler returned 200 without a page or body");
        status = 500;
    }
    if (status != 200 && status != 303) {
        if (status_index(status) < 0 || status < 400)
            status = 500;
        body_reset(&body);
        if (render_error(r, status, &body) == 0)
            write_response(r, status, "text/html; charset=utf-8", body.buf, body.len);
        else
            dispatch_emergency(r, status);
    }
    body_reset(&body);
    kept_body = body;
}
