/* maint_import.c — bulk import pages (/maint/:kind/template.xlsx, /maint/:kind/import...):
 * the template download, the upload, the checked preview and the import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maint_import.h"
#include "maint_pages.h"
#include "render.h"
#include "routes.h"
#include "util.h"
#include "xlsx.h"

#define PREVIEW_PAGE 200


int maint_template(struct req *r)
{
    const struct maint_kind_def *def;
    unsigned char *data = NULL;
    char *disposition = NULL, name[64];
    size_t len = 0;
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    rc = 500;
    snprintf(name, sizeof name, "%s导入模板.xlsx", def->label);
    if (maint_import_template(def, &data, &len) || !(disposition = download_disposition(name)))
        goto out;
    req_header(r, "Content-Disposition", disposition);
    rc = req_body(r, XLSX_CONTENT_TYPE, data, len);
out:
    free(data);
    free(disposition);
    return rc;
}

/* The upload form (Import.Error set when an upload was refused). */
static int upload_page(struct req *r, const struct maint_kind_def *def)
{
    maint_kind_hdf(r, def);
    req_set(r, "Page.Title", "批量导入");
    return req_page(r, "maint/import.cs");
}

int maint_import_form(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = maint_gate(r, &def);
    return rc ? rc : upload_page(r, def);
}

int maint_import_upload(struct req *r)
{
    const struct maint_kind_def *def;
    const struct mp_part *file;
    char token[33], err[256], loc[128];
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    file = req_upload(r, "file");
    if (!file || file->len == 0) {
        req_set(r, "Import.Error", "请选择要导入的 Excel（.xlsx）或 CSV 文件。");
    } else {
        rc = maint_import_read(&r->user, def, (const unsigned char *)file->data, file->len, file->filename, token,
                               err, sizeof err);
        if (rc < 0)
            return 500;
        if (rc == 1) {
            snprintf(loc, sizeof loc, "/maint/%s/import/%s", def->slug, token);
            return req_redirect(r, loc);
        }
        req_set(r, "Import.Error", err);
    }
    return upload_page(r, def);
}

static int preview(struct req *r, const struct maint_kind_def *def, const char *token)
{
    const char *only = req_param(r, "only"), *page = req_param(r, "page");
    PGresult *res = maint_import_get(&r->user, def, token);
    int n = req_rows(r, "Preview", res), p = page && atoi(page) > 0 ? atoi(page) : 1, problems;
    long total;
    char key[96];

    if (n != 1) {
        PQclear(res);
        return n < 0 ? 500 : 404;
    }
    problems = atol(PQgetvalue(res, 0, 3)) + atol(PQgetvalue(res, 0, 4)) > 0;
    total = atol(PQgetvalue(res, 0, 2));
    PQclear(res);
    /* With problems, the rows that have them come first (only=all lists every row). */
    problems = problems && !(only && !strcmp(only, "all"));
    req_set(r, "Filter.Problems", problems ? "1" : "");
    res = maint_import_rows(&r->user, def, token, problems, (p - 1) * PREVIEW_PAGE, PREVIEW_PAGE + 1);
    n = req_rows(r, "Rows", res);
    for (int i = 0; i < n && i < PREVIEW_PAGE; i++)
        for (int f = 0; f < def->nfields; f++) {
            snprintf(key, sizeof key, "Rows.%d.cells.%d", i, f);
            req_set(r, key, PQgetvalue(res, i, PQfnumber(res, def->fields[f].key)));
        }
    if (n > PREVIEW_PAGE) {
        snprintf(key, sizeof key, "Rows.%d", PREVIEW_PAGE);
        NEOERR *err = hdf_remove_tree(r->hdf, key);
        if (err)
            render_log_error(key, err);
        req_set_int(r, "Pager.Next", p + 1);
    }
    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Pager.Page", p);
    req_set_int(r, "Pager.Total", total);
    req_set(r, "Import.Token", token);
    maint_kind_hdf(r, def);
    req_set(r, "Page.Title", "导入预览");
    return req_page(r, "maint/import.cs");
}

static int token_ok(const char *t)
{
    return t && strlen(t) == 32 && strspn(t, "0123456789abcdef") == 32;
}

int maint_import_show(struct req *r)
{
    const struct maint_kind_def *def;
    const char *token = req_route_param(r, 1);
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    return token_ok(token) ? preview(r, def, token) : 404;
}

int maint_import_post_commit(struct req *r)
{
    const struct maint_kind_def *def;
    const char *token = req_route_param(r, 1), *accept = req_param(r, "accept_warnings"), *msg;
    char loc[96];
    long n;
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    if (!token_ok(token))
        return 404;
    rc = maint_import_commit(&r->user, def, token, accept && !strcmp(accept, "1"), req_ip(r), &n, &msg);
    if (rc < 0)
        return 500;
    if (rc == 0) {
        req_set(r, "Import.Error", msg);
        return preview(r, def, token);
    }
    snprintf(loc, sizeof loc, "/maint/%s?msg=imported", def->slug);
    return req_redirect(r, loc);
}
