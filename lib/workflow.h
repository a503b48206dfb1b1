/* workflow.h — state machines as tables (DESIGN §3): every stateful kind has one table of
 * transitions {from, event, to, capability}; anything not in it is refused. A move runs
 * in the caller's transaction as a compare-and-set UPDATE plus its history (workflow_event)
 * and audit row; zero rows updated means someone else moved it first. */
#ifndef TEJIAN_WORKFLOW_H
#define TEJIAN_WORKFLOW_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"

struct wf_transition {
    const char *from;        /* "" for the creating transition */
    const char *event;
    const char *to;
    const char *capability;  /* who performs it (lib/auth.c names) */
    const char *label;       /* the action in Chinese, for buttons and choices */
};

struct wf_state {
    const char *name;        /* as stored (English) */
    const char *label;       /* as shown (Chinese) */
};

struct workflow {
    const char *kind;                        /* workflow_event.kind, audit entity kind */
    const struct wf_transition *transitions;
    size_t ntransitions;
    const struct wf_state *states;
    size_t nstates;
};

/* A device's state: in service, stopped, scrapped, cancelled (its registration). */
extern const struct workflow WF_EQUIPMENT;
/* A status-change application of a use unit, decided by its district bureau. */
extern const struct workflow WF_CHANGE_APPLICATION;
/* An inspection application (报检) of an enterprise, handled by the agency of its region. */
extern const struct workflow WF_INSPECTION;
/* An issued document (report, notice, label): re-issued (superseded) or revoked. */
extern const struct workflow WF_DOCUMENT;
/* A fee order: unpaid until the agency's cashier records the payment. */
extern const struct workflow WF_FEE_ORDER;
/* An arrears application (欠费申请) of a certified unit, decided by the agency. */
extern const struct workflow WF_ARREARS;
/* The rectification of an unqualified notice (整改), reviewed by the agency. */
extern const struct workflow WF_RECTIFICATION;

/* The transition for event from state from, or NULL when the table has none (pure). */
const struct wf_transition *workflow_find(const struct workflow *wf, const char *from, const char *event);
/* The transition from state from to state to, or NULL (pure). */
const struct wf_transition *workflow_find_to(const struct workflow *wf, const char *from, const char *to);
/* The i-th transition leaving state from (i = 0, 1, …), or NULL past the last (pure). */
const struct wf_transition *workflow_next(const struct workflow *wf, const char *from, size_t i);
/* The Chinese label of a state, or the name itself when unknown (pure). */
const char *workflow_label(const struct workflow *wf, const char *state);

/* One move of one entity, as recorded. */
struct wf_move {
    const struct workflow *wf;
    const struct wf_transition *t;
    long id;                    /* the entity's id */
    const struct user *actor;
    const char *reason;         /* workflow_event.reason and audit detail; may be NULL */
    const char *ip;
};

/* Writes the move's workflow_event row and its audit row ("<kind>.<event>") in the
 * caller's transaction. 0 or -1. */
int workflow_record(const struct wf_move *m);

/* In the caller's open transaction: refuses an actor without the transition's capability
 * (-1), runs the caller's compare-and-set statement (parameterised; it must update at most
 * one row and should RETURNING what the caller needs), and on exactly one row records the
 * move. Returns 1 moved (*returned holds the statement's result when returned is not
 * NULL; caller PQclears), 0 stale (no row: the caller rolls back, the user is told
 * "已被他人处理，请刷新"), -1 error (more than one row counts as an error). */
int workflow_run(const struct wf_move *m, const char *sql, int nparams, const char *const *values,
                 PGresult **returned);

#endif
