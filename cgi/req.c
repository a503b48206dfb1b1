/* req.c — reading a FastCGI request into struct req: only what handlers read reaches the
 * HDF (Query.*, Cookie.*; lib/reqparse.c), other CGI variables are read where needed. */
#include "req.h"

#include "audit.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blob.h"
#include "dispatch.h"
#include "form.h"
#include "log.h"
#include "render.h"
#include "reqparse.h"
#include "util.h"

/* ---- helpers for handlers ------------------------------------------------------ */

/* The Query node, kept once it exists: a handler reads a dozen fields, and each lookup
 * from the root cost a formatted key and a walk. Nodes are never removed mid-request. */
static HDF *query_node(struct req *r)
{
    if (!r->query && r->hdf)
        r->query = hdf_get_obj(r->hdf, "Query");
    return r->query;
}

const char *req_param(struct req *r, const char *name)
{
    HDF *q = query_node(r);
    return q ? hdf_get_value(q, name, NULL) : NULL;
}

int req_values(struct req *r, const char *name, const char **out, int max)
{
    HDF *q = query_node(r), *obj;
    int n = 0;

    obj = q ? hdf_get_obj(q, name) : NULL;
    if (!obj)
        return 0;
    if (hdf_obj_child(obj)) {
        for (HDF *c = hdf_obj_child(obj); c && n < max; c = hdf_obj_next(c))
            out[n++] = hdf_obj_value(c);
    } else if (hdf_obj_value(obj) && max > 0) {
        out[n++] = hdf_obj_value(obj);
    }
    return n;
}

const char *req_route_param(struct req *r, int i)
{
    return (i >= 0 && i < r->params.n) ? r->params.value[i] : NULL;
}

const struct mp_part *req_upload(struct req *r, const char *name)
{
    for (size_t i = 0; i < r->form.n; i++) {
        const struct mp_part *p = &r->form.parts[i];
        if (p->filename && p->filename[0] && strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

int req_page(struct req *r, const char *page)
{
    r->page = page;
    return 200;
}

void req_table(struct req *r, const struct render_table *table, void *owner, void (*release)(void *owner))
{
    if (r->table_release)
        r->table_release(r->table_owner); /* replaced: one table per page */
    r->table = table;
    r->table_owner = owner;
    r->table_release = release;
}

int req_body(struct req *r, const char *content_type, const void *data, size_t len)
{
    free(r->out);
    r->out = malloc(len ? len : 1);
    if (!r->out)
        return 500;
    memcpy(r->out, data, len);
    r->out_len = len;
    snprintf(r->out_type, sizeof r->out_type, "%s", content_type);
    return 200;
}

int req_blob_attachment(struct req *r, const char *sha256)
{
    char *data = NULL, mime[128];
    size_t len = 0;
    int found = blob_get(sha256, &data, &len, mime, sizeof mime), status;

    if (found <= 0)
        return found < 0 ? 500 : 404;
    req_header(r, "Content-Disposition", !strcmp(mime, "application/pdf") ? "attachment; filename=\"document.pdf\""
                                         : !strcmp(mime, "image/jpeg")    ? "attachment; filename=\"document.jpg\""
                                         : !strcmp(mime, "image/png")     ? "attachment; filename=\"document.png\""
                                                                          : "attachment; filename=\"document\"");
    status = req_body(r, mime, data, len);
    free(data);
    return status;
}

int req_redirect(struct req *r, const char *location)
{
    /* Local paths only: an open redirect is a phishing tool. */
    if (location[0] != '/' || location[1] == '/' || location[1] == '\\' ||
        strpbrk(location, "\r\n") || strlen(location) >= sizeof r->location)
        return 500;
    snprintf(r->location, sizeof r->location, "%s", location);
    return 303;
}

int req_header(struct req *r, const char *name, const char *value)
{
    NEOERR *err;

    if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
        return -1;
    if ((err = string_appendf(&r->headers, "%s: %s\r\n", name, value)) != STATUS_OK) {
        render_log_error("req_header", err);
        return -1;
    }
    return 0;
}

const char *req_ip(struct req *r)
{
    const char *ip = FCGX_GetParam("REMOTE_ADDR", r->fcgx->envp);
    return ip ? ip : "";
}

const char *req_http(struct req *r, const char *cgi_name)
{
    const char *v = FCGX_GetParam(cgi_name, r->fcgx->envp);
    return v ? v : "";
}

const char *req_cookie(struct req *r, const char *name)
{
    HDF *cookies;

    if (!r->hdf || (cookies = hdf_get_obj(r->hdf, "Cookie")) == NULL)
        return NULL;
    return hdf_get_value(cookies, name, NULL);
}

int req_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    char line[512], age[48] = "";

    if (strpbrk(value, ";\r\n ,\""))
        return -1;
    if (max_age < 0)
        snprintf(age, sizeof age, "; Max-Age=0");
    else if (max_age > 0)
        snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    snprintf(line, sizeof line, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, age,
             r->cfg->secure_cookies ? "; Secure" : "");
    return req_header(r, "Set-Cookie", line);
}

int req_rotate_csrf(struct req *r)
{
    if (random_hex(32, r->csrf))
        return -1;
    r->csrf_new = 1;
    return 0;
}

/* Row row of res below node prefix of hdf: one walk to the row's node, then each column
 * set below it (a full dotted path per value cost a formatted key and a walk from the
 * root: a list page's largest cost). -1 on error (logged). */
static int row_into(HDF *hdf, const char *prefix, PGresult *res, int row)
{
    HDF *node = NULL;
    NEOERR *err;

    if ((err = hdf_get_node(hdf, prefix, &node)) != STATUS_OK) {
        render_log_error(prefix, err);
        return -1;
    }
    for (int c = 0; c < PQnfields(res); c++)
        if ((err = hdf_set_value(node, PQfname(res, c), PQgetvalue(res, row, c))) != STATUS_OK) {
            render_log_error(PQfname(res, c), err);
            return -1;
        }
    return 0;
}

void req_row(struct req *r, const char *prefix, PGresult *res, int row)
{
    row_into(r->hdf, prefix, res, row);
}

int req_rows_into(HDF *hdf, const char *prefix, PGresult *res)
{
    char key[128];
    int n;

    if (!res)
        return -1;
    n = PQntuples(res);
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "%s.%d", prefix, i);
        if (row_into(hdf, key, res, i))
            return -1;
    }
    return n;
}

int req_rows(struct req *r, const char *prefix, PGresult *res)
{
    return req_rows_into(r->hdf, prefix, res);
}

int req_set(struct req *r, const char *name, const char *value)
{
    NEOERR *err = hdf_set_value(r->hdf, name, value);
    if (err) {
        render_log_error(name, err);
        return -1;
    }
    return 0;
}

int req_set_under(struct req *r, HDF **node, const char *path, const char *name, const char *value)
{
    NEOERR *err = STATUS_OK;

    if (!*node && (err = hdf_get_node(r->hdf, path, node)) != STATUS_OK) {
        render_log_error(path, err);
        return -1;
    }
    if ((err = hdf_set_value(*node, name, value)) != STATUS_OK) {
        render_log_error(name, err);
        return -1;
    }
    return 0;
}

int req_set_int(struct req *r, const char *name, long value)
{
    char buf[24];
    long_str(value, buf);
    return req_set(r, name, buf);
}

int req_fail(struct req *r, int status, const char *message)
{
    req_set(r, "Error.Message", message);
    return status;
}

/* ---- reading the request ------------------------------------------------------- */

static const char *param(struct req *r, const char *name)
{
    return FCGX_GetParam(name, r->fcgx->envp);
}

/* Strict Content-Length: digits only, no sign, no overflow (ClearSilver uses atoi). */
static int parse_content_length(const char *s, size_t *out)
{
    size_t n = 0;

    *out = 0;
    if (!s || !*s)
        return 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || n > (SIZE_MAX - 9) / 10)
            return -1;
        n = n * 10 + (size_t)(*s - '0');
    }
    *out = n;
    return 0;
}

static int media_type_is(const char *ctype, const char *want)
{
    size_t n = strlen(want);
    while (ctype && isspace((unsigned char)*ctype))
        ctype++;
    return ctype && strncasecmp(ctype, want, n) == 0 &&
           (ctype[n] == '\0' || ctype[n] == ';' || isspace((unsigned char)ctype[n]));
}

/* Reads exactly content_length bytes. -1 on a short read (client went away). */
static int read_body(struct req *r)
{
    size_t got = 0;

    r->body = malloc(r->content_length + 1);
    if (!r->body)
        return -1;
    while (got < r->content_length) {
        size_t want = r->content_length - got;
        int n = FCGX_GetStr(r->body + got, want > (1 << 20) ? (1 << 20) : (int)want, r->fcgx->in);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    r->body[got] = '\0';
    r->body_len = got;
    return got == r->content_length ? 0 : -1;
}

void req_drain_input(struct req *r)
{
    char buf[16384];
    size_t total = 0;
    int n;

    while (total < ((size_t)256 << 20) && (n = FCGX_GetStr(buf, sizeof buf, r->fcgx->in)) > 0)
        total += (size_t)n;
}

static int parse_multipart(struct req *r, const char *ctype)
{
    char boundary[71];
    const char *why = NULL;

    if (mp_boundary(ctype, boundary, &why) || read_body(r) ||
        mp_parse(r->body, r->body_len, boundary, &r->form, &why)) {
        log_info("multipart refused: %s", why ? why : "short body");
        return req_fail(r, 400, "上传的表单格式有误，请重新提交。");
    }
    for (size_t i = 0; i < r->form.n; i++) {
        const struct mp_part *p = &r->form.parts[i];
        if (p->filename)
            continue; /* files stay in r->form, never in the HDF */
        if (form_set(r->hdf, p->name, p->data, p->len)) {
            log_info("multipart field refused: %.40s", p->name);
            return req_fail(r, 400, "表单字段名称或内容无效。");
        }
    }
    return 0;
}

/* Returns 0 when the request is ready to dispatch, else an HTTP status. */
static int read_request(struct req *r)
{
    const char *method = param(r, "REQUEST_METHOD");
    const char *uri = param(r, "DOCUMENT_URI");
    const char *ctype = param(r, "CONTENT_TYPE"), *query;
    size_t n;
    int bad;

    snprintf(r->method, sizeof r->method, "%s", method ? method : "GET");
    if (!uri || !*uri) {
        uri = param(r, "REQUEST_URI");
        if (!uri)
            uri = "/";
    }
    n = strcspn(uri, "?");
    if (n == 0 || n >= sizeof r->path || uri[0] != '/')
        return req_fail(r, 400, "请求地址无效。");
    memcpy(r->path, uri, n);
    r->path[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)r->path[i] < 0x20 || r->path[i] == 0x7f)
            return req_fail(r, 400, "请求地址无效。");

    if (parse_content_length(param(r, "CONTENT_LENGTH"), &r->content_length))
        return req_fail(r, 400, "请求长度无效。");
    if (r->content_length > r->cfg->max_body)
        return 413;

    /* Cookies, the query string, then a form body: a name in both the query string and
     * the body keeps every value, the query string's first (as ClearSilver's cgi_parse).
     * A query string's unusable fields are skipped (links are not ours to fix); a form
     * body's are refused below, as multipart's are. */
    if (reqparse_cookies(r->hdf, param(r, "HTTP_COOKIE")))
        return 500;
    query = param(r, "QUERY_STRING");
    if (query && (bad = reqparse_urlencoded(r->hdf, query, strlen(query))) != 0) {
        if (bad < 0)
            return 500;
        log_debug("query string: %d field(s) skipped", bad);
    }
    if (strcmp(r->method, "POST") != 0 || r->content_length == 0)
        return 0;

    if (media_type_is(ctype, "application/x-www-form-urlencoded")) {
        if (read_body(r))
            return req_fail(r, 400, "表单内容无法解析。");
        if ((bad = reqparse_urlencoded(r->hdf, r->body, r->body_len)) != 0) {
            if (bad < 0)
                return 500;
            log_info("form body: %d field(s) refused", bad);
            return req_fail(r, 400, "表单字段名称或内容无效。");
        }
        return 0;
    }
    if (media_type_is(ctype, "multipart/form-data"))
        return parse_multipart(r, ctype);
    /* Anything else (JSON and the like) is kept raw for the handler; ClearSilver's
     * PUT/rfc2388 paths and cgi_filehandle are never reached. */
    if (read_body(r))
        return req_fail(r, 400, "请求内容不完整。");
    return 0;
}

static void request_id(struct req *r)
{
    const char *rid = param(r, "REQUEST_ID");
    size_t n = rid ? strlen(rid) : 0;
    int ok = n >= 8 && n < sizeof r->rid;

    for (size_t i = 0; ok && i < n; i++)
        ok = isxdigit((unsigned char)rid[i]) != 0;
    if (ok)
        memcpy(r->rid, rid, n + 1);
    else if (random_hex(8, r->rid))
        snprintf(r->rid, sizeof r->rid, "norandom");
}

void req_serve(FCGX_Request *fcgx, const struct config *cfg)
{
    struct req r;
    NEOERR *err;
    int status;

    memset(&r, 0, sizeof r);
    r.fcgx = fcgx;
    r.cfg = cfg;
    r.t0 = now_monotonic();
    string_init(&r.headers);
    request_id(&r);
    log_set_request_id(r.rid);

    if ((err = hdf_init(&r.hdf)) != STATUS_OK) {
        render_log_error("hdf_init", err);
        dispatch_emergency(&r, 500);
        goto out;
    }
    if (render_prepare(r.hdf, cfg->templates)) {
        dispatch_emergency(&r, 500);
        goto out;
    }
    status = read_request(&r);
    dispatch(&r, status);
out:
    req_drain_input(&r); /* when no response was written */
    log_access(r.method[0] ? r.method : "-", r.path[0] ? r.path : "-", r.status,
               (long)((now_monotonic() - r.t0) * 1e6), r.bytes_sent);
    mp_free(&r.form);
    free(r.body);
    free(r.out);
    if (r.table_release)
        r.table_release(r.table_owner);
    string_clear(&r.headers);
    if (r.hdf)
        hdf_destroy(&r.hdf);
    log_set_request_id(NULL);
}

int req_workflow_history(struct req *r, const char *prefix, const struct workflow *wf, long id)
{
    PGresult *res = workflow_history(wf->kind, id);
    int n = req_rows(r, prefix, res);
    char key[96];

    for (int i = 0; i < n; i++) {
        const struct wf_transition *t = workflow_find(wf, PQgetvalue(res, i, 2), PQgetvalue(res, i, 1));
        snprintf(key, sizeof key, "%s.%d.label", prefix, i);
        req_set(r, key, t ? t->label : PQgetvalue(res, i, 1));
    }
    PQclear(res);
    return n;
}
