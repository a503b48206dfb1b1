/* browser.c — a minimal cookie-keeping HTTP client for the integration tests. */
#include "browser.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void browser_init(struct browser *b)
{
    memset(b, 0, sizeof *b);
    b->h = curl_easy_init();
    assert_non_null(b->h);
    curl_easy_setopt(b->h, CURLOPT_COOKIEFILE, ""); /* in-memory cookie jar */
    curl_easy_setopt(b->h, CURLOPT_TIMEOUT, 30L);
}

void browser_free(struct browser *b)
{
    if (b->h)
        curl_easy_cleanup(b->h);
    b->h = NULL;
}

void page_free(struct page *p)
{
    free(p->body);
    free(p->headers);
    memset(p, 0, sizeof *p);
}

static void grab_csrf(struct browser *b, const struct page *p)
{
    const char *m = p->body ? strstr(p->body, "name=\"csrf-token\" content=\"") : NULL;
    if (m) {
        memcpy(b->csrf, m + 27, 64);
        b->csrf[64] = '\0';
    }
}

static struct page perform(struct browser *b, const char *path, struct curl_slist *hl)
{
    struct page p = {0};
    void *bud[2] = {&p.body, &p.len}, *hud[2] = {&p.headers, &p.hlen};
    char url[1024];
    char *loc = NULL;

    snprintf(url, sizeof url, "%s%s", getenv("TEJIAN_URL"), path);
    curl_easy_setopt(b->h, CURLOPT_URL, url);
    curl_easy_setopt(b->h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(b->h, CURLOPT_WRITEDATA, bud);
    curl_easy_setopt(b->h, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(b->h, CURLOPT_HEADERDATA, hud);
    curl_easy_setopt(b->h, CURLOPT_HTTPHEADER, hl);
    CURLcode rc = curl_easy_perform(b->h);
    if (rc != CURLE_OK)
        fail_msg("%s: %s", path, curl_easy_strerror(rc));
    curl_easy_getinfo(b->h, CURLINFO_RESPONSE_CODE, &p.status);
    if (curl_easy_getinfo(b->h, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc) {
        const char *rel = strstr(loc, "://");
        rel = rel ? strchr(rel + 3, '/') : loc;
        snprintf(p.location, sizeof p.location, "%s", rel ? rel : loc);
    }
    if (!p.body)
        p.body = calloc(1, 1);
    grab_csrf(b, &p);
    /* Reset per-request options. */
    curl_easy_setopt(b->h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(b->h, CURLOPT_HTTPHEADER, NULL);
    return p;
}

struct page browser_get(struct browser *b, const char *path)
{
    curl_easy_setopt(b->h, CURLOPT_HTTPGET, 1L);
    return perform(b, path, NULL);
}

struct page browser_post(struct browser *b, const char *path, const char *fields, int no_csrf)
{
    char *body = NULL;
    struct page p;
    if (no_csrf)
        body = strdup(fields);
    else if (asprintf(&body, "%s%s_csrf=%s", fields, *fields ? "&" : "", b->csrf) < 0)
        body = NULL;
    assert_non_null(body);
    curl_easy_setopt(b->h, CURLOPT_POSTFIELDS, body);
    p = perform(b, path, NULL);
    curl_easy_setopt(b->h, CURLOPT_POSTFIELDS, NULL);
    free(body);
    return p;
}

struct page browser_post_multipart(struct browser *b, const char *path, const char *const *fields,
                                   const char *file1, const char *name1, const void *data1, size_t len1,
                                   const char *file2, const char *name2, const void *data2, size_t len2)
{
    curl_mime *mime = curl_mime_init(b->h);
    curl_mimepart *part;
    struct page p;

    part = curl_mime_addpart(mime);
    curl_mime_name(part, "_csrf");
    curl_mime_data(part, b->csrf, CURL_ZERO_TERMINATED);
    for (int i = 0; fields && fields[i]; i += 2) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, fields[i]);
        curl_mime_data(part, fields[i + 1], CURL_ZERO_TERMINATED);
    }
    if (file1) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, file1);
        curl_mime_filename(part, name1);
        curl_mime_data(part, data1, len1);
    }
    if (file2) {
        part = curl_mime_addpart(mime);
        curl_mime_name(part, file2);
        curl_mime_filename(part, name2);
        curl_mime_data(part, data2, len2);
    }
    curl_easy_setopt(b->h, CURLOPT_MIMEPOST, mime);
    p = perform(b, path, NULL);
    curl_easy_setopt(b->h, CURLOPT_MIMEPOST, NULL);
    curl_mime_free(mime);
    return p;
}

void browser_captcha(struct browser *b)
{
    struct page p = browser_get(b, "/captcha");
    const char *h = p.headers ? strcasestr(p.headers, "X-Test-Captcha-Answer: ") : NULL;
    assert_int_equal(p.status, 200);
    assert_non_null(h);
    snprintf(b->captcha, sizeof b->captcha, "%.*s", (int)strcspn(h + 23, "\r\n"), h + 23);
    page_free(&p);
}

char *url_escape(const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0), *out = strdup(e);
    curl_free(e);
    return out;
}

struct page browser_login(struct browser *b, const char *login, const char *password)
{
    struct page p = browser_get(b, "/login");
    char *body = NULL, *el = url_escape(login), *ep = url_escape(password);
    page_free(&p);
    browser_captcha(b);
    if (asprintf(&body, "login=%s&password=%s&captcha=%s", el, ep, b->captcha) < 0)
        body = NULL;
    assert_non_null(body);
    p = browser_post(b, "/login", body, 0);
    free(body);
    free(el);
    free(ep);
    return p;
}

void browser_cookie(struct browser *b, const char *name, char *out, size_t cap)
{
    struct curl_slist *cookies = NULL, *c;
    out[0] = '\0';
    curl_easy_getinfo(b->h, CURLINFO_COOKIELIST, &cookies);
    for (c = cookies; c; c = c->next) {
        /* Netscape format: domain, flag, path, secure, expiry, name, value (tabs). */
        char *fields[7] = {0}, *copy = strdup(c->data), *save = NULL, *t;
        int i = 0;
        for (t = strtok_r(copy, "\t", &save); t && i < 7; t = strtok_r(NULL, "\t", &save))
            fields[i++] = t;
        if (i == 7 && strcmp(fields[5], name) == 0)
            snprintf(out, cap, "%s", fields[6]);
        free(copy);
    }
    curl_slist_free_all(cookies);
}
