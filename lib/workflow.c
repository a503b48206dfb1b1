/* workflow.c — transition tables and the recorded compare-and-set move. */
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "log.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* Devices: the use unit applies, the district bureau's approval performs the move. */
static const struct wf_state equipment_states[] = {
    {"in_use", "在用"},
    {"stopped", "停用"},
    {"scrapped", "报废"},
    {"cancelled", "注销"},
};
static const struct wf_transition equipment_transitions[] = {
    {"in_use", "stop", "stopped", "bureau.changes", "停用"},
    {"in_use", "scrap", "scrapped", "bureau.changes", "报废"},
    {"in_use", "cancel", "cancelled", "bureau.changes", "注销"},
    {"stopped", "resume", "in_use", "bureau.changes", "恢复使用（启用）"},
    {"stopped", "scrap", "scrapped", "bureau.changes", "报废"},
    {"stopped", "cancel", "cancelled", "bureau.changes", "注销"},
    {"scrapped", "cancel", "cancelled", "bureau.changes", "注销"},
};
const struct workflow WF_EQUIPMENT = {
    "equipment", equipment_transitions, COUNT(equipment_transitions), equipment_states, COUNT(equipment_states),
};

static const struct wf_state change_states[] = {
    {"submitted", "待审核"},
    {"approved", "已通过"},
    {"rejected", "已退回"},
};
static const struct wf_transition change_transitions[] = {
    {"", "submit", "submitted", "equipment.change", "提交申请"},
    {"submitted", "approve", "approved", "bureau.changes", "审核通过"},
    {"submitted", "reject", "rejected", "bureau.changes", "退回"},
};
const struct workflow WF_CHANGE_APPLICATION = {
    "change_application", change_transitions, COUNT(change_transitions), change_states, COUNT(change_states),
};

/* Inspection applications (报检), DESIGN §3 exactly. "save" creates the draft; "delete"
 * removes a draft or returned application (its row goes; the history stays under the
 * pseudo-state "deleted"). The enterprise applies, submits, withdraws, resubmits and
 * deletes; the agency's acceptance desk accepts or returns (with structured reasons);
 * inspectors and approvers complete. */
static const struct wf_state inspection_states[] = {
    {"draft", "暂存"},
    {"submitted", "未审核"},
    {"in_process", "处理中"},
    {"returned", "被退回"},
    {"completed", "已完成"},
    {"deleted", "已删除"},
};
static const struct wf_transition inspection_transitions[] = {
    {"", "save", "draft", "inspection.apply", "暂存"},
    {"draft", "submit", "submitted", "inspection.apply", "提交报检"},
    {"submitted", "withdraw", "draft", "inspection.apply", "撤回"},
    {"submitted", "accept", "in_process", "inspection.accept", "受理"},
    {"submitted", "return", "returned", "inspection.accept", "退回"},
    {"in_process", "return", "returned", "inspection.accept", "退回"},
    {"returned", "submit", "submitted", "inspection.apply", "重新提交"},
    {"in_process", "complete", "completed", "inspection.complete", "完成检验"},
    {"draft", "delete", "deleted", "inspection.apply", "删除"},
    {"returned", "delete", "deleted", "inspection.apply", "删除"},
};
const struct workflow WF_INSPECTION = {
    "inspection_application", inspection_transitions, COUNT(inspection_transitions), inspection_states,
    COUNT(inspection_states),
};

/* Issued documents (report, notice, label): the agency re-issues one (the old version is
 * superseded by version n+1) or revokes it with a reason. */
static const struct wf_state document_states[] = {
    {"issued", "有效"},
    {"superseded", "已被新版本替代"},
    {"revoked", "已撤销"},
};
static const struct wf_transition document_transitions[] = {
    {"", "issue", "issued", "document.manage", "出具"},
    {"issued", "reissue", "superseded", "document.manage", "重新出具"},
    {"issued", "revoke", "revoked", "document.manage", "撤销"},
};
const struct workflow WF_DOCUMENT = {
    "document", document_transitions, COUNT(document_transitions), document_states, COUNT(document_states),
};

/* Fee orders: the agency's cashier records a counter payment. */
static const struct wf_state fee_order_states[] = {
    {"unpaid", "未缴费"},
    {"paid", "已缴费"},
    {"cancelled", "已作废"},
};
static const struct wf_transition fee_order_transitions[] = {
    {"unpaid", "pay", "paid", "payment.record", "登记收费"},
};
const struct workflow WF_FEE_ORDER = {
    "fee_order", fee_order_transitions, COUNT(fee_order_transitions), fee_order_states, COUNT(fee_order_states),
};

/* Arrears applications: a certified unit submits, the agency approves or rejects. */
static const struct wf_state arrears_states[] = {
    {"submitted", "待审核"},
    {"approved", "已同意"},
    {"rejected", "已驳回"},
};
static const struct wf_transition arrears_transitions[] = {
    {"", "submit", "submitted", "arrears.apply", "提交欠费申请"},
    {"submitted", "approve", "approved", "arrears.review", "同意"},
    {"submitted", "reject", "rejected", "arrears.review", "驳回"},
};
const struct workflow WF_ARREARS = {
    "arrears_application", arrears_transitions, COUNT(arrears_transitions), arrears_states, COUNT(arrears_states),
};

/* Rectification of an unqualified notice: the unit uploads evidence (draft) and submits;
 * the agency accepts or returns it; a returned one is completed and submitted again. */
static const struct wf_state rectification_states[] = {
    {"draft", "整改中"},
    {"submitted", "待审核"},
    {"accepted", "整改合格"},
    {"returned", "被退回"},
};
static const struct wf_transition rectification_transitions[] = {
    {"", "open", "draft", "rectify.apply", "开始整改"},
    {"draft", "submit", "submitted", "rectify.apply", "提交整改"},
    {"returned", "submit", "submitted", "rectify.apply", "重新提交整改"},
    {"submitted", "accept", "accepted", "rectify.review", "整改合格"},
    {"submitted", "return", "returned", "rectify.review", "退回整改"},
};
const struct workflow WF_RECTIFICATION = {
    "rectification", rectification_transitions, COUNT(rectification_transitions), rectification_states,
    COUNT(rectification_states),
};

const struct wf_transition *workflow_next(const struct workflow *wf, const char *from, size_t i)
{
    if (!wf || !from)
        return NULL;
    for (size_t k = 0; k < wf->ntransitions; k++)
        if (strcmp(wf->transitions[k].from, from) == 0 && i-- == 0)
            return &wf->transitions[k];
    return NULL;
}

const struct wf_transition *workflow_find(const struct workflow *wf, const char *from, const char *event)
{
    const struct wf_transition *t;

    if (!event)
        return NULL;
    for (size_t i = 0; (t = workflow_next(wf, from, i)) != NULL; i++)
        if (strcmp(t->event, event) == 0)
            return t;
    return NULL;
}

const struct wf_transition *workflow_find_to(const struct workflow *wf, const char *from, const char *to)
{
    const struct wf_transition *t;

    if (!to)
        return NULL;
    for (size_t i = 0; (t = workflow_next(wf, from, i)) != NULL; i++)
        if (strcmp(t->to, to) == 0)
            return t;
    return NULL;
}

const char *workflow_label(const struct workflow *wf, const char *state)
{
    if (!state)
        return "";
    for (size_t i = 0; wf && i < wf->nstates; i++)
        if (strcmp(wf->states[i].name, state) == 0)
            return wf->states[i].label;
    return state;
}

int workflow_record(const struct wf_move *m)
{
    char action[96];

    snprintf(action, sizeof action, "%s.%s", m->wf->kind, m->t->event);
    return workflow_event(m->wf->kind, m->id, *m->t->from ? m->t->from : NULL, m->t->to, m->t->event,
                          m->actor, m->reason) ||
                   audit_log(m->actor, action, m->wf->kind, m->id, m->reason, m->ip)
               ? -1
               : 0;
}

int workflow_run(const struct wf_move *m, const char *sql, int nparams, const char *const *values,
                 PGresult **returned)
{
    PGresult *res = NULL;
    long rows;
    int rc = -1;

    if (returned)
        *returned = NULL;
    if (!auth_can(m->actor, m->t->capability)) {
        log_error("workflow %s.%s refused: %s lacks %s", m->wf->kind, m->t->event,
                  m->actor ? m->actor->login : "nobody", m->t->capability);
        return -1;
    }
    res = db_exec(sql, nparams, values);
    if (!res)
        goto out;
    rows = atol(PQcmdTuples(res)); /* rows updated, with or without RETURNING */
    if (rows == 0) {
        rc = 0;
        goto out;
    }
    if (rows != 1) {
        log_error("workflow %s.%s: %ld rows moved, expected one", m->wf->kind, m->t->event, rows);
        goto out;
    }
    if (workflow_record(m))
        goto out;
    if (returned) {
        *returned = res;
        res = NULL;
    }
    rc = 1;
out:
    PQclear(res);
    return rc;
}
