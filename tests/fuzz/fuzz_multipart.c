/* fuzz_multipart.c — libFuzzer target for the multipart parser and boundary extraction.
 * Input layout: byte 0 picks the boundary length, the next bytes spell it (mapped into
 * the legal alphabet), the rest is the body. Besides memory safety (ASan/UBSan), it
 * checks that every part is a slice of the body, in order, without overlap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

static const char BCHARS[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?-";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char boundary[71], ctype[200], parsed[71];
    const char *why = NULL;
    struct mp_form form;
    size_t blen, i;

    if (size < 2)
        return 0;
    blen = 1 + data[0] % 70;
    if (size < 1 + blen)
        return 0;
    for (i = 0; i < blen; i++)
        boundary[i] = BCHARS[data[1 + i] % (sizeof BCHARS - 1)];
    boundary[blen] = '\0';

    /* The header parser sees the raw bytes too (as a C string). */
    {
        size_t n = size - 1 < sizeof ctype - 1 ? size - 1 : sizeof ctype - 1;
        memcpy(ctype, data + 1, n);
        ctype[n] = '\0';
        if (mp_boundary(ctype, parsed, &why) == 0) {
            size_t pl = strlen(parsed);
            if (pl == 0 || pl > 70)
                abort();
        }
    }

    const char *body = (const char *)data + 1 + blen;
    size_t len = size - 1 - blen;
    char *copy = malloc(len ? len : 1); /* exact-size heap copy: ASan catches overreads */
    if (!copy)
        return 0;
    memcpy(copy, body, len);
    if (mp_parse(copy, len, boundary, &form, &why) == 0) {
        const char *prev_end = copy;
        for (i = 0; i < form.n; i++) {
            const struct mp_part *p = &form.parts[i];
            if (p->data < prev_end || p->data + p->len > copy + len)
                abort();
            if (strnlen(p->name, MP_MAX_NAME) >= MP_MAX_NAME || !p->name[0])
                abort();
            prev_end = p->data + p->len;
        }
        mp_free(&form);
    } else if (form.n != 0 || form.parts != NULL || why == NULL) {
        abort();
    }
    free(copy);
    return 0;
}
