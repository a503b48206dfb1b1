/* log.c — one-line log records on stderr, each tagged with pid and request id. */
#include "log.h"

#include "util.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static char request_id[40] = "-";

void log_set_level(enum log_level level) { min_level = level; }

int log_level_parse(const char *name, enum log_level *out)
{
    static const char *names[] = {"debug", "info", "warn", "error"};
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum log_level)i;
            return 0;
        }
    }
    return -1;
}

void log_set_request_id(const char *rid)
{
    size_t n;

    if (!rid || !*rid)
        rid = "-";
    n = strnlen(rid, sizeof request_id - 1);
    memcpy(request_id, rid, n);
    request_id[n] = '\0';
}

const char *log_request_id(void) { return request_id; }

/* A record's head up to the seconds ("2026-11-22 06:20:05") and the pid as text, made
 * again when the second changes (a worker writes one record a request, most within the
 * same second) and in a forked child (which must not print its parent's pid). */
static struct {
    time_t sec;
    char head[80];
    char pid[16];
} stamp = {-1, "", ""};

static void stamp_forget(void)
{
    stamp.sec = -1;
}

static void stamp_update(time_t sec)
{
    static int atfork;
    struct tm tm;

    if (!atfork)
        atfork = pthread_atfork(NULL, NULL, stamp_forget) == 0;
    localtime_r(&sec, &tm);
    snprintf(stamp.head, sizeof stamp.head, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    snprintf(stamp.pid, sizeof stamp.pid, "%d", (int)getpid());
    /* Without the fork handler, every record asks again (correct, only slower). */
    stamp.sec = atfork ? sec : -1;
}

/* Appends s (NUL-terminated) to line at *at, within cap. */
static void put_str(char *line, size_t cap, size_t *at, const char *s)
{
    size_t n = strnlen(s, cap - *at);

    memcpy(line + *at, s, n);
    *at += n;
}

/* The record's head into line ("2026-11-22 08:00:00.123 INFO pid=7 rid=ab "): its length. */
static size_t record_head(enum log_level level, char *line, size_t cap)
{
    static const char *tags[] = {" DEBUG pid=", " INFO pid=", " WARN pid=", " ERROR pid="};
    struct timeval tv;
    size_t at = 0;
    int ms;

    gettimeofday(&tv, NULL);
    if (tv.tv_sec != stamp.sec)
        stamp_update(tv.tv_sec);
    ms = (int)(tv.tv_usec / 1000);
    put_str(line, cap, &at, stamp.head);
    line[at++] = '.';
    line[at++] = (char)('0' + ms / 100);
    line[at++] = (char)('0' + ms / 10 % 10);
    line[at++] = (char)('0' + ms % 10);
    put_str(line, cap, &at, tags[level]);
    put_str(line, cap, &at, stamp.pid);
    put_str(line, cap, &at, " rid=");
    put_str(line, cap, &at, request_id);
    line[at++] = ' ';
    return at;
}

/* Ends the record in line (cap bytes, at least 2 free) with a newline and writes it: one
 * write per record, so lines from several workers never interleave. */
static void record_write(char *line, size_t cap)
{
    size_t len = strnlen(line, cap - 2);
    ssize_t w;

    line[len++] = '\n';
    w = write(STDERR_FILENO, line, len);
    (void)w;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    char line[2048];
    size_t at;
    va_list ap;

    if (level < min_level)
        return;
    at = record_head(level, line, sizeof line);
    va_start(ap, fmt);
    vsnprintf(line + at, sizeof line - at, fmt, ap);
    va_end(ap);
    record_write(line, sizeof line);
}

void log_access(const char *method, const char *path, int status, long micros, size_t bytes)
{
    char line[2048], num[24];
    long tenths = micros < 0 ? 0 : (micros + 50) / 100;
    size_t at, cap = sizeof line - 2; /* record_write's newline */

    if (LOG_INFO < min_level)
        return;
    at = record_head(LOG_INFO, line, sizeof line);
    put_str(line, cap, &at, method);
    put_str(line, cap, &at, " ");
    put_str(line, cap, &at, path);
    put_str(line, cap, &at, " ");
    long_str(status, num);
    put_str(line, cap, &at, num);
    put_str(line, cap, &at, " ");
    long_str(tenths / 10, num);
    put_str(line, cap, &at, num);
    num[0] = '.';
    num[1] = (char)('0' + tenths % 10);
    num[2] = '\0';
    put_str(line, cap, &at, num);
    put_str(line, cap, &at, "ms ");
    long_str((long)bytes, num);
    put_str(line, cap, &at, num);
    put_str(line, cap, &at, "b");
    line[at] = '\0';
    record_write(line, sizeof line);
}
