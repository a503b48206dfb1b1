/* maint_query.c — maintenance filings read: the lists (working and archive), one filing
 * with its approved version beside the pending one, the approved-version history as a
 * field diff, the company filing's prefill and attachments. */
#include "maint.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "maint_internal.h"

static int blank(const char *s) { return !s || !*s; }

/* The kind of a stored kind name. */
static const struct maint_kind_def *kind_by_name(const char *name)
{
    for (int k = MAINT_COMPANY_INFO; k <= MAINT_ELEVATOR; k++)
        if (name && !strcmp(maint_kind((enum maint_kind)k)->name, name))
            return maint_kind((enum maint_kind)k);
    return NULL;
}

/* ---- lists, one filing, history ------------------------------------------------------ */

#define INFO_STATE                                                                                 \
    "CASE WHEN f.current_version_id IS NULL THEN 'new' WHEN f.pending_version_id IS NOT NULL"       \
    " THEN 'changed' ELSE 'normal' END AS info_state"

/* A field's column (maint_internal.h's F): the shown version v's by key, the approved
 * version c's as cur_<key>. */
#define V_COLUMN(key, label, type, flags, options) ", coalesce(v.data->>'" key "', '') AS " key
#define CUR_COLUMN(key, label, type, flags, options) ", coalesce(c.data->>'" key "', '') AS cur_" key

/* A statement per kind and scope: SQL(columns, scope), the columns made by COLUMNS(the
 * kind's fields). Indexed [kind][scope]. */
#define BY_KIND(SQL, COLUMNS)                                                                           \
    {[MAINT_COMPANY_INFO] = {[MAINT_COMPANY] = SQL(COLUMNS(MAINT_COMPANY_FIELDS), MAINT_SCOPE_COMPANY), \
                             [MAINT_BUREAU] = SQL(COLUMNS(MAINT_COMPANY_FIELDS), MAINT_SCOPE_BUREAU)},  \
     [MAINT_PERSON] = {[MAINT_COMPANY] = SQL(COLUMNS(MAINT_PERSON_FIELDS), MAINT_SCOPE_COMPANY),        \
                       [MAINT_BUREAU] = SQL(COLUMNS(MAINT_PERSON_FIELDS), MAINT_SCOPE_BUREAU)},         \
     [MAINT_ELEVATOR] = {[MAINT_COMPANY] = SQL(COLUMNS(MAINT_ELEVATOR_FIELDS), MAINT_SCOPE_COMPANY),    \
                         [MAINT_BUREAU] = SQL(COLUMNS(MAINT_ELEVATOR_FIELDS), MAINT_SCOPE_BUREAU)}}

/* Filings of kind $2 in scope ($1 the unit): $3 state ('' any), $4 company name substring,
 * $5 limit, $6 offset, $7 the approved version only (else pending, else approved), $8
 * certificates expiring within 90 days only (soonest first; else newest first), $9 the
 * query conditions as a JSON object {key: substring}. Certificates: expired, expiring
 * within 90 days, valid (kinds with cert_expiry). */
#define LIST_SQL(columns, scope)                                                                             \
    "SELECT f.id, f.version, f.state, " INFO_STATE ", coalesce(f.return_reason, '') AS return_reason,"       \
    " o.name AS org_name, d.name AS district_name, CASE WHEN v.data->>'cert_expiry' IS NULL THEN ''"         \
    " WHEN (v.data->>'cert_expiry')::date < current_date THEN 'expired'"                                     \
    " WHEN (v.data->>'cert_expiry')::date <= current_date + 90 THEN 'expiring'"                              \
    " ELSE 'valid' END AS cert_status, count(*) OVER () AS total" columns                                    \
    " FROM maint_filing f JOIN org o ON o.id = f.org_id JOIN district d ON d.code = f.district"              \
    " JOIN maint_filing_version v ON v.id = CASE WHEN $7::boolean THEN f.current_version_id"                 \
    "  ELSE coalesce(f.pending_version_id, f.current_version_id) END"                                        \
    " WHERE " scope " AND f.kind = $2 AND ($3 = '' OR f.state = $3) AND ($4 = '' OR strpos(o.name, $4) > 0)" \
    " AND (NOT $8::boolean OR (v.data->>'cert_expiry')::date <= current_date + 90)"                          \
    " AND NOT EXISTS (SELECT 1 FROM jsonb_each_text($9::jsonb) q (key, value)"                               \
    "  WHERE strpos(lower(v.data->>q.key), lower(q.value)) > 0 IS NOT TRUE)"                                 \
    " ORDER BY CASE WHEN $8::boolean THEN (v.data->>'cert_expiry')::date END,"                               \
    " CASE WHEN $8::boolean THEN f.id END, f.id DESC LIMIT $5::int OFFSET $6::int"
#define LIST_COLUMNS(FIELDS) FIELDS(V_COLUMN)
static const char *const LIST[][2] = BY_KIND(LIST_SQL, LIST_COLUMNS);

/* The query conditions of q on def's query fields, as a JSON object {key: substring}:
 * malloc'd, NULL on error. */
static char *query_json(const struct maint_kind_def *def, const struct maint_query *q)
{
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;

    if (!o)
        return NULL;
    for (int i = 0; i < def->nfields; i++)
        if ((def->fields[i].flags & MF_QUERY) && !blank(q->q[i]) &&
            !cJSON_AddStringToObject(o, def->fields[i].key, q->q[i]))
            goto out;
    text = cJSON_PrintUnformatted(o);
out:
    cJSON_Delete(o);
    return text;
}

PGresult *maint_list(const struct user *u, const struct maint_kind_def *def, enum maint_scope scope,
                     enum maint_view view, const struct maint_query *q)
{
    char org[24], lim[16], off[16];
    char *query = query_json(def, q);
    PGresult *res;

    if (!query)
        return NULL;
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(lim, sizeof lim, "%d", q->page > 0 ? MAINT_PAGE : 1048575);
    snprintf(off, sizeof off, "%d", q->page > 0 ? (q->page - 1) * MAINT_PAGE : 0);
    const char *v[9] = {org, def->name, q->state ? q->state : "", q->org ? q->org : "", lim, off,
                        view == MAINT_ARCHIVE ? "t" : "f", q->expiring ? "t" : "f", query};
    res = db_exec(LIST[def->kind][scope], 9, v);
    free(query);
    return res;
}

/* Filing $2 of kind $3 in scope ($1 the unit), with the fields of the version shown and of
 * the approved one. */
#define GET_SQL(columns, scope)                                                                                \
    "SELECT f.id, f.kind, f.version, f.state, " INFO_STATE ", coalesce(f.return_reason, '') AS return_reason," \
    " o.name AS org_name, (f.current_version_id IS NOT NULL) AS has_current,"                                  \
    " (f.pending_version_id IS NOT NULL) AS has_pending, coalesce(f.equipment_id::text, '') AS equipment_id"   \
    columns                                                                                                    \
    " FROM maint_filing f JOIN org o ON o.id = f.org_id"                                                       \
    " JOIN maint_filing_version v ON v.id = coalesce(f.pending_version_id, f.current_version_id)"              \
    " LEFT JOIN maint_filing_version c ON c.id = f.current_version_id"                                         \
    " WHERE " scope " AND f.id = $2::bigint AND f.kind = $3"
#define GET_COLUMNS(FIELDS) FIELDS(V_COLUMN) FIELDS(CUR_COLUMN)
static const char *const GET[][2] = BY_KIND(GET_SQL, GET_COLUMNS);

PGresult *maint_get(const struct user *u, enum maint_scope scope, const struct maint_kind_def *def, long id)
{
    char org[24], fid[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[3] = {org, fid, def->name};
    return db_exec(GET[def->kind][scope], 3, v);
}

#define KIND_OF_SQL(scope) "SELECT f.kind FROM maint_filing f WHERE " scope " AND f.id = $2::bigint"
static const char *const KIND_OF[] = MAINT_SCOPED(KIND_OF_SQL);

const struct maint_kind_def *maint_kind_of(const struct user *u, enum maint_scope scope, long id, int *err)
{
    char org[24], fid[24], kind[16];
    int found;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    found = db_text(KIND_OF[scope], 2, v, kind, sizeof kind);
    *err = found < 0;
    return found == 1 ? kind_by_name(kind) : NULL;
}

#define HISTORY_SQL(scope)                                                                      \
    "WITH a AS (SELECT v.id, v.data, v.approved_at, v.approved_by,"                             \
    "  lag(v.data) OVER (ORDER BY v.approved_at, v.id) AS prev"                                 \
    "  FROM maint_filing f JOIN maint_filing_version v ON v.filing_id = f.id"                   \
    "  WHERE " scope " AND f.id = $2::bigint AND v.approved_at IS NOT NULL)"                    \
    " SELECT a.id AS version_id, to_char(a.approved_at, 'YYYY-MM-DD HH24:MI:SS') AS approved,"  \
    " coalesce(acc.name, '') AS approver, coalesce(d.field, '') AS field,"                      \
    " coalesce(d.old, '') AS old, coalesce(d.new, '') AS new"                                   \
    " FROM a LEFT JOIN account acc ON acc.id = a.approved_by"                                   \
    " LEFT JOIN LATERAL (SELECT k AS field, a.prev->>k AS old, a.data->>k AS new"               \
    "   FROM (SELECT jsonb_object_keys(a.data) UNION SELECT jsonb_object_keys(a.prev)) keys(k)" \
    "   WHERE a.prev IS NOT NULL AND (a.prev->>k) IS DISTINCT FROM (a.data->>k)) d ON true"     \
    " ORDER BY a.approved_at, a.id, d.field"
static const char *const HISTORY[] = MAINT_SCOPED(HISTORY_SQL);

PGresult *maint_history(const struct user *u, enum maint_scope scope, long id)
{
    char org[24], fid[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    return db_exec(HISTORY[scope], 2, v);
}

/* ---- the company filing's prefill, attachments ------------------------------------------ */

PGresult *maint_company_profile(const struct user *u)
{
    char org[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[1] = {org};
    return db_exec("SELECT o.name, coalesce(o.legal_rep, '') AS legal_rep, coalesce(a.name, '') AS contact,"
                   " coalesce(a.mobile, '') AS mobile, coalesce(o.address, '') AS address"
                   " FROM org o LEFT JOIN account a ON a.org_id = o.id AND 'ent_main' = ANY (a.roles)"
                   " WHERE o.id = $1::bigint ORDER BY a.id LIMIT 1",
                   1, v);
}

long maint_company_filing(const struct user *u)
{
    char org[24], id[24];
    int found;

    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[1] = {org};
    found = db_text("SELECT id FROM maint_filing WHERE org_id = $1::bigint AND kind = 'company'", 1, v, id, sizeof id);
    return found < 0 ? -1 : found ? atol(id) : 0;
}

#define DOCUMENTS_SQL(scope)                                                              \
    "SELECT d.id, d.file_name, (b.size + 1023) / 1024 AS kb FROM maint_filing_document d" \
    " JOIN maint_filing f ON f.id = d.filing_id JOIN blob b ON b.sha256 = d.blob_sha256"  \
    " WHERE " scope " AND f.id = $2::bigint ORDER BY d.id"
static const char *const DOCUMENTS[] = MAINT_SCOPED(DOCUMENTS_SQL);

PGresult *maint_documents(const struct user *u, enum maint_scope scope, long id)
{
    char org[24], fid[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    return db_exec(DOCUMENTS[scope], 2, v);
}

#define DOCUMENT_BLOB_SQL(scope)                                                                  \
    "SELECT d.blob_sha256 FROM maint_filing_document d JOIN maint_filing f ON f.id = d.filing_id" \
    " WHERE " scope " AND f.id = $2::bigint AND d.id = $3::bigint"
static const char *const DOCUMENT_BLOB[] = MAINT_SCOPED(DOCUMENT_BLOB_SQL);

int maint_document_blob(const struct user *u, enum maint_scope scope, long id, long doc, char sha256[65])
{
    char org[24], fid[24], did[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    snprintf(did, sizeof did, "%ld", doc);
    const char *v[3] = {org, fid, did};
    return db_text(DOCUMENT_BLOB[scope], 3, v, sha256, 65);
}

