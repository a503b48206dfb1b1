/* db.c — the process's one PostgreSQL connection. */
#include "db.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

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

static unsigned long fnv1a(const char *s)
{
    unsigned long h = 14695981039346656037UL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

/* The index of sql's prepared statement on this connection, preparing it on first use;
 * -1 when it is not prepared (cache full, a transaction in error, no memory): the caller
 * then runs it unprepared, with the same result and error as before. */
static int stmt_find(const char *sql)
{
    unsigned long h = fnv1a(sql);
    char name[16];
    PGresult *res;
    int ok;

    for (int i = 0; i < nstmts; i++)
        if (stmts[i].hash == h && strcmp(stmts[i].sql, sql) == 0)
            return i;
    if (nstmts >= STMT_MAX || PQtransactionStatus(conn) == PQTRANS_INERROR)
        return -1;
    snprintf(name, sizeof name, "tj%d", nstmts);
    res = PQprepare(conn, name, sql, 0, NULL);
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok || !(stmts[nstmts].sql = strdup(sql)))
        return -1; /* a bad statement fails as before, in PQexecParams, with its error */
    stmts[nstmts].hash = h;
    return nstmts++;
}

PGresult *db_exec_bin(const char *sql, int nparams, const char *const *values,
                      const int *lengths, const int *formats, int result_format)
{
    if (!conn) {
        last_conn_failure = 1;
        snprintf(last_state, sizeof last_state, "08006");
        log_error("sql skipped: no database connection (statement: %.60s)", sql);
        return NULL;
    }
    int i = use_prepared ? stmt_find(sql) : -1;
    char name[16];
    if (i < 0)
        return checked(PQexecParams(conn, sql, nparams, NULL, values, lengths, formats,
                                    result_format),
                       sql);
    snprintf(name, sizeof name, "tj%d", i);
    return checked(PQexecPrepared(conn, name, nparams, values, lengths, formats, result_format), sql);
}

PGresult *db_exec(const char *sql, int nparams, const char *const *values)
{
    return db_exec_bin(sql, nparams, values, NULL, NULL, 0);
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
