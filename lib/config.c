/* config.c — the worker's and CLI's settings: a key = value file, validated as a whole. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "render.h"
#include "util.h"

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:9000");
    c->backlog = 4096;
    c->workers = 0;
    snprintf(c->db, sizeof c->db, "dbname=tejian");
    snprintf(c->templates, sizeof c->templates, "templates");
    c->max_body = 20u * 1024 * 1024;
    snprintf(c->log_level, sizeof c->log_level, "info");
    snprintf(c->outbox_sink, sizeof c->outbox_sink, "file:/var/log/tejian/outbox.log");
    snprintf(c->public_url, sizeof c->public_url, "http://127.0.0.1:8080");
}

static int parse_int(const char *v, long min, long max, long *out)
{
    char *end;
    long n;

    if (!*v)
        return -1;
    errno = 0;
    n = strtol(v, &end, 10);
    if (errno || *end || n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

/* Sizes accept a k/m suffix (KiB / MiB), as nginx's client_max_body_size does. */
static int parse_size(const char *v, size_t *out)
{
    char *end;
    unsigned long long n;
    unsigned long long mult = 1;

    if (!isdigit((unsigned char)*v))
        return -1;
    errno = 0;
    n = strtoull(v, &end, 10);
    if (errno)
        return -1;
    if (*end == 'k' || *end == 'K')
        mult = 1024, end++;
    else if (*end == 'm' || *end == 'M')
        mult = 1024 * 1024, end++;
    if (*end || n == 0 || n > (1ull << 40) / mult)
        return -1;
    *out = (size_t)(n * mult);
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    if (!strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"))
        *out = 1;
    else if (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false"))
        *out = 0;
    else
        return -1;
    return 0;
}

static int set_str(char *dst, size_t cap, const char *v)
{
    if (strlen(v) >= cap)
        return -1;
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

static char *trim(char *s)
{
    char *e;
    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = '\0';
    return s;
}

static int apply(struct config *c, const char *key, const char *v)
{
    long n;

    if (!strcmp(key, "listen"))
        return *v ? set_str(c->listen, sizeof c->listen, v) : -1;
    if (!strcmp(key, "backlog")) {
        /* libfcgi's customary 128 turned most requests into 502s at 256 concurrent
         * connections on a unix socket (tests/integration: test_256_concurrent): never
         * below 1024. */
        if (parse_int(v, 1024, 65535, &n))
            return -1;
        c->backlog = (int)n;
        return 0;
    }
    if (!strcmp(key, "workers")) {
        if (parse_int(v, 0, 256, &n))
            return -1;
        c->workers = (int)n;
        return 0;
    }
    if (!strcmp(key, "db"))
        return set_str(c->db, sizeof c->db, v);
    if (!strcmp(key, "templates"))
        return *v ? set_str(c->templates, sizeof c->templates, v) : -1;
    if (!strcmp(key, "pidfile"))
        return set_str(c->pidfile, sizeof c->pidfile, v);
    if (!strcmp(key, "max_body"))
        return parse_size(v, &c->max_body);
    if (!strcmp(key, "test_routes"))
        return parse_bool(v, &c->test_routes);
    if (!strcmp(key, "render")) {
        /* verify: both evaluators, a page where they differ fails (test stacks). */
        static const struct {
            const char *name;
            enum render_engine engine;
        } engines[] = {{"fast", RENDER_FAST}, {"clearsilver", RENDER_CLEARSILVER}, {"verify", RENDER_VERIFY}};
        for (size_t i = 0; i < sizeof engines / sizeof engines[0]; i++)
            if (!strcmp(v, engines[i].name)) {
                c->render_engine = (int)engines[i].engine;
                return 0;
            }
        return -1;
    }
    if (!strcmp(key, "secure_cookies"))
        return parse_bool(v, &c->secure_cookies);
    if (!strcmp(key, "outbox_sink"))
        return (strncmp(v, "file:/", 6) == 0 || strncmp(v, "http://", 7) == 0 ||
                strncmp(v, "https://", 8) == 0)
                   ? set_str(c->outbox_sink, sizeof c->outbox_sink, v)
                   : -1;
    if (!strcmp(key, "public_url")) {
        size_t vl = strlen(v);
        /* http(s)://host[:port][/path], no trailing slash: links are public_url + "/verify/…" */
        if ((strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) || vl < 9 || v[vl - 1] == '/' ||
            strpbrk(v, " \t\"'<>?#"))
            return -1;
        return set_str(c->public_url, sizeof c->public_url, v);
    }
    if (!strcmp(key, "outbox_secret"))
        return set_str(c->outbox_secret, sizeof c->outbox_secret, v);
    if (!strcmp(key, "sign_cert"))
        return set_str(c->sign_cert, sizeof c->sign_cert, v);
    if (!strcmp(key, "sign_key"))
        return set_str(c->sign_key, sizeof c->sign_key, v);
    if (!strcmp(key, "sign_chain"))
        return set_str(c->sign_chain, sizeof c->sign_chain, v);
    if (!strcmp(key, "sign_ca"))
        return set_str(c->sign_ca, sizeof c->sign_ca, v);
    if (!strcmp(key, "log_level")) {
        enum log_level lv;
        if (log_level_parse(v, &lv))
            return -1;
        return set_str(c->log_level, sizeof c->log_level, v);
    }
    return -2;
}

int config_parse(struct config *c, const char *text, char *err, size_t errlen)
{
    char *copy = strdup(text), *line, *save = NULL;
    int lineno = 0, rc = -1;

    if (!copy) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq, *key, *val, *s;
        int r;

        lineno++;
        s = trim(line);
        if (!*s || *s == '#')
            continue;
        if ((eq = strchr(s, '=')) == NULL) {
            snprintf(err, errlen, "line %d: expected key = value", lineno);
            goto out;
        }
        *eq = '\0';
        key = trim(s);
        val = trim(eq + 1);
        r = apply(c, key, val);
        if (r == -2) {
            snprintf(err, errlen, "line %d: unknown setting '%s'", lineno, key);
            goto out;
        }
        if (r) {
            snprintf(err, errlen, "line %d: bad value for '%s': '%s'", lineno, key, val);
            goto out;
        }
    }
    rc = 0;
out:
    free(copy);
    return rc;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
    char *text = NULL;
    size_t len;
    int rc;

    if (read_file(path, &text, &len)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, "%s: not a text file", path);
        free(text);
        return -1;
    }
    rc = config_parse(c, text, err, errlen);
    free(text);
    return rc;
}

int config_finish(struct config *c, char *err, size_t errlen)
{
    if (c->workers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        c->workers = (int)(cores > 0 ? cores * 2 : 2);
    }
    if (c->listen[0] != '/' && !strchr(c->listen, ':')) {
        snprintf(err, errlen, "listen must be an absolute socket path or host:port");
        return -1;
    }
    return 0;
}
