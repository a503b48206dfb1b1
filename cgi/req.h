/* req.h — one HTTP request as handlers see it, and the helpers they use. Handlers read
 * input, fill the HDF and return an HTTP status; only the dispatcher writes headers. */
#ifndef TEJIAN_REQ_H
#define TEJIAN_REQ_H

#include <ClearSilver.h>
#include <fcgiapp.h>
#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"
#include "config.h"
#include "multipart.h"
#include "render.h"
#include "route.h"
#include "workflow.h"

struct req {
    FCGX_Request *fcgx;
    const struct config *cfg;
    HDF *hdf;
    char method[8];
    char path[1024];
    char rid[40];
    double t0;

    /* Input. */
    size_t content_length;
    char *body;             /* raw body for multipart and other non-form types */
    size_t body_len;
    struct mp_form form;    /* parsed multipart parts (file data point into body) */
    const struct route *route;
    struct route_params params;
    char csrf[65];          /* the browser's CSRF token (double-submit cookie) */
    int csrf_new;           /* the token was made for this response */
    struct user user;       /* user.id == 0: anonymous */
    char session[65];       /* the session cookie's token, when it named a live session */

    /* Output. */
    const char *page;       /* page template, rendered inside layout.cs */
    HDF *query;             /* the request HDF's Query node once found (req_param) */
    HDF *shared;            /* worker-kept data the template reads below the request's
                             * HDF (reference data, e.g. filter choices; render.c) */
    const struct render_table *table; /* rows the page reads with cell() (req_table) */
    void *table_owner;
    void (*table_release)(void *owner);
    char *out;              /* raw body (downloads, JSON), malloc'd */
    size_t out_len;
    char out_type[128];
    STRING headers;         /* extra header lines, each ending in CRLF */
    char location[1024];
    int status;
    size_t bytes_sent;
};

/* Query/form value or NULL. */
const char *req_param(struct req *r, const char *name);
/* Every value sent for a field that may repeat (checkboxes): Query.name, or its
 * numbered children when there were several. Up to max into out; returns the count. */
int req_values(struct req *r, const char *name, const char **out, int max);
/* Route parameter i (":x" segments in order). */
const char *req_route_param(struct req *r, int i);
/* First uploaded file of field name (a chosen file, not an empty input), or NULL. */
const struct mp_part *req_upload(struct req *r, const char *name);

/* Renders page (templates/<page>) inside the layout. Returns 200. */
int req_page(struct req *r, const char *page);
/* The rows the page reads with cell() (render.h). owner is released with release(owner)
 * once the response is written (or when another table replaces it). */
void req_table(struct req *r, const struct render_table *table, void *owner, void (*release)(void *owner));
/* Sends a raw body; data is copied. Returns 200, or 500 when out of memory. */
int req_body(struct req *r, const char *content_type, const void *data, size_t len);
/* Sends a stored blob as an attachment under a fixed name by its type (document.pdf,
 * .jpg, .png): nothing the uploader chose reaches the header, and nosniff keeps the
 * browser from reinterpreting the bytes. 200, 404 when the blob is gone, or 500. */
int req_blob_attachment(struct req *r, const char *sha256);
/* 303 See Other to a local path. */
int req_redirect(struct req *r, const char *location);
/* Adds a header line (refused when it holds CR or LF). 0 or -1. */
int req_header(struct req *r, const char *name, const char *value);
/* Sets the message shown on the error page and returns status. */
int req_fail(struct req *r, int status, const char *message);
/* Client address as nginx saw it. */
const char *req_ip(struct req *r);
/* A request header or CGI variable as the web server passed it, by its CGI name (e.g.
 * "HTTP_USER_AGENT"), or "" when absent. Headers are not copied into the HDF. */
const char *req_http(struct req *r, const char *cgi_name);
/* Cookie value or NULL (the first of a repeated name; lib/reqparse.h). */
const char *req_cookie(struct req *r, const char *name);
/* Sets a cookie: HttpOnly, SameSite=Lax, Path=/, Secure behind TLS; max_age < 0 deletes
 * it, 0 makes a browser-session cookie. */
int req_set_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Replaces the CSRF token (at login, so a pre-login token cannot be reused). */
int req_rotate_csrf(struct req *r);
/* Copies every row of res into the HDF as prefix.N.<column>; returns the row count, or -1 when res is NULL (a failed query: answer 500). Does not
 * PQclear res. Queries themselves live in lib/. */
int req_rows(struct req *r, const char *prefix, PGresult *res);
/* The same into any HDF (a worker-kept one for r->shared). Rows or -1. */
int req_rows_into(HDF *hdf, const char *prefix, PGresult *res);
/* One row's columns into prefix.column. */
void req_row(struct req *r, const char *prefix, PGresult *res, int row);
/* The workflow history of entity id of wf (oldest first) into prefix.N.* with each move's
 * Chinese label as prefix.N.label. Returns the row count, or -1 on a failed query. */
int req_workflow_history(struct req *r, const char *prefix, const struct workflow *wf, long id);
/* HDF setters that log failures. */
int req_set(struct req *r, const char *name, const char *value);
/* Sets name = value under the node at path (made if missing), found once: *node caches
 * it (start with NULL) for the next names under the same path, each one step down
 * instead of a walk from the top. */
int req_set_under(struct req *r, HDF **node, const char *path, const char *name, const char *value);
int req_set_int(struct req *r, const char *name, long value);

/* Serves one accepted FastCGI request end to end. */
void req_serve(FCGX_Request *fcgx, const struct config *cfg);
/* Reads and throws away the request's unread input, up to 256 MB. Before a response is
 * written: nginx, given a whole response while it is still sending the request body,
 * logs the status and never sends it to the client (seen with an early 413). */
void req_drain_input(struct req *r);

#endif
