/* outbox.c — queued notifications: the worker's side (queue, list). Their delivery,
 * with libcurl, is outbox_send.c: only tejianctl links it, so the worker does not load
 * libcurl and the ~30 libraries it brings (LDAP, Kerberos, GnuTLS...). */
#include "outbox.h"

#include <stdio.h>

#include "db.h"

int outbox_add(const char *channel, const char *recipient, const char *body)
{
    const char *v[3] = {channel, recipient, body};
    return db_command("INSERT INTO outbox (channel, recipient, body) VALUES ($1, $2, $3)", 3, v);
}

PGresult *outbox_recent(int limit)
{
    char lim[16];
    snprintf(lim, sizeof lim, "%d", limit);
    const char *v[1] = {lim};
    return db_exec("SELECT id, channel, recipient, body, state, attempts,"
                   " to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') AS created,"
                   " coalesce(last_error, '') AS error FROM outbox ORDER BY id DESC LIMIT $1",
                   1, v);
}
