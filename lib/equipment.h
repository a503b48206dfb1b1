/* equipment.h — which devices a user may see, and the lists built on that rule.
 *   certified main account: devices of its unit as use, construction or manufacturing unit
 *   sub-account: only the devices its main account assigned to it (still of that unit)
 *   non-certified account: no browsing; a device only by exact code (lookup)
 * Lists page by keyset (after the last id shown): no skipped rows are read. */
#ifndef TEJIAN_EQUIPMENT_H
#define TEJIAN_EQUIPMENT_H

#include <libpq-fe.h>

#include "auth.h"

#define EQUIPMENT_PAGE 20

/* Columns of a lookup row: id, reg_code, name, category_name, address, state,
 * next_inspection_date (YYYY-MM-DD or ""), overdue (t/f). The lists are in
 * equipment_query.h. */

/* Exact lookup by registration code, equipment code or factory number (any account). */
PGresult *equipment_lookup(const char *code, int limit);

/* Devices of the main account's unit (use unit), with whether sub-account sub_id holds
 * each: the same columns plus assigned (t/f). q filters by code/name/address text. */
PGresult *equipment_for_assignment(const struct user *main, long sub_id, const char *q,
                                   long after, int limit);
/* Sets sub_id's assignment for the listed devices of main's unit: ids shown on the page,
 * checked those to hold. 1 saved, 0 no such sub-account of this unit, -1 error. */
int equipment_assign(const struct user *main, long sub_id, const long *shown, int nshown,
                     const long *checked, int nchecked, const char *ip);

/* Kinds and classes for filter forms: code, name, level. */
PGresult *equipment_categories(void);
/* Counties for filter forms: all, or those within root (a bureau's district). */
PGresult *equipment_districts(const char *root);

/* A device's history (newest first): at, change, actor, note, old_state, new_state. */
PGresult *equipment_history_of(long equipment_id);
/* A device's status-change applications (newest first). */
PGresult *equipment_changes_of(long equipment_id);

/* Folds the due tallies' rows dated before yesterday into one row per unit and per
 * district (migration 0017), so an overdue total reads a couple of rows. Daily upkeep
 * (tejianctl fold-tallies); totals are the same before and after. The number of rows
 * folded, or -1 on error. */
long equipment_fold_due_tallies(void);

/* Technical parameters (equipment.params keys): Chinese label and unit. */
struct equipment_param {
    const char *key, *label, *unit;
};
/* The labelled parameters in the order a file shows them. */
const struct equipment_param *equipment_params(size_t *n);
/* NULL for a key without a label (shown under its own name). */
const struct equipment_param *equipment_param_of(const char *key);

#endif
