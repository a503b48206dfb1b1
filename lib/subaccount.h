/* subaccount.h — sub-accounts of a certified unit (and staff accounts of a supervision
 * unit): created by the main account from name + mobile with a generated password sent
 * by SMS (changed at first login), limited to task types, disabled, reset. Every query is
 * scoped to the main account's unit: another unit's id is simply "not found". */
#ifndef TEJIAN_SUBACCOUNT_H
#define TEJIAN_SUBACCOUNT_H

#include <libpq-fe.h>

#include "auth.h"

/* Task types a sub-account may be limited to. */
extern const char *const TASK_TYPES[];       /* "periodic", "installation", "modification", NULL */
extern const char *const TASK_TYPE_LABELS[]; /* "定期检验", "安装监检", "改造大修监检" */

/* Builds the PostgreSQL array literal of the known task types among types (n of them);
 * unknown ones are dropped. out must hold 64 bytes. Returns how many were kept. */
int task_types_literal(const char *const *types, int n, char out[64]);

/* Rows: id, login, name, mobile, task_types (text), state, frozen, last_login. Caller PQclears. */
PGresult *subaccount_list(const struct user *main);
/* One row (id, login, name, mobile, task_types, state, version) or none. Caller PQclears. */
PGresult *subaccount_get(const struct user *main, long id);

/* 1 created (*id, and the SMS queued), 0 refused (*field and *msg say why), -1 error. */
int subaccount_create(const struct user *main, const char *login, const char *name,
                      const char *mobile, const char *task_types, const char *ip, long *id,
                      const char **field, const char **msg);
/* 1 saved, 0 not found, -1 error. */
int subaccount_update(const struct user *main, long id, const char *name, const char *mobile,
                      const char *task_types, const char *ip);
/* active 0: disable (sessions dropped); 1: enable. 1 done, 0 not found, -1 error. */
int subaccount_set_active(const struct user *main, long id, int active, const char *ip);
/* New generated password by SMS, forced change, sessions dropped, unfrozen. 1/0/-1. */
int subaccount_reset(const struct user *main, long id, const char *ip);

#endif
