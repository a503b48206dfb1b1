/* route.h — the route table's shape and path matching (pure, unit-tested). */
#ifndef TEJIAN_ROUTE_H
#define TEJIAN_ROUTE_H

#include <stddef.h>

struct req;
struct user;
typedef int (*route_handler)(struct req *r);
/* Queues (db_prefetch) the first statement the handler would run for user u, a guess
 * made before the session is checked; the handler's own run uses the result only if it
 * asks for exactly that statement (db.h). */
typedef void (*route_prefetch)(struct req *r, const struct user *u);

/* Route flags. */
#define ROUTE_CSRF 0x1  /* POST must carry a valid CSRF token */
#define ROUTE_DB 0x2    /* needs the database: 503 page while it is down */
#define ROUTE_TEST 0x4  /* exists only when test_routes is on */
/* A public POST that changes nothing and needs no token (the verification upload: anyone
 * may check a file, from any page or tool). test_route allows it on exactly that route. */
#define ROUTE_NO_CSRF 0x8

struct route {
    const char *method;     /* "GET", "POST" */
    const char *pattern;    /* "/files/:sha" — ":x" matches one segment */
    route_handler handler;
    const char *capability; /* NULL = public */
    unsigned flags;
};

/* A GET route's handler whose first statement the dispatcher may prefetch. */
struct route_guess {
    route_handler handler;
    route_prefetch prefetch;
};

#define ROUTE_MAX_PARAMS 4
#define ROUTE_PARAM_MAX 128

struct route_params {
    int n;
    char value[ROUTE_MAX_PARAMS][ROUTE_PARAM_MAX];
};

/* 1 if path matches pattern (params captured), else 0. */
int route_match(const char *pattern, const char *path, struct route_params *params);

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/* Finds the first route whose pattern and method match. HEAD is served by GET routes.
 * include_test: whether ROUTE_TEST entries count. */
enum route_result route_find(const struct route *table, size_t n, const char *method,
                             const char *path, int include_test, const struct route **found,
                             struct route_params *params);

#endif
