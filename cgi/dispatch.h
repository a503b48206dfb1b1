/* dispatch.h — route lookup, access checks, and the one place responses are written. */
#ifndef TEJIAN_DISPATCH_H
#define TEJIAN_DISPATCH_H

#include "req.h"

/* status 0: the request was read fine, route it; otherwise answer with that status. */
void dispatch(struct req *r, int status);
/* Frees what dispatch keeps between requests (the page buffer): at a worker's exit. */
void dispatch_release(void);
/* A fixed page for when even the template layer is unusable. */
void dispatch_emergency(struct req *r, int status);
/* Chinese title for a status. */
const char *dispatch_status_title(int status);

#endif
