/* maint_query.c — maintenance filings read: the lists (working and archive), one filing
 * with its approved version beside the pending one, the approved-version history as a
 * field diff, the company filing's prefill and attachments. */
#include "maint.h"

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

/* Appends ", <alias>.data->>'key' AS <prefix>key" for every field (constants only). */
static void field_columns(const struct maint_kind_def *def, const char *alias, const char *prefix, char *sql,
                          size_t cap)
{
    size_t o = strlen(sql);
    for (int i = 0; i < def->nfields && o < cap; i++)
        o += (size_t)snprintf(sql + o, cap - o, ", coalesce(%s.data->>'%s', '') AS %s%s", alias, def->fields[i].key,
                              prefix, def->fields[i].key);
}

PGresult *maint_list(const struct user *u, const struct maint_kind_def *def, enum maint_scope scope,
                     enum maint_view view, const struct maint_query *q)
{
    char sql[4096], org[24], lim[16], off[16];
    const char *v[6 + MAINT_MAX_FIELDS];
    int np = 6;
    size_t o;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(lim, sizeof lim, "%d", q->page > 0 ? MAINT_PAGE : 1048575);
    snprintf(off, sizeof off, "%d", q->page > 0 ? (q->page - 1) * MAINT_PAGE : 0);
    v[0] = org;
    v[1] = def->name;
    v[2] = q->state ? q->state : "";
    v[3] = q->org ? q->org : "";
    v[4] = lim;
    v[5] = off;
    /* Certificates: expired, expiring within 90 days, valid (kinds with cert_expiry). */
    snprintf(sql, sizeof sql, "SELECT f.id, f.version, f.state, " INFO_STATE
                              ", coalesce(f.return_reason, '') AS return_reason, o.name AS org_name,"
                              " d.name AS district_name, CASE WHEN v.data->>'cert_expiry' IS NULL THEN ''"
                              " WHEN (v.data->>'cert_expiry')::date < current_date THEN 'expired'"
                              " WHEN (v.data->>'cert_expiry')::date <= current_date + 90 THEN 'expiring'"
                              " ELSE 'valid' END AS cert_status, count(*) OVER () AS total");
    field_columns(def, "v", "", sql, sizeof sql);
    o = strlen(sql);
    o += (size_t)snprintf(sql + o, sizeof sql - o,
                          " FROM maint_filing f JOIN org o ON o.id = f.org_id JOIN district d ON d.code = f.district"
                          " JOIN maint_filing_version v ON v.id = %s"
                          " WHERE %s AND f.kind = $2 AND ($3 = '' OR f.state = $3)"
                          " AND ($4 = '' OR strpos(o.name, $4) > 0)%s",
                          view == MAINT_ARCHIVE ? "f.current_version_id"
                                                : "coalesce(f.pending_version_id, f.current_version_id)",
                          maint_scope_sql(scope),
                          q->expiring ? " AND (v.data->>'cert_expiry')::date <= current_date + 90" : "");
    /* Query conditions: the field names are the constants of the table above; the values
     * are parameters from $7 on. */
    for (int i = 0; i < def->nfields && o < sizeof sql; i++) {
        if (!(def->fields[i].flags & MF_QUERY) || blank(q->q[i]))
            continue;
        v[np++] = q->q[i];
        o += (size_t)snprintf(sql + o, sizeof sql - o, " AND strpos(lower(v.data->>'%s'), lower($%d)) > 0",
                              def->fields[i].key, np);
    }
    if (o < sizeof sql)
        snprintf(sql + o, sizeof sql - o, " ORDER BY %s LIMIT $5::int OFFSET $6::int",
                 q->expiring ? "(v.data->>'cert_expiry')::date, f.id" : "f.id DESC");
    return db_exec(sql, np, v);
}

PGresult *maint_get(const struct user *u, enum maint_scope scope, const struct maint_kind_def *def, long id)
{
    char sql[4096], org[24], fid[24];
    size_t o;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[3] = {org, fid, def->name};
    snprintf(sql, sizeof sql,
             "SELECT f.id, f.kind, f.version, f.state, " INFO_STATE ", coalesce(f.return_reason, '') AS return_reason,"
             " o.name AS org_name, (f.current_version_id IS NOT NULL) AS has_current,"
             " (f.pending_version_id IS NOT NULL) AS has_pending, coalesce(f.equipment_id::text, '') AS equipment_id");
    field_columns(def, "v", "", sql, sizeof sql);
    field_columns(def, "c", "cur_", sql, sizeof sql);
    o = strlen(sql);
    snprintf(sql + o, sizeof sql - o,
             " FROM maint_filing f JOIN org o ON o.id = f.org_id"
             " JOIN maint_filing_version v ON v.id = coalesce(f.pending_version_id, f.current_version_id)"
             " LEFT JOIN maint_filing_version c ON c.id = f.current_version_id"
             " WHERE %s AND f.id = $2::bigint AND f.kind = $3",
             maint_scope_sql(scope));
    return db_exec(sql, 3, v);
}

const struct maint_kind_def *maint_kind_of(const struct user *u, enum maint_scope scope, long id, int *err)
{
    char sql[512], org[24], fid[24], kind[16];
    int found;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    snprintf(sql, sizeof sql, "SELECT f.kind FROM maint_filing f WHERE %s AND f.id = $2::bigint", maint_scope_sql(scope));
    found = db_text(sql, 2, v, kind, sizeof kind);
    *err = found < 0;
    return found == 1 ? kind_by_name(kind) : NULL;
}

PGresult *maint_history(const struct user *u, enum maint_scope scope, long id)
{
    char sql[1536], org[24], fid[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    snprintf(sql, sizeof sql,
             "WITH a AS (SELECT v.id, v.data, v.approved_at, v.approved_by,"
             "  lag(v.data) OVER (ORDER BY v.approved_at, v.id) AS prev"
             "  FROM maint_filing f JOIN maint_filing_version v ON v.filing_id = f.id"
             "  WHERE %s AND f.id = $2::bigint AND v.approved_at IS NOT NULL)"
             " SELECT a.id AS version_id, to_char(a.approved_at, 'YYYY-MM-DD HH24:MI:SS') AS approved,"
             " coalesce(acc.name, '') AS approver, coalesce(d.field, '') AS field,"
             " coalesce(d.old, '') AS old, coalesce(d.new, '') AS new"
             " FROM a LEFT JOIN account acc ON acc.id = a.approved_by"
             " LEFT JOIN LATERAL (SELECT k AS field, a.prev->>k AS old, a.data->>k AS new"
             "   FROM (SELECT jsonb_object_keys(a.data) UNION SELECT jsonb_object_keys(a.prev)) keys(k)"
             "   WHERE a.prev IS NOT NULL AND (a.prev->>k) IS DISTINCT FROM (a.data->>k)) d ON true"
             " ORDER BY a.approved_at, a.id, d.field",
             maint_scope_sql(scope));
    return db_exec(sql, 2, v);
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

PGresult *maint_documents(const struct user *u, enum maint_scope scope, long id)
{
    char sql[768], org[24], fid[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[2] = {org, fid};
    snprintf(sql, sizeof sql,
             "SELECT d.id, d.file_name, (b.size + 1023) / 1024 AS kb FROM maint_filing_document d"
             " JOIN maint_filing f ON f.id = d.filing_id JOIN blob b ON b.sha256 = d.blob_sha256"
             " WHERE %s AND f.id = $2::bigint ORDER BY d.id",
             maint_scope_sql(scope));
    return db_exec(sql, 2, v);
}

int maint_document_blob(const struct user *u, enum maint_scope scope, long id, long doc, char sha256[65])
{
    char sql[512], org[24], fid[24], did[24];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    snprintf(did, sizeof did, "%ld", doc);
    const char *v[3] = {org, fid, did};
    snprintf(sql, sizeof sql,
             "SELECT d.blob_sha256 FROM maint_filing_document d JOIN maint_filing f ON f.id = d.filing_id"
             " WHERE %s AND f.id = $2::bigint AND d.id = $3::bigint",
             maint_scope_sql(scope));
    return db_text(sql, 3, v, sha256, 65);
}

