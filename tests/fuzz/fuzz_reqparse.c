/* fuzz_reqparse.c — libFuzzer target for the request reader (lib/reqparse.c). Byte 0
 * picks what the rest is:
 *   0: a whole query string / form body (exact-size heap copy, not NUL-terminated: ASan
 *      catches any read past it). The count of refused fields is between 0 and the count
 *      of non-empty fields, and every value stored is no longer than the input.
 *   1: the value of one field, "v=<bytes>" ('&' mapped to 'x'), checked against
 *      ClearSilver's own decoder (cgi_url_unescape): refused exactly when it decodes to a
 *      NUL byte, else the same bytes.
 *   2: a Cookie header (up to the first NUL): every Cookie.* child is a one-level name
 *      with a non-empty value, and it is the FIRST pair of that name in the header. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "reqparse.h"

static int leaves_fit(HDF *node, size_t len)
{
    for (HDF *c = hdf_obj_child(node); c; c = hdf_obj_next(c)) {
        const char *v = hdf_obj_value(c);
        if ((v && strlen(v) > len) || !leaves_fit(c, len))
            return 0;
    }
    return 1;
}

static void whole(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    HDF *hdf = NULL;
    size_t fields = 0;
    int rc;

    if (!copy || hdf_init(&hdf) != STATUS_OK)
        abort();
    memcpy(copy, data, size);
    for (size_t i = 0; i < size; i++)
        if (copy[i] != '&' && (i == 0 || copy[i - 1] == '&'))
            fields++;
    rc = reqparse_urlencoded(hdf, copy, size);
    if (rc < 0 || (size_t)rc > fields)
        abort();
    if (hdf_get_obj(hdf, "Query") && !leaves_fit(hdf_get_obj(hdf, "Query"), size))
        abort();
    hdf_destroy(&hdf);
    free(copy);
}

static void one_value(const uint8_t *data, size_t size)
{
    char *field = malloc(size + 2), *theirs = malloc(size + 1);
    const char *ours;
    HDF *hdf = NULL;
    int rc;

    if (!field || !theirs || hdf_init(&hdf) != STATUS_OK)
        abort();
    memcpy(field, "v=", 2);
    for (size_t i = 0; i < size; i++)
        field[2 + i] = data[i] == '&' ? 'x' : (char)data[i];
    memcpy(theirs, field + 2, size);
    theirs[size] = '\0';
    rc = reqparse_urlencoded(hdf, field, size + 2);
    ours = hdf_get_value(hdf, "Query.v", NULL);
    /* A NUL byte, raw or as %00 (which no earlier escape can swallow: the bytes after a
     * '%' it decodes are hex digits, never '%'), refuses the field. */
    if (memchr(theirs, '\0', size) || strstr(theirs, "%00")) {
        if (rc != 1 || ours)
            abort();
    } else {
        cgi_url_unescape(theirs);
        if (rc != 0 || !ours || strcmp(ours, theirs) != 0)
            abort();
    }
    hdf_destroy(&hdf);
    free(field);
    free(theirs);
}

/* The first "name=value" pair of name in header (trimmed as reqparse does), into out. */
static int first_pair(const char *header, const char *name, char *out, size_t cap)
{
    size_t nl = strlen(name);
    const char *p = header;

    while (*p) {
        const char *stop = strchr(p, ';'), *eq, *a, *b;
        if (!stop)
            stop = p + strlen(p);
        eq = memchr(p, '=', (size_t)(stop - p));
        if (eq) {
            for (a = p; a < eq && (*a == ' ' || *a == '\t'); a++)
                ;
            for (b = eq; b > a && (b[-1] == ' ' || b[-1] == '\t'); b--)
                ;
            const char *va = eq + 1, *vb = stop;
            while (va < vb && (*va == ' ' || *va == '\t'))
                va++;
            while (vb > va && (vb[-1] == ' ' || vb[-1] == '\t'))
                vb--;
            if ((size_t)(b - a) == nl && memcmp(a, name, nl) == 0 && vb > va) {
                if ((size_t)(vb - va) >= cap)
                    return 0;
                memcpy(out, va, (size_t)(vb - va));
                out[vb - va] = '\0';
                return 1;
            }
        }
        if (!*stop)
            break;
        p = stop + 1;
    }
    return 0;
}

static void cookies(const uint8_t *data, size_t size)
{
    char *header = malloc(size + 1), *want = malloc(size + 1);
    HDF *hdf = NULL;

    if (!header || !want || hdf_init(&hdf) != STATUS_OK)
        abort();
    memcpy(header, data, size);
    header[size] = '\0';
    if (reqparse_cookies(hdf, header) != 0)
        abort();
    for (HDF *c = hdf_get_child(hdf, "Cookie"); c; c = hdf_obj_next(c)) {
        const char *name = hdf_obj_name(c), *value = hdf_obj_value(c);
        if (!value || !*value || strchr(name, '.') || hdf_obj_child(c))
            abort();
        if (!first_pair(header, name, want, size + 1) || strcmp(want, value) != 0)
            abort();
    }
    hdf_destroy(&hdf);
    free(header);
    free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 3) {
    case 0:
        whole(data + 1, size - 1);
        break;
    case 1:
        one_value(data + 1, size - 1);
        break;
    default:
        cookies(data + 1, size - 1);
        break;
    }
    return 0;
}
