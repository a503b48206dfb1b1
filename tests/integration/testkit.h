/* testkit.h — what every integration test needs besides a browser: the database of the
 * stack under test, unique names per run, valid national codes. */
#ifndef TEJIAN_TEST_TESTKIT_H
#define TEJIAN_TEST_TESTKIT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "browser.h"

#define DEMO_PASSWORD "Tejian#2026"

extern PGconn *db;

/* Connects to $TEJIAN_DB and initialises curl; 0 ok, else prints why and returns 2
 * (the exit code for "no stack to test"). */
int testkit_start(void);
void testkit_stop(void);

/* The first column of the first row (malloc'd; NULL when no row); fails the test on an
 * SQL error. param may be NULL for none. */
char *sql_value(const char *sql, const char *param);
/* Runs a statement with up to n text parameters; fails the test on error. Returns the
 * first column of the first row when there is one (malloc'd), else NULL. */
char *sql_run(const char *sql, int n, const char *const *params);
/* A unique suffix per run, for logins and names. */
const char *run_id(void);
/* A valid unified social credit code (GB 32100 check character computed here, apart
 * from the code under test) that differs per run and per salt. */
void fresh_credit_code(char out[19], int salt);
int contains(const struct page *p, const char *s);
/* sql_run with the parameters as arguments: sql_q(sql, 2, a, b). */
char *sql_q(const char *sql, int n, ...);
/* browser_init and sign in with the demo password; fails the test unless it worked. */
void login_as(struct browser *b, const char *user);
/* Fails the test unless sql (with one parameter a, or none when a is NULL) returns want
 * in its first row and column. */
void expect_sql(const char *want, const char *sql, const char *a);
/* A race: waiter has a statement sent (PQsend*) that must wait for holder's open
 * transaction. Asserts it is still waiting after 300 ms, commits holder, and returns the
 * waiter's result (asserted PGRES_TUPLES_OK; the caller PQclears it). */
PGresult *result_after_commit(PGconn *waiter, PGconn *holder);
/* POST after a GET of from (for a fresh CSRF token). */
struct page post_from(struct browser *b, const char *from, const char *path, const char *body);
/* GET path and only its status. */
long status_of(struct browser *b, const char *path);
/* The smallest file libmagic calls application/pdf, for upload tests. */
#define TINY_PDF "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
/* The href of the first <a …>text</a> on the page, with &amp; decoded, into out.
 * 1 found, 0 not. */
int page_link(const struct page *p, const char *text, char *out, size_t cap);

#endif
