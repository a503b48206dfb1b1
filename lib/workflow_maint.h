/* workflow_maint.h — the transition table of maintenance filings (see workflow.h). */
#ifndef TEJIAN_WORKFLOW_MAINT_H
#define TEJIAN_WORKFLOW_MAINT_H

#include "workflow.h"

/* A maintenance company's filing of itself, a person or an elevator (DESIGN §3):
 * pending_submit 待上报 → in_review 审核中 → approved 通过 / returned 退回; editing an
 * approved filing ("edit") makes a pending change while the approved version stays. */
extern const struct workflow WF_MAINT_FILING;

#endif
