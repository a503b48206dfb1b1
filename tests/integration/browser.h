/* browser.h — a minimal cookie-keeping HTTP client for the integration tests. */
#ifndef TEJIAN_TEST_BROWSER_H
#define TEJIAN_TEST_BROWSER_H

#include <curl/curl.h>
#include <stddef.h>

struct page {
    long status;
    char *body;
    size_t len;
    char *headers;
    size_t hlen;
    char location[512];
};

struct browser {
    CURL *h;
    char csrf[65];     /* from the last HTML page's <meta name="csrf-token"> */
    char captcha[16];  /* answer of the last /captcha (test stacks send it) */
};

void browser_init(struct browser *b);
void browser_free(struct browser *b);
void page_free(struct page *p);
/* GET path; refreshes b->csrf from HTML. */
struct page browser_get(struct browser *b, const char *path);
/* POST urlencoded "k=v&..." (values already escaped); _csrf added unless no_csrf. */
struct page browser_post(struct browser *b, const char *path, const char *fields, int no_csrf);
/* POST multipart; fields as NULL-terminated name,value pairs; files as name,filename,data,len. */
struct page browser_post_multipart(struct browser *b, const char *path, const char *const *fields,
                                   const char *file1, const char *name1, const void *data1, size_t len1,
                                   const char *file2, const char *name2, const void *data2, size_t len2);
/* Fetches /captcha so the next login can answer it. */
void browser_captcha(struct browser *b);
/* Logs in (captcha included); returns the response (303 on success). */
struct page browser_login(struct browser *b, const char *login, const char *password);
/* Value of cookie name in the jar, or "" */
void browser_cookie(struct browser *b, const char *name, char *out, size_t cap);
/* Escapes a value for a urlencoded body (malloc'd). */
char *url_escape(const char *s);

#endif
