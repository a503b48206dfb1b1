/* inspection_agency.c — the inspection agency's pages for applications of its region:
 * the queue with filters, one application with its attachments, accept, return with
 * structured reasons, assignment and completion. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspection.h"
#include "inspection_pages.h"
#include "render.h"
#include "routes.h"
#include "validate.h"

#define STALE_MSG "已被他人处理，请刷新后查看。"

static void copy_param(struct req *r, const char *name, char *out, size_t cap, size_t maxlen)
{
    const char *v = req_param(r, name);
    out[0] = '\0';
    if (v && strlen(v) <= maxlen)
        snprintf(out, cap, "%s", v);
}

int agency_queue(struct req *r)
{
    struct insp_queue_filter f;
    const char *msg;
    PGresult *res;
    int n;

    copy_param(r, "state", f.state, sizeof f.state, 11);
    if (strcmp(f.state, "in_process") && strcmp(f.state, "returned") && strcmp(f.state, "completed") &&
        strcmp(f.state, "all"))
        snprintf(f.state, sizeof f.state, "submitted");
    copy_param(r, "kind", f.kind, sizeof f.kind, 15);
    if (f.kind[0] && !insp_kind_valid(f.kind))
        f.kind[0] = '\0';
    copy_param(r, "district", f.district, sizeof f.district, 6);
    copy_param(r, "category", f.category, sizeof f.category, 4);
    for (char *c = f.category; *c; c++)
        if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z')))
            f.category[0] = '\0';
    copy_param(r, "from", f.from, sizeof f.from, 10);
    copy_param(r, "to", f.to, sizeof f.to, 10);
    if (f.from[0] && v_date(f.from, NULL, NULL, NULL, &msg) != V_OK) {
        req_set(r, "Errors.date", "提交日期应为年-月-日，已忽略。");
        f.from[0] = '\0';
    }
    if (f.to[0] && v_date(f.to, NULL, NULL, NULL, &msg) != V_OK) {
        req_set(r, "Errors.date", "提交日期应为年-月-日，已忽略。");
        f.to[0] = '\0';
    }
    res = insp_queue(&r->user, &f, insp_after_param(r), INSP_PAGE);
    n = req_rows(r, "Apps", res);
    if (n > 0)
        insp_label_rows(r, "Apps", res, n);
    if (n >= 0)
        insp_page_rows(r, "Apps", res, n, INSP_PAGE, "id");
    PQclear(res);
    if (n < 0)
        return 500;
    res = insp_agency_districts(&r->user);
    n = req_rows(r, "Choices.Districts", res);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Filter.state", f.state);
    req_set(r, "Filter.kind", f.kind);
    req_set(r, "Filter.district", f.district);
    req_set(r, "Filter.category", f.category);
    req_set(r, "Filter.from", f.from);
    req_set(r, "Filter.to", f.to);
    req_set(r, "Filter.After", req_param(r, "after") ? "1" : "");
    req_set(r, "Page.Title", "报检受理");
    return req_page(r, "inspection/queue.cs");
}

/* One application of the region with what the user may do to it. */
static int show(struct req *r, long id)
{
    const struct insp_reason *x;
    char key[64];
    PGresult *res;
    int rc = insp_detail_hdf(r, INSP_AGENCY, id, 0), n;

    if (rc != 200)
        return rc;
    for (int i = 0; (x = &INSP_RETURN_REASONS[i])->code; i++) {
        snprintf(key, sizeof key, "Reasons.%d.code", i);
        req_set(r, key, x->code);
        snprintf(key, sizeof key, "Reasons.%d.label", i);
        req_set(r, key, x->label);
    }
    res = insp_inspectors(&r->user);
    n = req_rows(r, "Inspectors", res);
    PQclear(res);
    if (n < 0)
        return 500;
    req_set(r, "Agency", "1");
    req_set(r, "Page.Title", "报检受理");
    return req_page(r, "inspection/detail.cs");
}

int agency_show(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *msg = req_param(r, "msg");
    if (!id)
        return 404;
    if (msg)
        req_set(r, "Page.Notice", !strcmp(msg, "accepted") ? "已受理，已短信通知报检单位。"
                                  : !strcmp(msg, "returned") ? "已退回，退回原因已短信通知报检单位。"
                                  : !strcmp(msg, "assigned") ? "检验人员和计划日期已保存。"
                                                             : "检验已完成：设备检验日期已更新，报告、通知书和缴费单记录已生成。");
    return show(r, id);
}

int agency_document(struct req *r) { return insp_document_page(r, INSP_AGENCY); }

/* The application must be one of the region's (else 404) before anything is checked. */
static int in_scope(struct req *r, long id)
{
    PGresult *res = insp_get(&r->user, INSP_AGENCY, id);
    int n = res ? PQntuples(res) : -1;
    PQclear(res);
    return n < 0 ? 500 : n == 1 ? 200 : 404;
}

static int redirect_msg(struct req *r, long id, const char *msg)
{
    char loc[96];
    snprintf(loc, sizeof loc, "/agency/inspections/%ld?msg=%s", id, msg);
    return req_redirect(r, loc);
}

/* Inspectors and planned date from the form; 0, or -1 with Errors.assign set. */
static int assignment(struct req *r, long *ids, int *n)
{
    const char *vals[INSP_MAX_INSPECTORS + 1], *planned = req_param(r, "planned_date"), *msg;
    PGresult *res;

    *n = req_values(r, "inspectors", vals, INSP_MAX_INSPECTORS + 1);
    if (*n > INSP_MAX_INSPECTORS) {
        req_set(r, "Errors.assign", "最多指派 8 名检验人员。");
        return -1;
    }
    if (planned && *planned && v_date(planned, NULL, NULL, NULL, &msg) != V_OK) {
        req_set(r, "Errors.assign", "计划检验日期应为年-月-日。");
        return -1;
    }
    res = insp_inspectors(&r->user);
    if (!res)
        return -1;
    for (int i = 0; i < *n; i++) {
        int ok = 0;
        ids[i] = atol(vals[i]);
        for (int k = 0; k < PQntuples(res); k++)
            ok |= atol(PQgetvalue(res, k, 0)) == ids[i];
        if (!ok) {
            req_set(r, "Errors.assign", "所选检验人员不在本机构，请刷新页面后重新选择。");
            PQclear(res);
            return -1;
        }
    }
    PQclear(res);
    if (!insp_planned_ok(planned, &msg)) {
        req_set(r, "Errors.assign", msg);
        return -1;
    }
    return 0;
}

static int assign_like(struct req *r, int accept)
{
    long id = insp_id_param(r, 0), ids[INSP_MAX_INSPECTORS + 1];
    const char *version = req_param(r, "version"), *planned = req_param(r, "planned_date");
    int n, rc;

    if (!id)
        return 404;
    if ((rc = in_scope(r, id)) != 200)
        return rc;
    if (!version)
        return 400;
    if (assignment(r, ids, &n))
        return show(r, id);
    rc = accept ? insp_accept(&r->user, id, atoi(version), ids, n, planned, req_ip(r))
                : insp_assign(&r->user, id, atoi(version), ids, n, planned, req_ip(r));
    if (rc == INSP_STALE)
        return req_fail(r, 409, STALE_MSG);
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc != INSP_DONE)
        return 500;
    return redirect_msg(r, id, accept ? "accepted" : "assigned");
}

int agency_accept(struct req *r) { return assign_like(r, 1); }
int agency_assign(struct req *r) { return assign_like(r, 0); }

int agency_return(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *codes[17], *version = req_param(r, "version"), *note = req_param(r, "note");
    struct insp_errors errs;
    int n = req_values(r, "reasons", codes, 17), rc;

    if (!id)
        return 404;
    if ((rc = in_scope(r, id)) != 200)
        return rc;
    if (!version)
        return 400;
    rc = insp_return(&r->user, id, atoi(version), codes, n > 16 ? 16 : n, note, req_ip(r), &errs);
    if (rc == INSP_REFUSED) {
        req_set(r, "Errors.return", errs.form);
        for (int i = 0; i < n && i < 16; i++) {
            char key[64];
            snprintf(key, sizeof key, "Checked.%s", codes[i]);
            if (insp_reason_label(codes[i]))
                req_set(r, key, "1");
        }
        return show(r, id);
    }
    if (rc == INSP_STALE)
        return req_fail(r, 409, STALE_MSG);
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc != INSP_DONE)
        return 500;
    return redirect_msg(r, id, "returned");
}

int agency_complete(struct req *r)
{
    long id = insp_id_param(r, 0);
    const char *version = req_param(r, "version"), *ids[INSP_MAX_ITEMS];
    struct insp_result res[INSP_MAX_ITEMS];
    struct insp_errors errs;
    char key[64];
    int n = req_values(r, "item", ids, INSP_MAX_ITEMS), rc;

    if (!id)
        return 404;
    if ((rc = in_scope(r, id)) != 200)
        return rc;
    if (!version)
        return 400;
    memset(res, 0, sizeof res);
    for (int i = 0; i < n; i++) {
        res[i].item_id = atol(ids[i]);
#define FIELD(f, name)                                                        \
    snprintf(key, sizeof key, name "_%ld", res[i].item_id);                   \
    res[i].f = req_param(r, key)
        FIELD(conclusion, "conclusion");
        FIELD(inspection_date, "inspection_date");
        FIELD(next_date, "next_date");
        FIELD(fee, "fee");
        FIELD(report_no, "report_no");
        FIELD(problems, "problems");
        FIELD(deadline, "deadline");
#undef FIELD
    }
    rc = insp_complete(&r->user, id, atoi(version), res, n, req_ip(r), &errs);
    if (rc == INSP_REFUSED) {
        req_set(r, "Errors.complete", errs.form ? errs.form : "请按提示修改标红的设备检验结果。");
        for (int i = 0; i < n; i++) {
            const char *typed[7] = {res[i].conclusion, res[i].inspection_date, res[i].next_date, res[i].fee,
                                    res[i].report_no, res[i].problems, res[i].deadline};
            static const char *const names[7] = {"conclusion", "inspection_date", "next_date", "fee", "report_no",
                                                 "problems", "deadline"};
            for (int k = 0; k < 7; k++) {
                snprintf(key, sizeof key, "Typed.%ld.%s", res[i].item_id, names[k]);
                req_set(r, key, typed[k] ? typed[k] : "");
            }
            if (res[i].error) {
                snprintf(key, sizeof key, "ItemErrors.%ld", res[i].item_id);
                req_set(r, key, res[i].error);
            }
        }
        req_set(r, "Form.Typed", "1");
        return show(r, id);
    }
    if (rc == INSP_STALE)
        return req_fail(r, 409, STALE_MSG);
    if (rc == INSP_NOT_FOUND)
        return 404;
    if (rc != INSP_DONE)
        return 500;
    return redirect_msg(r, id, "completed");
}
