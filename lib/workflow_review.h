/* workflow_review.h — transition tables of the account-area reviews (see workflow.h). */
#ifndef TEJIAN_WORKFLOW_REVIEW_H
#define TEJIAN_WORKFLOW_REVIEW_H

#include "workflow.h"

/* A certified registration: pending → active / rejected. */
extern const struct workflow WF_REGISTRATION;
/* A unit's name / credit-code change: submitted → approved / rejected. */
extern const struct workflow WF_ORG_CHANGE;

#endif
