/* benchroute.c — the benchmark's floor scenario (bench/README.md): a fixed small page
 * with no database and no template, so `make bench` can measure what the request layer
 * alone costs (libfcgi, the CGI kit, dispatch, headers). Compiled in only with
 * -DTEJIAN_BENCH (the bench build, build/bench-prod); the normal build and `make install`
 * do not contain the route (tests/unit/test_route.c and tests/bench-smoke-test.sh check). */
#ifdef TEJIAN_BENCH
#include "routes.h"

int bench_floor(struct req *r)
{
    static const char page[] = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">"
                               "<title>floor</title><p>tejian bench floor</p></html>\n";
    return req_body(r, "text/html; charset=utf-8", page, sizeof page - 1);
}
#else
typedef int bench_route_not_built; /* ISO C wants at least one declaration */
#endif
