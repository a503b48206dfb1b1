/* util.h — small helpers shared by the worker and the CLI: hashing, randomness, files. */
#ifndef TEJIAN_UTIL_H
#define TEJIAN_UTIL_H

#include <stddef.h>

/* Lower-case hex SHA-256 of data into out (65 bytes). Returns 0 or -1. */
int sha256_hex(const void *data, size_t len, char out[65]);
/* The next element of a PostgreSQL array's text form ("{a,b}", elements that need no
 * quoting or escaping: role and unit-type names): its start, with its length in *n, and
 * *s moved past it; NULL at the end. */
const char *pg_array_next(const char **s, size_t *n);
/* 1 when the array's text form holds word as an element (pg_array_next), else 0. */
int pg_array_has(const char *array, const char *word);
/* FNV-1a of a string: a fast, non-cryptographic key for in-process tables. */
unsigned long str_hash(const char *s);
/* v in decimal into buf (at least 21 bytes), NUL-terminated; returns the length. What
 * snprintf("%ld") writes, at a tenth of its cost (HDF numbers, keys). */
size_t long_str(long v, char *buf);
/* snprintf(dst, cap, "%s", src) without the formatter (NULL reads as ""): copies what
 * fits, always terminates (cap > 0), returns the length copied. */
size_t str_copy(char *dst, size_t cap, const char *src);
/* n bytes from the kernel's CSPRNG (getrandom) into buf. Returns 0 or -1. */
int random_bytes(void *buf, size_t n);
/* n random bytes (random_bytes) as hex into out (2n+1 bytes), n <= 64. Returns 0 or -1. */
int random_hex(size_t n, char *out);
/* Reads a whole file into a NUL-terminated malloc'd buffer. Returns 0 or -1 (errno set). */
int read_file(const char *path, char **data, size_t *len);
/* Monotonic clock in seconds. */
double now_monotonic(void);
/* 1 when a periodic chore is due at now (now_monotonic seconds): *last negative (never
 * done) or every seconds passed since it; then now is recorded in *last. 0 otherwise. */
int due_every(double now, double *last, double every);
/* Constant-time comparison of two NUL-terminated strings. 1 when equal. */
int secure_streq(const char *a, const char *b);

/* Content-Disposition value for downloading a file named name (UTF-8, e.g. Chinese):
 *   attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 percent-encoding>
 * Nothing in name can end the header or the parameter. malloc'd, NULL on error. */
char *download_disposition(const char *name);

#endif
