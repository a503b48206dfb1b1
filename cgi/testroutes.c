/* testroutes.c — routes that exist only on test stacks (test_routes = on). They let the
 * integration tests drive the request layer end to end: escaping, forms, uploads into
 * PostgreSQL and back, and access checks. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

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
