/* test_log.c — lib/log.c's records: the head every record shares, log_access's line
 * built without the formatter (as log_info("%s %s %d %.1fms %zub") printed it), the
 * level filter, and a path too long for one record cut, never overrun. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static char path[64];
static int saved_stderr = -1;

/* stderr into a fresh temporary file. */
static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/test_log_XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    fflush(stderr);
    saved_stderr = dup(STDERR_FILENO);
    if (saved_stderr < 0 || dup2(fd, STDERR_FILENO) < 0)
        return -1;
    close(fd);
    log_set_level(LOG_INFO);
    log_set_request_id("ab12cd34");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    dup2(saved_stderr, STDERR_FILENO);
    close(saved_stderr);
    unlink(path);
    log_set_request_id(NULL);
    return 0;
}

/* What was written since the last call (malloc'd), the file emptied after. */
static char *written(void)
{
    FILE *f = fopen(path, "r");
    char *buf = calloc(1, 8192);
    size_t n = f && buf ? fread(buf, 1, 8191, f) : 0;
    buf[n] = '\0';
    if (f)
        fclose(f);
    assert_int_equal(ftruncate(STDERR_FILENO, 0), 0);
    assert_int_equal(lseek(STDERR_FILENO, 0, SEEK_SET), 0);
    return buf;
}

static void assert_matches(const char *s, const char *pattern)
{
    regex_t re;
    assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
    if (regexec(&re, s, 0, NULL, 0) != 0)
        fail_msg("'%s' does not match %s", s, pattern);
    regfree(&re);
}

#define HEAD "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} INFO pid=[0-9]+ rid=ab12cd34 "

static void test_access_line(void **state)
{
    (void)state;
    log_access("GET", "/equipment", 200, 1349, 20700);
    char *s = written();
    assert_matches(s, HEAD "GET /equipment 200 1\\.3ms 20700b\n$");
    free(s);
    /* Rounded to a tenth as %.1f did; under 50 µs is 0.0, minutes stay exact. */
    log_access("POST", "/inspection", 303, 1350, 0);
    log_access("-", "-", 500, 49, 12);
    log_access("GET", "/", 200, 123456789, 1);
    s = written();
    assert_matches(s, HEAD "POST /inspection 303 1\\.4ms 0b\n"
                          "[^\n]* rid=ab12cd34 - - 500 0\\.0ms 12b\n"
                          "[^\n]* rid=ab12cd34 GET / 200 123456\\.8ms 1b\n$");
    free(s);
}

static void test_same_head_as_log_info(void **state)
{
    (void)state;
    log_info("%s %s %d %.1fms %zub", "GET", "/x", 404, 2.5, (size_t)7);
    log_access("GET", "/x", 404, 2500, 7);
    char *s = written();
    char *nl = strchr(s, '\n');
    assert_non_null(nl);
    *nl = '\0';
    char *second = nl + 1, *end = strchr(second, '\n');
    assert_non_null(end);
    *end = '\0';
    /* The same text after the time stamp. */
    assert_non_null(strstr(s, " INFO "));
    assert_string_equal(strstr(s, " INFO "), strstr(second, " INFO "));
    free(s);
}

static void test_level_and_long_path(void **state)
{
    char long_path[4000];
    (void)state;
    log_set_level(LOG_WARN);
    log_access("GET", "/quiet", 200, 1000, 1);
    char *s = written();
    assert_string_equal(s, "");
    free(s);
    log_set_level(LOG_INFO);
    memset(long_path, 'p', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    log_access("GET", long_path, 200, 1000, 1);
    s = written();
    size_t len = strlen(s);
    assert_true(len > 1000 && len <= 2047);
    assert_int_equal(s[len - 1], '\n');
    assert_ptr_equal(strchr(s, '\n'), s + len - 1); /* one record, one line */
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_line),
        cmocka_unit_test(test_same_head_as_log_info),
        cmocka_unit_test(test_level_and_long_path),
    };
    return cmocka_run_group_tests_name("log", tests, setup, teardown);
}
