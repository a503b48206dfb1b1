/* maint_internal.h — shared by maint.c and maint_query.c only. */
#ifndef TEJIAN_MAINT_INTERNAL_H
#define TEJIAN_MAINT_INTERNAL_H

#include "maint.h"

/* The filings a user may see, as a condition on maint_filing f with the user's unit as
 * $1: the company's own, or those of the bureau's districts. Only these constant
 * fragments are ever put into SQL text. */
const char *maint_scope_sql(enum maint_scope scope);

#endif
