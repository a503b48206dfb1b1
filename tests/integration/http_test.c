/* http_test.c — integration tests over real HTTP: nginx → tejian-fcgi → PostgreSQL, all
 * started by deploy/stack.sh on loopback (TEJIAN_URL, TEJIAN_VAR, TEJIAN_ROOT). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *base_url, *var_dir, *root_dir;
static char csrf[65];

struct resp {
    long status;
    char *body;
    size_t len;
    char *headers;
    size_t hlen;
};

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
    char **buf = ((char ***)ud)[0];
    size_t *len = ((size_t **)ud)[1];
    size_t add = sz * n;
    char *nb = realloc(*buf, *len + add + 1);
    if (!nb)
        return 0;
    memcpy(nb + *len, p, add);
    *len += add;
    nb[*len] = '\0';
    *buf = nb;
    return add;
}

static void resp_free(struct resp *r)
{
    free(r->body);
    free(r->headers);
    memset(r, 0, sizeof *r);
}

/* One request. extra: NULL-terminated header lines. with_cookie: send the CSRF cookie. */
static struct resp request(const char *method, const char *path, const char *ctype,
                           const char *body, size_t blen, int with_cookie, const char *const *extra)
{
    struct resp r = {0};
    void *bud[2] = {&r.body, &r.len}, *hud[2] = {&r.headers, &r.hlen};
    struct curl_slist *hl = NULL;
    char url[2048], line[256];
    CURL *c = curl_easy_init();

    assert_non_null(c);
    snprintf(url, sizeof url, "%s%s", base_url, path);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, bud);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, hud);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    else if (strcmp(method, "GET") != 0)
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
    }
    if (ctype) {
        snprintf(line, sizeof line, "Content-Type: %s", ctype);
        hl = curl_slist_append(hl, line);
    }
    hl = curl_slist_append(hl, "Expect:");
    if (with_cookie) {
        snprintf(line, sizeof line, "Cookie: tj_csrf=%s", csrf);
        hl = curl_slist_append(hl, line);
    }
    for (; extra && *extra; extra++)
        hl = curl_slist_append(hl, *extra);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
        fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    if (!r.body)
        r.body = calloc(1, 1);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
    return r;
}

static struct resp get(const char *path) { return request("GET", path, NULL, NULL, 0, 0, NULL); }

static int has_header(const struct resp *r, const char *needle)
{
    return r->headers && strcasestr(r->headers, needle) != NULL;
}

static void fill_random(char *p, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 7;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        p[i] = (i % 97 == 0) ? '\r' : (i % 89 == 0) ? '\n' : (char)x;
    }
}

/* A browser-shaped multipart body: _csrf, a text field, and one file. */
static char *multipart(const char *boundary, const char *field, const char *value,
                       const char *data, size_t len, size_t *out_len)
{
    size_t cap = len + 2048, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    n += (size_t)snprintf(b + n, cap - n,
                          "--%s\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
                          "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                          "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"检验报告.bin\"\r\n"
                          "Content-Type: application/octet-stream\r\n\r\n",
                          boundary, csrf, boundary, field, value, boundary);
    memcpy(b + n, data, len);
    n += len;
    n += (size_t)snprintf(b + n, cap - n, "\r\n--%s--\r\n", boundary);
    *out_len = n;
    return b;
}

static int setup_csrf(void **state)
{
    struct resp r = get("/");
    const char *p = r.headers ? strstr(r.headers, "tj_csrf=") : NULL;
    assert_non_null(p);
    memcpy(csrf, p + 8, 64);
    csrf[64] = '\0';
    resp_free(&r);
    return 0;
}

/* ---- pages, headers, escaping ---------------------------------------------------- */

static void test_landing_page(void **state)
{
    struct resp r = get("/");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "特种设备检验检测"));
    assert_non_null(strstr(r.body, "href=\"/login\""));
    assert_non_null(strstr(r.body, "href=\"/register\""));
    assert_int_equal(strncmp(r.body, "<!doctype html>", 15), 0);
    assert_true(has_header(&r, "Content-Security-Policy: default-src 'self'; script-src 'self'"));
    assert_true(has_header(&r, "X-Frame-Options: DENY"));
    assert_true(has_header(&r, "X-Content-Type-Options: nosniff"));
    assert_true(has_header(&r, "Referrer-Policy: same-origin"));
    assert_true(has_header(&r, "X-Request-Id: "));
    assert_true(has_header(&r, "Cache-Control: no-store"));
    assert_true(has_header(&r, "HttpOnly; SameSite=Lax"));
    assert_null(strstr(r.body, "<script>"));  /* no inline script (CSP) */
    assert_null(strstr(r.body, "style=\""));  /* no inline style (CSP) */
    resp_free(&r);
}

static void test_head(void **state)
{
    struct resp r = request("HEAD", "/", NULL, NULL, 0, 0, NULL);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, 0);
    resp_free(&r);
}

static void test_static_by_nginx(void **state)
{
    struct resp r = get("/static/css/site.css");
    assert_int_equal(r.status, 200);
    assert_true(has_header(&r, "Cache-Control: public"));
    assert_true(has_header(&r, "Expires:"));
    assert_true(has_header(&r, "Content-Type: text/css"));
    assert_false(has_header(&r, "X-Request-Id")); /* nginx, not a worker */
    resp_free(&r);
}

static void test_escaping(void **state)
{
    struct resp r = get("/_test/echo?v=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%27");
    assert_int_equal(r.status, 200);
    assert_null(strstr(r.body, "<script>alert"));
    assert_non_null(strstr(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"));
    resp_free(&r);
    r = get("/%3Cscript%3Ex");
    assert_int_equal(r.status, 404);
    assert_null(strstr(r.body, "<script>x"));
    assert_non_null(strstr(r.body, "&lt;script&gt;x"));
    resp_free(&r);
}

static void test_error_pages(void **state)
{
    struct resp r = get("/no/such/page");
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "页面不存在"));
    assert_true(has_header(&r, "Content-Security-Policy"));
    resp_free(&r);
    r = request("POST", "/", "application/x-www-form-urlencoded", "a=1", 3, 1, NULL);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(r.body, "不支持的请求方式"));
    resp_free(&r);
    /* A page that needs a capability: anonymous GETs are sent to log in first, POSTs
     * are refused; signed-in users without it get 403 (accounts_test's matrix). */
    r = get("/_test/guarded");
    assert_int_equal(r.status, 303);
    assert_true(has_header(&r, "Location: /login?next=%2F_test%2Fguarded"));
    assert_null(strstr(r.body, "secret"));
    resp_free(&r);
}

/* ---- forms and CSRF ---------------------------------------------------------------- */

static void test_csrf(void **state)
{
    char body[256];
    struct resp r;

    r = request("POST", "/_test/form", "application/x-www-form-urlencoded", "name=x", 6, 0, NULL);
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.body, "页面已过期"));
    resp_free(&r);
    r = request("POST", "/_test/form", "application/x-www-form-urlencoded",
                "name=x&_csrf=0000000000000000000000000000000000000000000000000000000000000000",
                strlen("name=x&_csrf=") + 64, 1, NULL);
    assert_int_equal(r.status, 403);
    resp_free(&r);
    snprintf(body, sizeof body, "name=%%E7%%89%%B9%%E6%%A3%%80&note=a%%3Cb&_csrf=%s", csrf);
    r = request("POST", "/_test/form", "application/x-www-form-urlencoded", body, strlen(body), 1, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<span id=\"echo-value\">特检</span>"));
    assert_non_null(strstr(r.body, "<span id=\"echo-note\">a&lt;b</span>"));
    resp_free(&r);
}

/* cgi_parse only knows the bare type; the worker normalises "; charset=UTF-8". */
static void test_urlencoded_with_charset(void **state)
{
    char body[256];
    struct resp r;
    snprintf(body, sizeof body, "name=charset-ok&_csrf=%s", csrf);
    r = request("POST", "/_test/form", "Application/X-WWW-Form-Urlencoded; charset=UTF-8", body,
                strlen(body), 1, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ">charset-ok<"));
    resp_free(&r);
}

static void test_csrf_header(void **state)
{
    char hdr[128];
    const char *extra[] = {hdr, NULL};
    struct resp r;
    snprintf(hdr, sizeof hdr, "X-CSRF-Token: %s", csrf);
    r = request("POST", "/_test/form", "application/x-www-form-urlencoded", "name=hdr", 8, 1, extra);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ">hdr<"));
    resp_free(&r);
}

/* lib/reqparse.c through nginx: a query string's unusable fields are skipped, a form
 * body's refused with 400; the body's value of a name comes after the query string's. */
static void test_form_fields(void **state)
{
    char body[256];
    struct resp r = get("/_test/echo?%3Cx%3E=1&.a=2&v=%E7%89%B9%zz+%4&n=%00&a%00b=1");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<span id=\"echo-value\">特%zz %4</span>"));
    resp_free(&r);
    r = get("/_test/echo?v=a%00b");
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<span id=\"echo-value\"></span>")); /* skipped, not cut */
    resp_free(&r);

    const char *refused[] = {"name=x&bad%20name=1", "name=a%00b", "name=x&.n=1", "name=x&=1"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        snprintf(body, sizeof body, "%s&_csrf=%s", refused[i], csrf);
        r = request("POST", "/_test/form", "application/x-www-form-urlencoded", body, strlen(body), 1, NULL);
        if (r.status != 400 || !strstr(r.body, "表单字段名称或内容无效"))
            fail_msg("'%s': HTTP %ld", refused[i], r.status);
        resp_free(&r);
    }

    snprintf(body, sizeof body, "name=from-body&&note=&_csrf=%s", csrf);
    r = request("POST", "/_test/form?name=from-query&note=q", "application/x-www-form-urlencoded", body,
                strlen(body), 1, NULL);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "<span id=\"echo-value\">from-body</span>"));
    assert_non_null(strstr(r.body, "<span id=\"echo-note\"></span>"));
    resp_free(&r);
}

/* Cookie: the first of a name wins (the most specific path's, sent first). */
static void test_cookie_first_wins(void **state)
{
    char body[160], hdr[256];
    const char *extra[] = {hdr, NULL};
    struct resp r;

    snprintf(body, sizeof body, "name=first&_csrf=%s", csrf);
    snprintf(hdr, sizeof hdr, "Cookie: flag; tj_csrf=%s;tj_csrf=%064d", csrf, 0);
    r = request("POST", "/_test/form", "application/x-www-form-urlencoded", body, strlen(body), 0, extra);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ">first<"));
    resp_free(&r);
    snprintf(hdr, sizeof hdr, "Cookie: tj_csrf=%064d;  tj_csrf = %s ", 0, csrf);
    r = request("POST", "/_test/form", "application/x-www-form-urlencoded", body, strlen(body), 0, extra);
    assert_int_equal(r.status, 403);
    resp_free(&r);
}

/* ---- uploads ---------------------------------------------------------------------- */

static void upload_roundtrip(size_t size, const char *boundary, unsigned seed)
{
    char *data = malloc(size ? size : 1), sha[65], path[128], ctype[160];
    size_t blen;
    char *body;
    struct resp r;

    fill_random(data, size, seed);
    assert_int_equal(sha256_hex(data, size, sha), 0);
    body = multipart(boundary, "title", "round trip", data, size, &blen);
    snprintf(ctype, sizeof ctype, "multipart/form-data; boundary=%s", boundary);
    r = request("POST", "/_test/upload", ctype, body, blen, 1, NULL);
    if (r.status != 200)
        fail_msg("upload of %zu bytes: HTTP %ld", size, r.status);
    char expect[128];
    snprintf(expect, sizeof expect, "%s %zu\n", sha, size);
    assert_string_equal(r.body, expect);
    resp_free(&r);

    snprintf(path, sizeof path, "/_test/blob/%s", sha);
    r = get(path);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, size);
    if (size)
        assert_memory_equal(r.body, data, size);
    assert_true(has_header(&r, "Content-Disposition: attachment"));
    assert_true(has_header(&r, "X-Content-Type-Options: nosniff"));
    resp_free(&r);
    free(body);
    free(data);
}

static void test_upload_sizes_byte_exact(void **state)
{
    static const size_t sizes[] = {1, 2, 4095, 4096, 4097, 8191, 8192, 65536, 1 << 20, 5 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        upload_roundtrip(sizes[i], "----WebKitFormBoundaryx8Yq2LnTz4aB", (unsigned)i + 1);
    printf("upload sweep through nginx: %zu sizes byte-exact (1 B .. 5 MiB)\n",
           sizeof sizes / sizeof sizes[0]);
}

static void test_upload_many_boundaries(void **state)
{
    char boundary[80];
    for (int i = 0; i < 100; i++) {
        snprintf(boundary, sizeof boundary, "----b%0*d", 1 + i % 60, i);
        upload_roundtrip((size_t)(1000 + i * 131), boundary, (unsigned)i + 50);
    }
    printf("upload sweep through nginx: 100 boundaries, none dropped\n");
}

static void test_upload_needs_file(void **state)
{
    char body[512], ctype[] = "multipart/form-data; boundary=zz";
    int n = snprintf(body, sizeof body,
                     "--zz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
                     "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n\r\n--zz--\r\n",
                     csrf);
    struct resp r = request("POST", "/_test/upload", ctype, body, (size_t)n, 1, NULL);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "请选择要上传的文件"));
    resp_free(&r);
}

static void test_bad_multipart_400(void **state)
{
    const char *bodies[] = {
        "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno closing boundary",
        "--zz\r\nContent-Type: text/plain\r\n\r\nx\r\n--zz--",
        "garbage",
    };
    for (int i = 0; i < 3; i++) {
        struct resp r = request("POST", "/_test/upload", "multipart/form-data; boundary=zz",
                                bodies[i], strlen(bodies[i]), 1, NULL);
        assert_int_equal(r.status, 400);
        assert_non_null(strstr(r.body, "请求有误"));
        resp_free(&r);
    }
    struct resp r = request("POST", "/_test/upload", "multipart/form-data", "x", 1, 1, NULL);
    assert_int_equal(r.status, 400);
    resp_free(&r);
}

/* ClearSilver crashes in cgi_filehandle on ?file.FileHandle=1; we never call it. */
static void test_filehandle_probe(void **state)
{
    struct resp r = get("/?file.FileHandle=1");
    assert_int_equal(r.status, 200);
    resp_free(&r);
    r = get("/_test/echo?file.FileHandle=1&v=ok");
    assert_int_equal(r.status, 200);
    resp_free(&r);
    char body[512];
    int n = snprintf(body, sizeof body,
                     "--zz\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
                     "--zz\r\nContent-Disposition: form-data; name=\"file.FileHandle\"\r\n\r\n1\r\n--zz--\r\n",
                     csrf);
    r = request("POST", "/_test/upload", "multipart/form-data; boundary=zz", body, (size_t)n, 1, NULL);
    assert_int_equal(r.status, 400); /* no file chosen, and the worker is still alive */
    resp_free(&r);
    r = get("/healthz");
    assert_int_equal(r.status, 200);
    resp_free(&r);
}

static void test_413(void **state)
{
    size_t worker_over = (20u << 20) + 100000, nginx_over = 22u << 20, blen;
    char *data = calloc(1, nginx_over), *body;
    struct resp r;

    /* Above the worker's max_body but within nginx's limit: the worker refuses it
     * before reading, with its own Chinese page. */
    body = multipart("cap", "title", "big", data, worker_over, &blen);
    r = request("POST", "/_test/upload", "multipart/form-data; boundary=cap", body, blen, 1, NULL);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(r.body, "上传内容过大"));
    assert_true(has_header(&r, "X-Request-Id"));
    resp_free(&r);
    free(body);
    /* Above nginx's client_max_body_size: nginx answers with the static Chinese page. */
    body = multipart("cap", "title", "big", data, nginx_over, &blen);
    r = request("POST", "/_test/upload", "multipart/form-data; boundary=cap", body, blen, 1, NULL);
    assert_int_equal(r.status, 413);
    assert_non_null(strstr(r.body, "上传内容过大"));
    resp_free(&r);
    free(body);
    free(data);
    r = get("/healthz");
    assert_int_equal(r.status, 200);
    resp_free(&r);
}

/* 256 connections at once (nginx → workers, listen backlog 1024): none may fail. */
static void test_256_concurrent(void **state)
{
    enum { N = 256, ROUNDS = 3 };
    CURLM *m = curl_multi_init();
    CURL *h[N];
    char url[512];
    int bad = 0, running;

    snprintf(url, sizeof url, "%s/healthz", base_url);
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < N; i++) {
            h[i] = curl_easy_init();
            curl_easy_setopt(h[i], CURLOPT_URL, url);
            curl_easy_setopt(h[i], CURLOPT_NOBODY, 1L);
            curl_easy_setopt(h[i], CURLOPT_FORBID_REUSE, 1L);
            curl_easy_setopt(h[i], CURLOPT_TIMEOUT, 30L);
            curl_multi_add_handle(m, h[i]);
        }
        do {
            curl_multi_perform(m, &running);
            if (running)
                curl_multi_poll(m, NULL, 0, 100, NULL);
        } while (running);
        for (int i = 0; i < N; i++) {
            long code = 0;
            curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &code);
            if (code != 200)
                bad++;
            curl_multi_remove_handle(m, h[i]);
            curl_easy_cleanup(h[i]);
        }
    }
    curl_multi_cleanup(m);
    printf("concurrency: %d requests in rounds of %d parallel connections, %d not 200\n",
           N * ROUNDS, N, bad);
    assert_int_equal(bad, 0);
}

/* ---- processes: respawn, database outage, reload ----------------------------------- */

static pid_t supervisor_pid(void)
{
    char path[512];
    FILE *f;
    int pid = 0;
    snprintf(path, sizeof path, "%s/run/tejian-fcgi.pid", var_dir);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &pid), 1);
    fclose(f);
    return (pid_t)pid;
}

/* Children of pid, from /proc. */
static int children(pid_t parent, pid_t *out, int cap)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    int n = 0;
    assert_non_null(d);
    while ((de = readdir(d)) != NULL && n < cap) {
        char path[300], buf[512];
        FILE *f;
        int pid = atoi(de->d_name), ppid = 0;
        if (pid <= 0)
            continue;
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        if ((f = fopen(path, "r")) == NULL)
            continue;
        if (fgets(buf, sizeof buf, f)) {
            char *p = strrchr(buf, ')');
            if (p && sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == parent)
                out[n++] = pid;
        }
        fclose(f);
    }
    closedir(d);
    return n;
}

static void all_ok(int count)
{
    for (int i = 0; i < count; i++) {
        struct resp r = get("/healthz");
        if (r.status != 200)
            fail_msg("request %d after the event: HTTP %ld", i, r.status);
        resp_free(&r);
    }
}

static int wait_children(pid_t sup, int want, pid_t *kids)
{
    int n = 0;
    for (int i = 0; i < 100; i++) {
        n = children(sup, kids, 64);
        if (n == want)
            return n;
        usleep(100000);
    }
    return n;
}

/* 1 once pid is gone or a zombie (waiting for its parent), within ~5 s. kill() only
 * queues the signal: until the victim runs again it can still take a connection from
 * the accept queue, and that request then fails with it (a 502 the test must not count:
 * a request in flight on a worker killed with -9 is lost, as it would be anywhere). */
static int wait_dead(pid_t pid)
{
    char path[64], stat[256];
    for (int i = 0; i < 500; i++) {
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        FILE *f = fopen(path, "r");
        if (!f)
            return 1;
        size_t n = fread(stat, 1, sizeof stat - 1, f);
        fclose(f);
        stat[n] = '\0';
        const char *paren = strrchr(stat, ')');
        if (paren && paren[1] == ' ' && (paren[2] == 'Z' || paren[2] == 'X'))
            return 1;
        usleep(10000);
    }
    return 0;
}

static void test_kill9_respawn(void **state)
{
    pid_t sup = supervisor_pid(), kids[64], after[64];
    int n = children(sup, kids, 64);
    assert_true(n >= 1);
    assert_int_equal(kill(kids[0], SIGKILL), 0);
    assert_true(wait_dead(kids[0]));
    all_ok(20);
    assert_int_equal(wait_children(sup, n, after), n);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(after[i], kids[0]);
    all_ok(20);
}

static int stack(const char *what)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "TEJIAN_VAR='%s' '%s/deploy/stack.sh' %s", var_dir, root_dir, what);
    return system(cmd);
}

static void test_database_outage(void **state)
{
    pid_t sup = supervisor_pid(), before[64], after[64];
    int n = children(sup, before, 64);
    struct resp r;

    all_ok(5);
    assert_int_equal(stack("pg-stop"), 0);
    for (int i = 0; i < 2 * n + 2; i++) { /* every worker meets the outage */
        r = get("/healthz");
        assert_int_equal(r.status, 503);
        assert_non_null(strstr(r.body, "服务暂时不可用"));
        resp_free(&r);
    }
    r = get("/"); /* pages without the database still work */
    assert_int_equal(r.status, 200);
    resp_free(&r);
    assert_int_equal(stack("pg-start"), 0);
    all_ok(2 * n + 10);
    /* The same workers served throughout: none restarted. */
    assert_int_equal(children(sup, after, 64), n);
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int j = 0; j < n; j++)
            found |= before[i] == after[j];
        assert_true(found);
    }
}

static int exe_deleted(pid_t pid)
{
    char link[64], target[4096];
    ssize_t n;
    snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
    n = readlink(link, target, sizeof target - 1);
    assert_true(n > 0);
    target[n] = '\0';
    return strstr(target, " (deleted)") != NULL;
}

static void test_sighup_reload(void **state)
{
    pid_t sup = supervisor_pid(), before[64], after[64];
    int n = children(sup, before, 64);
    char cmd[1024];

    /* Install a "new" binary the way make does (new inode under the same name): the
     * running image is then the deleted old file, and a reload must leave it. */
    snprintf(cmd, sizeof cmd, "cp '%s/build/tejian-fcgi' '%s/build/tejian-fcgi.new' && "
             "mv '%s/build/tejian-fcgi.new' '%s/build/tejian-fcgi'", root_dir, root_dir, root_dir, root_dir);
    assert_int_equal(system(cmd), 0);
    assert_true(exe_deleted(sup));
    assert_int_equal(kill(sup, SIGHUP), 0);
    all_ok(30); /* no request fails while workers are replaced */
    assert_int_equal(wait_children(sup, n, after), n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            assert_int_not_equal(before[i], after[j]);
    assert_int_equal(supervisor_pid(), sup);
    assert_false(exe_deleted(sup));
    all_ok(10);
}

int main(void)
{
    base_url = getenv("TEJIAN_URL");
    var_dir = getenv("TEJIAN_VAR");
    root_dir = getenv("TEJIAN_ROOT");
    if (!base_url || !var_dir || !root_dir) {
        fprintf(stderr, "set TEJIAN_URL, TEJIAN_VAR and TEJIAN_ROOT (deploy/stack.sh up prints them)\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_landing_page),
        cmocka_unit_test(test_head),
        cmocka_unit_test(test_static_by_nginx),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_error_pages),
        cmocka_unit_test(test_csrf),
        cmocka_unit_test(test_urlencoded_with_charset),
        cmocka_unit_test(test_csrf_header),
        cmocka_unit_test(test_form_fields),
        cmocka_unit_test(test_cookie_first_wins),
        cmocka_unit_test(test_upload_sizes_byte_exact),
        cmocka_unit_test(test_upload_many_boundaries),
        cmocka_unit_test(test_upload_needs_file),
        cmocka_unit_test(test_bad_multipart_400),
        cmocka_unit_test(test_filehandle_probe),
        cmocka_unit_test(test_413),
        cmocka_unit_test(test_256_concurrent),
        cmocka_unit_test(test_kill9_respawn),
        cmocka_unit_test(test_database_outage),
        cmocka_unit_test(test_sighup_reload),
    };
    int rc = cmocka_run_group_tests_name("integration", tests, setup_csrf, NULL);
    curl_global_cleanup();
    return rc;
}
