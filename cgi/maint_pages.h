/* maint_pages.h — helpers the maintenance-filing pages (maint.c, maint_import.c) share. */
#ifndef TEJIAN_MAINT_PAGES_H
#define TEJIAN_MAINT_PAGES_H

#include "maint.h"
#include "req.h"

/* Route parameter i as a positive id, else 0. */
long maint_id_param(struct req *r, int i);
/* The kind named by route parameter 0 ("persons", "elevators"), or NULL. */
const struct maint_kind_def *maint_def_param(struct req *r);
/* 1 when the user's unit is an active maintenance company; 0 (403 page prepared) or -1. */
int maint_require_company(struct req *r);
/* The kind of the route (*def) for a maintenance company: 0, or the status to answer
 * (404 unknown kind, 403 not a maintenance company, 500). */
int maint_gate(struct req *r, const struct maint_kind_def **def);
/* Kind.*, Fields.N.* (key, label, required, date, query, options) and Columns.N.*. */
void maint_kind_hdf(struct req *r, const struct maint_kind_def *def);
/* One filing, its approved-version history and its events into the HDF: 0, 404 or 500. */
int maint_detail_hdf(struct req *r, const struct maint_kind_def *def, enum maint_scope scope, long id);

#endif
