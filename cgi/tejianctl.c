/* tejianctl.c — the admin CLI: migrations, demo data, and (as features land) accounts,
 * keys and the outbox sender. Shares lib/ with the worker. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "config.h"
#include "ctl.h"
#include "ctl_equipment.h"
#include "db.h"
#include "equipment.h"
#include "log.h"
#include "migrate.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: tejianctl [-c CONFIG] [--db CONNINFO] COMMAND [ARGS]\n"
            "\n"
            "commands:\n"
            "  migrate [--status] [--dir DIR]  apply migrations/NNNN_name.sql in order, each in a\n"
            "                                  transaction, recorded with SHA-256 in\n"
            "                                  schema_migrations; refuses when an applied file\n"
            "                                  was edited. --status lists without applying.\n"
            "  seed --demo                     load the demo data set (idempotent) and print\n"
            "                                  the demo logins\n"
            "  seed --scale N [--enterprises E] load N devices over E enterprises (default\n"
            "                                  10000) with COPY, for benchmarks\n"
            "  create-admin --login NAME [--name 姓名] [--mobile 1xxxxxxxxxx]\n"
            "                                  create a system administrator with a generated\n"
            "                                  initial password (changed at first login)\n"
            "  outbox [--sink TARGET] [--follow]\n"
            "                                  deliver queued SMS/e-mail to the config's\n"
            "                                  outbox_sink (file:PATH or a gateway URL)\n"
            "  fold-tallies                    fold the due tallies' rows before yesterday into\n"
            "                                  one row per unit and district (daily upkeep:\n"
            "                                  deploy/tejian-fold.timer; totals unchanged)\n"
            "  keys init --dir DIR [--org NAME]\n"
            "                                  make a demo root CA (10 years) and the agency's\n"
            "                                  document signing certificate (2 years) in DIR:\n"
            "                                  ca.pem, chain.pem, sign-cert.pem, sign-key.pem\n"
            "                                  (0600); keeps existing keys. No database.\n"
            "  help                            this text\n"
            "\n"
            "options:\n"
            "  -c CONFIG      settings file (default /etc/tejian/tejian.conf, if present)\n"
            "  --db CONNINFO  libpq connection string (overrides the config's db)\n");
}

static int cmd_migrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"status", no_argument, NULL, 's'},
        {"dir", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = "migrations";
    int status_only = 0, c;
    char err[512];

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 's')
            status_only = 1;
        else if (c == 'd')
            dir = optarg;
        else
            return 2;
    }
    if (migrate_run(dir, status_only, err, sizeof err)) {
        fprintf(stderr, "tejianctl migrate: %s\n", err);
        return 1;
    }
    return 0;
}

/* A positive whole number, digits only ("1e6" and "10k" are refused); -1 otherwise. */
static long parse_count(const char *s)
{
    char *end;
    long n;
    if (!s || !*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    n = strtol(s, &end, 10);
    return (errno || *end || n <= 0 || n > 100000000) ? -1 : n;
}

static int cmd_fold_tallies(void)
{
    long folded = equipment_fold_due_tallies();

    if (folded < 0) {
        fprintf(stderr, "tejianctl fold-tallies: failed (database not migrated?)\n");
        return 1;
    }
    printf("due tallies: %ld rows folded\n", folded);
    return 0;
}

static int cmd_seed(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--scale") == 0) {
        /* Enterprises default to one per 100 devices (10 000 for the 1 000 000 benchmark). */
        long devices = parse_count(argv[2]), enterprises = devices > 0 ? (devices + 99) / 100 : 0;
        if (argc >= 5 && strcmp(argv[3], "--enterprises") == 0)
            enterprises = parse_count(argv[4]);
        if (devices <= 0 || enterprises <= 0) {
            fprintf(stderr, "tejianctl seed: --scale N [--enterprises E] with N, E > 0\n");
            return 2;
        }
        return ctl_seed_scale(devices, enterprises) ? 1 : 0;
    }
    if (argc < 2 || strcmp(argv[1], "--demo") != 0) {
        fprintf(stderr, "tejianctl seed: say --demo, or --scale N [--enterprises E]\n");
        return 2;
    }
    /* The reference data every installation needs (districts) comes with the
     * migrations; demo organisations, accounts and equipment are added here by the
     * features that own them. */
    PGresult *res = db_exec("SELECT count(*) FROM district", 0, NULL);
    if (!res) {
        fprintf(stderr, "tejianctl seed: database not migrated? run tejianctl migrate\n");
        return 1;
    }
    printf("demo data: %s districts\n", PQgetvalue(res, 0, 0));
    PQclear(res);
    if (ctl_seed_demo_accounts()) {
        fprintf(stderr, "tejianctl seed: demo accounts could not be created\n");
        return 1;
    }
    if (ctl_seed_demo_equipment()) {
        fprintf(stderr, "tejianctl seed: demo equipment could not be created\n");
        return 1;
    }
    if (ctl_seed_demo_inspections()) {
        fprintf(stderr, "tejianctl seed: demo inspection applications could not be created\n");
        return 1;
    }
    if (ctl_seed_demo_maint()) {
        fprintf(stderr, "tejianctl seed: demo maintenance filings could not be created\n");
        return 1;
    }
    ctl_print_demo_logins();
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *conf_path = NULL, *conninfo = NULL;
    struct config cfg;
    char err[256];
    int c, rc;

    config_defaults(&cfg);
    /* '+' stops at the command so its own options are left for it. */
    while ((c = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': conf_path = optarg; break;
        case 'D': conninfo = optarg; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[optind], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (!conf_path && access("/etc/tejian/tejian.conf", R_OK) == 0)
        conf_path = "/etc/tejian/tejian.conf";
    if (conf_path && config_load(&cfg, conf_path, err, sizeof err)) {
        fprintf(stderr, "tejianctl: %s\n", err);
        return 2;
    }
    if (!conninfo)
        conninfo = getenv("TEJIAN_DB") ? getenv("TEJIAN_DB") : cfg.db;
    doc_keys_configure(&cfg); /* seed --demo completes inspections, which issues signed documents */
    log_set_level(LOG_WARN);

    argc -= optind;
    argv += optind;
    if (strcmp(argv[0], "keys") == 0)
        return ctl_keys(argc, argv);
    if (strcmp(argv[0], "migrate") != 0 && strcmp(argv[0], "seed") != 0 &&
        strcmp(argv[0], "create-admin") != 0 && strcmp(argv[0], "outbox") != 0 &&
        strcmp(argv[0], "fold-tallies") != 0) {
        fprintf(stderr, "tejianctl: unknown command '%s'\n", argv[0]);
        usage(stderr);
        return 2;
    }
    if (db_open(conninfo)) {
        fprintf(stderr, "tejianctl: cannot connect to the database (%s)\n", conninfo);
        return 1;
    }
    if (strcmp(argv[0], "migrate") == 0)
        rc = cmd_migrate(argc, argv);
    else if (strcmp(argv[0], "seed") == 0)
        rc = cmd_seed(argc, argv);
    else if (strcmp(argv[0], "create-admin") == 0)
        rc = ctl_create_admin(argc, argv);
    else if (strcmp(argv[0], "fold-tallies") == 0)
        rc = cmd_fold_tallies();
    else
        rc = ctl_outbox(argc, argv, cfg.outbox_sink, cfg.outbox_secret);
    db_close();
    return rc;
}
