/* login.h — captcha storage, password login with lockout, password change and reset. */
#ifndef TEJIAN_LOGIN_H
#define TEJIAN_LOGIN_H

#include <stddef.h>

#include "auth.h"

#define LOGIN_MAX_FAILURES 5

/* New captcha: id (32 hex) to put in the form, PNG to serve. Only the answer's hash
 * is stored; it expires in 5 minutes. 0 or -1. Caller frees *png with captcha_free_png. */
int captcha_issue(char id[33], void **png, int *png_len, char answer[8]);
/* Single use: the captcha is deleted whatever the answer. 1 right, 0 wrong/expired/unknown, -1 error. */
int captcha_consume(const char *id, const char *answer);

enum login_result {
    LOGIN_OK,
    LOGIN_BAD,        /* unknown user or wrong password (one message); *left = attempts left */
    LOGIN_FROZEN,     /* five failures in a row: only an administrator or an SMS reset helps */
    LOGIN_PENDING,    /* registration waiting for review */
    LOGIN_REJECTED,   /* registration rejected; *reason filled */
    LOGIN_DISABLED,
    LOGIN_ERROR,
};

/* Checks login + password, counting failures (also for unknown names, so both look the
 * same). On LOGIN_OK *account_id is set. reason: buffer for a rejection reason. */
enum login_result login_attempt(const char *login, const char *password, const char *ip,
                                long *account_id, int *left, char *reason, size_t reasonlen);

/* Sets a new password (already strength-checked), clears failures and the freeze, drops
 * every session but keep_token (NULL: all), audits `action`. In its own transaction
 * unless in_tx. 0 or -1. */
int password_set(const struct user *actor, long account_id, const char *password,
                 const char *keep_token, const char *action, const char *ip, int in_tx);

/* Administrator: freeze or unfreeze an account (audited). 1 changed, 0 no such account, -1 error. */
int account_set_frozen(const struct user *actor, long account_id, int frozen, const char *ip);

/* Disables (sessions dropped) or re-enables an active/disabled account, audited as
 * action. only_org > 0 limits it to sub-accounts of that unit (a main account acting);
 * 0 lets an administrator act on any account. 1 changed, 0 no such account, -1 error. */
int account_set_enabled(const struct user *actor, long account_id, long only_org, int enabled,
                        const char *action, const char *ip);

#endif
