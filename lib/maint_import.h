/* maint_import.h — bulk import (批量导入) of maintenance personnel and elevators: the
 * .xlsx template, reading an upload (sheet_read: .xlsx or CSV) into a checked preview
 * kept in PostgreSQL under a random token (workers are stateless), and the import of
 * all its rows in one statement, or none. */
#ifndef TEJIAN_MAINT_IMPORT_H
#define TEJIAN_MAINT_IMPORT_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"
#include "maint.h"

#define MAINT_IMPORT_MAX_ROWS 20000
#define MAINT_IMPORT_MAX_BYTES (20u << 20)

/* The template: sheet "导入" (header row, required columns coloured, code and ID columns
 * text-formatted, drop-down lists for choice columns) and sheet "填写说明". 0 (bytes in
 * *out, malloc'd) or -1. */
int maint_import_template(const struct maint_kind_def *def, unsigned char **out, size_t *len);

/* Reads and checks an upload of the user's unit and stores the preview. 1 stored (token,
 * 32 hex characters + NUL), 0 the file itself is unusable (err holds a Chinese message),
 * -1 error. */
int maint_import_read(const struct user *u, const struct maint_kind_def *def, const unsigned char *data,
                      size_t len, const char *file_name, char token[33], char *err, size_t errlen);

/* The stored preview of token, if the user's unit's and of def: id, file_name, nrows,
 * nerrors, nwarnings, imported (t/f). No row: not found. */
PGresult *maint_import_get(const struct user *u, const struct maint_kind_def *def, const char *token);
/* Its rows, in file order: row_no, then every field by key, errors and warnings joined
 * with "；". only_problems: rows with errors or warnings only. offset/limit page it. */
PGresult *maint_import_rows(const struct user *u, const struct maint_kind_def *def, const char *token,
                            int only_problems, int offset, int limit);

/* Imports every row of the preview as a new filing (待上报, 新增) with its version and
 * history, in one transaction. 1 done (*n rows), 0 refused (msg: errors left, warnings
 * not accepted, already imported, or a duplicate that appeared since), -1 error. */
int maint_import_commit(const struct user *u, const struct maint_kind_def *def, const char *token,
                        int accept_warnings, const char *ip, long *n, const char **msg);

#endif
