/* testroutes.c — routes that exist only on test stacks (test_routes = on). They let the
 * integration tests drive the request layer end to end: escaping, forms, uploads into
 * PostgreSQL and back, and access checks. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "blob.h"
#include "log.h"
#include "routes.h"

/* Reflects ?v= into a page: the escaping proof. */
int test_echo(struct req *r)
{
    const char *v = req_param(r, "v");
    req_set(r, "Echo.Value", v ? v : "");
    return req_page(r, "test/echo.cs");
}

/* Shows what a POSTed form carried (urlencoded or multipart). */
int test_form(struct req *r)
{
    const char *name = req_param(r, "name");
    const char *note = req_param(r, "note");
    req_set(r, "Echo.Value", name ? name : "");
    req_set(r, "Echo.Note", note ? note : "");
    return req_page(r, "test/echo.cs");
}

/* Stores the uploaded "file" as a blob and answers with its digest and size. */
int test_upload(struct req *r)
{
    const struct mp_part *f = req_upload(r, "file");
    char sha[65], text[160];
    int n;

    if (!f)
        return req_fail(r, 400, "请选择要上传的文件。");
    if (blob_put(f->data, f->len, f->content_type, sha))
        return 500;
    n = snprintf(text, sizeof text, "%s %zu\n", sha, f->len);
    return req_body(r, "text/plain; charset=utf-8", text, (size_t)n);
}

/* Streams a stored blob back as a download. */
int test_blob(struct req *r)
{
    char *data = NULL, mime[128];
    size_t len = 0;
    int found, status;

    found = blob_get(req_route_param(r, 0), &data, &len, mime, sizeof mime);
    if (found < 0)
        return 500;
    if (found == 0)
        return 404;
    req_header(r, "Content-Disposition", "attachment");
    status = req_body(r, "application/octet-stream", data, len);
    free(data);
    return status;
}

/* Needs a capability nobody has without signing in: must answer 403. */
int test_guarded(struct req *r)
{
    return req_body(r, "text/plain; charset=utf-8", "secret\n", 7);
}

/* The route table as text, one route per line: METHOD PATTERN CAPABILITY FLAGS. The
 * authorization matrix test compares it with its own expectations, so a route added
 * without an expectation fails the test. */
int test_routes_list(struct req *r)
{
    STRING out;
    int status;

    string_init(&out);
    for (size_t i = 0; i < ROUTES_COUNT; i++) {
        const struct route *rt = &ROUTES[i];
        if (rt->flags & ROUTE_TEST)
            continue;
        string_appendf(&out, "%s %s %s %s%s\n", rt->method, rt->pattern,
                       rt->capability ? rt->capability : "-", rt->flags & ROUTE_CSRF ? "csrf" : "-",
                       rt->flags & ROUTE_DB ? ",db" : "");
    }
    status = req_body(r, "text/plain; charset=utf-8", out.buf ? out.buf : "", out.len);
    string_clear(&out);
    return status;
}

/* Plays the SMS gateway for the outbox test: accepts only a body whose
 * X-Tejian-Signature is the HMAC-SHA256 of it under outbox_secret, shaped
 * {"id","channel","to","text"}. */
int test_sms_gateway(struct req *r)
{
    const char *sig = FCGX_GetParam("HTTP_X_TEJIAN_SIGNATURE", r->fcgx->envp);
    const char *key = r->cfg->outbox_secret;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int maclen = 0;
    char hex[65];
    cJSON *obj;
    int ok;

    if (!r->body || !sig || strncmp(sig, "sha256=", 7) != 0 ||
        !HMAC(EVP_sha256(), key, (int)strlen(key), (unsigned char *)r->body, r->body_len, mac, &maclen))
        return 403;
    for (unsigned int i = 0; i < 32 && i < maclen; i++)
        sprintf(hex + 2 * i, "%02x", mac[i]);
    if (strlen(sig + 7) != 64 || CRYPTO_memcmp(hex, sig + 7, 64) != 0)
        return 403;
    obj = cJSON_ParseWithLength(r->body, r->body_len);
    ok = obj && cJSON_IsNumber(cJSON_GetObjectItem(obj, "id")) &&
         cJSON_IsString(cJSON_GetObjectItem(obj, "to")) && cJSON_IsString(cJSON_GetObjectItem(obj, "text"));
    cJSON_Delete(obj);
    return ok ? req_body(r, "text/plain", "ok\n", 3) : 400;
}
