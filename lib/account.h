/* account.h — one's own account: profile, password check, and password reset by SMS. */
#ifndef TEJIAN_ACCOUNT_H
#define TEJIAN_ACCOUNT_H

#include <libpq-fe.h>

#include "auth.h"

/* One row: name, mobile, email, login, last_login, org_name, credit_code. Caller PQclears. */
PGresult *account_profile_get(long account_id);
/* Saves name, mobile (normalised), e-mail (NULL/empty: none); audited. 0 or -1. */
int account_profile_update(const struct user *u, const char *name, const char *mobile,
                         const char *email, const char *ip);
/* 1 when password is the account's current one, 0 not, -1 error. */
int account_password_matches(long account_id, const char *password);
/* 1 when an active account has this login and mobile, 0 not, -1 error. */
int account_login_mobile_match(const char *login, const char *mobile);
/* Verifies the SMS code and sets the new password (sessions dropped, unfrozen), in one
 * transaction; a wrong code's attempt stays counted. 1 done, 0 wrong code or no such
 * account, -1 error. */
int account_reset_by_sms(const char *login, const char *mobile, const char *code,
                         const char *password, const char *ip);

/* Administrators' user search (login, name, mobile or unit name contains q; "" all),
 * frozen first. Rows carry count(*) OVER () AS total. Caller PQclears. */
PGresult *account_search(const char *q, long limit, long offset);

#endif
