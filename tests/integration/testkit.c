/* testkit.c — see testkit.h. */
#include "testkit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

PGconn *db;

int testkit_start(void)
{
    const char *conninfo = getenv("TEJIAN_DB");
    if (!getenv("TEJIAN_URL") || !conninfo) {
        fprintf(stderr, "set TEJIAN_URL and TEJIAN_DB (deploy/stack.sh up prints them)\n");
        return 2;
    }
    db = PQconnectdb(conninfo);
    if (PQstatus(db) != CONNECTION_OK) {
        fprintf(stderr, "database: %s", PQerrorMessage(db));
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return 0;
}

void testkit_stop(void)
{
    curl_global_cleanup();
    PQfinish(db);
}

char *sql_run(const char *sql, int n, const char *const *params)
{
    PGresult *res = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);
    char *out = NULL;
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        out = strdup(PQgetvalue(res, 0, 0));
    else if (PQresultStatus(res) != PGRES_TUPLES_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("sql: %s", PQerrorMessage(db));
    PQclear(res);
    return out;
}

char *sql_value(const char *sql, const char *param)
{
    const char *v[1] = {param};
    return sql_run(sql, param ? 1 : 0, v);
}

const char *run_id(void)
{
    static char id[16];
    if (!id[0])
        snprintf(id, sizeof id, "%lx", (unsigned long)time(NULL) * 1000u + (unsigned long)(getpid() % 1000));
    return id;
}

void fresh_credit_code(char out[19], int salt)
{
    static const char A[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int W[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    unsigned long x = (unsigned long)time(NULL) * 2654435761u + (unsigned long)getpid() * 7919u +
                      (unsigned long)salt * 104729u;
    int sum = 0;
    memcpy(out, "91120104MA", 10);
    for (int i = 10; i < 17; i++, x /= 31)
        out[i] = A[x % 31];
    for (int i = 0; i < 17; i++)
        sum += (int)(strchr(A, out[i]) - A) * W[i];
    out[17] = A[(31 - sum % 31) % 31];
    out[18] = '\0';
}

int contains(const struct page *p, const char *s)
{
    return p->body && strstr(p->body, s) != NULL;
}

int page_link(const struct page *p, const char *text, char *out, size_t cap)
{
    char tail[160];
    const char *end, *start;
    size_t o = 0;

    snprintf(tail, sizeof tail, "\">%s</a>", text);
    if (!p->body || !(end = strstr(p->body, tail)))
        return 0;
    for (start = end; start > p->body && start[-1] != '"'; start--)
        ;
    for (const char *s = start; s < end && o + 1 < cap; s++) {
        if (!strncmp(s, "&amp;", 5)) {
            out[o++] = '&';
            s += 4;
        } else
            out[o++] = *s;
    }
    out[o] = '\0';
    return 1;
}

char *sql_q(const char *sql, int n, ...)
{
    const char *v[8];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < 8; i++)
        v[i] = va_arg(ap, const char *);
    va_end(ap);
    return sql_run(sql, n < 8 ? n : 8, v);
}

void login_as(struct browser *b, const char *user)
{
    browser_init(b);
    struct page p = browser_login(b, user, DEMO_PASSWORD);
    if (p.status != 303)
        fail_msg("login %s: %ld", user, p.status);
    page_free(&p);
}

long status_of(struct browser *b, const char *path)
{
    struct page p = browser_get(b, path);
    long s = p.status;
    page_free(&p);
    return s;
}

void expect_sql(const char *want, const char *sql, const char *a)
{
    char *got = a ? sql_q(sql, 1, a) : sql_q(sql, 0);
    if (!got || strcmp(got, want) != 0)
        fail_msg("%s\n  got '%s', want '%s'", sql, got ? got : "(no row)", want);
    free(got);
}

PGresult *result_after_commit(PGconn *waiter, PGconn *holder)
{
    PGresult *res, *rest;

    usleep(300 * 1000);
    assert_true(PQconsumeInput(waiter));
    assert_true(PQisBusy(waiter));
    res = PQexec(holder, "COMMIT");
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    res = PQgetResult(waiter);
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    while ((rest = PQgetResult(waiter)) != NULL)
        PQclear(rest);
    return res;
}

struct page post_from(struct browser *b, const char *from, const char *path, const char *body)
{
    struct page f = browser_get(b, from);
    page_free(&f);
    return browser_post(b, path, body, 0);
}
