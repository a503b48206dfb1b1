/* home.c — the landing page and the health check. */
#include "db.h"
#include "routes.h"

int home_index(struct req *r)
{
    return req_page(r, "home/index.cs");
}

/* For load balancers and the test suite: 200 only when the database answers. */
int home_healthz(struct req *r)
{
    PGresult *res = db_exec("SELECT 1", 0, NULL);
    if (!res)
        return 503;
    PQclear(res);
    return req_body(r, "text/plain; charset=utf-8", "ok\n", 3);
}
