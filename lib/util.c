/* util.c — small helpers shared by the worker and the CLI: hashing, randomness, files. */
#include "util.h"

/* The one-call digest (SHA256, EVP_Digest) would first load OpenSSL's configuration and
 * default provider: ~2 MB more resident code and tables in every worker, which otherwise
 * hashes only a session token per request. The low-level SHA-256 functions are the same
 * implementation without that, deprecated in OpenSSL 3 but still supported. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "log.h"

static void to_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = '\0';
}

int sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
#if OPENSSL_VERSION_MAJOR < 4
    SHA256_CTX ctx;

    if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, data, len) != 1 || SHA256_Final(md, &ctx) != 1)
        return -1;
#else
    unsigned int mdlen = 0;

    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
        return -1;
#endif
    to_hex(md, 32, out);
    return 0;
}

/* The kernel's generator (getrandom(2), which OpenSSL's own seeds come from): no
 * user-space state to initialise or to fork, and blocking only until the kernel's pool is
 * first seeded at boot. */
int random_bytes(void *buf, size_t n)
{
    unsigned char *p = buf;

    while (n > 0) {
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

const char *pg_array_next(const char **s, size_t *n)
{
    const char *start;

    while (**s == '{' || **s == ',' || **s == '}' || **s == '"')
        (*s)++;
    if (!**s)
        return NULL;
    start = *s;
    *n = strcspn(start, ",}\"");
    *s += *n;
    return start;
}

int pg_array_has(const char *array, const char *word)
{
    size_t n, len = strlen(word);
    const char *e;

    if (!array)
        return 0;
    while ((e = pg_array_next(&array, &n)) != NULL)
        if (n == len && memcmp(e, word, n) == 0)
            return 1;
    return 0;
}

size_t long_str(long v, char *buf)
{
    char tmp[24];
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    size_t n = 0, len = 0;

    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[len++] = '-';
    while (n)
        buf[len++] = tmp[--n];
    buf[len] = '\0';
    return len;
}

size_t str_copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strnlen(src, cap - 1) : 0;

    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
    return n;
}

unsigned long str_hash(const char *s)
{
    unsigned long h = 14695981039346656037UL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211UL;
    return h;
}

int random_hex(size_t n, char *out)
{
    unsigned char buf[64];

    if (n > sizeof buf || random_bytes(buf, n))
        return -1;
    to_hex(buf, n, out);
    OPENSSL_cleanse(buf, sizeof buf);
    return 0;
}

int read_file(const char *path, char **data, size_t *len)
{
    FILE *f = NULL;
    char *buf = NULL;
    long size;
    int rc = -1;

    *data = NULL;
    *len = 0;
    if ((f = fopen(path, "rb")) == NULL)
        goto out;
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto out;
    if ((buf = malloc((size_t)size + 1)) == NULL)
        goto out;
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        errno = EIO;
        goto out;
    }
    buf[size] = '\0';
    *data = buf;
    *len = (size_t)size;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    if (f)
        fclose(f);
    return rc;
}

double now_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int secure_streq(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return 0;
    return CRYPTO_memcmp(a, b, la) == 0;
}

/* RFC 5987 attr-char: the bytes that go into filename* unencoded. */
static int attr_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c && strchr("!#$&+-.^_`|~", c));
}

char *download_disposition(const char *name)
{
    static const char pre[] = "attachment; filename=\"", mid[] = "\"; filename*=UTF-8''";
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;
    size_t n, o = 0;
    char *out;
    const char *last_dot;
    int under = 0, kept = 0;

    if (!name || !name[0])
        name = "download";
    n = strlen(name);
    last_dot = strrchr(name, '.');
    if (n > 4096) {
        log_error("download: download name too long");
        return NULL;
    }
    /* fallback ≤ n + 8 ("download"), encoded ≤ 3n */
    out = malloc(sizeof pre + n + 8 + sizeof mid + 3 * n + 1);
    if (!out) {
        log_error("download: out of memory");
        return NULL;
    }
    memcpy(out, pre, sizeof pre - 1);
    o = sizeof pre - 1;
    /* ASCII fallback for old clients: letters, digits, '.', '-', '_'; any other run of
     * bytes (a Chinese word, spaces, quotes) becomes one '_'. */
    for (p = (const unsigned char *)name; *p; p++) {
        int safe = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                   (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_';
        if (safe) {
            out[o++] = (char)*p;
            under = 0;
            if (*p != '.' && *p != '_' && *p != '-' && (!last_dot || (const char *)p < last_dot))
                kept = 1;
        } else if (!under) {
            out[o++] = '_';
            under = 1;
        }
    }
    /* a fallback with no letter or digit before its extension reads "download.ext" */
    if (!kept) {
        const char *dot = last_dot;
        int ext_ok = dot && dot[1] &&
                     strspn(dot + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789") == strlen(dot + 1);
        o = sizeof pre - 1;
        memcpy(out + o, "download", 8);
        o += 8;
        if (ext_ok) {
            memcpy(out + o, dot, strlen(dot)); /* ≤ n bytes, within the room counted */
            o += strlen(dot);
        }
    }
    memcpy(out + o, mid, sizeof mid - 1);
    o += sizeof mid - 1;
    for (p = (const unsigned char *)name; *p; p++) {
        if (attr_char(*p))
            out[o++] = (char)*p;
        else {
            out[o++] = '%';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    out[o] = '\0';
    return out;
}

int due_every(double now, double *last, double every)
{
    if (*last >= 0 && now - *last < every)
        return 0;
    *last = now;
    return 1;
}
