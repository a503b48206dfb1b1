/* config.h — the worker's and CLI's settings: a key = value file, validated as a whole. */
#ifndef TEJIAN_CONFIG_H
#define TEJIAN_CONFIG_H

#include <stddef.h>

struct config {
    char listen[256];       /* unix socket path, or host:port */
    int backlog;            /* listen(2) backlog; libfcgi's 128 drops connections under load */
    int workers;            /* 0 = 2 per core */
    char db[512];           /* libpq conninfo */
    char templates[512];    /* template directory */
    char pidfile[512];      /* supervisor pid file ("" = none) */
    size_t max_body;        /* request body cap in bytes, checked before reading */
    int test_routes;        /* expose the /_test/ routes (test stacks only) */
    int secure_cookies;     /* set Secure on cookies (behind TLS) */
    char log_level[16];
    int render_engine;      /* enum render_engine (render.h): fast (default), clearsilver, verify */
    char outbox_sink[512];  /* "file:/path" or an SMS gateway URL (tejianctl outbox) */
    char outbox_secret[128];/* HMAC key for the gateway */
    char sign_cert[512];    /* PEM: the agency's signing certificate (documents) */
    char sign_key[512];     /* PEM: its private key */
    char sign_chain[512];   /* PEM: the chain up to and including the CA */
    char sign_ca[512];      /* PEM: the CA certificate(s) the verification page trusts */
    char public_url[256];   /* base URL of the site as the public reaches it (verification QR codes) */
};

void config_defaults(struct config *c);
/* Parses text into c (on top of whatever c holds). On error returns -1 and writes a
 * message naming the line into err. */
int config_parse(struct config *c, const char *text, char *err, size_t errlen);
int config_load(struct config *c, const char *path, char *err, size_t errlen);
/* Final checks after parsing; fills derived values (workers = 2 per core). */
int config_finish(struct config *c, char *err, size_t errlen);

#endif
