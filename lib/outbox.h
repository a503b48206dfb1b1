/* outbox.h — notifications written in the same transaction as their event, delivered
 * later by `tejianctl outbox` to a file sink (default, dev) or an HTTP SMS gateway. */
#ifndef TEJIAN_OUTBOX_H
#define TEJIAN_OUTBOX_H

/* Queues a message inside the caller's transaction. 0 or -1. */
int outbox_add(const char *channel, const char *recipient, const char *body);

struct outbox_sink {
    const char *target;  /* "file:/path" or "http(s)://gateway/path" */
    const char *secret;  /* HMAC-SHA256 key for the gateway's X-Tejian-Signature */
};

/* Delivers up to max due messages, one transaction each (row locked with SKIP LOCKED so
 * several senders never take the same one). A failure is retried with exponential
 * backoff; after 8 attempts the message is marked failed. Returns the number delivered,
 * or -1 on a database error; *failed counts this run's failures. */
int outbox_deliver(const struct outbox_sink *sink, int max, int *failed);

#include <libpq-fe.h>

/* The newest messages, for the administrators' page. Caller PQclears. */
PGresult *outbox_recent(int limit);

#endif
