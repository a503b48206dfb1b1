/* multipart.c — multipart/form-data (RFC 7578) parser over a complete, size-capped body. */

#include "multipart.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_bchar(int c)
{
    return isalnum(c) || strchr("'()+_,-./:=? ", c) != NULL;
}

/* Reads one parameter value (token or quoted-string) at *p into out; advances *p. */
static int read_param_value(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t o = 0;

    if (*s == '"') {
        s++;
        while (*s && *s != '"') {
            if (*s == '\\' && s[1])
                s++;
            if (o + 1 >= cap)
                return -1;
            out[o++] = *s++;
        }
        if (*s != '"')
            return -1;
        s++;
    } else {
        while (*s && *s != ';' && !isspace((unsigned char)*s)) {
            if (o + 1 >= cap)
                return -1;
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
    *p = s;
    return 0;
}

/* Walks "; key=value" parameters after a media type or disposition type, calling
 * want() for each. Returns -1 on a syntax error. */
typedef int (*param_fn)(void *ctx, const char *key, size_t keylen, const char **p);

static int walk_params(const char *s, param_fn fn, void *ctx)
{
    while (*s) {
        const char *key;
        size_t keylen;

        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        if (*s != ';')
            return -1;
        s++;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        key = s;
        while (*s && *s != '=' && *s != ';' && !isspace((unsigned char)*s))
            s++;
        keylen = (size_t)(s - key);
        while (isspace((unsigned char)*s))
            s++;
        if (*s != '=') {
            if (keylen == 0)
                return -1;
            continue; /* a bare flag parameter: ignored */
        }
        s++;
        while (isspace((unsigned char)*s))
            s++;
        if (fn(ctx, key, keylen, &s))
            return -1;
    }
    return 0;
}

struct boundary_ctx {
    char *out;
    int found;
};

static int boundary_param(void *vctx, const char *key, size_t keylen, const char **p)
{
    struct boundary_ctx *ctx = vctx;
    char scratch[256];

    if (keylen == 8 && strncasecmp(key, "boundary", 8) == 0) {
        if (read_param_value(p, scratch, sizeof scratch))
            return -1;
        if (strlen(scratch) > 70)
            return -1;
        strcpy(ctx->out, scratch);
        ctx->found = 1;
        return 0;
    }
    return read_param_value(p, scratch, sizeof scratch);
}

int mp_boundary(const char *content_type, char out[71], const char **why)
{
    static const char type[] = "multipart/form-data";
    struct boundary_ctx ctx = {out, 0};
    const char *s = content_type;
    size_t n;

    out[0] = '\0';
    while (s && isspace((unsigned char)*s))
        s++;
    if (!s || strncasecmp(s, type, sizeof type - 1) != 0) {
        *why = "not multipart/form-data";
        return -1;
    }
    s += sizeof type - 1;
    if (*s && *s != ';' && !isspace((unsigned char)*s)) {
        *why = "not multipart/form-data";
        return -1;
    }
    if (walk_params(s, boundary_param, &ctx) || !ctx.found) {
        *why = "missing or malformed boundary";
        out[0] = '\0';
        return -1;
    }
    n = strlen(out);
    if (n == 0 || out[n - 1] == ' ') {
        *why = "invalid boundary";
        out[0] = '\0';
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!is_bchar((unsigned char)out[i])) {
            *why = "invalid boundary";
            out[0] = '\0';
            return -1;
        }
    }
    return 0;
}

struct disp_ctx {
    struct mp_part *part;
    int have_name;
    int bad;
};

static int disposition_param(void *vctx, const char *key, size_t keylen, const char **p)
{
    struct disp_ctx *ctx = vctx;
    char value[1024];

    if (read_param_value(p, value, sizeof value))
        return -1;
    if (keylen == 4 && strncasecmp(key, "name", 4) == 0) {
        if (!value[0] || strlen(value) >= MP_MAX_NAME || ctx->have_name)
            return -1;
        strcpy(ctx->part->name, value);
        ctx->have_name = 1;
    } else if (keylen == 8 && strncasecmp(key, "filename", 8) == 0) {
        /* Old browsers send the client's full path: keep the last component only. */
        const char *base = value, *c;
        for (c = value; *c; c++)
            if (*c == '/' || *c == '\\')
                base = c + 1;
        for (c = base; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f)
                return -1;
        free(ctx->part->filename);
        if ((ctx->part->filename = strdup(base)) == NULL)
            return -1;
    }
    return 0;
}

/* Parses one part's header block [h, end). */
static int parse_headers(const char *h, const char *end, struct mp_part *part, const char **why)
{
    int have_disposition = 0;

    while (h < end) {
        const char *eol = memmem(h, (size_t)(end - h), "\r\n", 2);
        const char *colon;
        char line[1024];
        size_t len;

        if (!eol)
            eol = end;
        len = (size_t)(eol - h);
        if (len >= sizeof line || memchr(h, '\0', len)) {
            *why = "part header too long or binary";
            return -1;
        }
        if (len && (*h == ' ' || *h == '\t')) {
            *why = "folded part header";
            return -1;
        }
        memcpy(line, h, len);
        line[len] = '\0';
        colon = strchr(line, ':');
        if (!colon) {
            *why = "malformed part header";
            return -1;
        }
        const char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t namelen = (size_t)(colon - line);
        if (namelen == 19 && strncasecmp(line, "Content-Disposition", 19) == 0) {
            struct disp_ctx ctx = {part, 0, 0};
            if (have_disposition || strncasecmp(v, "form-data", 9) != 0 ||
                (v[9] && v[9] != ';' && !isspace((unsigned char)v[9])) ||
                walk_params(v + 9, disposition_param, &ctx) || !ctx.have_name) {
                *why = "bad Content-Disposition";
                return -1;
            }
            have_disposition = 1;
        } else if (namelen == 12 && strncasecmp(line, "Content-Type", 12) == 0) {
            size_t vl = strlen(v);
            while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
                vl--;
            if (vl >= sizeof part->content_type) {
                *why = "part Content-Type too long";
                return -1;
            }
            memcpy(part->content_type, v, vl);
            part->content_type[vl] = '\0';
        }
        h = eol + 2;
    }
    if (!have_disposition) {
        *why = "part without Content-Disposition";
        return -1;
    }
    return 0;
}

void mp_free(struct mp_form *form)
{
    for (size_t i = 0; i < form->n; i++)
        free(form->parts[i].filename);
    free(form->parts);
    form->parts = NULL;
    form->n = 0;
}

int mp_parse(const char *body, size_t len, const char *boundary, struct mp_form *form,
             const char **why)
{
    char delim[2 + 2 + 70 + 1]; /* CRLF "--" boundary */
    size_t blen = strlen(boundary), dlen;
    const char *p, *end = body + len;
    size_t cap = 0;

    form->parts = NULL;
    form->n = 0;
    if (blen == 0 || blen > 70) {
        *why = "invalid boundary";
        return -1;
    }
    delim[0] = '\r';
    delim[1] = '\n';
    delim[2] = '-';
    delim[3] = '-';
    memcpy(delim + 4, boundary, blen);
    dlen = 4 + blen;

    /* The first delimiter may open the body (no preceding CRLF) or follow a preamble. */
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        p = body + dlen - 2;
    } else {
        const char *d = len ? memmem(body, len, delim, dlen) : NULL;
        if (!d) {
            *why = "no opening boundary";
            goto fail;
        }
        p = d + dlen;
    }

    for (;;) {
        const char *hdr_end, *next;
        struct mp_part *part;

        /* After a delimiter: "--" closes the body; otherwise padding then CRLF. */
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
            *why = "malformed boundary line";
            goto fail;
        }
        p += 2;

        if (form->n == MP_MAX_PARTS) {
            *why = "too many parts";
            goto fail;
        }
        if (form->n == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct mp_part *np = realloc(form->parts, ncap * sizeof *np);
            if (!np) {
                *why = "out of memory";
                goto fail;
            }
            form->parts = np;
            cap = ncap;
        }
        part = &form->parts[form->n++];
        memset(part, 0, sizeof *part);

        /* A part with no headers at all ("\r\n" right away) still needs its
         * Content-Disposition, so it fails in parse_headers. */
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            hdr_end = p;
        } else {
            size_t window = (size_t)(end - p);
            if (window > MP_MAX_HEADERS + 4)
                window = MP_MAX_HEADERS + 4;
            hdr_end = memmem(p, window, "\r\n\r\n", 4);
            if (!hdr_end) {
                *why = "part headers unterminated or too long";
                goto fail;
            }
        }
        if (parse_headers(p, hdr_end, part, why))
            goto fail;
        p = (hdr_end == p) ? p + 2 : hdr_end + 4;

        next = memmem(p, (size_t)(end - p), delim, dlen);
        if (!next) {
            *why = "no closing boundary";
            goto fail;
        }
        part->data = p;
        part->len = (size_t)(next - p);
        p = next + dlen;
    }

fail:
    mp_free(form);
    return -1;
}
