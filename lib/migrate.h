/* migrate.h — applies migrations/NNNN_name.sql once each, in order, recording a SHA-256
 * ledger in schema_migrations; refuses to run when an applied file was edited. */
#ifndef TEJIAN_MIGRATE_H
#define TEJIAN_MIGRATE_H

#include <stddef.h>

struct mig_file {
    char name[128];
    char sha256[65];
    char *sql;
};

struct mig_applied {
    char name[128];
    char sha256[65];
};

/* 1 when name looks like NNNN_lower_snake.sql. */
int migrate_valid_name(const char *name);

/* Decides what to apply. files and applied are sorted by name. On success returns 0
 * and sets *first_pending (files[*first_pending..] are to be applied); on a ledger
 * conflict returns -1 with a message in err. Pure: no database. */
int migrate_plan(const struct mig_file *files, size_t nfiles, const struct mig_applied *applied,
                 size_t napplied, size_t *first_pending, char *err, size_t errlen);

/* Reads the directory (sorted, names validated, SHA-256 computed). */
int migrate_read_dir(const char *dir, struct mig_file **files, size_t *n, char *err, size_t errlen);
void migrate_free_files(struct mig_file *files, size_t n);

/* Applies pending migrations over the open db connection. status_only: print, do not
 * apply. Returns 0 or -1 (message in err). Prints one line per migration to out. */
int migrate_run(const char *dir, int status_only, char *err, size_t errlen);

#endif
