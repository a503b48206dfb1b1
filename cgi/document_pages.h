/* document_pages.h — what the documents, payment, arrears and rectification pages share. */
#ifndef TEJIAN_DOCUMENT_PAGES_H
#define TEJIAN_DOCUMENT_PAGES_H

#include <libpq-fe.h>

#include "req.h"
#include "workflow.h"

#define DOC_PAGE 20
#define DOC_STALE_MSG "已被他人处理，请刷新后查看。"

/* The status for a lib result other than DOC_DONE: stale 409 (with the message), not
 * found 404, anything else 500. */
int doc_fail_status(struct req *r, int rc);
/* A keyset page of res into prefix (rows, Chinese labels and yuan amounts, the state
 * label of wf when wf is not NULL, NextAfter from idcol, Count), Filter.After from the
 * query. Returns the rows shown, or -1 (answer 500). Does not PQclear res. */
int doc_list_rows(struct req *r, const char *prefix, PGresult *res, const struct workflow *wf, const char *idcol);

#endif
