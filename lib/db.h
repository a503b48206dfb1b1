/* db.h — the process's one PostgreSQL connection: parameterised queries, transactions,
 * and reconnection when the server went away. Workers serve one request at a time, so
 * one connection per process is all there is. */
#ifndef TEJIAN_DB_H
#define TEJIAN_DB_H

#include <libpq-fe.h>
#include <stddef.h>

/* Remembers conninfo and tries to connect. Returns 0 when connected, -1 when not
 * (the caller may carry on: db_ensure() tries again). */
int db_open(const char *conninfo);
void db_close(void);
/* Workers: run statements as prepared statements, each text parsed and planned once
 * per connection (see db.c). Off by default (tejianctl, tests, bench/explain). */
void db_use_prepared(int on);
/* 1 when the connection is usable, reconnecting first if the server closed it. */
int db_ensure(void);
PGconn *db_conn(void);

/* Runs a statement with text parameters. Returns the result (PGRES_COMMAND_OK or
 * PGRES_TUPLES_OK) for the caller to PQclear, or NULL after logging the error. */
PGresult *db_exec(const char *sql, int nparams, const char *const *values);
/* Same with explicit lengths/formats (binary bytea); result_format 1 = binary. */
PGresult *db_exec_bin(const char *sql, int nparams, const char *const *values,
                      const int *lengths, const int *formats, int result_format);
/* Speculation, one round trip instead of two: a read-only statement (sql and values are
 * copied) queued to travel with the next db_exec_carry, in one pipeline outside any
 * transaction. Its result is kept for the statement right after that one, and db_exec
 * hands it out only if that statement is the same text with the same parameters (then
 * the result is what running it would return); anything else drops it. The dispatcher
 * queues a page's first statement, guessed from the session's last user, before it checks
 * the session (route.h: prefetch). db_prefetch_drop: forget it (end of a request). */
void db_prefetch(const char *sql, int nparams, const char *const *values);
void db_prefetch_drop(void);
/* db_exec for a read-only statement that may carry the queued prefetch along. */
PGresult *db_exec_carry(const char *sql, int nparams, const char *const *values);
/* db_exec with one parameter, the id (a bigint) as text: "… WHERE x = $1::bigint". */
PGresult *db_exec_id(const char *sql, long id);
/* Runs a statement whose result the caller does not need. 0 or -1. */
int db_command(const char *sql, int nparams, const char *const *values);

/* The first column of a query's one row into out (cap bytes): 1 found, 0 no row (or
 * more than one), -1 error. */
int db_text(const char *sql, int nparams, const char *const *values, char *out, size_t cap);

int db_begin(void);
int db_commit(void);
void db_rollback(void);

/* SQLSTATE of the last failed statement ("" if none), e.g. "23505" unique violation. */
const char *db_last_sqlstate(void);
/* 1 when the last failure was the connection itself (the 503 case). */
int db_last_failure_was_connection(void);
/* The index of res's column named name, or -1: PQfnumber without its case folding,
 * which copies and lower-cases the name on every call (~1 200 instructions; our column
 * names are plain lower-case identifiers). */
int db_field(const PGresult *res, const char *name);

#endif
