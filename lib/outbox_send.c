/* outbox_send.c — delivery of the queued notifications (tejianctl outbox): a file sink
 * or an HTTP gateway through libcurl. Apart from outbox.c so the worker, which only
 * queues, does not link libcurl. */
#include "outbox.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "log.h"

#define STR2(x) #x
#define STR(x) STR2(x)
#define OUTBOX_MAX_ATTEMPTS 8

static int deliver_file(const char *path, const char *id, const char *channel,
                        const char *recipient, const char *body, char *err, size_t errlen)
{
    FILE *f = fopen(path, "a");
    time_t now = time(NULL);
    struct tm tm;
    char ts[32];

    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return -1;
    }
    localtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(f, "%s id=%s %s to=%s %s\n", ts, id, channel, recipient, body);
    if (fclose(f) != 0) {
        snprintf(err, errlen, "write %s failed", path);
        return -1;
    }
    return 0;
}

static size_t discard(char *p, size_t s, size_t n, void *ud)
{
    (void)p, (void)ud;
    return s * n;
}

/* POSTs JSON {"id","channel","to","text"} with an HMAC-SHA256 signature of the body.
 * The gateway deduplicates by id, so a retry after a lost answer is not a second SMS. */
static int deliver_http(const struct outbox_sink *sink, const char *id, const char *channel,
                        const char *recipient, const char *body, char *err, size_t errlen)
{
    CURL *c = NULL;
    struct curl_slist *hl = NULL;
    cJSON *obj = NULL;
    char *json = NULL, sig_hex[65], hdr[128];
    const char *key = sink->secret ? sink->secret : "";
    unsigned char sig[EVP_MAX_MD_SIZE];
    unsigned int siglen = 0;
    long status = 0;
    int rc = -1;

    if (!(obj = cJSON_CreateObject()) || !cJSON_AddNumberToObject(obj, "id", atof(id)) ||
        !cJSON_AddStringToObject(obj, "channel", channel) || !cJSON_AddStringToObject(obj, "to", recipient) ||
        !cJSON_AddStringToObject(obj, "text", body) || !(json = cJSON_PrintUnformatted(obj)))
        goto out;
    if (!HMAC(EVP_sha256(), key, (int)strlen(key), (unsigned char *)json, strlen(json), sig, &siglen))
        goto out;
    for (unsigned int i = 0; i < siglen && i < 32; i++)
        sprintf(sig_hex + 2 * i, "%02x", sig[i]);
    if ((c = curl_easy_init()) == NULL)
        goto out;
    hl = curl_slist_append(hl, "Content-Type: application/json; charset=utf-8");
    snprintf(hdr, sizeof hdr, "X-Tejian-Signature: sha256=%s", sig_hex);
    hl = curl_slist_append(hl, hdr);
    curl_easy_setopt(c, CURLOPT_URL, sink->target);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode cr = curl_easy_perform(c);
    if (cr != CURLE_OK) {
        snprintf(err, errlen, "%s", curl_easy_strerror(cr));
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) {
        snprintf(err, errlen, "gateway answered HTTP %ld", status);
        goto out;
    }
    rc = 0;
out:
    if (rc && !err[0])
        snprintf(err, errlen, "internal error");
    curl_slist_free_all(hl);
    if (c)
        curl_easy_cleanup(c);
    cJSON_free(json);
    cJSON_Delete(obj);
    return rc;
}

int outbox_deliver(const struct outbox_sink *sink, int max, int *failed)
{
    int sent = 0;

    *failed = 0;
    for (int i = 0; i < max; i++) {
        PGresult *res;
        char err[256] = "";
        int ok;

        if (db_begin())
            return -1;
        res = db_exec("SELECT id, channel, recipient, body, attempts FROM outbox"
                      " WHERE state = 'pending' AND next_attempt_at <= now()"
                      " ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                      0, NULL);
        if (!res) {
            db_rollback();
            return -1;
        }
        if (PQntuples(res) == 0) {
            PQclear(res);
            db_rollback();
            break;
        }
        const char *id = PQgetvalue(res, 0, 0), *channel = PQgetvalue(res, 0, 1);
        const char *to = PQgetvalue(res, 0, 2), *body = PQgetvalue(res, 0, 3);
        int attempts = atoi(PQgetvalue(res, 0, 4)) + 1;
        if (strncmp(sink->target, "file:", 5) == 0)
            ok = deliver_file(sink->target + 5, id, channel, to, body, err, sizeof err) == 0;
        else if (strncmp(sink->target, "http://", 7) == 0 || strncmp(sink->target, "https://", 8) == 0)
            ok = deliver_http(sink, id, channel, to, body, err, sizeof err) == 0;
        else {
            snprintf(err, sizeof err, "unknown sink %s", sink->target);
            ok = 0;
        }
        char att[16], backoff[16];
        snprintf(att, sizeof att, "%d", attempts);
        /* 30 s, 1 min, 2 min … capped at one hour. */
        snprintf(backoff, sizeof backoff, "%d", attempts >= 7 ? 3600 : 30 << (attempts - 1));
        const char *v[4] = {id, att, ok ? NULL : err, backoff};
        int urc;
        if (ok)
            urc = db_command("UPDATE outbox SET state = 'sent', sent_at = now(), attempts = $2,"
                             " last_error = NULL WHERE id = $1",
                             2, v);
        else
            urc = db_command("UPDATE outbox SET attempts = $2, last_error = $3,"
                             " state = CASE WHEN $2::int >= " STR(OUTBOX_MAX_ATTEMPTS)
                             " THEN 'failed' ELSE 'pending' END,"
                             " next_attempt_at = now() + make_interval(secs => $4::int) WHERE id = $1",
                             4, v);
        if (!ok)
            log_warn("outbox %s to %s: %s (attempt %d)", id, to, err, attempts);
        PQclear(res);
        if (urc || db_commit()) {
            db_rollback();
            return -1;
        }
        if (ok)
            sent++;
        else
            (*failed)++;
    }
    return sent;
}
