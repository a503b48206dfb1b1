/* inspection_query.c — reading inspection applications: one application in scope, its
 * items and documents, and the enterprise's lists (open or returned, completed items). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "inspection.h"
#include "inspection_internal.h"

#define GET_SQL(scope)                                                                                                 \
    INSP_WITH "SELECT a.id, a.serial_no, a.kind, a.state, a.version, coalesce(o.name, '') AS org_name,"                \
              " ac.name AS applicant, coalesce(ac.mobile, '') AS applicant_mobile, a.contact, a.phone, a.address,"     \
              " a.district, d.name AS district_name,"                                                                  \
              " coalesce(to_char(a.safety_accepted_at, 'YYYY-MM-DD HH24:MI'), '') AS safety_accepted,"                 \
              " array_to_string(a.return_reasons, ',') AS return_reasons, coalesce(a.return_note, '') AS return_note," \
              " coalesce(to_char(a.planned_date, 'YYYY-MM-DD'), '') AS planned_date,"                                  \
              " coalesce((SELECT string_agg(x.name, '、' ORDER BY x.id) FROM account x"                                \
              "   WHERE x.id = ANY (a.inspector_ids)), '') AS inspectors,"                                             \
              " array_to_string(a.inspector_ids, ',') AS inspector_ids,"                                               \
              " to_char(a.created_at, 'YYYY-MM-DD HH24:MI') AS created,"                                               \
              " to_char(a.updated_at, 'YYYY-MM-DD HH24:MI:SS') AS updated,"                                            \
              " coalesce(to_char(a.submitted_at, 'YYYY-MM-DD HH24:MI'), '') AS submitted,"                             \
              " coalesce(to_char(a.decided_at, 'YYYY-MM-DD HH24:MI'), '') AS decided,"                                 \
              " coalesce(to_char(a.completed_at, 'YYYY-MM-DD HH24:MI'), '') AS completed,"                             \
              " (extract(epoch FROM a.updated_at) * 1000)::bigint AS saved_at_ms,"                                     \
              " (SELECT coalesce(sum(i.fee_estimate_fen), 0) FROM application_item i WHERE i.application_id = a.id)"   \
              "   AS total_estimate_fen,"                                                                              \
              " (SELECT coalesce(sum(i.fee_fen), 0) FROM application_item i WHERE i.application_id = a.id)"            \
              "   AS total_fee_fen"                                                                                    \
              " FROM p, inspection_application a JOIN account ac ON ac.id = a.applicant_id"                            \
              " LEFT JOIN org o ON o.id = a.org_id JOIN district d ON d.code = a.district"                             \
              " WHERE a.id = $3::bigint AND " scope
static const char *const GET[INSP_NBY] = INSP_SCOPED(GET_SQL);

PGresult *insp_get(const struct user *u, enum insp_scope scope, long app_id)
{
    struct insp_who w;
    char id[24];

    insp_who(u, &w);
    snprintf(id, sizeof id, "%ld", app_id);
    const char *v[3] = {w.v[0], w.v[1], id};
    return db_exec(insp_sql(GET, u, scope), 3, v);
}

PGresult *insp_items(long app_id)
{
    return db_exec_id("SELECT i.id, e.id AS equipment_id, coalesce(e.reg_code, '') AS reg_code,"
                      " coalesce(e.equipment_code, '') AS equipment_code, e.name AS device_name, e.category,"
                      " k.name AS category_name, coalesce(e.address, '') AS address, e.state AS device_state,"
                      " i.maint_unit, i.maintainer, i.maint_phone, coalesce(i.fee_estimate_fen::text, '') AS fee_estimate_fen,"
                      " coalesce(i.conclusion, '') AS conclusion,"
                      " coalesce(to_char(i.inspection_date, 'YYYY-MM-DD'), '') AS inspection_date,"
                      " coalesce(to_char(i.next_date, 'YYYY-MM-DD'), '') AS next_date,"
                      " coalesce(i.fee_fen::text, '') AS fee_fen, coalesce(i.report_no, '') AS report_no,"
                      " coalesce(to_char(coalesce(a.planned_date, current_date) + make_interval(months => cc.months),"
                      "   'YYYY-MM-DD'), '') AS default_next,"
                      " coalesce(e.last_conclusion, '') AS last_conclusion,"
                      " coalesce(to_char(e.next_inspection_date, 'YYYY-MM-DD'), '') AS next_inspection_date"
                      " FROM application_item i JOIN inspection_application a ON a.id = i.application_id"
                      " JOIN equipment e ON e.id = i.equipment_id JOIN catalogue k ON k.code = e.category"
                      " LEFT JOIN catalogue_cycle cc ON cc.code = e.category"
                      " WHERE i.application_id = $1::bigint ORDER BY i.id", app_id);
}

PGresult *insp_documents(long app_id)
{
    return db_exec_id("SELECT d.id, d.kind, d.file_name, b.mime, (b.size + 1023) / 1024 AS kb FROM application_document d"
                      " JOIN blob b ON b.sha256 = d.blob_sha256 WHERE d.application_id = $1::bigint ORDER BY d.id", app_id);
}

#define DOCUMENT_BLOB_SQL(scope)                                                                     \
    INSP_WITH "SELECT d.blob_sha256 FROM p, application_document d JOIN inspection_application a"    \
              " ON a.id = d.application_id WHERE a.id = $3::bigint AND d.id = $4::bigint AND " scope
static const char *const DOCUMENT_BLOB[INSP_NBY] = INSP_SCOPED(DOCUMENT_BLOB_SQL);

int insp_document_blob(const struct user *u, enum insp_scope scope, long app_id, long doc_id, char sha256[65])
{
    struct insp_who w;
    char id[24], doc[24];

    insp_who(u, &w);
    snprintf(id, sizeof id, "%ld", app_id);
    snprintf(doc, sizeof doc, "%ld", doc_id);
    const char *v[4] = {w.v[0], w.v[1], id, doc};
    return db_text(insp_sql(DOCUMENT_BLOB, u, scope), 4, v, sha256, 65);
}

#define FIRST_DEVICE                                                                                          \
    " (SELECT count(*) FROM application_item i WHERE i.application_id = a.id) AS devices,"                    \
    " coalesce((SELECT e.name FROM application_item i JOIN equipment e ON e.id = i.equipment_id"              \
    "   WHERE i.application_id = a.id ORDER BY i.id LIMIT 1), '') AS first_device,"                           \
    " coalesce((SELECT coalesce(e.reg_code, e.equipment_code, '') FROM application_item i JOIN equipment e"   \
    "   ON e.id = i.equipment_id WHERE i.application_id = a.id ORDER BY i.id LIMIT 1), '') AS first_reg_code"

#define LIST_MINE_SQL(scope)                                                                                           \
    INSP_WITH "SELECT a.id, a.serial_no, a.kind, a.state, a.version,"                                                  \
              " to_char(a.created_at, 'YYYY-MM-DD HH24:MI') AS created,"                                               \
              " to_char(a.updated_at, 'YYYY-MM-DD HH24:MI') AS updated,"                                               \
              " coalesce(to_char(a.submitted_at, 'YYYY-MM-DD HH24:MI'), '') AS submitted,"                             \
              " coalesce(to_char(a.planned_date, 'YYYY-MM-DD'), '') AS planned_date,"                                  \
              " array_to_string(a.return_reasons, ',') AS return_reasons, coalesce(a.return_note, '') AS return_note," \
              FIRST_DEVICE                                                                                             \
              " FROM p, inspection_application a WHERE " scope " AND a.state = ANY ($3::text[]) AND a.id < $4::bigint" \
              " ORDER BY a.id DESC LIMIT $5::int"
static const char *const LIST_MINE[INSP_NBY] = INSP_ENTERPRISE_SCOPED(LIST_MINE_SQL);

PGresult *insp_list_mine(const struct user *u, const char *tab, long after, int limit)
{
    struct insp_who w;
    char aft[24], lim[16];
    const char *states = tab && !strcmp(tab, "returned") ? "{returned}" : "{draft,submitted,in_process}";

    insp_who(u, &w);
    snprintf(aft, sizeof aft, "%ld", after > 0 ? after : LONG_MAX);
    snprintf(lim, sizeof lim, "%d", limit + 1);
    const char *v[5] = {w.v[0], w.v[1], states, aft, lim};
    return db_exec(insp_sql(LIST_MINE, u, INSP_ENTERPRISE), 5, v);
}

#define LIST_DONE_SQL(scope)                                                                                      \
    INSP_WITH "SELECT i.id AS item_id, a.id, a.serial_no, a.kind, e.name AS device_name,"                         \
              " coalesce(e.reg_code, e.equipment_code, '') AS reg_code,"                                          \
              " coalesce(to_char(i.inspection_date, 'YYYY-MM-DD'), '') AS inspection_date,"                       \
              " coalesce(to_char(i.next_date, 'YYYY-MM-DD'), '') AS next_date,"                                   \
              " coalesce(i.conclusion, '') AS conclusion, coalesce(i.fee_fen::text, '') AS fee_fen,"              \
              " coalesce(i.report_no, '') AS report_no,"                                                          \
              " EXISTS (SELECT 1 FROM fee_order f WHERE f.item_id = i.id AND f.state = 'paid') AS collectible"    \
              " FROM p, inspection_application a JOIN application_item i ON i.application_id = a.id"              \
              " JOIN equipment e ON e.id = i.equipment_id"                                                        \
              " WHERE " scope " AND a.state = 'completed' AND i.id < $3::bigint ORDER BY i.id DESC LIMIT $4::int"
static const char *const LIST_DONE[INSP_NBY] = INSP_ENTERPRISE_SCOPED(LIST_DONE_SQL);

PGresult *insp_list_done(const struct user *u, long after, int limit)
{
    struct insp_who w;
    char aft[24], lim[16];

    insp_who(u, &w);
    snprintf(aft, sizeof aft, "%ld", after > 0 ? after : LONG_MAX);
    snprintf(lim, sizeof lim, "%d", limit + 1);
    const char *v[4] = {w.v[0], w.v[1], aft, lim};
    return db_exec(insp_sql(LIST_DONE, u, INSP_ENTERPRISE), 4, v);
}
