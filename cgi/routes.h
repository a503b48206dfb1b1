/* routes.h — the route table and the handlers it names, one file per URL area. */
#ifndef TEJIAN_ROUTES_H
#define TEJIAN_ROUTES_H

#include "req.h"
#include "route.h"

extern const struct route ROUTES[];
extern const size_t ROUTES_COUNT;

/* home.c */
int home_index(struct req *r);
int home_healthz(struct req *r);
/* testroutes.c — only with test_routes = on */
int test_echo(struct req *r);
int test_form(struct req *r);
int test_upload(struct req *r);
int test_blob(struct req *r);
int test_guarded(struct req *r);

#endif
