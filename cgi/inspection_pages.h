/* inspection_pages.h — what the applicant's (inspection.c) and the agency's
 * (inspection_agency.c) pages share. */
#ifndef TEJIAN_INSPECTION_PAGES_H
#define TEJIAN_INSPECTION_PAGES_H

#include <libpq-fe.h>

#include "inspection.h"
#include "req.h"

/* Route parameter i as a positive id, else 0; the "after" cursor, else 0. */
long insp_id_param(struct req *r, int i);
long insp_after_param(struct req *r);
/* Chinese labels (state, kind, conclusion, return reasons) and yuan amounts (*_fen)
 * beside rows already copied to prefix.N. */
void insp_label_rows(struct req *r, const char *prefix, PGresult *res, int rows);
/* Keyset paging: drops the extra row, sets prefix.NextAfter (from column col) and
 * prefix.Count; returns the rows shown. */
int insp_page_rows(struct req *r, const char *prefix, PGresult *res, int n, int page, const char *col);
/* One application in scope into App.0, Items, Docs, History (with each item's fee
 * breakdown when breakdown). 200, 404 or 500. */
int insp_detail_hdf(struct req *r, enum insp_scope scope, long id, int breakdown);
/* GET …/:id/documents/:doc of an application in scope: the stored file, or 404. */
int insp_document_page(struct req *r, enum insp_scope scope);
/* Apply.Kinds.N.value/label: the kinds the user may apply for (equipment list). */
void insp_apply_hdf(struct req *r);

#endif
