/* form.h — putting submitted fields into the request HDF the way ClearSilver's own
 * query parser does (Query.name, with Query.name.0 .. .N for repeated names). */
#ifndef TEJIAN_FORM_H
#define TEJIAN_FORM_H

#include <ClearSilver.h>
#include <stddef.h>

/* 1 when name is acceptable as a form field name. */
int form_valid_name(const char *name);
/* Sets Query.<name> = value. Returns 0, or -1 on a bad name/value or HDF failure. */
int form_set(HDF *hdf, const char *name, const char *value, size_t len);

#endif
