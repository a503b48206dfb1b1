/* maint.c — maintenance filings (/maint/...): the maintenance company's lists of personnel
 * and elevators with add, edit, view, delete and 审核上报, the archives with export and
 * history; and the district bureau's audit queue, decisions and archives (/bureau/maint).
 * The bulk import is maint_import.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "maint.h"
#include "maint_pages.h"
#include "render.h"
#include "routes.h"
#include "util.h"
#include "workflow_maint.h"
#include "xlsx.h"

#define MAX_SUBMIT 500

long maint_id_param(struct req *r, int i)
{
    const char *p = req_route_param(r, i);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

const struct maint_kind_def *maint_def_param(struct req *r)
{
    return maint_kind_by_slug(req_route_param(r, 0));
}

/* 1 when the user's unit is a maintenance company; otherwise the 403 page is prepared
 * and 0 returned (-1 on a database error). */
int maint_require_company(struct req *r)
{
    char district[7];
    int rc = maint_company(&r->user, district);

    if (rc == 0)
        req_fail(r, 403, "只有已通过注册审核的维保单位可以使用维保备案。");
    return rc;
}

int maint_gate(struct req *r, const struct maint_kind_def **def)
{
    int rc;

    if (!(*def = maint_def_param(r)))
        return 404;
    rc = maint_require_company(r);
    return rc == 1 ? 0 : rc == 0 ? 403 : 500;
}

void maint_kind_hdf(struct req *r, const struct maint_kind_def *def)
{
    char key[64];

    req_set(r, "Kind.slug", def->slug);
    req_set(r, "Kind.name", def->name);
    req_set(r, "Kind.label", def->label);
    for (int i = 0, c = 0; i < def->nfields; i++) {
        const struct maint_field *f = &def->fields[i];
        snprintf(key, sizeof key, "Fields.%d.key", i);
        req_set(r, key, f->key);
        snprintf(key, sizeof key, "Fields.%d.label", i);
        req_set(r, key, f->label);
        snprintf(key, sizeof key, "Fields.%d.required", i);
        req_set(r, key, f->flags & MF_REQUIRED ? "1" : "");
        snprintf(key, sizeof key, "Fields.%d.date", i);
        req_set(r, key, f->type == MF_DATE ? "1" : "");
        snprintf(key, sizeof key, "Fields.%d.query", i);
        req_set(r, key, f->flags & MF_QUERY ? "1" : "");
        for (int k = 0; f->options && f->options[k]; k++) {
            snprintf(key, sizeof key, "Fields.%d.options.%d", i, k);
            req_set(r, key, f->options[k]);
        }
        if (f->flags & MF_LIST) {
            snprintf(key, sizeof key, "Columns.%d.label", c);
            req_set(r, key, f->label);
            snprintf(key, sizeof key, "Columns.%d.key", c++);
            req_set(r, key, f->key);
        }
    }
}

/* Rows of a maint_list result into Rows.N.* with the list columns as Rows.N.cells.M and
 * the Chinese state labels; the page count into Pager.*. Returns the row count or -1. */
static int rows_hdf(struct req *r, const struct maint_kind_def *def, PGresult *res, int page)
{
    char key[96];
    int n = req_rows(r, "Rows", res);

    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "Rows.%d.state_label", i);
        req_set(r, key, workflow_label(&WF_MAINT_FILING, PQgetvalue(res, i, PQfnumber(res, "state"))));
        snprintf(key, sizeof key, "Rows.%d.info_label", i);
        req_set(r, key, maint_info_label(PQgetvalue(res, i, PQfnumber(res, "info_state"))));
        const char *cert = PQgetvalue(res, i, PQfnumber(res, "cert_status"));
        snprintf(key, sizeof key, "Rows.%d.cert_label", i);
        req_set(r, key, !strcmp(cert, "expired") ? "已过期" : !strcmp(cert, "expiring") ? "90 天内到期"
                        : !strcmp(cert, "valid") ? "有效" : "");
        for (int f = 0, c = 0; f < def->nfields; f++) {
            if (!(def->fields[f].flags & MF_LIST))
                continue;
            snprintf(key, sizeof key, "Rows.%d.cells.%d", i, c++);
            req_set(r, key, PQgetvalue(res, i, PQfnumber(res, def->fields[f].key)));
        }
    }
    if (n >= 0) {
        long total = n ? atol(PQgetvalue(res, 0, PQfnumber(res, "total"))) : 0;
        req_set_int(r, "Pager.Page", page);
        req_set_int(r, "Pager.Pages", (total + MAINT_PAGE - 1) / MAINT_PAGE);
        req_set_int(r, "Pager.Total", total);
    }
    return n;
}

static char *url_escape(const char *s)
{
    char *out = NULL;
    NEOERR *err = cgi_url_escape(s, &out);
    if (err) {
        render_log_error("url escape", err);
        return NULL;
    }
    return out;
}

/* The query conditions of the request (q_<key>, org, page) into q and back into the HDF,
 * with the pager's base URL. */
static void query_from(struct req *r, const struct maint_kind_def *def, const char *base, struct maint_query *q)
{
    char key[64], *url = NULL, *esc;
    const char *page = req_param(r, "page");
    size_t len = 0;
    FILE *m = open_memstream(&url, &len);

    memset(q, 0, sizeof *q);
    q->page = page && atoi(page) > 0 ? atoi(page) : 1;
    if (m)
        fprintf(m, "%s?", base);
    for (int i = 0; i < def->nfields; i++) {
        if (!(def->fields[i].flags & MF_QUERY))
            continue;
        snprintf(key, sizeof key, "q_%s", def->fields[i].key);
        q->q[i] = req_param(r, key);
        if (q->q[i] && *q->q[i]) {
            snprintf(key, sizeof key, "Fields.%d.q", i);
            req_set(r, key, q->q[i]);
            if (m && (esc = url_escape(q->q[i])) != NULL) {
                fprintf(m, "q_%s=%s&", def->fields[i].key, esc);
                free(esc);
            }
        }
    }
    q->expiring = req_param(r, "expiring") != NULL;
    if (q->expiring) {
        req_set(r, "Query.expiring", "1");
        if (m)
            fprintf(m, "expiring=1&");
    }
    q->org = req_param(r, "org");
    if (q->org && *q->org) {
        req_set(r, "Query.org", q->org);
        if (m && (esc = url_escape(q->org)) != NULL) {
            fprintf(m, "org=%s&", esc);
            free(esc);
        }
    }
    if (m && fclose(m) == 0) {
        req_set(r, "Pager.Base", url);
        free(url);
    }
}

/* A list page: the company's working list, or an archive (company or bureau). */
static int list_page(struct req *r, const struct maint_kind_def *def, enum maint_scope scope, enum maint_view view)
{
    struct maint_query q;
    char base[64], title[64];
    PGresult *res;
    int n;

    snprintf(base, sizeof base, "%s/%s%s", scope == MAINT_BUREAU ? "/bureau/maint" : "/maint", def->slug,
             view == MAINT_ARCHIVE ? "/archive" : "");
    maint_kind_hdf(r, def);
    query_from(r, def, base, &q);
    res = maint_list(&r->user, def, scope, view, &q);
    n = rows_hdf(r, def, res, q.page);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "List.Base", base);
    if (view == MAINT_ARCHIVE)
        req_set(r, "Archive", "1");
    if (scope == MAINT_BUREAU)
        req_set(r, "Bureau", "1");
    snprintf(title, sizeof title, "%s%s", def->label, view == MAINT_ARCHIVE ? "档案" : "信息上报");
    req_set(r, "Page.Title", title);
    return req_page(r, "maint/list.cs");
}

int maint_index(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = maint_gate(r, &def);
    const char *msg = req_param(r, "msg");

    if (rc)
        return rc;
    if (msg && !strcmp(msg, "submitted"))
        req_set(r, "Page.Notice", "已审核上报，等待区县监管局审核。");
    else if (msg && !strcmp(msg, "deleted"))
        req_set(r, "Page.Notice", "已删除。");
    else if (msg && !strcmp(msg, "imported"))
        req_set(r, "Page.Notice", "导入完成，导入的信息为“待上报”状态，请选中后审核上报。");
    return list_page(r, def, MAINT_COMPANY, MAINT_WORKING);
}

int maint_archive(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = maint_gate(r, &def);
    return rc ? rc : list_page(r, def, MAINT_COMPANY, MAINT_ARCHIVE);
}

/* The archive as .xlsx: approved versions only, codes as text. */
static int export_archive(struct req *r, const struct maint_kind_def *def, enum maint_scope scope)
{
    struct xlsx_column cols[MAINT_MAX_FIELDS + 1];
    struct maint_query q;
    unsigned char *data = NULL;
    char *disposition = NULL, name[64];
    size_t len = 0;
    int nc = 0, rc = 500;
    PGresult *res;

    query_from(r, def, "", &q);
    q.page = 0;
    if (scope == MAINT_BUREAU)
        cols[nc++] = (struct xlsx_column){"org_name", "维保单位", XLSX_TEXT, 30};
    for (int i = 0; i < def->nfields; i++)
        cols[nc++] = (struct xlsx_column){def->fields[i].key, def->fields[i].label,
                                          def->fields[i].type == MF_DATE ? XLSX_DATE : XLSX_TEXT,
                                          def->fields[i].flags & MF_CODE ? 24 : 16};
    res = maint_list(&r->user, def, scope, MAINT_ARCHIVE, &q);
    if (!res || xlsx_from_result(def->label, cols, nc, res, &data, &len))
        goto out;
    snprintf(name, sizeof name, "%s档案.xlsx", def->label);
    if (!(disposition = download_disposition(name)))
        goto out;
    req_header(r, "Content-Disposition", disposition);
    rc = req_body(r, XLSX_CONTENT_TYPE, data, len);
out:
    PQclear(res);
    free(data);
    free(disposition);
    return rc;
}

int maint_archive_export(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = maint_gate(r, &def);
    return rc ? rc : export_archive(r, def, MAINT_COMPANY);
}

/* The form, with values from res row 0 (editing) or from what was typed (Query.*). */
static int form_page(struct req *r, const struct maint_kind_def *def, PGresult *res, const struct maint_errors *e)
{
    char key[64], title[64];

    maint_kind_hdf(r, def);
    for (int i = 0; i < def->nfields; i++) {
        const char *typed = req_param(r, def->fields[i].key);
        snprintf(key, sizeof key, "Fields.%d.value", i);
        req_set(r, key, res ? PQgetvalue(res, 0, PQfnumber(res, def->fields[i].key)) : typed ? typed : "");
        if (e && e->err[i]) {
            snprintf(key, sizeof key, "Fields.%d.error", i);
            req_set(r, key, e->err[i]);
        }
    }
    if (e && e->form)
        req_set(r, "Form.Error", e->form);
    snprintf(title, sizeof title, "%s信息", def->label);
    req_set(r, "Page.Title", title);
    return req_page(r, "maint/form.cs");
}

static void form_values(struct req *r, const struct maint_kind_def *def, const char **values)
{
    for (int i = 0; i < def->nfields; i++)
        values[i] = req_param(r, def->fields[i].key);
}

/* The chosen attachments (several files at once in one input named "files"); one more
 * than the limit is kept so the check can refuse it. Returns the count. */
static int form_files(struct req *r, struct maint_file *files)
{
    int n = 0;
    for (size_t i = 0; i < r->form.n && n <= MAINT_MAX_FILES; i++) {
        const struct mp_part *p = &r->form.parts[i];
        if (p->filename && p->filename[0] && !strcmp(p->name, "files"))
            files[n++] = (struct maint_file){p->data, p->len, p->filename};
    }
    return n;
}

/* After a save: the filing's page, saying what comes next. */
static int saved(struct req *r, const struct maint_kind_def *def, long id)
{
    char loc[96];
    snprintf(loc, sizeof loc, "/maint/%s/%ld?msg=saved", def->slug, id);
    return req_redirect(r, loc);
}

int maint_new(struct req *r)
{
    const struct maint_kind_def *def;
    PGresult *res;
    char loc[96];
    long id;
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    if (def->kind != MAINT_COMPANY_INFO)
        return form_page(r, def, NULL, NULL);
    /* The company's own information: once, prefilled from the registration. */
    if ((id = maint_company_filing(&r->user)) != 0) {
        if (id < 0)
            return 500;
        snprintf(loc, sizeof loc, "/maint/company/%ld/edit", id);
        return req_redirect(r, loc);
    }
    if (!(res = maint_company_profile(&r->user)))
        return 500;
    for (int i = 0; i < def->nfields && PQntuples(res) == 1; i++) {
        int c = PQfnumber(res, def->fields[i].key);
        if ((def->fields[i].flags & MF_PROFILE) && c >= 0) {
            char key[64];
            snprintf(key, sizeof key, "Query.%s", def->fields[i].key);
            req_set(r, key, PQgetvalue(res, 0, c));
        }
    }
    PQclear(res);
    return form_page(r, def, NULL, NULL);
}

int maint_create_post(struct req *r)
{
    const struct maint_kind_def *def;
    const char *values[MAINT_MAX_FIELDS];
    struct maint_file files[MAINT_MAX_FILES + 1];
    struct maint_errors e;
    long id;
    int rc = maint_gate(r, &def), nfiles;

    if (rc)
        return rc;
    form_values(r, def, values);
    nfiles = form_files(r, files);
    rc = maint_create(&r->user, def, values, files, nfiles, req_ip(r), &id, &e);
    if (rc == MAINT_REFUSED)
        return form_page(r, def, NULL, &e);
    return rc == MAINT_DONE ? saved(r, def, id) : 500;
}

int maint_submit_post(struct req *r)
{
    const struct maint_kind_def *def;
    const char *vals[MAX_SUBMIT];
    long ids[MAX_SUBMIT];
    char loc[96];
    int n, rc = maint_gate(r, &def);

    if (rc)
        return rc;
    n = req_values(r, "id", vals, MAX_SUBMIT);
    for (int i = 0; i < n; i++)
        if ((ids[i] = atol(vals[i])) <= 0)
            return 400;
    if (n == 0)
        return req_fail(r, 400, "请先勾选要审核上报的信息。");
    rc = maint_submit(&r->user, def, ids, n, req_ip(r));
    if (rc == MAINT_INCOMPLETE)
        return req_fail(r, 409, "所选信息中有未填写完整的（如维保单位信息的发证日期、有效日期、级别），请先编辑补全后再审核上报。");
    if (rc == MAINT_REFUSED)
        return req_fail(r, 409, "所选信息中有已在审核中、已通过或已被他人处理的记录，请刷新后重新选择“待上报”或“退回”的信息。");
    if (rc != MAINT_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/maint/%s?msg=submitted", def->slug);
    return req_redirect(r, loc);
}

/* One filing with its approved versions' history (field diff) into the HDF. */
int maint_detail_hdf(struct req *r, const struct maint_kind_def *def, enum maint_scope scope, long id)
{
    PGresult *res = maint_get(&r->user, scope, def, id);
    char key[96];
    int n = req_rows(r, "Filing", res), cur = 0;

    if (n == 1) {
        req_set(r, "Filing.0.state_label", workflow_label(&WF_MAINT_FILING, PQgetvalue(res, 0, PQfnumber(res, "state"))));
        req_set(r, "Filing.0.info_label", maint_info_label(PQgetvalue(res, 0, PQfnumber(res, "info_state"))));
        cur = !strcmp(PQgetvalue(res, 0, PQfnumber(res, "has_current")), "t");
        maint_kind_hdf(r, def);
        for (int i = 0; i < def->nfields; i++) {
            char ck[48];
            const char *now = PQgetvalue(res, 0, PQfnumber(res, def->fields[i].key));
            snprintf(ck, sizeof ck, "cur_%s", def->fields[i].key);
            const char *was = PQgetvalue(res, 0, PQfnumber(res, ck));
            snprintf(key, sizeof key, "Fields.%d.value", i);
            req_set(r, key, now);
            snprintf(key, sizeof key, "Fields.%d.current", i);
            req_set(r, key, was);
            snprintf(key, sizeof key, "Fields.%d.changed", i);
            req_set(r, key, cur && strcmp(now, was) ? "1" : "");
        }
    }
    PQclear(res);
    if (n != 1)
        return n < 0 ? 500 : 404;
    res = maint_history(&r->user, scope, id);
    n = req_rows(r, "History", res);
    for (int i = 0; i < n; i++) {
        const char *field = PQgetvalue(res, i, PQfnumber(res, "field"));
        for (int f = 0; *field && f < def->nfields; f++)
            if (!strcmp(def->fields[f].key, field)) {
                snprintf(key, sizeof key, "History.%d.label", i);
                req_set(r, key, def->fields[f].label);
            }
    }
    PQclear(res);
    if (n < 0)
        return 500;
    res = maint_documents(&r->user, scope, id);
    n = req_rows(r, "Docs", res);
    PQclear(res);
    if (n < 0)
        return 500;
    n = req_workflow_history(r, "Events", &WF_MAINT_FILING, id);
    return n < 0 ? 500 : 0;
}

/* A page of one filing of the company (show, delete confirmation): 0 with the HDF filled,
 * or the status to answer. */
static int own_detail(struct req *r, const struct maint_kind_def **def)
{
    long id = maint_id_param(r, 1);
    int rc = maint_gate(r, def);

    if (rc)
        return rc;
    return id ? maint_detail_hdf(r, *def, MAINT_COMPANY, id) : 404;
}

int maint_show(struct req *r)
{
    const struct maint_kind_def *def;
    int rc;

    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "已保存。信息需选中后“审核上报”，区县监管局审核通过后生效。");
    if ((rc = own_detail(r, &def)) != 0)
        return rc;
    req_set(r, "Page.Title", def->label);
    return req_page(r, "maint/show.cs");
}

int maint_edit(struct req *r)
{
    const struct maint_kind_def *def;
    long id = maint_id_param(r, 1);
    int rc = maint_gate(r, &def);
    PGresult *res;

    if (rc)
        return rc;
    res = id ? maint_get(&r->user, MAINT_COMPANY, def, id) : NULL;
    if (!res || PQntuples(res) != 1) {
        rc = res ? 404 : id ? 500 : 404;
        PQclear(res);
        return rc;
    }
    req_set(r, "Form.Id", PQgetvalue(res, 0, 0));
    req_set(r, "Form.Version", PQgetvalue(res, 0, PQfnumber(res, "version")));
    req_set(r, "Form.State", PQgetvalue(res, 0, PQfnumber(res, "state")));
    rc = form_page(r, def, res, NULL);
    PQclear(res);
    return rc;
}

int maint_save_post(struct req *r)
{
    const struct maint_kind_def *def;
    const char *values[MAINT_MAX_FIELDS], *version = req_param(r, "version");
    struct maint_file files[MAINT_MAX_FILES + 1];
    long id = maint_id_param(r, 1);
    struct maint_errors e;
    char loc[96];
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    if (!id || !version)
        return !id ? 404 : 400;
    if (maint_kind_of(&r->user, MAINT_COMPANY, id, &rc) != def) /* another company's: not there */
        return rc ? 500 : 404;
    form_values(r, def, values);
    rc = maint_update(&r->user, def, id, atoi(version), values, files, form_files(r, files), req_ip(r), &e);
    if (rc == MAINT_NOT_FOUND)
        return 404;
    if (rc == MAINT_REFUSED) {
        if (e.nerr == 0 && (!strcmp(e.form, "该信息已被他人修改或处理，请刷新后重试。") ||
                            !strcmp(e.form, "该信息正在审核中，审核完成前不能修改或删除。")))
            return req_fail(r, 409, e.form);
        snprintf(loc, sizeof loc, "%ld", id);
        req_set(r, "Form.Id", loc);
        req_set(r, "Form.Version", version);
        return form_page(r, def, NULL, &e);
    }
    return rc == MAINT_DONE ? saved(r, def, id) : 500;
}

int maint_delete_confirm(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = own_detail(r, &def);

    if (rc)
        return rc;
    req_set(r, "Page.Title", "确认删除");
    return req_page(r, "maint/delete.cs");
}

int maint_delete_post(struct req *r)
{
    const struct maint_kind_def *def;
    const char *version = req_param(r, "version");
    long id = maint_id_param(r, 1);
    char loc[96];
    int rc = maint_gate(r, &def);

    if (rc)
        return rc;
    if (!id || !version)
        return !id ? 404 : 400;
    rc = maint_delete(&r->user, def, id, atoi(version), req_ip(r));
    if (rc == MAINT_NOT_FOUND)
        return 404;
    if (rc == MAINT_IN_USE)
        return req_fail(r, 409, def->kind == MAINT_PERSON ? "该人员已有维保或检验记录，不能删除。"
                                                          : "该电梯已有维保或检验记录，不能删除。");
    if (rc == MAINT_REFUSED)
        return req_fail(r, 409, "已被他人处理，请刷新。审核中的信息不能删除。");
    if (rc != MAINT_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/maint/%s?msg=deleted", def->slug);
    return req_redirect(r, loc);
}

/* ---- the district bureau --------------------------------------------------------------- */

int maint_bureau_queue(struct req *r)
{
    const struct maint_kind_def *def = maint_kind_by_slug(req_param(r, "kind"));
    struct maint_query q;
    PGresult *res;
    int n;

    if (!def)
        def = maint_kind(MAINT_PERSON);
    maint_kind_hdf(r, def);
    query_from(r, def, "/bureau/maint", &q);
    q.state = "in_review";
    res = maint_list(&r->user, def, MAINT_BUREAU, MAINT_WORKING, &q);
    n = rows_hdf(r, def, res, q.page);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Bureau", "1");
    req_set(r, "Queue", "1");
    req_set(r, "List.Base", "/bureau/maint");
    req_set(r, "Page.Title", "维保备案审核");
    return req_page(r, "maint/list.cs");
}

int maint_bureau_archive(struct req *r)
{
    const struct maint_kind_def *def = maint_def_param(r);
    return def ? list_page(r, def, MAINT_BUREAU, MAINT_ARCHIVE) : 404;
}

int maint_bureau_archive_export(struct req *r)
{
    const struct maint_kind_def *def = maint_def_param(r);
    return def ? export_archive(r, def, MAINT_BUREAU) : 404;
}

int maint_bureau_show(struct req *r)
{
    long id = maint_id_param(r, 0);
    const struct maint_kind_def *def;
    int err = 0, rc;

    if (!id || !(def = maint_kind_of(&r->user, MAINT_BUREAU, id, &err)))
        return err ? 500 : 404;
    if ((rc = maint_detail_hdf(r, def, MAINT_BUREAU, id)) != 0)
        return rc;
    req_set(r, "Bureau", "1");
    req_set(r, "Page.Title", "维保备案审核");
    return req_page(r, "maint/show.cs");
}

int maint_bureau_decide(struct req *r)
{
    long id = maint_id_param(r, 0);
    const char *action = req_param(r, "action"), *reason = req_param(r, "reason"), *version = req_param(r, "version");
    const struct maint_kind_def *def;
    char loc[96];
    int err = 0, approve, rc;

    if (!id || !(def = maint_kind_of(&r->user, MAINT_BUREAU, id, &err)))
        return err ? 500 : 404;
    if (!action || !version || (strcmp(action, "approve") && strcmp(action, "reject")))
        return 400;
    approve = !strcmp(action, "approve");
    if (!approve && (!reason || !*reason || strlen(reason) > MAINT_REASON_MAX)) {
        req_set(r, "Errors.reason", reason && *reason ? "退回原因不能超过 200 字。" : "退回必须写明原因。");
        return maint_bureau_show(r);
    }
    rc = maint_decide(&r->user, id, atoi(version), approve, reason, req_ip(r));
    if (rc == MAINT_REFUSED)
        return req_fail(r, 409, "已被他人处理，请刷新。");
    if (rc != MAINT_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/bureau/maint?kind=%s", def->slug);
    return req_redirect(r, loc);
}

/* An attachment of a filing in scope, as a download. */
static int document(struct req *r, enum maint_scope scope, long id, long doc)
{
    char sha[65];
    int found;

    if (!id || !doc)
        return 404;
    found = maint_document_blob(&r->user, scope, id, doc, sha);
    if (found <= 0)
        return found < 0 ? 500 : 404;
    return req_blob_attachment(r, sha);
}

int maint_document(struct req *r)
{
    const struct maint_kind_def *def;
    int rc = maint_gate(r, &def);
    return rc ? rc : document(r, MAINT_COMPANY, maint_id_param(r, 1), maint_id_param(r, 2));
}

int maint_bureau_document(struct req *r)
{
    return document(r, MAINT_BUREAU, maint_id_param(r, 0), maint_id_param(r, 1));
}

/* ---- maintenance companies' registrations, decided by the bureau of their district ------ */

#include "registration.h"

int maint_bureau_registrations(struct req *r)
{
    PGresult *res = registration_list_maint(&r->user);
    int n = req_rows(r, "Registrations", res);

    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Page.Title", "维保单位注册审核");
    return req_page(r, "maint/registrations.cs");
}

int maint_bureau_registration_decide(struct req *r)
{
    long id = maint_id_param(r, 0);
    const char *action = req_param(r, "action"), *reason = req_param(r, "reason"), *version = req_param(r, "version");
    int approve, rc;

    if (!id)
        return 404;
    if (!action || !version || (strcmp(action, "approve") && strcmp(action, "reject")))
        return 400;
    approve = !strcmp(action, "approve");
    if (!approve && (!reason || !*reason || strlen(reason) > MAINT_REASON_MAX)) {
        req_set(r, "Errors.reason", "退回必须写明原因（不超过 200 字）。");
        req_set_int(r, "Errors.id", id);
        return maint_bureau_registrations(r);
    }
    rc = registration_decide_maint(&r->user, id, atoi(version), approve, reason, req_ip(r));
    if (rc == 0)
        return req_fail(r, 409, "已被他人处理，请刷新。");
    if (rc < 0)
        return 500;
    return req_redirect(r, "/bureau/maint/registrations");
}
