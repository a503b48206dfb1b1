/* ctl_maint.c — demo maintenance companies (one in the demo bureau's district, one in
 * another) with personnel and elevator filings in every state, made through lib/maint.c
 * so they carry their versions and history like real ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "db.h"
#include "maint.h"

/* The account as a session would load it (maint role derived as in session.c). */
static int load(const char *login, struct user *u)
{
    const char *v[1] = {login};
    PGresult *res = db_exec("SELECT id, org_id FROM account WHERE login = $1", 1, v);
    int ok = res && PQntuples(res) == 1;

    memset(u, 0, sizeof *u);
    if (ok) {
        u->id = atol(PQgetvalue(res, 0, 0));
        u->org_id = atol(PQgetvalue(res, 0, 1));
        snprintf(u->login, sizeof u->login, "%s", login);
        u->roles = !strcmp(login, "bureau") ? ROLE_BUREAU : ROLE_ENT_MAIN | ROLE_MAINT;
    }
    PQclear(res);
    return ok ? 0 : -1;
}

static long create(const struct user *u, enum maint_kind kind, const char *const *values)
{
    struct maint_errors e;
    long id = 0;
    int rc = maint_create(u, maint_kind(kind), values, NULL, 0, "127.0.0.1", &id, &e);
    if (rc != MAINT_DONE)
        fprintf(stderr, "demo maint filing refused (%s)\n", values[0]);
    return rc == MAINT_DONE ? id : -1;
}

static int submit_and_decide(const struct user *m, const struct user *b, enum maint_kind kind, long id, int approve,
                             const char *reason)
{
    if (maint_submit(m, maint_kind(kind), &id, 1, "127.0.0.1") != MAINT_DONE)
        return -1;
    if (approve < 0)
        return 0; /* left in review */
    return maint_decide(b, id, 1, approve, reason, "127.0.0.1") == MAINT_DONE ? 0 : -1;
}

int ctl_seed_demo_maint(void)
{
    static const char *const persons[][7] = {
        {"李文", "电梯维护人员", "120101198503124511", "TF2015-04112", "2015-04-16", "2027-04-15", "13213204567"},
        {"王强", "电梯维护人员", "120101199007042327", "TF2014-04236", "2014-03-14", "2026-12-31", "15515612345"},
        {"万军", "维保工程师", "120102198811206734", "TZSB-2014-051713", "2014-05-29", "2026-05-28", "13316012345"},
        {"马金磊", "维保人员", "120101197902158810", "TF2013-06234", "2014-09-01", "2028-09-02", "13663017327"},
    };
    struct user m, m2, b;
    char district[7], code[24];
    PGresult *res = NULL;
    long id, o1, o2;
    int rc = -1;

    o1 = ctl_ensure_org("enterprise", "天津安达电梯维保有限公司", "91120101MA06MNT011", "{maintenance}", "120101", 1);
    o2 = ctl_ensure_org("enterprise", "天津河西通达电梯维保有限公司", "91120103MA06MNT021", "{maintenance}", "120103", 1);
    if (o1 < 0 || o2 < 0 ||
        ctl_ensure_account(o1, 0, "maint", DEMO_PASSWORD, "姚俊杰", "13733877795", "{ent_main}", 0) < 0 ||
        ctl_ensure_account(o2, 0, "maint2", DEMO_PASSWORD, "张东力", "13733877796", "{ent_main}", 0) < 0 ||
        load("maint", &m) || load("maint2", &m2) || load("bureau", &b) || maint_company(&m, district) != 1)
        return -1;
    /* Once only: the company's filings exist after the first seed. */
    char org[24];
    snprintf(org, sizeof org, "%ld", m.org_id);
    const char *ov[1] = {org};
    if (db_text("SELECT count(*) FROM maint_filing WHERE org_id = $1::bigint", 1, ov, code, sizeof code) != 1)
        return -1;
    if (atol(code) > 0)
        return 0;
    /* Personnel: approved, approved then changed (更改 pending), returned, new. */
    for (int i = 0; i < 4; i++) {
        if ((id = create(&m, MAINT_PERSON, persons[i])) < 0)
            return -1;
        if (i < 2 && submit_and_decide(&m, &b, MAINT_PERSON, id, 1, NULL))
            return -1;
        if (i == 2 && submit_and_decide(&m, &b, MAINT_PERSON, id, 0, "证书号与资格证书不符，请核对后重新上报。"))
            return -1;
        if (i == 1) {
            struct maint_errors e;
            const char *changed[7] = {persons[1][0], persons[1][1], persons[1][2], persons[1][3], persons[1][4],
                                      persons[1][5], "15515698765"};
            if (maint_update(&m, maint_kind(MAINT_PERSON), id, 2, changed, NULL, 0, "127.0.0.1", &e) != MAINT_DONE)
                return -1;
        }
    }
    /* Elevators: the demo devices of the bureau's district with a registration code. */
    res = db_exec("SELECT reg_code, name, coalesce(maker, '上海三菱电梯有限公司') FROM equipment"
                  " WHERE district = '120101' AND category LIKE '3%' AND reg_code IS NOT NULL ORDER BY id LIMIT 4",
                  0, NULL);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        char internal[16];
        snprintf(internal, sizeof internal, "AD-%02d", i + 1);
        const char *v[11] = {PQgetvalue(res, i, 1), PQgetvalue(res, i, 0), internal, "2026-03-02", "2027-03-01",
                             "天津示范电梯使用有限公司", PQgetvalue(res, i, 2), "李安全", "13800000007", NULL,
                             "曳引驱动乘客电梯"};
        if ((id = create(&m, MAINT_ELEVATOR, v)) < 0)
            goto out;
        if (i < 2 && submit_and_decide(&m, &b, MAINT_ELEVATOR, id, 1, NULL))
            goto out;
        if (i == 2 && submit_and_decide(&m, &b, MAINT_ELEVATOR, id, -1, NULL))
            goto out;
    }
    /* The companies' own information: approved (its certificate expires in two months,
     * so the bureau's expiry list has it), and the other one's in review. */
    const char *c1[10] = {"天津安达电梯维保有限公司", "TS3312001-2021", "张东力", "姚俊杰", "13733877795",
                          "天津市和平区南京路 100 号", "2021-05-06", NULL, "A级", "天津市和平区南京路 100 号 3 层"};
    char expiry[16];
    if (db_text("SELECT to_char(current_date + 60, 'YYYY-MM-DD')", 0, NULL, expiry, sizeof expiry) != 1)
        goto out;
    c1[7] = expiry;
    if ((id = create(&m, MAINT_COMPANY_INFO, c1)) < 0 || submit_and_decide(&m, &b, MAINT_COMPANY_INFO, id, 1, NULL))
        goto out;
    const char *c2[10] = {"天津河西通达电梯维保有限公司", "TS3312002-2022", "王建国", "张东力", "13733877796",
                          "天津市河西区友谊路 20 号", "2022-03-01", "2028-02-28", "B级", "天津市河西区友谊路 20 号"};
    if ((id = create(&m2, MAINT_COMPANY_INFO, c2)) < 0 ||
        maint_submit(&m2, maint_kind(MAINT_COMPANY_INFO), &id, 1, "127.0.0.1") != MAINT_DONE)
        goto out;
    /* A registration waiting for the bureau (the seed's example company). */
    long o3 = ctl_ensure_org("enterprise", "天津凯旋电梯维保有限公司", "91120101MA06MNT037", "{maintenance}", "120101", 1);
    char o3s[24], aid[24];
    snprintf(o3s, sizeof o3s, "%ld", o3);
    const char *o3v[1] = {o3s};
    if (o3 < 0 || ctl_ensure_account(o3, 0, "kxwbgs", DEMO_PASSWORD, "姚俊杰", "13733877797", "{ent_main}", 0) < 0 ||
        db_command("UPDATE org SET state = 'pending', legal_rep = '张东力', address = '天津市和平区雪峰路 26 号'"
                   " WHERE id = $1::bigint", 1, o3v) ||
        db_command("UPDATE account SET state = 'pending' WHERE org_id = $1::bigint", 1, o3v) ||
        db_text("SELECT id FROM account WHERE login = 'kxwbgs'", 0, NULL, aid, sizeof aid) != 1 ||
        db_command("INSERT INTO workflow_event (kind, entity_id, to_state, event, actor_id)"
                   " VALUES ('registration', $1::bigint, 'pending', 'submit', NULL)", 1, o3v) ||
        maint_registration_draft(o3, atol(aid), "天津凯旋电梯维保有限公司", "TS3344A12-2011", "张东力", "姚俊杰",
                                 "13733877797", "天津市和平区雪峰路 26 号"))
        goto out;
    /* The other company: one person, new. */
    const char *p2[7] = {"牛光耀", "电梯维护人员", "120101199007042327", "TF2012-04671", "2013-07-03", "2027-07-02",
                         "13313207868"};
    if (create(&m2, MAINT_PERSON, p2) < 0)
        goto out;
    rc = 0;
out:
    PQclear(res);
    return rc;
}
