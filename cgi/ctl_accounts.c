/* ctl_accounts.c — tejianctl's account commands: create-admin, outbox delivery and the
 * demo organisations and accounts (one per role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "db.h"
#include "outbox.h"
#include "password.h"
#include "validate.h"

/* Returns the id of the org with this credit code (stable across approved name changes),
 * inserting it first when missing; -1 on error. */
long ctl_ensure_org(const char *kind, const char *name, const char *credit_code,
                       const char *unit_types, const char *district, int certified)
{
    const char *v[6] = {kind, name, credit_code, unit_types, district, certified ? "t" : "f"};
    PGresult *res;
    long id = -1;

    res = db_exec("WITH found AS (SELECT id FROM org WHERE credit_code = $3),"
                  " ins AS (INSERT INTO org (kind, name, credit_code, unit_types, district, certified, province)"
                  "  SELECT $1, $2, $3, $4::text[], $5, $6, '天津市' WHERE NOT EXISTS (SELECT 1 FROM found)"
                  "  RETURNING id)"
                  " SELECT id FROM found UNION ALL SELECT id FROM ins",
                  6, v);
    if (res && PQntuples(res) == 1)
        id = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return id;
}

/* Inserts an account unless the login exists. 1 created, 0 existed, -1 error. */
int ctl_ensure_account(long org_id, long parent_id, const char *login, const char *password,
                          const char *name, const char *mobile, const char *roles, int must_change)
{
    char hash[PASSWORD_HASH_MAX], org[24], parent[24];
    const char *v[8];
    PGresult *res;
    int rc;

    /* Hashing costs ~0.1 s: only for accounts that do not exist yet. */
    const char *lv[1] = {login};
    res = db_exec("SELECT 1 FROM account WHERE lower(login) = lower($1)", 1, lv);
    if (!res)
        return -1;
    rc = PQntuples(res);
    PQclear(res);
    if (rc)
        return 0;
    if (password_hash(password, hash))
        return -1;
    snprintf(org, sizeof org, "%ld", org_id);
    snprintf(parent, sizeof parent, "%ld", parent_id);
    v[0] = org_id > 0 ? org : NULL;
    v[1] = parent_id > 0 ? parent : NULL;
    v[2] = login;
    v[3] = hash;
    v[4] = name;
    v[5] = mobile;
    v[6] = roles;
    v[7] = must_change ? "t" : "f";
    res = db_exec("INSERT INTO account (org_id, parent_id, login, password_hash, name, mobile, roles,"
                  " must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)"
                  " ON CONFLICT ((lower(login))) DO NOTHING RETURNING id",
                  8, v);
    if (!res)
        return -1;
    rc = PQntuples(res) == 1;
    PQclear(res);
    return rc;
}

int ctl_create_admin(int argc, char **argv)
{
    const char *login = NULL, *name = "系统管理员", *mobile = NULL, *msg = NULL;
    char password[13], norm[12];
    int rc;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--login") && i + 1 < argc)
            login = argv[++i];
        else if (!strcmp(argv[i], "--name") && i + 1 < argc)
            name = argv[++i];
        else if (!strcmp(argv[i], "--mobile") && i + 1 < argc)
            mobile = argv[++i];
        else {
            fprintf(stderr, "usage: tejianctl create-admin --login NAME [--name 姓名] [--mobile 1xxxxxxxxxx]\n");
            return 2;
        }
    }
    if (!login || v_login_name(login, &msg) != V_OK) {
        fprintf(stderr, "tejianctl create-admin: --login is required (%s)\n", msg ? msg : "4-32 letters/digits/_");
        return 2;
    }
    if (mobile) {
        if (v_mobile(mobile, norm, &msg) != V_OK) {
            fprintf(stderr, "tejianctl create-admin: --mobile: %s\n", msg);
            return 2;
        }
        mobile = norm;
    }
    /* A generated initial password, changed at first login. */
    if (password_generate(password))
        return 1;
    rc = ctl_ensure_account(0, 0, login, password, name, mobile, "{admin}", 1);
    if (rc < 0)
        return 1;
    if (rc == 0) {
        fprintf(stderr, "tejianctl create-admin: login '%s' already exists\n", login);
        return 1;
    }
    printf("administrator %s created; initial password: %s (must be changed at first login)\n",
           login, password);
    return 0;
}

int ctl_outbox(int argc, char **argv, const char *sink_target, const char *secret)
{
    struct outbox_sink sink = {sink_target, secret};
    int follow = 0, failed = 0, total = 0, n;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--follow"))
            follow = 1;
        else if (!strcmp(argv[i], "--sink") && i + 1 < argc)
            sink.target = argv[++i];
        else {
            fprintf(stderr, "usage: tejianctl outbox [--sink file:PATH|https://gateway] [--follow]\n");
            return 2;
        }
    }
    do {
        n = outbox_deliver(&sink, 100, &failed);
        if (n < 0) {
            fprintf(stderr, "tejianctl outbox: database error\n");
            if (!follow)
                return 1;
            sleep(5);
            db_ensure();
            continue;
        }
        total += n;
        if (follow && n == 0)
            sleep(2);
    } while (follow);
    printf("outbox: %d delivered, %d failed (will retry) via %s\n", total, failed, sink.target);
    return failed ? 1 : 0;
}


int ctl_seed_demo_accounts(void)
{
    long agency, bureau, ent, basic_none = 0, main_id = 0;
    PGresult *res;
    int rc = -1;

    if (db_begin())
        return -1;
    agency = ctl_ensure_org("agency", "天津市特种设备监督检验技术研究院", "121200004013593211", "{}", "120101", 1);
    bureau = ctl_ensure_org("bureau", "天津市和平区市场监督管理局", "111201010000123459", "{}", "120101", 1);
    ent = ctl_ensure_org("enterprise", "天津示范电梯使用有限公司", "91120101MA05T8XK1L", "{use}", "120101", 1);
    if (agency < 0 || bureau < 0 || ent < 0)
        goto out;
    if (ctl_ensure_account(0, 0, "admin", DEMO_PASSWORD, "系统管理员", "13800000001", "{admin}", 0) < 0 ||
        ctl_ensure_account(agency, 0, "accept", DEMO_PASSWORD, "受理员李明", "13800000002", "{agency_accept}", 0) < 0 ||
        ctl_ensure_account(agency, 0, "inspector", DEMO_PASSWORD, "检验员王强", "13800000003", "{agency_inspector}", 0) < 0 ||
        ctl_ensure_account(agency, 0, "approver", DEMO_PASSWORD, "审批人赵芳", "13800000004", "{agency_approver}", 0) < 0 ||
        ctl_ensure_account(agency, 0, "cashier", DEMO_PASSWORD, "收费员孙丽", "13800000005", "{agency_cashier}", 0) < 0 ||
        ctl_ensure_account(bureau, 0, "bureau", DEMO_PASSWORD, "和平区局周伟", "13800000006", "{bureau}", 0) < 0 ||
        ctl_ensure_account(ent, 0, "company", DEMO_PASSWORD, "张经理", "13800000007", "{ent_main}", 0) < 0 ||
        ctl_ensure_account(basic_none, 0, "visitor", DEMO_PASSWORD, "刘个人", "13800000009", "{ent_basic}", 0) < 0)
        goto out;
    res = db_exec("SELECT id FROM account WHERE login = 'company'", 0, NULL);
    if (!res || PQntuples(res) != 1) {
        PQclear(res);
        goto out;
    }
    main_id = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    if (ctl_ensure_account(ent, main_id, "company_sub", DEMO_PASSWORD, "设备员陈静", "13800000008", "{ent_sub}", 0) < 0 ||
        db_command("UPDATE account SET task_types = '{periodic}' WHERE login = 'company_sub' AND task_types IS NULL",
                   0, NULL))
        goto out;
    if (db_commit())
        goto out;
    rc = 0;
out:
    if (rc)
        db_rollback();
    return rc;
}

void ctl_print_demo_logins(void)
{
    printf("demo logins (password for all: %s):\n"
           "  admin        系统管理员\n"
           "  accept       检验机构受理员      inspector  检验员\n"
           "  approver     审批人              cashier    收费员\n"
           "  bureau       区县监管局\n"
           "  company      企业主账号（认证）  company_sub 企业子账号\n"
           "  visitor      非认证账号\n"
           "  maint        维保单位（和平区）  maint2     维保单位（河西区）\n",
           DEMO_PASSWORD);
}
