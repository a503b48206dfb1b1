/* session.h — sessions in PostgreSQL: a random 256-bit token in the cookie, only its
 * SHA-256 in the database; idle and absolute expiry; dropped on password change. */
#ifndef TEJIAN_SESSION_H
#define TEJIAN_SESSION_H

#include "auth.h"

#define SESSION_COOKIE "tj_session"
/* Expiry: an ordinary session dies after 30 idle minutes or 12 hours; "remember me"
 * after 14 idle days or 30 days. */
#define SESSION_IDLE "30 minutes"
#define SESSION_ABSOLUTE "12 hours"
#define SESSION_REMEMBER_IDLE "14 days"
#define SESSION_REMEMBER_ABSOLUTE "30 days"

/* New session for account_id; token receives the cookie value. 0 or -1. */
int session_create(long account_id, int remember, const char *ip, const char *user_agent,
                   char token[65]);
/* Loads the user of a live session. 1 found (u filled), 0 none/expired, -1 error. */
int session_load(const char *token, struct user *u);
/* The user this worker last loaded for token, as a guess (1) or 0: for speculation only
 * (db_prefetch), never for access. */
int session_hint(const char *token, struct user *u);
int session_destroy(const char *token);
/* Drops every session of account_id except keep_token (NULL: all). 0 or -1. */
int session_destroy_others(long account_id, const char *keep_token);
/* Seconds a remembered session's cookie should live (Max-Age). */
long session_cookie_max_age(int remember);

#endif
