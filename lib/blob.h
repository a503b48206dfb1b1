/* blob.h — files stored in PostgreSQL by SHA-256, so every worker host sees them. */
#ifndef TEJIAN_BLOB_H
#define TEJIAN_BLOB_H

#include <stddef.h>

/* Stores data (idempotent by content). Returns 0 with sha256 filled, -1 on error. */
int blob_put(const void *data, size_t len, const char *mime, char sha256[65]);
/* Loads a blob. Returns 1 found (caller frees *data), 0 not found, -1 error. */
int blob_get(const char *sha256, char **data, size_t *len, char *mime, size_t mimecap);

#endif
