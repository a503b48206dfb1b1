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

/* Columns of every list row: id, reg_code, name, category_name, address, state,
 * next_inspection_date (YYYY-MM-DD or ""), overdue (t/f). */

/* Devices the user may browse with id > after, at most limit+1 rows (the extra row
 * tells there is a next page). NULL on error; caller PQclears. */
PGresult *equipment_list(const struct user *u, long after, int limit);
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

#endif
