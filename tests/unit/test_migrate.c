/* test_migrate.c — the migration ledger: what gets applied, what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "util.h"

static struct mig_file F(const char *name, const char *sha)
{
    struct mig_file f;
    memset(&f, 0, sizeof f);
    snprintf(f.name, sizeof f.name, "%s", name);
    snprintf(f.sha256, sizeof f.sha256, "%s", sha);
    return f;
}

static struct mig_applied A(const char *name, const char *sha)
{
    struct mig_applied a;
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.sha256, sizeof a.sha256, "%s", sha);
    return a;
}

static void test_names(void **state)
{
    assert_true(migrate_valid_name("0001_blob.sql"));
    assert_true(migrate_valid_name("0042_equipment_v2.sql"));
    assert_false(migrate_valid_name("001_blob.sql"));
    assert_false(migrate_valid_name("0001-blob.sql"));
    assert_false(migrate_valid_name("0001_Blob.sql"));
    assert_false(migrate_valid_name("0001_blob.SQL"));
    assert_false(migrate_valid_name("0001_.sql"));
    assert_false(migrate_valid_name("0001_blob.sql.bak"));
}

static void test_plan(void **state)
{
    struct mig_file files[3] = {F("0001_a.sql", "aa"), F("0002_b.sql", "bb"), F("0003_c.sql", "cc")};
    struct mig_applied applied[3] = {A("0001_a.sql", "aa"), A("0002_b.sql", "bb"), A("0003_c.sql", "cc")};
    size_t first = 99;
    char err[256];

    assert_int_equal(migrate_plan(files, 3, applied, 0, &first, err, sizeof err), 0);
    assert_int_equal(first, 0);
    assert_int_equal(migrate_plan(files, 3, applied, 2, &first, err, sizeof err), 0);
    assert_int_equal(first, 2);
    assert_int_equal(migrate_plan(files, 3, applied, 3, &first, err, sizeof err), 0);
    assert_int_equal(first, 3);
}

static void test_edited_refused(void **state)
{
    struct mig_file files[2] = {F("0001_a.sql", "aa"), F("0002_b.sql", "XX")};
    struct mig_applied applied[2] = {A("0001_a.sql", "aa"), A("0002_b.sql", "bb")};
    size_t first;
    char err[256];
    assert_int_equal(migrate_plan(files, 2, applied, 2, &first, err, sizeof err), -1);
    assert_non_null(strstr(err, "0002_b.sql was edited"));
}

static void test_missing_and_out_of_order_refused(void **state)
{
    struct mig_file files[2] = {F("0001_a.sql", "aa"), F("0003_c.sql", "cc")};
    struct mig_applied applied[2] = {A("0001_a.sql", "aa"), A("0002_b.sql", "bb")};
    struct mig_file late[3] = {F("0001_a.sql", "aa"), F("0002_new.sql", "nn"), F("0003_c.sql", "cc")};
    struct mig_applied applied2[2] = {A("0001_a.sql", "aa"), A("0003_c.sql", "cc")};
    struct mig_file dup[2] = {F("0001_a.sql", "aa"), F("0001_b.sql", "bb")};
    size_t first;
    char err[256];

    assert_int_equal(migrate_plan(files, 2, applied, 2, &first, err, sizeof err), -1);
    assert_non_null(strstr(err, "0002_b.sql is missing"));
    assert_int_equal(migrate_plan(late, 3, applied2, 2, &first, err, sizeof err), -1);
    assert_non_null(strstr(err, "sorts before"));
    assert_int_equal(migrate_plan(dup, 2, applied, 0, &first, err, sizeof err), -1);
    assert_non_null(strstr(err, "share the number"));
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_read_dir(void **state)
{
    char dir[] = "/tmp/tejian-mig-XXXXXX", sha[65], cmd[600];
    struct mig_file *files;
    size_t n;
    char err[256];

    assert_non_null(mkdtemp(dir));
    write_text(dir, "0002_b.sql", "SELECT 2;");
    write_text(dir, "0001_a.sql", "SELECT 1;");
    write_text(dir, "README.txt", "not a migration");
    assert_int_equal(migrate_read_dir(dir, &files, &n, err, sizeof err), 0);
    assert_int_equal(n, 2);
    assert_string_equal(files[0].name, "0001_a.sql");
    assert_string_equal(files[1].name, "0002_b.sql");
    assert_int_equal(sha256_hex("SELECT 1;", 9, sha), 0);
    assert_string_equal(files[0].sha256, sha);
    assert_string_equal(files[0].sql, "SELECT 1;");
    migrate_free_files(files, n);

    write_text(dir, "3_bad.sql", "SELECT 3;");
    assert_int_equal(migrate_read_dir(dir, &files, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "3_bad.sql"));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_edited_refused),
        cmocka_unit_test(test_missing_and_out_of_order_refused),
        cmocka_unit_test(test_read_dir),
    };
    return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
