/* test_config.c — settings parsing and validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "render.h"

static void test_defaults(void **state)
{
    struct config c;
    char err[256];
    config_defaults(&c);
    assert_int_equal(c.backlog, 4096);
    assert_int_equal(c.max_body, 20u << 20);
    assert_int_equal(c.test_routes, 0);
    assert_int_equal(config_finish(&c, err, sizeof err), 0);
    assert_int_equal(c.workers, 2 * sysconf(_SC_NPROCESSORS_ONLN));
}

static void test_parse_all_keys(void **state)
{
    struct config c;
    char err[256] = "";
    const char *text = "# comment\n\n"
                       "listen = /run/tejian/fcgi.sock\n"
                       "  backlog=4096  \n"
                       "workers = 3\n"
                       "db = host=/tmp dbname=x user=y\n"
                       "templates = /usr/share/tejian/templates\n"
                       "pidfile = /run/tejian.pid\n"
                       "max_body = 512k\n"
                       "test_routes = on\n"
                       "secure_cookies = yes\n"
                       "log_level = debug\n"
                       "render = verify\n"
                       "sign_cert = /etc/tejian/keys/sign-cert.pem\n"
                       "sign_key = /etc/tejian/keys/sign-key.pem\n"
                       "sign_chain = /etc/tejian/keys/chain.pem\n"
                       "sign_ca = /etc/tejian/keys/ca.pem\n";
    config_defaults(&c);
    assert_string_equal(c.sign_cert, ""); /* no default: documents are not signed */
    assert_int_equal(c.render_engine, RENDER_FAST);
    assert_int_equal(config_parse(&c, text, err, sizeof err), 0);
    assert_string_equal(c.listen, "/run/tejian/fcgi.sock");
    assert_int_equal(c.backlog, 4096);
    assert_int_equal(c.workers, 3);
    assert_string_equal(c.db, "host=/tmp dbname=x user=y");
    assert_int_equal(c.max_body, 512 * 1024);
    assert_int_equal(c.test_routes, 1);
    assert_int_equal(c.secure_cookies, 1);
    assert_string_equal(c.log_level, "debug");
    assert_int_equal(c.render_engine, RENDER_VERIFY);
    assert_string_equal(c.sign_cert, "/etc/tejian/keys/sign-cert.pem");
    assert_string_equal(c.sign_key, "/etc/tejian/keys/sign-key.pem");
    assert_string_equal(c.sign_chain, "/etc/tejian/keys/chain.pem");
    assert_string_equal(c.sign_ca, "/etc/tejian/keys/ca.pem");
    assert_int_equal(config_finish(&c, err, sizeof err), 0);
    assert_int_equal(c.workers, 3);
}

static void expect_error(const char *text, const char *fragment)
{
    struct config c;
    char err[256] = "";
    config_defaults(&c);
    assert_int_equal(config_parse(&c, text, err, sizeof err), -1);
    if (!strstr(err, fragment))
        fail_msg("error '%s' lacks '%s'", err, fragment);
}

static void test_errors_name_the_line(void **state)
{
    expect_error("workers = 2\nbogus = 1\n", "line 2: unknown setting 'bogus'");
    expect_error("backlog = 0\n", "line 1: bad value for 'backlog'");
    expect_error("backlog = 128\n", "bad value for 'backlog'"); /* the libfcgi default */
    expect_error("backlog = 12x\n", "bad value for 'backlog'");
    expect_error("workers = -1\n", "bad value for 'workers'");
    expect_error("max_body = abc\n", "bad value for 'max_body'");
    expect_error("max_body = 10g\n", "bad value for 'max_body'");
    expect_error("max_body = 0\n", "bad value for 'max_body'");
    expect_error("test_routes = maybe\n", "bad value for 'test_routes'");
    expect_error("log_level = loud\n", "bad value for 'log_level'");
    expect_error("render = slow\n", "bad value for 'render'");
    expect_error("listen =\n", "bad value for 'listen'");
    expect_error("just words\n", "line 1: expected key = value");
}

static void test_listen_shape(void **state)
{
    struct config c;
    char err[256];
    config_defaults(&c);
    assert_int_equal(config_parse(&c, "listen = relative.sock\n", err, sizeof err), 0);
    assert_int_equal(config_finish(&c, err, sizeof err), -1);
    config_defaults(&c);
    assert_int_equal(config_parse(&c, "listen = 127.0.0.1:9000\n", err, sizeof err), 0);
    assert_int_equal(config_finish(&c, err, sizeof err), 0);
}

static void test_load_file(void **state)
{
    char path[] = "/tmp/tejian-conf-XXXXXX";
    int fd = mkstemp(path);
    struct config c;
    char err[256];
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "workers = 5\nmax_body = 2m\n", 26), 26);
    close(fd);
    config_defaults(&c);
    assert_int_equal(config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.workers, 5);
    assert_int_equal(c.max_body, 2u << 20);
    unlink(path);
    assert_int_equal(config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_parse_all_keys),
        cmocka_unit_test(test_errors_name_the_line),
        cmocka_unit_test(test_listen_shape),
        cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
