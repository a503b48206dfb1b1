/* blob.c — files stored in PostgreSQL by SHA-256. */
#include "blob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"

int blob_put(const void *data, size_t len, const char *mime, char sha256[65])
{
    char size[32];
    const char *values[4];
    int lengths[4] = {0, 0, 0, 0}, formats[4] = {0, 1, 0, 0};
    PGresult *res;

    if (sha256_hex(data, len, sha256))
        return -1;
    snprintf(size, sizeof size, "%zu", len);
    values[0] = sha256;
    values[1] = len ? data : "";
    lengths[1] = (int)len;
    values[2] = mime && *mime ? mime : "application/octet-stream";
    values[3] = size;
    res = db_exec_bin("INSERT INTO blob (sha256, data, mime, size) VALUES ($1, $2, $3, $4) "
                      "ON CONFLICT (sha256) DO NOTHING",
                      4, values, lengths, formats, 0);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int blob_get(const char *sha256, char **data, size_t *len, char *mime, size_t mimecap)
{
    const char *values[1] = {sha256};
    PGresult *res;
    int rc = -1;

    *data = NULL;
    *len = 0;
    res = db_exec_bin("SELECT data, mime FROM blob WHERE sha256 = $1", 1, values, NULL, NULL, 1);
    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    size_t n = (size_t)PQgetlength(res, 0, 0);
    char *buf = malloc(n ? n : 1);
    if (!buf)
        goto out;
    memcpy(buf, PQgetvalue(res, 0, 0), n);
    snprintf(mime, mimecap, "%.*s", PQgetlength(res, 0, 1), PQgetvalue(res, 0, 1));
    *data = buf;
    *len = n;
    rc = 1;
out:
    PQclear(res);
    return rc;
}
