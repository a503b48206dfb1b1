/* password.c — password hashing (scrypt via OpenSSL), strength rule, session tokens, SMS codes. */
#include "password.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "util.h"

#define SALT_LEN 16
#define HASH_LEN 32
/* Base64 lengths with padding: 4 * ceil(n / 3). */
#define SALT_B64_LEN 24
#define HASH_B64_LEN 44
#define HASH_PREFIX "scrypt$"

/* What password_verify accepts in a stored string; anything else is malformed. */
#define LOGN_MIN 10
#define LOGN_MAX 22
#define R_MAX 32
#define P_MAX 16

/* ---- scrypt ---------------------------------------------------------------------------- */

/* Bytes OpenSSL's scrypt allocates for these parameters (B plus V/X/T, as it computes
 * them before comparing with maxmem_bytes). Only called with bounded logN, r, p. */
static uint64_t scrypt_mem(int logN, int r, int p)
{
    return 128u * (uint64_t)r * (uint64_t)p + 128u * (uint64_t)r * ((UINT64_C(1) << logN) + 2);
}

int scrypt_raw(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
               int logN, int r, int p, unsigned char *out, size_t outlen)
{
    EVP_KDF *kdf = NULL;
    EVP_KDF_CTX *ctx = NULL;
    OSSL_PARAM params[7];
    /* The OSSL_PARAM types OpenSSL reads: N and maxmem as uint64, r and p as uint32. */
    uint64_t n, maxmem = PASSWORD_SCRYPT_MAXMEM;
    uint32_t r32, p32;
    int rc = -1;

    /* logN bounds keep the shift defined; OpenSSL checks the rest (N < 2^(16r), memory). */
    if (logN < 1 || logN > 62 || r < 1 || p < 1 || !out || outlen == 0 || (!salt && saltlen))
        return -1;
    n = UINT64_C(1) << logN;
    r32 = (uint32_t)r;
    p32 = (uint32_t)p;
    /* OpenSSL takes non-const buffers in OSSL_PARAM but only reads them here. */
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                                  (void *)(pass ? pass : ""), pass ? passlen : 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                  (void *)(salt ? salt : (const unsigned char *)""),
                                                  saltlen);
    params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
    params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r32);
    params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p32);
    /* Always set: the provider's default is about 1 GiB (and its default N is 2^20), while
     * EVP_PBE_scrypt's default of 32 MiB is just too small for our own parameters. */
    params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
    params[6] = OSSL_PARAM_construct_end();

    if ((kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL)) == NULL)
        goto out;
    if ((ctx = EVP_KDF_CTX_new(kdf)) == NULL)
        goto out;
    if (EVP_KDF_derive(ctx, out, outlen, params) != 1)
        goto out;
    rc = 0;
out:
    if (rc) {
        /* Log and drain the thread's OpenSSL error queue: a stale entry would otherwise be
         * reported by the next unrelated TLS call (libcurl, libpq) in this worker. Some
         * rejections (N not a power of two) leave no entry at all. */
        unsigned long e = ERR_get_error();
        char buf[256] = "no OpenSSL error recorded";
        if (e)
            ERR_error_string_n(e, buf, sizeof buf);
        log_error("scrypt (logN=%d r=%d p=%d) failed: %s", logN, r, p, buf);
        ERR_clear_error();
        OPENSSL_cleanse(out, outlen);
    }
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return rc;
}

/* ---- encoded hash ---------------------------------------------------------------------- */

/* Decodes exactly want bytes from in[0..inlen), which must be the canonical padded
 * base64 of them: EVP_DecodeBlock skips surrounding whitespace, counts '=' as zero bits
 * and returns the padding bytes as data, so re-encoding and comparing is the simplest
 * way to refuse every variant. 0 or -1. */
static int b64_decode_exact(const char *in, size_t inlen, unsigned char *out, size_t want)
{
    unsigned char buf[48];
    unsigned char check[sizeof buf * 4 / 3 + 4];
    int n, rc = -1;

    if (inlen != 4 * ((want + 2) / 3) || inlen > 64 || want > sizeof buf)
        goto out;
    n = EVP_DecodeBlock(buf, (const unsigned char *)in, (int)inlen);
    if (n < 0)
        goto out;
    /* n counts 3 bytes per 4 characters, padding included. */
    n -= (in[inlen - 1] == '=') + (in[inlen - 2] == '=');
    if (n != (int)want)
        goto out;
    if (EVP_EncodeBlock(check, buf, (int)want) != (int)inlen || memcmp(check, in, inlen) != 0)
        goto out;
    memcpy(out, buf, want);
    rc = 0;
out:
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

/* Reads a decimal parameter terminated by '$' (no sign, no leading zero) and advances *s
 * past the '$'. 0 or -1 when malformed or outside lo..hi. */
static int parse_param(const char **s, int lo, int hi, int *out)
{
    const char *p = *s;
    int v = 0, digits = 0;

    while (*p >= '0' && *p <= '9') {
        if (++digits > 3)
            return -1;
        v = v * 10 + (*p++ - '0');
    }
    if (digits == 0 || *p != '$' || (digits > 1 && **s == '0') || v < lo || v > hi)
        return -1;
    *out = v;
    *s = p + 1;
    return 0;
}

struct scrypt_hash {
    int logN, r, p;
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
};

/* Parses an encoded hash. 0 or -1 when malformed, absurd or beyond what OpenSSL would run. */
static int parse_stored(const char *s, struct scrypt_hash *h)
{
    const char *dollar;
    size_t len = strnlen(s, PASSWORD_HASH_MAX);

    if (len >= PASSWORD_HASH_MAX || strncmp(s, HASH_PREFIX, strlen(HASH_PREFIX)) != 0)
        return -1;
    s += strlen(HASH_PREFIX);
    if (parse_param(&s, LOGN_MIN, LOGN_MAX, &h->logN) || parse_param(&s, 1, R_MAX, &h->r) ||
        parse_param(&s, 1, P_MAX, &h->p))
        return -1;
    /* Refused here rather than by OpenSSL so that a bad row reads as malformed, not as an
     * internal error: RFC 7914's N < 2^(16r) (which OpenSSL reports as "memory limit
     * exceeded") and our memory ceiling. */
    if (h->logN >= 16 * h->r || scrypt_mem(h->logN, h->r, h->p) > PASSWORD_SCRYPT_MAXMEM)
        return -1;
    if ((dollar = strchr(s, '$')) == NULL ||
        b64_decode_exact(s, (size_t)(dollar - s), h->salt, SALT_LEN))
        return -1;
    s = dollar + 1;
    if (b64_decode_exact(s, strlen(s), h->hash, HASH_LEN))
        return -1;
    return 0;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    unsigned char salt[SALT_LEN], hash[HASH_LEN];
    char salt64[SALT_B64_LEN + 1], hash64[HASH_B64_LEN + 1];
    int n, rc = -1;

    out[0] = '\0';
    if (!password)
        goto out;
    if (random_bytes(salt, sizeof salt))
        goto out;
    if (scrypt_raw(password, strlen(password), salt, sizeof salt, PASSWORD_SCRYPT_LOGN,
                   PASSWORD_SCRYPT_R, PASSWORD_SCRYPT_P, hash, sizeof hash))
        goto out;
    if (EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof salt) != SALT_B64_LEN ||
        EVP_EncodeBlock((unsigned char *)hash64, hash, sizeof hash) != HASH_B64_LEN)
        goto out;
    n = snprintf(out, PASSWORD_HASH_MAX, HASH_PREFIX "%d$%d$%d$%s$%s", PASSWORD_SCRYPT_LOGN,
                 PASSWORD_SCRYPT_R, PASSWORD_SCRYPT_P, salt64, hash64);
    if (n < 0 || n >= PASSWORD_HASH_MAX) {
        out[0] = '\0';
        goto out;
    }
    rc = 0;
out:
    OPENSSL_cleanse(hash, sizeof hash);
    OPENSSL_cleanse(hash64, sizeof hash64);
    return rc;
}

int password_verify(const char *password, const char *stored, int *needs_rehash)
{
    struct scrypt_hash h;
    unsigned char got[HASH_LEN];
    int rc = 0;

    if (needs_rehash)
        *needs_rehash = 0;
    if (!password || !stored || parse_stored(stored, &h))
        goto out;
    if (scrypt_raw(password, strlen(password), h.salt, sizeof h.salt, h.logN, h.r, h.p, got,
                   sizeof got)) {
        rc = -1;
        goto out;
    }
    rc = CRYPTO_memcmp(got, h.hash, sizeof got) == 0;
    /* Only a match can be re-hashed: the caller needs the plaintext password to do it. */
    if (rc == 1 && needs_rehash &&
        (h.logN < PASSWORD_SCRYPT_LOGN || h.r < PASSWORD_SCRYPT_R || h.p < PASSWORD_SCRYPT_P))
        *needs_rehash = 1;
out:
    OPENSSL_cleanse(got, sizeof got);
    OPENSSL_cleanse(&h, sizeof h);
    return rc;
}

/* ---- strength -------------------------------------------------------------------------- */

/* Lower-case, compared case-insensitively; only entries of 8 bytes or more matter, shorter
 * ones fail the length rule anyway. The usual leaked-list leaders plus mainland favourites
 * (keyboard walks, 5201314/woaini, 888/666 runs, the admin@123 family). */
static const char *const COMMON[] = {
    "12345678",   "123456789",  "1234567890", "87654321",   "11111111",  "88888888",
    "66666666",   "00000000",   "password",   "password1",  "password123", "passw0rd",
    "p@ssw0rd",   "qwerty123",  "qwertyuiop", "1qaz2wsx",   "1qaz@wsx",  "1q2w3e4r",
    "1q2w3e4r5t", "qwer1234",   "asdf1234",   "abcd1234",   "abc123456", "a1234567",
    "a123456789", "aa123456",   "aa@123456",  "admin123",   "admin@123", "admin888",
    "iloveyou",   "woaini1314", "5201314a",   "welcome1",
};
#define NCOMMON (sizeof COMMON / sizeof COMMON[0])

/* ASCII-only folding: the rule must not depend on the process locale. */
static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ci_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
            return 0;
    return *a == *b;
}

static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && ascii_lower((unsigned char)hay[i]) == ascii_lower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

enum { CLASS_LOWER = 1, CLASS_UPPER = 2, CLASS_DIGIT = 4, CLASS_OTHER = 8 };

/* Bitmask of the character classes present; bytes outside ASCII letters and digits
 * (symbols, spaces, UTF-8 of Chinese characters) count as "other". */
static unsigned char_classes(const char *s)
{
    unsigned mask = 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'a' && c <= 'z')
            mask |= CLASS_LOWER;
        else if (c >= 'A' && c <= 'Z')
            mask |= CLASS_UPPER;
        else if (c >= '0' && c <= '9')
            mask |= CLASS_DIGIT;
        else
            mask |= CLASS_OTHER;
    }
    return mask;
}

static int popcount4(unsigned m)
{
    return (int)((m & 1) + (m >> 1 & 1) + (m >> 2 & 1) + (m >> 3 & 1));
}

int password_strength(const char *password, const char *login, const char **msg)
{
    const char *why = NULL;
    size_t len = password ? strlen(password) : 0;

    if (len < 8)
        why = "密码至少 8 位，并包含大写字母、小写字母、数字、符号中的至少三类。";
    else if (len > 64)
        why = "密码不能超过 64 位。";
    else {
        for (size_t i = 0; i < NCOMMON && !why; i++)
            if (ci_equal(password, COMMON[i]))
                why = "这个密码太常见，很容易被猜中，请换一个。";
        if (!why && login && *login && ci_contains(password, login))
            why = "密码不能包含登录名。";
        if (!why && popcount4(char_classes(password)) < 3)
            why = "密码需包含大写字母、小写字母、数字、符号中的至少三类。";
    }
    if (msg)
        *msg = why;
    return why ? -1 : 0;
}

/* ---- tokens and codes ------------------------------------------------------------------ */

int token_new(char token[65], char hash[65])
{
    int rc = -1;

    if (random_hex(32, token))
        goto out;
    /* The hex text is what travels in the cookie, so the database keeps the hash of that. */
    if (sha256_hex(token, 64, hash))
        goto out;
    rc = 0;
out:
    if (rc) {
        OPENSSL_cleanse(token, 65);
        token[0] = hash[0] = '\0';
    }
    return rc;
}

int token_hash(const char *token, char hash[65])
{
    size_t i;

    hash[0] = '\0';
    if (!token)
        return -1;
    /* Exactly what token_new produces: anything else cannot be a session of ours, and
     * refusing it early keeps odd cookie values out of the database query. */
    for (i = 0; i < 64; i++)
        if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
            return -1;
    if (token[64] != '\0')
        return -1;
    return sha256_hex(token, 64, hash);
}

/* Fills out[0..n) with characters drawn uniformly from alphabet (alen 2..256) and
 * NUL-terminates. Random bytes at or above the largest multiple of alen are thrown away
 * rather than folded in with %, which would favour the first 256 % alen characters. */
static int random_chars(const char *alphabet, size_t alen, char *out, size_t n)
{
    unsigned char pool[64];
    size_t limit = 256 - 256 % alen, used = sizeof pool, i = 0;
    int rc = -1;

    while (i < n) {
        if (used == sizeof pool) {
            if (random_bytes(pool, sizeof pool))
                goto out;
            used = 0;
        }
        unsigned char b = pool[used++];
        if (b < limit)
            out[i++] = alphabet[b % alen];
    }
    out[n] = '\0';
    rc = 0;
out:
    OPENSSL_cleanse(pool, sizeof pool);
    if (rc) {
        OPENSSL_cleanse(out, n);
        out[0] = '\0';
    }
    return rc;
}

int numeric_code(int n, char *out)
{
    if (n < 4 || n > 8 || !out)
        return -1;
    return random_chars("0123456789", 10, out, (size_t)n);
}

/* 24 + 24 + 8 + 8 = 64 characters, so each random byte maps to one with no rejection.
 * Left out: 0 O o 1 l I (look-alikes) and quotes, backslash, backtick, space, | (hard to
 * read out or to paste into a shell). */
#define GEN_ALPHABET "abcdefghijkmnpqrstuvwxyz" "ABCDEFGHJKLMNPQRSTUVWXYZ" "23456789" "!#%+-=?@"
_Static_assert(sizeof GEN_ALPHABET - 1 == 64, "password_generate alphabet must have 64 characters");
#define GEN_LEN 12
/* A draw has all four classes about 64% of the time; 64 failures in a row means a broken
 * generator, not bad luck. */
#define GEN_ATTEMPTS 64

int password_generate(char out[13])
{
    int rc = -1;

    /* Redrawing the whole password (rather than patching in a missing class) keeps the
     * result uniform over all passwords that satisfy the rule. */
    for (int i = 0; i < GEN_ATTEMPTS; i++) {
        if (random_chars(GEN_ALPHABET, sizeof GEN_ALPHABET - 1, out, GEN_LEN))
            goto out;
        if (char_classes(out) == (CLASS_LOWER | CLASS_UPPER | CLASS_DIGIT | CLASS_OTHER) &&
            password_strength(out, NULL, NULL) == 0) {
            rc = 0;
            goto out;
        }
    }
out:
    if (rc) {
        OPENSSL_cleanse(out, GEN_LEN + 1);
        out[0] = '\0';
    }
    return rc;
}
