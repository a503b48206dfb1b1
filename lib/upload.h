/* upload.h — checking uploaded files: size and a type sniffed from the bytes (libmagic),
 * never the browser's claim or the file name. */
#ifndef TEJIAN_UPLOAD_H
#define TEJIAN_UPLOAD_H

#include <stddef.h>

/* Allowed types for scanned documents: PDF, JPEG, PNG. */
extern const char *const UPLOAD_DOCUMENT_TYPES[];

/* 0 when data (len bytes) is non-empty, at most max bytes, and sniffs as one of allowed
 * (NULL-terminated); mime receives the sniffed type. -1 with *msg in Chinese otherwise. */
int upload_check(const void *data, size_t len, size_t max, const char *const *allowed,
                 char mime[64], const char **msg);

#endif
