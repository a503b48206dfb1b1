/* inspection.c — inspection applications (报检), the applicant's pages: apply from my
 * equipment (or a device found by exact code), the form with autosave, my applications
 * in three tabs, withdraw and delete. The agency's pages are in inspection_agency.c;
 * the shared rendering of one application is insp_detail_hdf below. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "equipment.h"
#include "fee.h"
#include "inspection.h"
#include "inspection_pages.h"
#include "pdf.h"
#include "render.h"
#include "routes.h"
#include "util.h"
#include "workflow.h"

long insp_id_param(struct req *r, int i)
{
    const char *p = req_route_param(r, i);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

long insp_after_param(struct req *r)
{
    const char *a = req_param(r, "after");
    long v = a ? atol(a) : 0;
    return v > 0 ? v : 0;
}

/* Labels and yuan amounts beside the stored values of rows already copied to prefix.N. */
void insp_label_rows(struct req *r, const char *prefix, PGresult *res, int rows)
{
    static const char *const money[] = {"fee_estimate_fen", "fee_fen", "total_estimate_fen", "total_fee_fen", "amount_fen"};
    int cs = PQfnumber(res, "state"), ck = PQfnumber(res, "kind"), cc = PQfnumber(res, "conclusion");
    int cr = PQfnumber(res, "return_reasons");
    char key[128], yuan[32];

    for (int i = 0; i < rows; i++) {
        if (cs >= 0) {
            snprintf(key, sizeof key, "%s.%d.state_label", prefix, i);
            req_set(r, key, workflow_label(&WF_INSPECTION, PQgetvalue(res, i, cs)));
        }
        if (ck >= 0) {
            snprintf(key, sizeof key, "%s.%d.kind_label", prefix, i);
            req_set(r, key, insp_kind_label(PQgetvalue(res, i, ck)));
        }
        if (cc >= 0) {
            snprintf(key, sizeof key, "%s.%d.conclusion_label", prefix, i);
            req_set(r, key, insp_conclusion_label(PQgetvalue(res, i, cc)));
        }
        for (size_t m = 0; m < sizeof money / sizeof money[0]; m++) {
            int c = PQfnumber(res, money[m]);
            if (c < 0 || PQgetisnull(res, i, c) || !*PQgetvalue(res, i, c))
                continue;
            fee_format(atol(PQgetvalue(res, i, c)), yuan, sizeof yuan);
            snprintf(key, sizeof key, "%s.%d.%.*s", prefix, i, (int)(strlen(money[m]) - 4), money[m]);
            req_set(r, key, yuan);
        }
        if (cr >= 0) { /* "a,b" → Reasons.0 = label of a, … */
            char codes[512];
            int k = 0;
            snprintf(codes, sizeof codes, "%s", PQgetvalue(res, i, cr));
            for (char *save = NULL, *c = strtok_r(codes, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
                const char *label = insp_reason_label(c);
                snprintf(key, sizeof key, "%s.%d.reasons.%d", prefix, i, k++);
                req_set(r, key, label ? label : c);
            }
        }
    }
}

/* Keyset paging of a list already in prefix: drops the extra row, sets NextAfter from
 * the id column col of the last shown row, and Count. Returns the rows shown. */
int insp_page_rows(struct req *r, const char *prefix, PGresult *res, int n, int page, const char *col)
{
    char key[64];
    int shown = n > page ? page : n;

    if (n > page) {
        snprintf(key, sizeof key, "%s.NextAfter", prefix);
        req_set(r, key, PQgetvalue(res, page - 1, PQfnumber(res, col)));
        snprintf(key, sizeof key, "%s.%d", prefix, page);
        NEOERR *err = hdf_remove_tree(r->hdf, key); /* the extra row only says there is a next page */
        if (err)
            render_log_error(key, err);
    }
    snprintf(key, sizeof key, "%s.Count", prefix);
    req_set_int(r, key, shown);
    return shown;
}

/* One application in scope with items (and their fee breakdown when breakdown),
 * documents and history into the HDF. 200, 404 or 500. */
int insp_detail_hdf(struct req *r, enum insp_scope scope, long id, int breakdown)
{
    PGresult *res = insp_get(&r->user, scope, id);
    int n = req_rows(r, "App", res);
    char key[96], yuan[32];

    if (n == 1) {
        insp_label_rows(r, "App", res, 1);
        req_set(r, "App.0.kind_value", PQgetvalue(res, 0, PQfnumber(res, "kind")));
    }
    PQclear(res);
    if (n != 1)
        return n < 0 ? 500 : 404;
    res = insp_items(id);
    n = req_rows(r, "Items", res);
    if (n > 0)
        insp_label_rows(r, "Items", res, n);
    for (int i = 0; breakdown && i < n; i++) {
        struct fee_estimate est;
        int found = fee_estimate_device(atol(PQgetvalue(res, i, PQfnumber(res, "equipment_id"))),
                                        hdf_get_value(r->hdf, "App.0.kind_value", ""), &est);
        if (found < 0) {
            PQclear(res);
            return 500;
        }
        if (found == 0)
            continue;
        static const struct {
            const char *name;
            size_t off;
        } F[] = {{"base", offsetof(struct fee_estimate, base_fen)},
                 {"floors", offsetof(struct fee_estimate, floor_fen)},
                 {"band", offsetof(struct fee_estimate, band_fen)},
                 {"total", offsetof(struct fee_estimate, total_fen)}};
        for (size_t f = 0; f < sizeof F / sizeof F[0]; f++) {
            fee_format(*(const long *)((const char *)&est + F[f].off), yuan, sizeof yuan);
            snprintf(key, sizeof key, "Items.%d.fee.%s", i, F[f].name);
            req_set(r, key, yuan);
        }
        snprintf(key, sizeof key, "Items.%d.fee.extra_floors", i);
        req_set_int(r, key, est.extra_floors);
        snprintf(key, sizeof key, "Items.%d.fee.bands", i);
        req_set_int(r, key, est.bands);
        snprintf(key, sizeof key, "Items.%d.fee.band_label", i);
        req_set(r, key, est.band_label);
    }
    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Items.Count", n);
    res = insp_documents(id);
    n = req_rows(r, "Docs", res);
    PQclear(res);
    if (n < 0)
        return 500;
    n = req_workflow_history(r, "History", &WF_INSPECTION, id);
    if (n < 0)
        return 500;
    req_set(r, "List.Base", scope == INSP_AGENCY ? "/agency/inspections" : "/inspection");
    return 200;
}

/* ---- apply ----------------------------------------------------------------------- */

static void kinds_hdf(struct req *r)
{
    static const char *const paths[] = {"Apply.Kinds.0", "Apply.Kinds.1", "Apply.Kinds.2"};
    const char *kinds[3];
    int n = insp_allowed_kinds(&r->user, kinds);

    for (int i = 0; i < n && i < 3; i++) {
        HDF *node = NULL;
        req_set_under(r, &node, paths[i], "value", kinds[i]);
        req_set_under(r, &node, paths[i], "label", insp_kind_label(kinds[i]));
    }
}

/* POST /inspection: kind and the devices ticked on my equipment (equipment=id, many),
 * or for a non-certified account the device found by its exact code (code + equipment).
 * A draft is made at once and the form opened on it. */
int insp_create_post(struct req *r)
{
    const char *vals[INSP_MAX_ITEMS + 1], *kind = req_param(r, "kind"), *code = req_param(r, "code");
    long eids[INSP_MAX_ITEMS + 1], id = 0;
    struct insp_errors errs;
    char loc[64];
    int n = req_values(r, "equipment", vals, INSP_MAX_ITEMS + 1), rc;

    for (int i = 0; i < n; i++)
        eids[i] = atol(vals[i]);
    if (r->user.roles & ROLE_ENT_BASIC) {
        /* Only a device its exact code finds: ids alone would let anyone open any device. */
        PGresult *res = code && *code && strlen(code) <= 40 && n == 1 ? equipment_lookup(code, 5) : NULL;
        int found = 0;
        for (int i = 0; res && i < PQntuples(res); i++)
            found |= atol(PQgetvalue(res, i, 0)) == eids[0];
        PQclear(res);
        if (!found)
            n = 0;
    }
    rc = insp_create(&r->user, kind, eids, n, req_ip(r), &id, &errs);
    if (rc == INSP_ERROR)
        return 500;
    if (rc == INSP_REFUSED)
        return req_fail(r, 400, errs.form ? errs.form : "请先勾选要报检的设备。");
    snprintf(loc, sizeof loc, "/inspection/%ld/edit", id);
    return req_redirect(r, loc);
}

/* ---- the form ---------------------------------------------------------------------- */

/* The form for application id (typed values and errors already in the HDF). */
static int form_page(struct req *r, long id)
{
    int rc = insp_detail_hdf(r, INSP_ENTERPRISE, id, 1);
    const char *state;
    char loc[64];

    if (rc != 200)
        return rc;
    state = hdf_get_value(r->hdf, "App.0.state", "");
    if (strcmp(state, "draft") && strcmp(state, "returned")) {
        snprintf(loc, sizeof loc, "/inspection/%ld", id);
        return req_redirect(r, loc); /* no longer editable: its page says why */
    }
    req_set(r, "Page.Title", "报检申请");
    return req_page(r, "inspection/form.cs");
}

int insp_edit(struct req *r)
{
    long id = insp_id_param(r, 0);
    if (!id)
        return 404;
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "已暂存。可以随时在“我的报检—处理中”继续填写。");
    return form_page(r, id);
}

/* The typed form into f (values point into the request). */
static void read_form(struct req *r, struct insp_form *f)
{
    const char *ids[INSP_MAX_ITEMS], *rm[INSP_MAX_ITEMS], *safety = req_param(r, "safety");
    char key[64];
    int n = req_values(r, "item", ids, INSP_MAX_ITEMS), nr = req_values(r, "remove", rm, INSP_MAX_ITEMS);
    const struct mp_part *file = req_upload(r, "commitment");

    memset(f, 0, sizeof *f);
    f->contact = req_param(r, "contact");
    f->phone = req_param(r, "phone");
    f->address = req_param(r, "address");
    f->safety = safety && !strcmp(safety, "1");
    for (int i = 0; i < n; i++) {
        struct insp_item_edit *it = &f->items[f->nitems];
        it->item_id = atol(ids[i]);
        if (it->item_id <= 0)
            continue;
        snprintf(key, sizeof key, "maint_unit_%ld", it->item_id);
        it->maint_unit = req_param(r, key);
        snprintf(key, sizeof key, "maintainer_%ld", it->item_id);
        it->maintainer = req_param(r, key);
        snprintf(key, sizeof key, "maint_phone_%ld", it->item_id);
        it->maint_phone = req_param(r, key);
        f->nitems++;
    }
    for (int i = 0; i < nr; i++)
        if (atol(rm[i]) > 0)
            f->remove[f->nremove++] = atol(rm[i]);
    f->add_code = req_param(r, "add_code");
    if (file) {
        f->commitment = file->data;
        f->commitment_len = file->len;
        f->commitment_name = file->filename;
    }
}

static void errors_hdf(struct req *r, const struct insp_errors *e)
{
    static const struct {
        const char *key;
        size_t off;
    } E[] = {
        {"Errors.contact", offsetof(struct insp_errors, contact)},
        {"Errors.phone", offsetof(struct insp_errors, phone)},
        {"Errors.address", offsetof(struct insp_errors, address)},
        {"Errors.items", offsetof(struct insp_errors, items)},
        {"Errors.commitment", offsetof(struct insp_errors, commitment)},
        {"Errors.safety", offsetof(struct insp_errors, safety)},
        {"Errors.add_code", offsetof(struct insp_errors, add_code)},
        {"Form.Error", offsetof(struct insp_errors, form)},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++) {
        const char *msg = *(const char *const *)((const char *)e + E[i].off);
        if (msg)
            req_set(r, E[i].key, msg);
    }
}

/* POST /inspection/:id — 暂存 (action=save, also 移除 / 添加), or 提交 (action=submit). */
int insp_save_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *action = req_param(r, "action");
    struct insp_form f;
    struct insp_errors errs;
    long long saved;
    char loc[80];
    int submit = action && !strcmp(action, "submit"), rc;

    if (!id)
        return 404;
    read_form(r, &f);
    rc = insp_save(&r->user, id, &f, submit, req_ip(r), &errs, &saved);
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc == INSP_STALE)
        return req_fail(r, 409, "该报检已被他人处理（或已提交），不能再修改，请刷新后查看。");
    if (rc == INSP_ERROR)
        return 500;
    if (rc == INSP_REFUSED) {
        errors_hdf(r, &errs);
        if (f.commitment && errs.commitment)
            req_set(r, "Form.FileAgain", "1");
        req_set(r, "Form.Typed", "1"); /* the form shows Query.* rather than the stored values */
        return form_page(r, id);
    }
    if (submit)
        snprintf(loc, sizeof loc, "/inspection/%ld?msg=submitted", id);
    else
        snprintf(loc, sizeof loc, "/inspection/%ld/edit?msg=saved", id);
    return req_redirect(r, loc);
}

/* POST /inspection/:id/autosave — the form's script saves in the background (no file,
 * no submit) and gets JSON back; the page works without it. */
int insp_autosave(struct req *r)
{
    long id = insp_id_param(r, 0);
    struct insp_form f;
    struct insp_errors errs;
    long long saved = 0;
    char body[256];
    int rc, status = 200;

    if (!id)
        return 404;
    read_form(r, &f);
    f.commitment = NULL;
    f.commitment_len = 0;
    f.add_code = NULL;
    f.nremove = 0;
    rc = insp_save(&r->user, id, &f, 0, req_ip(r), &errs, &saved);
    if (rc == INSP_DONE || rc == INSP_REFUSED)
        snprintf(body, sizeof body, "{\"ok\":true,\"saved_at\":%lld,\"message\":\"%s\"}", saved,
                 rc == INSP_DONE ? "已自动暂存" : "已自动暂存，部分内容过长未保存");
    else if (rc == INSP_STALE)
        status = 409, snprintf(body, sizeof body, "{\"ok\":false,\"message\":\"该报检已提交或已被处理，不能再修改\"}");
    else if (rc == INSP_NOT_FOUND)
        return 404;
    else
        return 500;
    rc = req_body(r, "application/json; charset=utf-8", body, strlen(body));
    return rc == 200 ? status : rc;
}

/* ---- my applications --------------------------------------------------------------- */

int insp_index(struct req *r)
{
    const char *tab = req_param(r, "tab");
    PGresult *res;
    int n;

    if (!tab || (strcmp(tab, "done") && strcmp(tab, "returned")))
        tab = "open";
    if (!strcmp(tab, "done")) {
        res = insp_list_done(&r->user, insp_after_param(r), INSP_PAGE);
        n = req_rows(r, "Apps", res);
        if (n > 0)
            insp_label_rows(r, "Apps", res, n);
        if (n >= 0)
            insp_page_rows(r, "Apps", res, n, INSP_PAGE, "item_id");
    } else {
        res = insp_list_mine(&r->user, tab, insp_after_param(r), INSP_PAGE);
        n = req_rows(r, "Apps", res);
        if (n > 0)
            insp_label_rows(r, "Apps", res, n);
        if (n >= 0)
            insp_page_rows(r, "Apps", res, n, INSP_PAGE, "id");
    }
    PQclear(res);
    if (n < 0)
        return 500;
    kinds_hdf(r);
    req_set(r, "Filter.Tab", tab);
    req_set(r, "Filter.After", req_param(r, "after") ? "1" : "");
    req_set(r, "Page.Title", "我的报检");
    return req_page(r, "inspection/list.cs");
}

int insp_show(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *msg = req_param(r, "msg");
    int rc;

    if (!id)
        return 404;
    if (msg && !strcmp(msg, "submitted"))
        req_set(r, "Page.Notice", "报检已提交。检验机构受理后将以短信通知；受理前可以撤回修改。");
    else if (msg && !strcmp(msg, "withdrawn"))
        req_set(r, "Page.Notice", "已撤回为暂存，可以修改后重新提交。");
    rc = insp_detail_hdf(r, INSP_ENTERPRISE, id, 0);
    if (rc != 200)
        return rc;
    req_set(r, "Page.Title", "报检详情");
    return req_page(r, "inspection/detail.cs");
}

int insp_withdraw_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version");
    char loc[80];
    int rc;

    if (!id)
        return 404; /* a missing version is a stale one: scope is checked first (404) */
    rc = insp_withdraw(&r->user, id, version ? atoi(version) : -1, req_ip(r));
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc == INSP_STALE)
        return req_fail(r, 409, "已被他人处理，请刷新：检验机构可能已受理或退回该报检，不能再撤回。");
    if (rc != INSP_DONE)
        return 500;
    snprintf(loc, sizeof loc, "/inspection/%ld?msg=withdrawn", id);
    return req_redirect(r, loc);
}

/* GET /inspection/:id/delete — asks before deleting (the page works without script). */
int insp_delete_confirm(struct req *r)
{
    long id = insp_id_param(r, 0);
    int rc;

    if (!id)
        return 404;
    rc = insp_detail_hdf(r, INSP_ENTERPRISE, id, 0);
    if (rc != 200)
        return rc;
    req_set(r, "Page.Title", "删除报检");
    return req_page(r, "inspection/delete.cs");
}

int insp_delete_post(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version");
    int rc;

    if (!id)
        return 404;
    rc = insp_delete(&r->user, id, version ? atoi(version) : -1, req_ip(r));
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc == INSP_STALE)
        return req_fail(r, 409, "已被他人处理，请刷新：只有暂存和被退回的报检可以删除。");
    if (rc != INSP_DONE)
        return 500;
    return req_redirect(r, "/inspection?msg=deleted");
}

int insp_document_page(struct req *r, enum insp_scope scope)
{
    long id = insp_id_param(r, 0), doc = insp_id_param(r, 1);
    char sha[65];
    int found;

    if (!id || !doc)
        return 404;
    found = insp_document_blob(&r->user, scope, id, doc, sha);
    if (found <= 0)
        return found < 0 ? 500 : 404;
    return req_blob_attachment(r, sha);
}

int insp_document(struct req *r) { return insp_document_page(r, INSP_ENTERPRISE); }

/* For the equipment list: the kinds this user may apply for (Apply.Kinds.N). */
void insp_apply_hdf(struct req *r) { kinds_hdf(r); }

/* The blank commitment letter (承诺书) a periodic application must carry signed. */
int insp_commitment_letter(struct req *r)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    char *disposition = NULL;
    int rc = 500;

    if (pdf_commitment_letter(&pdf, &len) || !(disposition = download_disposition("定期检验承诺书.pdf")))
        goto out;
    req_header(r, "Content-Disposition", disposition);
    rc = req_body(r, "application/pdf", pdf, len);
out:
    free(pdf);
    free(disposition);
    return rc;
}
