/* workflow_maint.c — maintenance filings: the company files, the district bureau audits. */
#include "workflow_maint.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static const struct wf_state maint_states[] = {
    {"pending_submit", "待上报"},
    {"in_review", "审核中"},
    {"approved", "通过"},
    {"returned", "退回"},
    {"deleted", "已删除"},
};
static const struct wf_transition maint_transitions[] = {
    {"", "create", "pending_submit", "maint.file", "新增"},
    {"pending_submit", "submit", "in_review", "maint.file", "审核上报"},
    {"returned", "submit", "in_review", "maint.file", "重新上报"},
    {"in_review", "approve", "approved", "bureau.maint", "审核通过"},
    {"in_review", "return", "returned", "bureau.maint", "退回"},
    {"approved", "edit", "pending_submit", "maint.file", "更改"},
    {"pending_submit", "delete", "deleted", "maint.file", "删除"},
    {"returned", "delete", "deleted", "maint.file", "删除"},
    {"approved", "delete", "deleted", "maint.file", "删除"},
};
const struct workflow WF_MAINT_FILING = {
    "maint_filing", maint_transitions, COUNT(maint_transitions), maint_states, COUNT(maint_states),
};
