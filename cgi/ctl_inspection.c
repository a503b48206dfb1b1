/* ctl_inspection.c — tejianctl's demo inspection applications: the demo company's main
 * account applies, the demo agency's desk accepts or returns and its inspector
 * completes, all through lib/inspection, so the demo shows every state of the table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_equipment.h"
#include "db.h"
#include "document.h"
#include "fee.h"
#include "inspection.h"

/* The user with this login, as a session would load it (id, unit, roles). 0 or -1. */
static int demo_user(const char *login, struct user *u)
{
    const char *v[1] = {login};
    PGresult *res = db_exec("SELECT id, coalesce(org_id, 0), roles::text FROM account WHERE login = $1", 1, v);
    int rc = -1;

    memset(u, 0, sizeof *u);
    if (res && PQntuples(res) == 1) {
        u->id = atol(PQgetvalue(res, 0, 0));
        u->org_id = atol(PQgetvalue(res, 0, 1));
        u->roles = roles_parse(PQgetvalue(res, 0, 2));
        u->org_certified = 1;
        snprintf(u->login, sizeof u->login, "%s", login);
        rc = 0;
    }
    PQclear(res);
    return rc;
}

/* Each demo application: kind, devices, how far it goes, and for a return its reasons. */
enum stage { DRAFT, SUBMITTED, IN_PROCESS, RETURNED, COMPLETED, COMPLETED_PAID, COMPLETED_UNQUALIFIED };
static const struct {
    const char *kind;
    int ndevices;
    enum stage stage;
} DEMO[] = {
    {"periodic", 2, DRAFT},       {"periodic", 2, SUBMITTED}, {"installation", 1, SUBMITTED},
    {"periodic", 1, IN_PROCESS},  {"periodic", 1, RETURNED},  {"modification", 1, RETURNED},
    {"periodic", 2, COMPLETED},   {"periodic", 2, COMPLETED_PAID}, {"periodic", 1, COMPLETED_UNQUALIFIED},
};

/* Fills the form of app with the demo contact, maintainers and the commitment letter. */
static int fill(long app, struct insp_form *f, const char *pdf, size_t len)
{
    char id[24];
    PGresult *res;

    memset(f, 0, sizeof *f);
    f->contact = "张经理";
    f->phone = "13800000007";
    f->address = "天津市和平区南京路 189 号示范大厦物业管理处";
    f->safety = 1;
    f->commitment = pdf;
    f->commitment_len = len;
    f->commitment_name = "承诺书（签字盖章）.pdf";
    snprintf(id, sizeof id, "%ld", app);
    const char *v[1] = {id};
    res = db_exec("SELECT id FROM application_item WHERE application_id = $1::bigint ORDER BY id", 1, v);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res) && i < INSP_MAX_ITEMS; i++) {
        f->items[i].item_id = atol(PQgetvalue(res, i, 0));
        f->items[i].maint_unit = "天津市示范电梯维修保养有限公司";
        f->items[i].maintainer = i % 2 ? "王建国" : "李卫东";
        f->items[i].maint_phone = "13920001234";
        f->nitems++;
    }
    PQclear(res);
    return 0;
}

/* Completes app inspected today: every device qualified (next in a year), or the first
 * unqualified (no next date: its notice asks for rectification). */
static int complete(const struct user *inspector, long app, int first_unqualified)
{
    struct insp_result r[INSP_MAX_ITEMS];
    struct insp_errors errs;
    char id[24], dates[2][16], fees[INSP_MAX_ITEMS][24];
    PGresult *res;
    int n, rc;

    snprintf(id, sizeof id, "%ld", app);
    const char *v[1] = {id};
    if (db_text("SELECT current_date::text", 0, NULL, dates[0], sizeof dates[0]) != 1 ||
        db_text("SELECT (current_date + interval '1 year')::date::text", 0, NULL, dates[1], sizeof dates[1]) != 1)
        return -1;
    res = db_exec("SELECT id, coalesce(fee_estimate_fen, 60000) / 100.0 FROM application_item"
                  " WHERE application_id = $1::bigint ORDER BY id",
                  1, v);
    if (!res)
        return -1;
    n = PQntuples(res) < INSP_MAX_ITEMS ? PQntuples(res) : INSP_MAX_ITEMS;
    memset(r, 0, sizeof r);
    for (int i = 0; i < n; i++) {
        snprintf(fees[i], sizeof fees[i], "%.2f", atof(PQgetvalue(res, i, 1)));
        int unq = i == 0 && first_unqualified;
        r[i] = (struct insp_result){.item_id = atol(PQgetvalue(res, i, 0)), .conclusion = unq ? "unqualified" : "qualified",
                                    .inspection_date = dates[0], .next_date = unq ? "" : dates[1], .fee = fees[i],
                                    .report_no = "",
                                    .problems = unq ? "曳引轮绳槽磨损超过规定值\n轿厢应急照明不能正常工作\n"
                                                      "限速器校验超期（上次校验日期 2024-09-12）"
                                                    : NULL,
                                    .deadline = ""};
    }
    PQclear(res);
    rc = insp_complete(inspector, app, 2, r, n, "127.0.0.1", &errs);
    return rc == INSP_DONE ? 0 : -1;
}

/* The cashier records a counter payment of every fee order of app. */
static int pay_all(const struct user *cashier, long app)
{
    char id[24], amount[32], receipt[48];
    const char *msg;
    snprintf(id, sizeof id, "%ld", app);
    const char *v[1] = {id};
    PGresult *res = db_exec("SELECT f.id, f.version, f.amount_fen FROM fee_order f JOIN application_item i ON i.id = f.item_id"
                            " WHERE i.application_id = $1::bigint ORDER BY f.id",
                            1, v);
    int rc = res ? 0 : -1;
    for (int i = 0; res && i < PQntuples(res) && !rc; i++) {
        fee_format(atol(PQgetvalue(res, i, 2)), amount, sizeof amount);
        snprintf(receipt, sizeof receipt, "SJ%s-%d", id, i + 1);
        struct pay_input in = {amount, i % 2 ? "transfer" : "pos", receipt};
        rc = pay_record(cashier, atol(PQgetvalue(res, i, 0)), atoi(PQgetvalue(res, i, 1)), &in, "127.0.0.1", &msg) == DOC_DONE
                 ? 0
                 : -1;
    }
    PQclear(res);
    return rc;
}

int ctl_seed_demo_inspections(void)
{
    struct user company, accept, inspector, cashier;
    struct insp_form f;
    struct insp_errors errs;
    char org[24], pdf[8192], n[16];
    long long saved;
    size_t len;
    int added = 0;

    if (demo_user("company", &company) || demo_user("accept", &accept) || demo_user("inspector", &inspector) ||
        demo_user("cashier", &cashier))
        return -1;
    snprintf(org, sizeof org, "%ld", company.org_id);
    const char *ov[1] = {org};
    if (db_text("SELECT count(*) FROM inspection_application WHERE org_id = $1::bigint", 1, ov, n, sizeof n) != 1)
        return -1;
    if (atoi(n) > 0) {
        printf("demo inspection applications: present already\n");
        return 0;
    }
    len = demo_pdf("定期检验承诺书", "本单位承诺：报检设备已按规定进行日常维护保养和自行检查，检验现场符合安全要求，所提供资料真实有效。"
                                     "天津示范电梯使用有限公司（盖章）", pdf, sizeof pdf);
    if (!len)
        return -1;
    for (size_t i = 0; i < sizeof DEMO / sizeof DEMO[0]; i++) {
        long eids[2], app = 0;
        char lim[8];
        snprintf(lim, sizeof lim, "%d", DEMO[i].ndevices);
        const char *v[2] = {org, lim};
        /* The company's in-use devices in 和平区 not in any application yet, soonest due first. */
        PGresult *res = db_exec("SELECT e.id FROM equipment e WHERE e.use_org_id = $1::bigint AND e.state = 'in_use'"
                                " AND e.district = '120101' AND e.reg_code IS NOT NULL"
                                " AND NOT EXISTS (SELECT 1 FROM application_item i WHERE i.equipment_id = e.id)"
                                " ORDER BY e.next_inspection_date NULLS LAST, e.id LIMIT $2::int",
                                2, v);
        if (!res || PQntuples(res) != DEMO[i].ndevices) {
            PQclear(res);
            fprintf(stderr, "seed: not enough free devices of the demo company for inspection applications\n");
            return -1;
        }
        for (int k = 0; k < DEMO[i].ndevices; k++)
            eids[k] = atol(PQgetvalue(res, k, 0));
        PQclear(res);
        if (insp_create(&company, DEMO[i].kind, eids, DEMO[i].ndevices, "127.0.0.1", &app, &errs) != INSP_DONE) {
            fprintf(stderr, "seed: demo inspection application refused: %s\n", errs.form ? errs.form : "");
            return -1;
        }
        added++;
        if (DEMO[i].stage == DRAFT) {
            struct insp_form d = {.contact = "张经理", .phone = "13800000007"};
            if (insp_save(&company, app, &d, 0, "127.0.0.1", &errs, &saved) != INSP_DONE)
                return -1;
            continue;
        }
        if (fill(app, &f, pdf, len) || insp_save(&company, app, &f, 1, "127.0.0.1", &errs, &saved) != INSP_DONE) {
            fprintf(stderr, "seed: demo inspection application not submitted: %s\n", errs.form ? errs.form : "");
            return -1;
        }
        if (DEMO[i].stage == SUBMITTED)
            continue;
        if (DEMO[i].stage == RETURNED) {
            int periodic = !strcmp(DEMO[i].kind, "periodic");
            const char *codes[2] = {periodic ? "commitment_missing" : "other", "site_not_ready"};
            const char *note = periodic ? "承诺书未加盖单位公章；机房照明不足，请整改后重新报检。"
                                        : "请补充改造施工告知书回执后重新报检。";
            if (insp_return(&accept, app, 1, codes, periodic ? 2 : 1, note, "127.0.0.1", &errs) != INSP_DONE)
                return -1;
            continue;
        }
        long who[1] = {inspector.id};
        if (insp_accept(&accept, app, 1, who, 1, NULL, "127.0.0.1") != INSP_DONE)
            return -1;
        if (DEMO[i].stage >= COMPLETED && complete(&inspector, app, DEMO[i].stage == COMPLETED_UNQUALIFIED))
            return -1;
        if (DEMO[i].stage == COMPLETED_PAID && pay_all(&cashier, app))
            return -1;
    }
    printf("demo inspection applications: %d added (draft, submitted, in process, returned, completed: unpaid, paid, unqualified)\n", added);
    return 0;
}
