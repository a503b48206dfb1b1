/* rectification.h — rectification of unqualified notices (整改): the unit uploads evidence
 * per numbered non-conforming item and submits; the agency of the region accepts (the
 * device's last conclusion becomes requalified, in the same transaction) or returns it
 * with a reason. WF_RECTIFICATION; every move compare-and-set with history and audit. */
#ifndef TEJIAN_RECTIFICATION_H
#define TEJIAN_RECTIFICATION_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"

/* One unqualified notice the enterprise account u sees (doc scope): notice_id, notice_no,
 * deadline, report_no, device_name, reg_code, equipment_id, notice_doc, rect_id,
 * rect_state ("" none yet), rect_version, return_reason. No row: not u's (or qualified). */
PGresult *rect_notice(const struct user *u, long notice_id);
/* The same for the agency of the region, by rectification id (rect_id first). */
PGresult *rect_agency_get(const struct user *u, long rect_id);
/* Items of a notice: id, no, text; files of its rectification: id, notice_item_id,
 * file_name, created. */
PGresult *rect_items(long notice_id);
PGresult *rect_files(long notice_id);

/* Adds an evidence file (already sniffed by the caller) for item_id of notice_id, opening
 * the rectification on the first file. DOC_DONE, DOC_NOT_FOUND, DOC_STALE (submitted or
 * decided: nothing to add), DOC_ERROR. */
int rect_upload(const struct user *u, long notice_id, long item_id, const void *data, size_t len, const char *mime,
                const char *file_name, const char *ip);
/* Submits (every item needs a file: DOC_REFUSED with *msg). DOC_DONE, DOC_NOT_FOUND,
 * DOC_STALE, DOC_REFUSED, DOC_ERROR. */
int rect_submit(const struct user *u, long notice_id, int version, const char *ip, const char **msg);
/* The agency's queue of its region by state: rect_id, notice_no, org_name, device_name,
 * reg_code, deadline, state, submitted. */
PGresult *rect_queue(const struct user *u, const char *state, long before, int limit);
/* accept 1: requalified device; 0: return (reason required: DOC_REFUSED). */
int rect_decide(const struct user *u, long rect_id, int version, int accept, const char *reason, const char *ip);
/* The blob of evidence file file_id of notice_id (caller checked the notice is in scope):
 * 1 found (sha256), 0 none, -1. */
int rect_file_blob(long notice_id, long file_id, char sha256[65]);

#endif
