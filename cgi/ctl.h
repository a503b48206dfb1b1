/* ctl.h — tejianctl's command implementations, one file per area. */
#ifndef TEJIAN_CTL_H
#define TEJIAN_CTL_H

int ctl_create_admin(int argc, char **argv);
/* keys init --dir D [--org NAME]; needs no database. */
int ctl_keys(int argc, char **argv);
int ctl_outbox(int argc, char **argv, const char *sink_target, const char *secret);
int ctl_seed_demo_accounts(void);
void ctl_print_demo_logins(void);

#endif
