/* migrate.c — numbered SQL migrations with a checksum ledger. */
#include "migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "log.h"
#include "util.h"

/* Serialises concurrent `tejianctl migrate` runs (any constant unique to us). */
#define MIGRATE_LOCK_KEY "7415162301"

int migrate_valid_name(const char *name)
{
    size_t len = strlen(name);

    if (len < 10 || len >= 128 || strcmp(name + len - 4, ".sql") != 0)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)name[i]))
            return 0;
    if (name[4] != '_')
        return 0;
    for (size_t i = 5; i < len - 4; i++)
        if (!(islower((unsigned char)name[i]) || isdigit((unsigned char)name[i]) || name[i] == '_'))
            return 0;
    return 1;
}

int migrate_plan(const struct mig_file *files, size_t nfiles, const struct mig_applied *applied,
                 size_t napplied, size_t *first_pending, char *err, size_t errlen)
{
    for (size_t i = 1; i < nfiles; i++) {
        if (strncmp(files[i - 1].name, files[i].name, 4) == 0) {
            snprintf(err, errlen, "two migrations share the number %.4s: %s and %s",
                     files[i].name, files[i - 1].name, files[i].name);
            return -1;
        }
    }
    /* The ledger must be exactly the first napplied files, unchanged. */
    for (size_t i = 0; i < napplied; i++) {
        if (i >= nfiles || strcmp(files[i].name, applied[i].name) != 0) {
            size_t j;
            for (j = 0; j < nfiles; j++)
                if (strcmp(files[j].name, applied[i].name) == 0)
                    break;
            if (j == nfiles)
                snprintf(err, errlen, "applied migration %s is missing from the directory",
                         applied[i].name);
            else
                snprintf(err, errlen,
                         "migration %s is new but sorts before the applied %s: renumber it",
                         files[i].name, applied[i].name);
            return -1;
        }
        if (strcmp(files[i].sha256, applied[i].sha256) != 0) {
            snprintf(err, errlen,
                     "applied migration %s was edited (sha256 %.12s… now %.12s…): "
                     "write a new migration instead",
                     applied[i].name, applied[i].sha256, files[i].sha256);
            return -1;
        }
    }
    *first_pending = napplied;
    return 0;
}

static int cmp_files(const void *a, const void *b)
{
    return strcmp(((const struct mig_file *)a)->name, ((const struct mig_file *)b)->name);
}

void migrate_free_files(struct mig_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(files[i].sql);
    free(files);
}

int migrate_read_dir(const char *dir, struct mig_file **out, size_t *nout, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    struct mig_file *files = NULL;
    size_t n = 0, cap = 0;
    int rc = -1;

    *out = NULL;
    *nout = 0;
    if (!d) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        char path[1024];
        size_t len;

        size_t namelen = strlen(de->d_name);
        if (de->d_name[0] == '.' || namelen < 4 || strcmp(de->d_name + namelen - 4, ".sql") != 0)
            continue;
        if (!migrate_valid_name(de->d_name)) {
            snprintf(err, errlen, "bad migration file name %s (want NNNN_name.sql)", de->d_name);
            goto out;
        }
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct mig_file *nf = realloc(files, ncap * sizeof *nf);
            if (!nf) {
                snprintf(err, errlen, "out of memory");
                goto out;
            }
            files = nf;
            cap = ncap;
        }
        memset(&files[n], 0, sizeof files[n]);
        memcpy(files[n].name, de->d_name, namelen + 1); /* valid names are < 128 bytes */
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (read_file(path, &files[n].sql, &len)) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            n++;
            goto out;
        }
        n++;
        if (sha256_hex(files[n - 1].sql, len, files[n - 1].sha256)) {
            snprintf(err, errlen, "sha256 failed");
            goto out;
        }
    }
    qsort(files, n, sizeof *files, cmp_files);
    *out = files;
    *nout = n;
    files = NULL;
    rc = 0;
out:
    if (files)
        migrate_free_files(files, n);
    closedir(d);
    return rc;
}

static int load_ledger(struct mig_applied **out, size_t *nout)
{
    PGresult *res = db_exec("SELECT name, sha256 FROM schema_migrations ORDER BY name", 0, NULL);
    struct mig_applied *a;
    int n;

    *out = NULL;
    *nout = 0;
    if (!res)
        return -1;
    n = PQntuples(res);
    a = calloc((size_t)n + 1, sizeof *a);
    if (!a) {
        PQclear(res);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        snprintf(a[i].name, sizeof a[i].name, "%s", PQgetvalue(res, i, 0));
        snprintf(a[i].sha256, sizeof a[i].sha256, "%s", PQgetvalue(res, i, 1));
    }
    PQclear(res);
    *out = a;
    *nout = (size_t)n;
    return 0;
}

static int apply_one(const struct mig_file *f, char *err, size_t errlen)
{
    const char *values[2] = {f->name, f->sha256};
    PGresult *res;

    if (db_begin())
        goto fail;
    /* PQexec (not PQexecParams) because a migration holds several statements; the
     * text is our own file, never user input. */
    res = PQexec(db_conn(), f->sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        snprintf(err, errlen, "%s: %s", f->name, PQresultErrorMessage(res));
        PQclear(res);
        db_rollback();
        return -1;
    }
    PQclear(res);
    if (db_command("INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", 2, values))
        goto fail;
    if (db_commit())
        goto fail;
    return 0;
fail:
    db_rollback();
    snprintf(err, errlen, "%s: could not be applied (see log)", f->name);
    return -1;
}

int migrate_run(const char *dir, int status_only, char *err, size_t errlen)
{
    struct mig_file *files = NULL;
    struct mig_applied *applied = NULL;
    size_t nfiles = 0, napplied = 0, first = 0;
    int locked = 0, rc = -1;

    if (migrate_read_dir(dir, &files, &nfiles, err, errlen))
        goto out;
    if (db_command("CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " name text PRIMARY KEY,"
                   " sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),"
                   " applied_at timestamptz NOT NULL DEFAULT now())",
                   0, NULL)) {
        snprintf(err, errlen, "cannot create schema_migrations");
        goto out;
    }
    if (db_command("SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", 0, NULL)) {
        snprintf(err, errlen, "cannot take the migration lock");
        goto out;
    }
    locked = 1;
    if (load_ledger(&applied, &napplied)) {
        snprintf(err, errlen, "cannot read schema_migrations");
        goto out;
    }
    if (migrate_plan(files, nfiles, applied, napplied, &first, err, errlen))
        goto out;
    for (size_t i = 0; i < nfiles; i++) {
        if (i < first) {
            if (status_only)
                printf("applied  %s\n", files[i].name);
            continue;
        }
        if (status_only) {
            printf("pending  %s\n", files[i].name);
            continue;
        }
        if (apply_one(&files[i], err, errlen))
            goto out;
        printf("applied  %s\n", files[i].name);
    }
    if (!status_only && first == nfiles)
        printf("up to date (%zu migrations)\n", nfiles);
    rc = 0;
out:
    if (locked)
        db_command("SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")", 0, NULL);
    free(applied);
    migrate_free_files(files, nfiles);
    return rc;
}
