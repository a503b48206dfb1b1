/* multipart.h — multipart/form-data (RFC 7578) parser over a complete, size-capped body.
 *
 * Replaces ClearSilver's rfc2388.c, which drops uploads in long-lived processes and
 * corrupts files whose end falls on its 4 KiB read boundary. This parser never reads
 * from a stream: the caller reads exactly Content-Length bytes (after checking the cap)
 * and hands over the buffer, so part data are plain slices of it. */
#ifndef TEJIAN_MULTIPART_H
#define TEJIAN_MULTIPART_H

#include <stddef.h>

#define MP_MAX_PARTS 256
#define MP_MAX_NAME 128
#define MP_MAX_HEADERS 8192 /* bytes of header block per part */

struct mp_part {
    char name[MP_MAX_NAME];
    char *filename;         /* NULL for a plain field; "" when a file input was left empty */
    char content_type[128]; /* "" when the part sent none */
    const char *data;       /* slice of the body handed to mp_parse */
    size_t len;
};

struct mp_form {
    struct mp_part *parts;
    size_t n;
};

/* Extracts and validates the boundary parameter of a multipart/form-data Content-Type.
 * Returns 0, or -1 (with *why set) when the type is not multipart/form-data or the
 * boundary is missing or invalid. out must hold 71 bytes. */
int mp_boundary(const char *content_type, char out[71], const char **why);

/* Parses body (len bytes) into form. Returns 0, or -1 with *why set to a short English
 * reason; form is left empty on failure. */
int mp_parse(const char *body, size_t len, const char *boundary, struct mp_form *form,
             const char **why);

void mp_free(struct mp_form *form);

#endif
