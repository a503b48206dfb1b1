/* password.h — password hashing (scrypt via OpenSSL), strength rule, session tokens, SMS codes. */
#ifndef TEJIAN_PASSWORD_H
#define TEJIAN_PASSWORD_H

#include <stddef.h>

/* Current scrypt parameters for new hashes. Memory is 128 * r * 2^logN bytes = 32 MiB per
 * hash and time grows with it: about 0.11-0.14 s of one core on the 2-vCPU dev machine, so
 * a login ties up a worker that long and an offline guesser pays 32 MiB per guess. Raising
 * any of them makes password_verify report needs_rehash for older rows (re-hash at login). */
#define PASSWORD_SCRYPT_LOGN 15
#define PASSWORD_SCRYPT_R 8
#define PASSWORD_SCRYPT_P 1
/* Ceiling on what one derivation may allocate (OpenSSL's maxmem_bytes), with headroom for
 * raising the parameters; stored strings needing more are treated as malformed. */
#define PASSWORD_SCRYPT_MAXMEM (256u << 20)

/* Encoded hash: "scrypt$<logN>$<r>$<p>$<salt base64>$<hash base64>" (salt 16 random bytes,
 * hash 32 bytes; standard base64 with padding). About 85 bytes today. */
#define PASSWORD_HASH_MAX 160
/* Hashes password with a fresh salt and the current parameters. 0 or -1. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* 1 = matches, 0 = does not match or malformed stored string, -1 = internal error.
 * *needs_rehash (may be NULL) is set to 1 on a match whose stored parameters are below the
 * current ones, else 0. Constant-time comparison (CRYPTO_memcmp). Stored strings with
 * absurd parameters (logN outside 10..22, r outside 1..32, p outside 1..16, or needing
 * more than PASSWORD_SCRYPT_MAXMEM) are malformed, so a tampered row cannot make us
 * allocate gigabytes. */
int password_verify(const char *password, const char *stored, int *needs_rehash);
/* The raw KDF: scrypt(pass, salt, N = 2^logN, r, p) into out[outlen], at most
 * PASSWORD_SCRYPT_MAXMEM of memory. Exposed for the known-answer test. 0 or -1. */
int scrypt_raw(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
               int logN, int r, int p, unsigned char *out, size_t outlen);

/* Strength rule: 8..64 bytes; at least 3 of {lower, upper, digit, other}; not containing
 * the login name (ASCII case-insensitive) when login is non-empty; not one of a built-in
 * list of the most common passwords (case-insensitive). Returns 0 ok, -1 weak with *msg
 * (may be NULL) a Chinese sentence saying what to fix. */
int password_strength(const char *password, const char *login, const char **msg);

/* A 256-bit random token as 64 lowercase hex chars, and the SHA-256 hex of that text
 * (what the database stores). 0 or -1. */
int token_new(char token[65], char token_hash[65]);
/* SHA-256 hex of a token; -1 unless token is exactly 64 lowercase hex chars. */
int token_hash(const char *token, char token_hash[65]);

/* A uniformly random n-digit numeric code (SMS verification; leading zeros possible),
 * n 4..8, into out (n + 1 bytes). Rejection sampling, so no modulo bias. 0 or -1. */
int numeric_code(int n, char *out);

/* A random initial password that satisfies password_strength: 12 chars from a 64-char
 * alphabet without the look-alikes 0 O o 1 l I, at least one of each class. 0 or -1. */
int password_generate(char out[13]);

#endif
