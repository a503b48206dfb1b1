/* change.c — equipment status-change applications: the use unit's form, list, detail and
 * documents (/equipment/...), and the district bureau's queue and decision (/bureau/...). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "change.h"
#include "render.h"
#include "routes.h"
#include "workflow.h"

static long id_param(struct req *r, int i)
{
    const char *p = req_route_param(r, i);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

static long after_param(struct req *r)
{
    const char *a = req_param(r, "after");
    long v = a ? atol(a) : 0;
    return v > 0 ? v : 0;
}

/* Chinese labels beside the stored states of rows already copied to prefix.N. */
static void label_rows(struct req *r, const char *prefix, PGresult *res, int rows)
{
    static const struct {
        const char *column;
        const struct workflow *wf;
    } L[] = {
        {"state", &WF_CHANGE_APPLICATION}, {"from_state", &WF_EQUIPMENT}, {"to_state", &WF_EQUIPMENT},
        {"device_state", &WF_EQUIPMENT}, {"state_now", &WF_EQUIPMENT},
    };
    char key[96];

    for (size_t k = 0; k < sizeof L / sizeof L[0]; k++) {
        int c = PQfnumber(res, L[k].column);
        if (c < 0)
            continue;
        for (int i = 0; i < rows; i++) {
            snprintf(key, sizeof key, "%s.%d.%s_label", prefix, i, L[k].column);
            req_set(r, key, workflow_label(L[k].wf, PQgetvalue(res, i, c)));
        }
    }
}

/* ---- the use unit ------------------------------------------------------------------- */

/* The form for device id (with whatever was typed, Query.*, and errors already set).
 * 404 when the device is not one the user's unit uses. */
static int form_page(struct req *r, long id)
{
    PGresult *res = change_device(&r->user, id);
    const struct wf_transition *t;
    char key[64];
    int n = req_rows(r, "Device", res);

    if (n == 1) {
        const char *state = PQgetvalue(res, 0, PQfnumber(res, "state"));
        req_set(r, "Device.0.state_label", workflow_label(&WF_EQUIPMENT, state));
        for (size_t i = 0; (t = workflow_next(&WF_EQUIPMENT, state, i)) != NULL; i++) {
            snprintf(key, sizeof key, "Targets.%zu.value", i);
            req_set(r, key, t->to);
            snprintf(key, sizeof key, "Targets.%zu.label", i);
            req_set(r, key, t->label);
        }
    }
    PQclear(res);
    if (n < 0)
        return 500;
    if (n != 1)
        return 404;
    req_set(r, "Page.Title", "设备变更申请");
    return req_page(r, "change/form.cs");
}

int change_form(struct req *r)
{
    long id = id_param(r, 0);
    return id ? form_page(r, id) : 404;
}

int change_submit_post(struct req *r)
{
    long id = id_param(r, 0), app_id = 0;
    struct change_form f = {0};
    struct change_errors errs;
    char loc[64];
    int rc;

    if (!id)
        return 404;
    f.equipment_id = id;
    f.to_state = req_param(r, "to_state");
    f.reason = req_param(r, "reason");
    for (size_t i = 0; i < r->form.n; i++) {
        const struct mp_part *p = &r->form.parts[i];
        if (!p->filename || !p->filename[0] || strcmp(p->name, "documents") != 0)
            continue; /* an input left empty sends a part without a file name */
        if (f.nfiles == CHANGE_MAX_FILES) {
            f.too_many_files = 1;
            break;
        }
        f.files[f.nfiles++] = (struct change_file){p->data, p->len, p->filename};
    }
    rc = change_submit(&r->user, &f, req_ip(r), &app_id, &errs);
    if (rc == CHANGE_NOT_FOUND)
        return 404;
    if (rc == CHANGE_ERROR)
        return 500;
    if (rc == CHANGE_REFUSED) {
        if (errs.to_state)
            req_set(r, "Errors.to_state", errs.to_state);
        if (errs.reason)
            req_set(r, "Errors.reason", errs.reason);
        if (errs.documents)
            req_set(r, "Errors.documents", errs.documents);
        req_set(r, "Form.Error", errs.form ? errs.form : "请按提示修改标红的项目后重新提交。");
        if (f.nfiles)
            req_set(r, "Form.FilesAgain", "1");
        return form_page(r, id);
    }
    snprintf(loc, sizeof loc, "/equipment/changes/%ld?msg=submitted", app_id);
    return req_redirect(r, loc);
}

/* What the templates need to know of the scope. */
static void scope_hdf(struct req *r, enum change_scope scope)
{
    req_set(r, "List.Base", scope == CHANGE_BUREAU ? "/bureau/changes" : "/equipment/changes");
    if (scope == CHANGE_BUREAU)
        req_set(r, "Bureau", "1");
}

/* A list page of scope: state filter, keyset paging, labels. */
static int list_page(struct req *r, enum change_scope scope, const char *state)
{
    PGresult *res = change_list(&r->user, scope, state, after_param(r), CHANGE_PAGE);
    int n = req_rows(r, "Changes", res), shown = n > CHANGE_PAGE ? CHANGE_PAGE : n;

    if (n > CHANGE_PAGE) {
        req_set(r, "Changes.NextAfter", PQgetvalue(res, CHANGE_PAGE - 1, 0));
        char key[48];
        snprintf(key, sizeof key, "Changes.%d", CHANGE_PAGE);
        NEOERR *err = hdf_remove_tree(r->hdf, key); /* the extra row only says there is a next page */
        if (err)
            render_log_error(key, err);
    }
    if (n > 0)
        label_rows(r, "Changes", res, shown);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Changes.Count", shown); /* the templates skip children without an id */
    req_set(r, "Filter.State", *state ? state : "all");
    req_set(r, "Filter.After", req_param(r, "after") ? "1" : "");
    scope_hdf(r, scope);
    return req_page(r, "change/list.cs");
}

static const char *state_filter(struct req *r, const char *fallback)
{
    const char *s = req_param(r, "state");
    if (s && (!strcmp(s, "submitted") || !strcmp(s, "approved") || !strcmp(s, "rejected") || !strcmp(s, "all")))
        return strcmp(s, "all") ? s : "";
    return fallback;
}

int change_index(struct req *r)
{
    const char *code = req_param(r, "code");
    char loc[64];

    req_set(r, "Page.Title", "设备变更申请");
    if (code && *code) {
        long id = strlen(code) <= 40 ? change_device_by_code(&r->user, code) : 0;
        if (id < 0)
            return 500;
        if (id > 0) {
            snprintf(loc, sizeof loc, "/equipment/%ld/change", id);
            return req_redirect(r, loc);
        }
        req_set(r, "Search.Code", code);
        req_set(r, "Search.Error", "本单位使用的设备中没有这个编号，请核对注册代码、设备代码或出厂编号。");
    }
    return list_page(r, CHANGE_UNIT, state_filter(r, ""));
}

/* One application in scope, its documents and history into the HDF. */
static int detail(struct req *r, enum change_scope scope, long id)
{
    PGresult *res = change_get(&r->user, scope, id);
    int n = req_rows(r, "Change", res);

    if (n == 1)
        label_rows(r, "Change", res, 1);
    PQclear(res);
    if (n != 1)
        return n < 0 ? 500 : 404;
    res = change_documents(id);
    n = req_rows(r, "Docs", res);
    PQclear(res);
    if (n < 0)
        return 500;
    n = req_workflow_history(r, "History", &WF_CHANGE_APPLICATION, id);
    if (n < 0)
        return 500;
    req_set(r, "Page.Title", scope == CHANGE_BUREAU ? "设备变更审核" : "设备变更申请");
    scope_hdf(r, scope);
    return req_page(r, "change/detail.cs");
}

int change_show(struct req *r)
{
    long id = id_param(r, 0);
    if (!id)
        return 404;
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "变更申请已提交，区县监管局审核后将以短信通知。");
    return detail(r, CHANGE_UNIT, id);
}

static int document(struct req *r, enum change_scope scope)
{
    long id = id_param(r, 0), doc = id_param(r, 1);
    char sha[65];
    int found;

    if (!id || !doc)
        return 404;
    found = change_document_blob(&r->user, scope, id, doc, sha);
    if (found <= 0)
        return found < 0 ? 500 : 404;
    return req_blob_attachment(r, sha);
}

int change_document(struct req *r) { return document(r, CHANGE_UNIT); }

/* ---- the district bureau ------------------------------------------------------------ */

int change_bureau_index(struct req *r)
{
    req_set(r, "Page.Title", "设备变更审核");
    return list_page(r, CHANGE_BUREAU, state_filter(r, "submitted"));
}

int change_bureau_show(struct req *r)
{
    long id = id_param(r, 0);
    return id ? detail(r, CHANGE_BUREAU, id) : 404;
}

int change_bureau_document(struct req *r) { return document(r, CHANGE_BUREAU); }

int change_bureau_decide(struct req *r)
{
    long id = id_param(r, 0);
    const char *action = req_param(r, "action"), *reason = req_param(r, "reason");
    const char *version = req_param(r, "version");
    char loc[64];
    int approve, rc;

    if (!id)
        return 404;
    if (!action || !version || (strcmp(action, "approve") && strcmp(action, "reject")))
        return 400;
    approve = !strcmp(action, "approve");
    /* Another district's application is not there at all for this bureau. */
    PGresult *res = change_get(&r->user, CHANGE_BUREAU, id);
    rc = res ? PQntuples(res) : -1;
    PQclear(res);
    if (rc != 1)
        return rc < 0 ? 500 : 404;
    if (!approve && (!reason || !*reason || strlen(reason) > CHANGE_DECISION_MAX)) {
        req_set(r, "Errors.reason", reason && *reason ? "退回原因不能超过 200 字。"
                                                      : "退回申请必须写明原因，例如“缺少停用报告书原件扫描件”。");
        return change_bureau_show(r);
    }
    rc = change_decide(&r->user, id, atoi(version), approve, reason, req_ip(r));
    if (rc == CHANGE_ERROR)
        return 500;
    if (rc == CHANGE_REFUSED)
        return req_fail(r, 409, "该申请已被他人处理，请刷新后查看。");
    if (rc == CHANGE_DEVICE_MOVED)
        return req_fail(r, 409, "设备状态在申请提交后已发生变化，该申请不能通过，请退回并说明原因。");
    snprintf(loc, sizeof loc, "/bureau/changes/%ld", id);
    return req_redirect(r, loc);
}
