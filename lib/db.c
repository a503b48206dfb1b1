/* db.c — the process's one PostgreSQL connection. */
#include "db.h"

#include <poll.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "util.h"

static PGconn *conn;
static char *conninfo_saved;
static char last_state[6];
static int last_conn_failure;

/* Prepared statements (workers only, db_use_prepared): each distinct statement text is
 * parsed once per connection (PQprepare, named "tj<n>") and then executed by name, so
 * the server parses and plans it once instead of on every request. PostgreSQL plans the
 * first executions with the parameters (custom plans) and keeps a generic plan when it
 * costs no more. Bounded: past STMT_MAX texts, the rest run unprepared. */
#define STMT_MAX 256
struct stmt {
    char *sql;
    unsigned long hash;
};
static struct stmt stmts[STMT_MAX];
static int nstmts, use_prepared;

/* One speculative read (db_prefetch): queued, then sent in the same round trip as the
 * next statement and its result kept for exactly the statement after that. */
static struct {
    char *sql;
    int nparams;
    char **values;
    int state;          /* PF_NONE, PF_QUEUED (not sent), PF_READY (res is its result) */
    PGresult *res;
} pf;
enum { PF_NONE, PF_QUEUED, PF_READY };

/* A prepared statement's name, "tj<i>" (a buffer of 24). */
static void stmt_name(int i, char *name)
{
    name[0] = 't';
    name[1] = 'j';
    long_str(i, name + 2);
}

static void stmts_forget(void)
{
    for (int i = 0; i < nstmts; i++)
        free(stmts[i].sql);
    nstmts = 0;
}

static void notice_to_log(void *arg, const char *message)
{
    (void)arg;
    log_debug("postgres: %.*s", (int)strcspn(message, "\n"), message);
}

static int connect_now(void)
{
    if (conn) {
        PQfinish(conn);
        conn = NULL;
    }
    stmts_forget(); /* prepared statements belong to the connection */
    conn = PQconnectdb(conninfo_saved);
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        const char *msg = conn ? PQerrorMessage(conn) : "out of memory";
        log_warn("database connection failed: %.*s", (int)strcspn(msg, "\n"), msg);
        if (conn) {
            PQfinish(conn);
            conn = NULL;
        }
        last_conn_failure = 1;
        return -1;
    }
    PQsetNoticeProcessor(conn, notice_to_log, NULL);
    /* No JIT: every statement here is short, but a multi-branch list (a city bureau's 17
     * districts) is estimated above jit_above_cost, and compiling it took 90-160 ms of a
     * 5 ms query (bench/RESULTS.md). */
    PGresult *res = PQexec(conn, "SET jit = off");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) /* a server without JIT still works */
        log_warn("SET jit = off: %s", PQresultErrorMessage(res));
    PQclear(res);
    /* Dates as text are ISO (2026-01-31) whatever the server's default: the lists send
     * them as e.next_inspection_date::text (to_char cost a third of their time), and a
     * date-sorted list's cursor is such a text. */
    res = PQexec(conn, "SET datestyle = 'ISO, YMD'");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        log_warn("SET datestyle: %s", PQresultErrorMessage(res));
        PQclear(res);
        PQfinish(conn);
        conn = NULL;
        last_conn_failure = 1;
        return -1;
    }
    PQclear(res);
    last_conn_failure = 0;
    return 0;
}

int db_open(const char *conninfo)
{
    free(conninfo_saved);
    conninfo_saved = strdup(conninfo ? conninfo : "");
    if (!conninfo_saved)
        return -1;
    return connect_now();
}

void db_use_prepared(int on) { use_prepared = on; }

void db_close(void)
{
    if (conn)
        PQfinish(conn);
    conn = NULL;
    stmts_forget();
    free(conninfo_saved);
    conninfo_saved = NULL;
}

PGconn *db_conn(void) { return conn; }

int db_ensure(void)
{
    if (!conninfo_saved)
        return 0;
    if (conn && PQstatus(conn) == CONNECTION_OK) {
        /* An idle connection whose server restarted looks fine until used. Between
         * requests the server has nothing to say but a notice or, when it goes away, a
         * FATAL message and EOF: consuming the message alone can leave the status OK
         * (the EOF is read later, by the next request's statement, which then fails). So
         * a readable idle socket is a new connection; a notice costs one reconnect. */
        struct pollfd pfd = {.fd = PQsocket(conn), .events = POLLIN};
        if (pfd.fd < 0 || poll(&pfd, 1, 0) <= 0)
            return 1;
        log_warn("database connection had unread input while idle; reconnecting");
    }
    return connect_now() == 0;
}

static PGresult *checked(PGresult *res, const char *sql)
{
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        last_state[0] = '\0';
        last_conn_failure = 0;
        return res;
    }
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    snprintf(last_state, sizeof last_state, "%s", state ? state : "");
    last_conn_failure = (conn == NULL || PQstatus(conn) != CONNECTION_OK);
    log_error("sql failed [%s]: %.*s (statement: %.60s)", state ? state : "-",
              (int)strcspn(msg, "\n"), msg, sql);
    PQclear(res);
    return NULL;
}

/* The index of sql's prepared statement on this connection, or -1 when it is not prepared. */
static int stmt_lookup(const char *sql, unsigned long h)
{
    for (int i = 0; i < nstmts; i++)
        if (stmts[i].hash == h && strcmp(stmts[i].sql, sql) == 0)
            return i;
    return -1;
}

/* The index of sql's prepared statement on this connection, preparing it on first use;
 * -1 when it is not prepared (cache full, a transaction in error, no memory): the caller
 * then runs it unprepared, with the same result and error as before. */
static int stmt_find(const char *sql)
{
    /* Where a statement's text was last found, keyed by its address: most are literals
     * (the session's check: 700 bytes to hash on every request), and a strcmp confirms
     * the guess for less than the hash costs. */
    static struct {
        const char *sql;
        int index;
    } hints[32];
    size_t slot = ((uintptr_t)sql >> 4) % 32;
    unsigned long h;
    char name[24];
    PGresult *res;
    int ok, i;

    if (hints[slot].sql == sql && hints[slot].index < nstmts && strcmp(stmts[hints[slot].index].sql, sql) == 0)
        return hints[slot].index;
    h = str_hash(sql);
    if ((i = stmt_lookup(sql, h)) >= 0) {
        hints[slot].sql = sql;
        hints[slot].index = i;
        return i;
    }
    if (nstmts >= STMT_MAX || PQtransactionStatus(conn) == PQTRANS_INERROR)
        return -1;
    stmt_name(nstmts, name);
    res = PQprepare(conn, name, sql, 0, NULL);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok || !(stmts[nstmts].sql = strdup(sql)))
        return -1; /* a bad statement fails as before, in PQexecParams, with its error */
    stmts[nstmts].hash = h;
    return nstmts++;
}

void db_prefetch_drop(void)
{
    for (int i = 0; i < pf.nparams; i++)
        free(pf.values[i]);
    free(pf.values);
    free(pf.sql);
    PQclear(pf.res);
    memset(&pf, 0, sizeof pf);
}

void db_prefetch(const char *sql, int nparams, const char *const *values)
{
    db_prefetch_drop();
    if (!use_prepared || nparams < 0)
        return;
    for (int i = 0; i < nparams; i++)
        if (!values[i]) /* SQL NULL parameters: not prefetched (prefetch_take compares text) */
            return;
    if (!(pf.sql = strdup(sql)) || (nparams && !(pf.values = calloc((size_t)nparams, sizeof *pf.values))))
        goto fail;
    for (pf.nparams = 0; pf.nparams < nparams; pf.nparams++)
        if (!(pf.values[pf.nparams] = strdup(values[pf.nparams])))
            goto fail;
    pf.state = PF_QUEUED;
    return;
fail:
    db_prefetch_drop();
}

/* The kept result when sql with these parameters is the prefetched statement (handed
 * over: the caller clears it), else NULL. Either way the prefetch is over: it stood for
 * the statement right after its carrier and for nothing later, since any statement in
 * between (or a transaction) might have changed what it read. */
static PGresult *prefetch_take(const char *sql, int nparams, const char *const *values,
                               const int *formats, int result_format)
{
    PGresult *res = NULL;
    int same = pf.state == PF_READY && PQtransactionStatus(conn) == PQTRANS_IDLE &&
               nparams == pf.nparams && !formats && result_format == 0 && strcmp(sql, pf.sql) == 0;

    for (int i = 0; same && i < nparams; i++)
        same = values[i] && strcmp(values[i], pf.values[i]) == 0;
    if (same) {
        res = pf.res;
        pf.res = NULL;
    }
    db_prefetch_drop();
    return res;
}

/* 1 when the pipeline's next result is the NULL that ends a statement's results. */
static int end_of_results(void)
{
    PGresult *r = PQgetResult(conn);

    PQclear(r);
    return r == NULL;
}

/* Runs the prepared statement `index` (read-only: db_exec_carry) and, in the same round
 * trip (one pipeline, one Sync), the queued prefetch, whose result is kept. The
 * statement's result as PQexecPrepared would give it, or NULL when the pipeline itself
 * failed (nothing was then kept, and the caller runs the statement on its own). */
static PGresult *exec_with_prefetch(int index, int nparams, const char *const *values)
{
    char name[24], pf_name[24];
    PGresult *res = NULL, *r;
    int pf_index = stmt_lookup(pf.sql, str_hash(pf.sql)), ok;

    pf.state = PF_NONE;
    if (pf_index < 0 || PQtransactionStatus(conn) != PQTRANS_IDLE || !PQenterPipelineMode(conn))
        return NULL; /* not prepared yet: it runs, and is prepared, when asked for */
    stmt_name(index, name);
    stmt_name(pf_index, pf_name);
    ok = PQsendQueryPrepared(conn, name, nparams, values, NULL, NULL, 0) &&
         PQsendQueryPrepared(conn, pf_name, pf.nparams, (const char *const *)pf.values, NULL, NULL, 0) &&
         PQpipelineSync(conn);
    /* Each statement's result then NULL; the prefetch's is PIPELINE_ABORTED when the
     * statement failed (and an error of its own is left for its real run); then Sync. */
    if (ok)
        ok = (res = PQgetResult(conn)) != NULL && end_of_results();
    if (ok) {
        r = PQgetResult(conn);
        ok = r != NULL;
        if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
            pf.res = r;
            pf.state = PF_READY;
        } else {
            PQclear(r);
        }
        ok = ok && end_of_results();
    }
    if (ok) {
        r = PQgetResult(conn);
        ok = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
        PQclear(r);
    }
    if (!ok || !PQexitPipelineMode(conn)) {
        log_warn("pipelined statement failed: %s", PQerrorMessage(conn));
        PQclear(res);
        PQclear(pf.res);
        pf.res = NULL;
        pf.state = PF_NONE;
        if (PQpipelineStatus(conn) != PQ_PIPELINE_OFF) { /* a state we cannot trust: start over */
            PQfinish(conn);
            conn = NULL;
            stmts_forget();
            connect_now();
        }
        return NULL;
    }
    return res;
}

PGresult *db_exec_bin(const char *sql, int nparams, const char *const *values,
                      const int *lengths, const int *formats, int result_format)
{
    PGresult *res;

    if (pf.state == PF_READY && conn) {
        if ((res = prefetch_take(sql, nparams, values, formats, result_format)) != NULL)
            return checked(res, sql);
    }
    if (!conn) {
        last_conn_failure = 1;
        snprintf(last_state, sizeof last_state, "08006");
        log_error("sql skipped: no database connection (statement: %.60s)", sql);
        return NULL;
    }
    int i = use_prepared ? stmt_find(sql) : -1;
    char name[24];
    if (i < 0)
        return checked(PQexecParams(conn, sql, nparams, NULL, values, lengths, formats,
                                    result_format),
                       sql);
    stmt_name(i, name);
    return checked(PQexecPrepared(conn, name, nparams, values, lengths, formats, result_format), sql);
}

PGresult *db_exec(const char *sql, int nparams, const char *const *values)
{
    return db_exec_bin(sql, nparams, values, NULL, NULL, 0);
}

PGresult *db_exec_id(const char *sql, long id)
{
    char text[24];
    const char *v[1] = {text};

    snprintf(text, sizeof text, "%ld", id);
    return db_exec(sql, 1, v);
}

PGresult *db_exec_carry(const char *sql, int nparams, const char *const *values)
{
    PGresult *res;
    int i;

    if (pf.state != PF_QUEUED || !conn || (i = stmt_find(sql)) < 0)
        return db_exec(sql, nparams, values);
    if ((res = exec_with_prefetch(i, nparams, values)) != NULL)
        return checked(res, sql);
    return db_exec(sql, nparams, values); /* read-only: run again, on its own */
}

int db_command(const char *sql, int nparams, const char *const *values)
{
    PGresult *res = db_exec(sql, nparams, values);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int db_begin(void) { return db_command("BEGIN", 0, NULL); }
int db_commit(void) { return db_command("COMMIT", 0, NULL); }

void db_rollback(void)
{
    if (conn && PQtransactionStatus(conn) != PQTRANS_IDLE) {
        PGresult *res = PQexec(conn, "ROLLBACK");
        PQclear(res);
    }
}

const char *db_last_sqlstate(void) { return last_state; }
int db_last_failure_was_connection(void) { return last_conn_failure; }

int db_text(const char *sql, int nparams, const char *const *values, char *out, size_t cap)
{
    PGresult *res = db_exec(sql, nparams, values);
    int rc;

    if (!res)
        return -1;
    rc = PQntuples(res) == 1;
    if (rc)
        snprintf(out, cap, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

int db_field(const PGresult *res, const char *name)
{
    int n = res ? PQnfields(res) : 0;

    for (int c = 0; c < n; c++)
        if (strcmp(PQfname(res, c), name) == 0)
            return c;
    return -1;
}
