/* util.c — small helpers shared by the worker and the CLI: hashing, randomness, files. */
#include "util.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;

    if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
        return -1;
    to_hex(md, 32, out);
    return 0;
}

int random_hex(size_t n, char *out)
{
    unsigned char buf[64];

    if (n > sizeof buf || RAND_bytes(buf, (int)n) != 1)
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
