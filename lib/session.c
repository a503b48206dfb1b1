/* session.c — sessions in PostgreSQL (token hashes only). */
#include "session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "password.h"
#include "util.h"

long session_cookie_max_age(int remember)
{
    return remember ? 30L * 24 * 3600 : 0; /* 0: a browser-session cookie */
}

int session_create(long account_id, int remember, const char *ip, const char *user_agent,
                   char token[65])
{
    char hash[65], id[24];
    const char *v[5];

    if (token_new(token, hash))
        return -1;
    snprintf(id, sizeof id, "%ld", account_id);
    v[0] = hash;
    v[1] = id;
    v[2] = remember ? "t" : "f";
    v[3] = ip ? ip : "";
    v[4] = user_agent ? user_agent : "";
    /* Expired sessions go now and then (once an hour per worker, by the expires_at
     * index): nothing else removes them, and a session past expires_at never loads. */
    static double last_sweep = -1;
    if (due_every(now_monotonic(), &last_sweep, 3600) &&
        db_command("DELETE FROM session WHERE expires_at < now()", 0, NULL))
        return -1;
    return db_command("INSERT INTO session (token_hash, account_id, remember, expires_at, ip, user_agent) "
                      "VALUES ($1, $2, $3, now() + CASE WHEN $3::boolean THEN interval '" SESSION_REMEMBER_ABSOLUTE
                      "' ELSE interval '" SESSION_ABSOLUTE "' END, $4, left($5, 200))",
                      5, v);
}

static void copy(char *dst, size_t cap, const char *src)
{
    str_copy(dst, cap, src);
}

/* The users of sessions this worker served lately, keyed by a non-cryptographic hash of
 * the token (the token itself is not kept): a guess for speculation only (session_hint),
 * never trusted for access. Round-robin replacement. */
#define HINTS 64
static struct {
    unsigned long key;
    struct user u;
} hints[HINTS];
static int hint_next;

static unsigned long hint_key(const char *token)
{
    unsigned long h = str_hash(token);
    return h ? h : 1; /* 0 marks an empty slot */
}

int session_hint(const char *token, struct user *u)
{
    unsigned long key = token ? hint_key(token) : 0;

    for (int i = 0; key && i < HINTS; i++)
        if (hints[i].key == key) {
            *u = hints[i].u;
            return 1;
        }
    return 0;
}

static void hint_keep(const char *token, const struct user *u)
{
    unsigned long key = hint_key(token);
    int slot = -1;

    for (int i = 0; i < HINTS && slot < 0; i++)
        if (hints[i].key == key)
            slot = i;
    if (slot < 0) {
        slot = hint_next;
        hint_next = (hint_next + 1) % HINTS;
    }
    hints[slot].key = key;
    hints[slot].u = *u;
}

static void hint_forget(const char *token)
{
    unsigned long key = hint_key(token);

    for (int i = 0; i < HINTS; i++)
        if (hints[i].key == key)
            hints[i].key = 0;
}

int session_load(const char *token, struct user *u)
{
    char hash[65];
    const char *v[1] = {hash};
    const char *unit_types;
    PGresult *res;
    int rc = -1;

    memset(u, 0, sizeof *u);
    if (!token || token_hash(token, hash))
        return 0;
    /* May carry the page's first statement along (db_prefetch, dispatch.c). One row by
     * its key: the account's and its unit's columns are kept on the session (migration
     * 0016, whose triggers rewrite them with every change), so no join; usable is "the
     * account is active and not frozen, its unit active". Plain columns, read as
     * PostgreSQL prints them (a NULL reads as ""): each expression here is set up and
     * run again for every request, and three `'x' = ANY (unit_types)` took the array
     * apart three times (pgbench, one client: 70 µs a round trip with them, 63 without). */
    res = db_exec_carry("SELECT s.account_id, s.org_id, s.parent_id, s.roles, s.must_change_password,"
                        " s.org_certified, s.login, s.name, s.org_name, s.task_types,"
                        " s.last_seen < now() - interval '60 seconds', s.org_unit_types, s.org_kind, s.org_district"
                        " FROM session s"
                        " WHERE s.token_hash = $1 AND s.expires_at > now()"
                        " AND s.last_seen > now() - CASE WHEN s.remember THEN interval '" SESSION_REMEMBER_IDLE
                        "' ELSE interval '" SESSION_IDLE "' END AND s.usable",
                        1, v);
    if (!res)
        return -1;
    if (PQntuples(res) != 1) {
        hint_forget(token); /* an ended session: no more guesses for it */
        rc = 0;
        goto out;
    }
    unit_types = PQgetvalue(res, 0, 11);
    u->id = atol(PQgetvalue(res, 0, 0));
    u->org_id = atol(PQgetvalue(res, 0, 1));
    u->parent_id = atol(PQgetvalue(res, 0, 2));
    u->roles = roles_parse(PQgetvalue(res, 0, 3));
    if ((u->roles & ROLE_ENT_MAIN) && pg_array_has(unit_types, "maintenance"))
        u->roles |= ROLE_MAINT; /* derived, never stored */
    u->must_change_password = PQgetvalue(res, 0, 4)[0] == 't';
    u->org_certified = PQgetvalue(res, 0, 5)[0] == 't';
    copy(u->login, sizeof u->login, PQgetvalue(res, 0, 6));
    copy(u->name, sizeof u->name, PQgetvalue(res, 0, 7));
    copy(u->org_name, sizeof u->org_name, PQgetvalue(res, 0, 8));
    copy(u->task_types, sizeof u->task_types, PQgetvalue(res, 0, 9));
    copy(u->bureau_district, sizeof u->bureau_district,
         strcmp(PQgetvalue(res, 0, 12), "bureau") == 0 ? PQgetvalue(res, 0, 13) : "");
    u->org_types = ORG_TYPES_KNOWN | (pg_array_has(unit_types, "construction") ? ORG_TYPES_CONSTRUCTION : 0) |
                   (pg_array_has(unit_types, "manufacture") ? ORG_TYPES_MANUFACTURE : 0);
    hint_keep(token, u);
    /* Touch at most once a minute: a write per page view would double the load. */
    if (PQgetvalue(res, 0, 10)[0] == 't' &&
        db_command("UPDATE session SET last_seen = now() WHERE token_hash = $1", 1, v))
        goto out;
    rc = 1;
out:
    PQclear(res);
    return rc;
}

int session_destroy(const char *token)
{
    char hash[65];
    const char *v[1] = {hash};

    if (!token || token_hash(token, hash))
        return 0;
    return db_command("DELETE FROM session WHERE token_hash = $1", 1, v);
}

int session_destroy_others(long account_id, const char *keep_token)
{
    char id[24], hash[65] = "";
    const char *v[2] = {id, hash};

    snprintf(id, sizeof id, "%ld", account_id);
    if (keep_token && token_hash(keep_token, hash))
        hash[0] = '\0';
    return db_command("DELETE FROM session WHERE account_id = $1 AND token_hash <> $2", 2, v);
}
