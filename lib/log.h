/* log.h — one-line log records on stderr, each tagged with pid and request id. */
#ifndef TEJIAN_LOG_H
#define TEJIAN_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2, LOG_ERROR = 3 };

void log_set_level(enum log_level level);
int log_level_parse(const char *name, enum log_level *out);
/* The id of the request being served ("-" between requests). */
void log_set_request_id(const char *rid);
const char *log_request_id(void);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The INFO record of one served request, "GET /path 200 1.3ms 20700b" as log_info would
 * print it, without the formatter (every request writes one). */
void log_access(const char *method, const char *path, int status, long micros, size_t bytes);

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
