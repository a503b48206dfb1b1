/* workflow_review.c — the transition tables of the reviews that came before the generic
 * engine: certified registrations, and a unit's name / credit-code changes. Kept apart
 * from workflow.c so each area owns its tables. */
#include "workflow_review.h"

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* A certified unit's registration (org.state; its main account follows). Non-certified
 * registrations are active at once and never pass through here. */
static const struct wf_state registration_states[] = {
    {"pending", "待审核"},
    {"active", "已通过"},
    {"rejected", "未通过"},
};
static const struct wf_transition registration_transitions[] = {
    {"pending", "approve", "active", "review.registration", "审核通过"},
    {"pending", "reject", "rejected", "review.registration", "退回"},
    /* A maintenance company's registration: the bureau of its district decides. */
    {"pending", "bureau_approve", "active", "bureau.maint", "审核通过"},
    {"pending", "bureau_reject", "rejected", "bureau.maint", "退回"},
};
const struct workflow WF_REGISTRATION = {
    "registration", registration_transitions, COUNT(registration_transitions),
    registration_states, COUNT(registration_states),
};

/* A change of a certified unit's name or credit code, waiting for review. */
static const struct wf_state org_change_states[] = {
    {"submitted", "待审核"},
    {"approved", "已通过"},
    {"rejected", "未通过"},
};
static const struct wf_transition org_change_transitions[] = {
    {"submitted", "approve", "approved", "review.registration", "审核通过"},
    {"submitted", "reject", "rejected", "review.registration", "退回"},
};
const struct workflow WF_ORG_CHANGE = {
    "org_change", org_change_transitions, COUNT(org_change_transitions),
    org_change_states, COUNT(org_change_states),
};
