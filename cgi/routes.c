/* routes.c — the one route table: {method, pattern, handler, capability, flags}. */
#include "routes.h"

const struct route ROUTES[] = {
    {"GET", "/", home_index, NULL, 0},
    {"GET", "/healthz", home_healthz, NULL, ROUTE_DB},

    /* Test stacks only (config test_routes = on): exercise the request layer. */
    {"GET", "/_test/echo", test_echo, NULL, ROUTE_TEST},
    {"POST", "/_test/form", test_form, NULL, ROUTE_TEST | ROUTE_CSRF},
    {"POST", "/_test/upload", test_upload, NULL, ROUTE_TEST | ROUTE_CSRF | ROUTE_DB},
    {"GET", "/_test/blob/:sha", test_blob, NULL, ROUTE_TEST | ROUTE_DB},
    {"GET", "/_test/guarded", test_guarded, "admin.system", ROUTE_TEST},
};

const size_t ROUTES_COUNT = sizeof ROUTES / sizeof ROUTES[0];
