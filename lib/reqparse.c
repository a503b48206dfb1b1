/* reqparse.c — query string, urlencoded body and Cookie header into the request HDF. */
#include "reqparse.h"

#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "log.h"
#include "render.h"

/* The value of hex digit c, or -1. (Not isxdigit: no locale.) */
static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* src[0..n) decoded into dst (room for n + 1 bytes), NUL-terminated; returns the decoded
 * length (which counts any decoded NUL bytes). '+' is a space, %XX a byte; a '%' without
 * two hex digits after it stays as it is, as in ClearSilver's cgi_url_unescape. */
static size_t url_decode(char *dst, const char *src, size_t n)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        int hi, lo;
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && n - i > 2 && (hi = hex_value((unsigned char)src[i + 1])) >= 0 &&
                   (lo = hex_value((unsigned char)src[i + 2])) >= 0) {
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        }
        dst[o++] = (char)c;
    }
    dst[o] = '\0';
    return o;
}

/* A refused name for the log: printable ASCII only, at most 40 bytes, so a crafted name
 * cannot forge log lines. */
static const char *log_safe(const char *s, size_t n, char out[44])
{
    size_t i;
    for (i = 0; i < n && i < 40; i++)
        out[i] = (s[i] > 0x20 && s[i] < 0x7f) ? s[i] : '?';
    out[i] = '\0';
    if (n > 40)
        memcpy(out + i, "...", 4);
    return out;
}

int reqparse_urlencoded(HDF *hdf, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    char *buf = NULL, shown[44];
    int refused = 0, fields = 0, rc = -1;

    if (len == 0)
        return 0;
    /* One field's decoded name and value side by side: never longer than the field. */
    if ((buf = malloc(len + 2)) == NULL)
        return -1;
    for (;;) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end, *eq;
        size_t nlen, vlen = 0;
        char *value;

        if (stop > p) { /* "a&&b": empty fields are no fields */
            eq = memchr(p, '=', (size_t)(stop - p));
            nlen = url_decode(buf, p, (size_t)((eq ? eq : stop) - p));
            value = buf + nlen + 1;
            if (eq)
                vlen = url_decode(value, eq + 1, (size_t)(stop - eq - 1));
            else
                value[0] = '\0';
            if (++fields > REQPARSE_MAX_FIELDS || strlen(buf) != nlen || !form_valid_name(buf) ||
                memchr(value, '\0', vlen)) {
                refused++;
                log_debug("form field refused: %s", log_safe(buf, nlen, shown));
            } else if (form_set(hdf, buf, value, vlen)) {
                goto out;
            }
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    rc = refused;
out:
    free(buf);
    return rc;
}

/* Name of one HDF level: a form name without dots. */
static int cookie_name_ok(const char *name)
{
    return !strchr(name, '.') && form_valid_name(name);
}

static char *trim(char *s, char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *end = '\0';
    return s;
}

int reqparse_cookies(HDF *hdf, const char *header)
{
    char *copy = NULL, *p;
    HDF *node = NULL;
    NEOERR *err = STATUS_OK;
    int rc = -1;

    if (!header || !*header)
        return 0;
    if ((copy = strdup(header)) == NULL)
        return -1;
    for (p = copy; *p;) {
        char *semi = strchr(p, ';'), *stop = semi ? semi : p + strlen(p);
        char *eq = memchr(p, '=', (size_t)(stop - p)), *name, *value;

        if (eq) {
            value = trim(eq + 1, stop); /* first: it writes the NUL at stop */
            name = trim(p, eq);
            if (*name && *value && cookie_name_ok(name)) {
                if (!node && (err = hdf_get_node(hdf, "Cookie", &node)) != STATUS_OK)
                    goto out;
                if (!hdf_get_value(node, name, NULL) &&
                    (err = hdf_set_value(node, name, value)) != STATUS_OK)
                    goto out;
            }
        }
        if (!semi)
            break;
        p = semi + 1;
    }
    rc = 0;
out:
    if (err)
        render_log_error("reqparse_cookies", err);
    free(copy);
    return rc;
}
