/* ctl.h — tejianctl's command implementations, one file per area. */
#ifndef TEJIAN_CTL_H
#define TEJIAN_CTL_H

/* Demo password for every demo account (printed by make run). */
#define DEMO_PASSWORD "Tejian#2026"

int ctl_create_admin(int argc, char **argv);
/* keys init --dir D [--org NAME]; needs no database. */
int ctl_keys(int argc, char **argv);
int ctl_outbox(int argc, char **argv, const char *sink_target, const char *secret);
int ctl_seed_demo_accounts(void);
/* The org with this credit code (inserted when missing): its id, or -1. */
long ctl_ensure_org(const char *kind, const char *name, const char *credit_code, const char *unit_types,
                    const char *district, int certified);
/* An account unless the login exists: 1 created, 0 existed, -1 error. */
int ctl_ensure_account(long org_id, long parent_id, const char *login, const char *password, const char *name,
                       const char *mobile, const char *roles, int must_change);
/* Demo maintenance companies with personnel and elevator filings in every state. */
int ctl_seed_demo_maint(void);
void ctl_print_demo_logins(void);

#endif
