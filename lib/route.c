/* route.c — path matching for the route table. */
#include "route.h"

#include <string.h>

int route_match(const char *pattern, const char *path, struct route_params *params)
{
    const char *p = pattern, *s = path;

    params->n = 0;
    if (*p != '/' || *s != '/')
        return 0;
    while (*p && *s) {
        if (*p == ':') {
            size_t len = strcspn(s, "/");
            if (len == 0 || len >= ROUTE_PARAM_MAX || params->n == ROUTE_MAX_PARAMS)
                return 0;
            memcpy(params->value[params->n], s, len);
            params->value[params->n][len] = '\0';
            params->n++;
            s += len;
            p += strcspn(p, "/");
            continue;
        }
        if (*p != *s)
            return 0;
        p++;
        s++;
    }
    return *p == '\0' && *s == '\0';
}

enum route_result route_find(const struct route *table, size_t n, const char *method,
                             const char *path, int include_test, const struct route **found,
                             struct route_params *params)
{
    int path_seen = 0;
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;

    *found = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct route *rt = &table[i];
        if ((rt->flags & ROUTE_TEST) && !include_test)
            continue;
        if (!route_match(rt->pattern, path, params))
            continue;
        path_seen = 1;
        if (strcmp(rt->method, want) == 0) {
            *found = rt;
            return ROUTE_FOUND;
        }
    }
    params->n = 0;
    return path_seen ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
