/* ctl_equipment.c — tejianctl's demo equipment data: bureaus, units, devices, history
 * and a sub-account's devices (the generator is in ctl_equipment_gen.c). */
#include "ctl_equipment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_equipment_gen.h"
#include "db.h"
#include "validate.h"

static const struct mix mix_elevators[] = {{"3110", 70}, {"3120", 15}, {"3310", 15}};
static const struct mix mix_building[] = {{"3110", 85}, {"3120", 10}, {"1200", 5}};
static const struct mix mix_mall[] = {{"3110", 45}, {"3310", 35}, {"3320", 8}, {"3120", 12}};
static const struct mix mix_factory[] = {{"1100", 12}, {"2150", 15}, {"2170", 15}, {"4110", 12},
                                         {"4170", 12}, {"4210", 6}, {"5110", 20}, {"3120", 8}};
static const struct mix mix_port[] = {{"4210", 25}, {"4110", 10}, {"5110", 50}, {"2150", 10}, {"3120", 5}};
static const struct mix mix_site[] = {{"4310", 55}, {"4860", 45}};

/* ============================== the demo set ====================================== */

/* District bureaus of the demo: several districts in each city (和平区's exists already,
 * created with the demo accounts, and is found by district). */
static const char *const demo_bureau_districts[] = {
    "120101", "120103", "120104", "120111", "120116",
    "330203", "330205", "330206", "330212",
    "330502", "330503", "330522",
    "410702", "410711", "410783",
};

enum demo_org_key {
    O_TJ_HAIHE, O_TJ_GANGCHENG, O_TJ_PORT, O_TJ_BUILD, O_TJ_CHEM, O_TJ_AOTONG, O_TJ_HUAAN,
    O_TJ_BOHAI, O_TJ_JINCHENG,
    O_NB_YONGJIANG, O_NB_BEILUN, O_NB_YINZHOU, O_NB_HONGLI, O_NB_DONGFANG, O_NB_ZHENHAI,
    O_HZ_NANTAIHU, O_HZ_CHANGXING, O_HZ_WUXING,
    O_XX_MUYE, O_XX_HONGQI, O_XX_PINGYUAN, O_XX_YUAN, O_XX_HUAYU, O_XX_ZHONGYUAN,
    DEMO_ORGS,
    O_DEMO_COMPANY = -1,
};

static const struct demo_org {
    const char *name, *district, *address, *industry, *unit_types;
} demo_orgs[DEMO_ORGS] = {
    [O_TJ_HAIHE] = {"天津海河物业管理有限公司", "120103", "天津市河西区友谊路35号", "房地产业", "{use}"},
    [O_TJ_GANGCHENG] = {"天津滨海港城商业管理有限公司", "120116", "天津市滨海新区洞庭路168号", "批发和零售业", "{use}"},
    [O_TJ_PORT] = {"天津海港物流有限公司", "120116", "天津市滨海新区新港二号路55号", "交通运输、仓储和邮政业", "{use}"},
    [O_TJ_BUILD] = {"天津南开建设工程有限公司", "120104", "天津市南开区红旗南路260号", "建筑业", "{use}"},
    [O_TJ_CHEM] = {"天津西青精细化工有限公司", "120111", "天津市西青区中北镇星光路12号", "制造业", "{use}"},
    [O_TJ_AOTONG] = {"天津奥通电梯安装工程有限公司", "120104", "天津市南开区鞍山西道318号", "建筑业",
                     "{construction,maintenance}"},
    [O_TJ_HUAAN] = {"天津华安特种设备维修保养有限公司", "120102", "天津市河东区十一经路76号",
                    "居民服务、修理和其他服务业", "{maintenance}"},
    [O_TJ_BOHAI] = {"天津渤海锅炉制造有限公司", "120111", "天津市西青区张家窝镇兴业路8号", "制造业",
                    "{manufacture,construction}"},
    [O_TJ_JINCHENG] = {"天津津诚工程监理有限公司", "120103", "天津市河西区围堤道146号", "科学研究和技术服务业",
                       "{supervision}"},
    [O_NB_YONGJIANG] = {"宁波甬江物业服务有限公司", "330203", "宁波市海曙区中山西路138号", "房地产业", "{use}"},
    [O_NB_BEILUN] = {"宁波北仑港区物流有限公司", "330206", "宁波市北仑区新碶街道明州路455号",
                     "交通运输、仓储和邮政业", "{use}"},
    [O_NB_YINZHOU] = {"宁波鄞州商业广场管理有限公司", "330212", "宁波市鄞州区天童南路588号", "批发和零售业", "{use}"},
    [O_NB_HONGLI] = {"宁波宏力电梯工程有限公司", "330205", "宁波市江北区人民路132号", "建筑业",
                     "{construction,maintenance}"},
    [O_NB_DONGFANG] = {"宁波东方压力容器制造有限公司", "330211", "宁波市镇海区蛟川街道临俞路99号", "制造业",
                       "{manufacture}"},
    [O_NB_ZHENHAI] = {"宁波镇海石化设备安装有限公司", "330211", "宁波市镇海区骆驼街道盛兴路21号", "建筑业",
                      "{construction}"},
    [O_HZ_NANTAIHU] = {"湖州南太湖物业管理有限公司", "330502", "湖州市吴兴区红旗路188号", "房地产业", "{use}"},
    [O_HZ_CHANGXING] = {"湖州长兴绿能新材料有限公司", "330522", "湖州市长兴县雉城街道明珠路1088号", "制造业", "{use}"},
    [O_HZ_WUXING] = {"湖州吴兴电梯维修保养有限公司", "330502", "湖州市吴兴区人民路56号", "建筑业",
                     "{construction,maintenance}"},
    [O_XX_MUYE] = {"新乡市牧野物业服务有限公司", "410711", "新乡市牧野区牧野大道66号", "房地产业", "{use}"},
    [O_XX_HONGQI] = {"新乡红旗化工有限公司", "410702", "新乡市红旗区新中大道东段88号", "制造业", "{use}"},
    [O_XX_PINGYUAN] = {"新乡平原商业广场有限公司", "410702", "新乡市红旗区平原路299号", "批发和零售业", "{use}"},
    [O_XX_YUAN] = {"新乡豫安电梯工程有限公司", "410703", "新乡市卫滨区健康路27号", "建筑业",
                   "{construction,maintenance}"},
    [O_XX_HUAYU] = {"长垣华豫起重机械有限公司", "410783", "新乡市长垣市起重工业园区纬三路9号", "制造业",
                    "{manufacture,construction}"},
    [O_XX_ZHONGYUAN] = {"河南中原工程监理有限公司", "410702", "新乡市红旗区金穗大道东段160号",
                        "科学研究和技术服务业", "{supervision}"},
};

/* Devices of each demo use unit: where they stand, their kind, how many. The demo
 * company (ctl_accounts.c) has two sites, 40 devices. */
static const struct fleet {
    int org;
    const char *site;
    const struct mix *mix;
    size_t nmix;
    int count, unregistered;    /* the last `unregistered` are in service but not yet registered */
} fleets[] = {
    {O_DEMO_COMPANY, "天津市和平区南京路219号示范大厦", mix_elevators, COUNT(mix_elevators), 24, 0},
    {O_DEMO_COMPANY, "天津市和平区滨江道108号", mix_elevators, COUNT(mix_elevators), 16, 0},
    {O_TJ_HAIHE, "天津市河西区解放南路386号海河花园", mix_building, COUNT(mix_building), 45, 2},
    {O_TJ_GANGCHENG, "天津市滨海新区洞庭路168号港城商业广场", mix_mall, COUNT(mix_mall), 30, 0},
    {O_TJ_PORT, "天津市滨海新区新港二号路55号堆场", mix_port, COUNT(mix_port), 25, 0},
    {O_TJ_BUILD, "天津市南开区红旗南路与卫津南路交口在建项目", mix_site, COUNT(mix_site), 10, 0},
    {O_TJ_CHEM, "天津市西青区中北镇星光路12号", mix_factory, COUNT(mix_factory), 20, 0},
    {O_NB_YONGJIANG, "宁波市海曙区中山西路138号甬江花园", mix_building, COUNT(mix_building), 35, 0},
    {O_NB_BEILUN, "宁波市北仑区新碶街道明州路455号", mix_port, COUNT(mix_port), 20, 0},
    {O_NB_YINZHOU, "宁波市鄞州区天童南路588号鄞州商业广场", mix_mall, COUNT(mix_mall), 25, 0},
    {O_HZ_NANTAIHU, "湖州市吴兴区红旗路188号南太湖小区", mix_building, COUNT(mix_building), 25, 1},
    {O_HZ_CHANGXING, "湖州市长兴县雉城街道明珠路1088号", mix_factory, COUNT(mix_factory), 20, 0},
    {O_XX_MUYE, "新乡市牧野区牧野大道66号牧野新城", mix_building, COUNT(mix_building), 20, 0},
    {O_XX_HONGQI, "新乡市红旗区新中大道东段88号", mix_factory, COUNT(mix_factory), 20, 0},
    {O_XX_PINGYUAN, "新乡市红旗区平原路299号平原商业广场", mix_mall, COUNT(mix_mall), 15, 0},
};

/* The demo company's 40 devices in order: 4 overdue (O), 4 due within 30 days (D),
 * 2 unqualified (U), 2 stopped (S), 1 scrapped (X); the rest in service and due later (N). */
static const char demo_company_pattern[] = "NODNNUNSNNONDNNNXNDNONNUNNNSNNODNNNNNNNN";
/* How many of the demo company's first devices its sub-account may act on. */
#define DEMO_SUB_DEVICES 10

/* The units that install and maintain lifts in each city, and who installs the rest. */
static void demo_roles(const struct variety *v, const char *district, long ordinal,
                       const long *org_ids, struct device *d)
{
    const struct city *c = city_of(district);
    int lift = v->code[0] == '3';
    int installer = -1, maintainer = -1;

    if (c && strcmp(c->prefix, "12") == 0) {
        installer = lift ? O_TJ_AOTONG : v->code[0] <= '2' ? O_TJ_BOHAI : -1;
        maintainer = lift ? (ordinal % 3 == 2 ? O_TJ_HUAAN : O_TJ_AOTONG) : -1;
    } else if (c && strcmp(c->prefix, "3302") == 0) {
        installer = lift ? O_NB_HONGLI : v->code[0] <= '2' ? O_NB_ZHENHAI : -1;
        maintainer = lift ? O_NB_HONGLI : -1;
    } else if (c && strcmp(c->prefix, "3305") == 0) {
        installer = lift ? O_HZ_WUXING : v->code[0] <= '2' ? O_NB_ZHENHAI : -1;
        maintainer = lift ? O_HZ_WUXING : -1;
    } else if (c) {
        installer = lift ? O_XX_YUAN : -1;
        maintainer = lift ? O_XX_YUAN : -1;
    }
    /* Cranes are installed by their maker's installation arm when it is a unit here. */
    if (v->code[0] == '4' && strcmp(d->maker, demo_orgs[O_XX_HUAYU].name) == 0)
        installer = O_XX_HUAYU;
    d->construction_org = installer >= 0 ? org_ids[installer] : 0;
    d->maintenance_org = maintainer >= 0 ? org_ids[maintainer] : 0;
    d->manufacture_org = 0;
    for (int i = 0; i < DEMO_ORGS; i++)
        if (strstr(demo_orgs[i].unit_types, "manufacture") && strcmp(d->maker, demo_orgs[i].name) == 0)
            d->manufacture_org = org_ids[i];
}

/* The bureau of a district, added when missing. *added is set to 1 when it was. */
static long ensure_bureau(const struct place *p, int *added)
{
    char name[160], head[18], part[10], code[19];
    const char *v[4];
    PGresult *res;
    long id = -1;
    size_t n = strlen(p->name);

    /* Districts are named with their city (天津市和平区市场监督管理局); counties and
     * county-level cities on their own (长垣市市场监督管理局). */
    if (n >= 3 && strcmp(p->name + n - 3, "区") == 0)
        snprintf(name, sizeof name, "%s%s市场监督管理局", p->city->name, p->name);
    else
        snprintf(name, sizeof name, "%s市场监督管理局", p->name);
    org_part("MB", hash_text(p->code), part);
    snprintf(head, sizeof head, "11%.6s%.9s", p->code, part);
    if (credit_code(head, code))
        return -1;
    v[0] = p->code;
    v[1] = name;
    v[2] = code;
    v[3] = p->city->province;
    res = db_exec("WITH found AS (SELECT id FROM org WHERE kind = 'bureau' AND district = $1::bpchar"
                  "  ORDER BY id LIMIT 1),"
                  " ins AS (INSERT INTO org (kind, name, credit_code, province, district, certified, state)"
                  "  SELECT 'bureau', $2::text, $3::bpchar, $4::text, $1::bpchar, true, 'active'"
                  "  WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)"
                  " SELECT id, false FROM found UNION ALL SELECT id, true FROM ins",
                  4, v);
    if (res && PQntuples(res) == 1) {
        id = atol(PQgetvalue(res, 0, 0));
        *added = PQgetvalue(res, 0, 1)[0] == 't';
    }
    PQclear(res);
    return id;
}

/* A demo enterprise, found by its credit code or added. *added as above. */
static long ensure_enterprise(const struct demo_org *o, int *added)
{
    char head[18], part[10], code[19], rep[24], phone[12];
    const struct place *p = place_of(o->district);
    const char *v[8];
    PGresult *res;
    long id = -1;

    if (!p) {
        fprintf(stderr, "seed: district %s of %s is not in the district table\n", o->district, o->name);
        return -1;
    }
    org_part("MA", hash_text(o->name), part);
    snprintf(head, sizeof head, "91%.6s%.9s", o->district, part);
    if (credit_code(head, code))
        return -1;
    person(hash_text(o->address), rep, phone);
    v[0] = o->name;
    v[1] = o->district;
    v[2] = code;
    v[3] = o->unit_types;
    v[4] = p->city->province;
    v[5] = o->address;
    v[6] = rep;
    v[7] = o->industry;
    res = db_exec("WITH found AS (SELECT id FROM org WHERE credit_code = $3::bpchar AND certified"
                  "  AND state IN ('pending', 'active')),"
                  " ins AS (INSERT INTO org (kind, name, credit_code, unit_types, province, address,"
                  "  legal_rep, industry, district, certified, state)"
                  "  SELECT 'enterprise', $1::text, $3::bpchar, $4::text[], $5::text, $6::text, $7::text,"
                  "  $8::text, $2::bpchar, true, 'active' WHERE NOT EXISTS (SELECT 1 FROM found) RETURNING id)"
                  " SELECT id, false FROM found UNION ALL SELECT id, true FROM ins",
                  8, v);
    if (res && PQntuples(res) == 1) {
        id = atol(PQgetvalue(res, 0, 0));
        *added = PQgetvalue(res, 0, 1)[0] == 't';
    }
    PQclear(res);
    return id;
}

/* One id from a one-row query; 0 when there is no row, -1 on error. */
static long one_id(const char *sql, int n, const char *const *v)
{
    PGresult *res = db_exec(sql, n, v);
    long id = -1;

    if (res)
        id = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? atol(PQgetvalue(res, 0, 0)) : 0;
    PQclear(res);
    return id;
}

/* Inserts a device unless its registration code is there, or its unit already has its
 * internal number (the key of a device not yet registered: its equipment code holds a
 * year that follows today). Returns the new id, 0 when it existed, -1 on error. */
static long insert_device(const struct device *d)
{
    char ids[4][24];
    const char *v[NDEVICE_COLUMNS];
    PGresult *res;
    long id = -1;

    device_values(d, ids, v);
    res = db_exec("INSERT INTO equipment (" DEVICE_COLUMNS ")"
                  " SELECT $1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::date,"
                  " $9::bigint, $10::bigint, $11::bigint, $12::bigint, $13::text, $14::bpchar, $15::text,"
                  " $16::text, $17::text, $18::date, $19::date, $20::text, $21::text, $22::text, $23::jsonb"
                  " WHERE NOT EXISTS (SELECT 1 FROM equipment WHERE use_org_id = $9::bigint AND internal_no = $15::text)"
                  " ON CONFLICT (reg_code) DO NOTHING RETURNING id",
                  NDEVICE_COLUMNS, v);
    if (res)
        id = PQntuples(res) == 1 ? atol(PQgetvalue(res, 0, 0)) : 0;
    PQclear(res);
    return id;
}

static int add_history(long equipment_id, long day, long actor, const char *change, const char *old_json,
                       const char *new_json, const char *note)
{
    char eid[24], aid[24], at[11];
    const char *v[7];

    snprintf(eid, sizeof eid, "%ld", equipment_id);
    day_text(day, at);
    v[0] = eid;
    v[1] = at;
    v[2] = opt_id(actor, aid);
    v[3] = change;
    v[4] = old_json;
    v[5] = new_json;
    v[6] = note;
    return db_command("INSERT INTO equipment_history (equipment_id, at, actor_id, change, old, new, note)"
                      " VALUES ($1::bigint, $2::date + time '10:30', $3::bigint, $4::text, $5::jsonb,"
                      " $6::jsonb, $7::text)",
                      7, v);
}

/* History for a newly added demo-company device: what led to its present state. */
static int demo_history(long id, const struct device *d, char status, long today, long company, long inspector)
{
    char old_json[160], new_json[160];
    long day;

    switch (status) {
    case 'U':
        snprintf(old_json, sizeof old_json, "{\"last_conclusion\": \"qualified\"}");
        snprintf(new_json, sizeof new_json,
                 "{\"last_conclusion\": \"unqualified\", \"last_inspection_date\": \"%s\"}", d->last_date);
        return add_history(id, d->last_day, inspector, "inspection", old_json, new_json,
                           strncmp(d->category, "33", 2) == 0
                               ? "定期检验结论：不合格（梳齿板梳齿断裂、扶手带与梯级速度偏差超标），责令整改后申请复检"
                               : "定期检验结论：不合格（制动器制动力不足、层门锁紧元件啮合长度不足），责令整改后申请复检");
    case 'S':
        day = d->last_day + 20 < today ? d->last_day + 20 : today - 1;
        return add_history(id, day, company, "state", "{\"state\": \"in_use\"}", "{\"state\": \"stopped\"}",
                           "大楼装修改造，停用至工程结束，已报和平区市场监督管理局");
    case 'X':
        day = d->last_day + 30 < today ? d->last_day + 30 : today - 1;
        if (add_history(id, day - 90, company, "state", "{\"state\": \"in_use\"}", "{\"state\": \"stopped\"}",
                        "主机老化、故障频发，停用待更新"))
            return -1;
        return add_history(id, day, company, "state", "{\"state\": \"stopped\"}", "{\"state\": \"scrapped\"}",
                           "设备报废拆除，使用登记证已交回");
    case 'N':
        snprintf(old_json, sizeof old_json, "{\"maintenance_org\": \"天津华安特种设备维修保养有限公司\"}");
        snprintf(new_json, sizeof new_json, "{\"maintenance_org\": \"天津奥通电梯安装工程有限公司\"}");
        return add_history(id, d->last_day - 45, company, "binding", old_json, new_json,
                           "维保合同到期，更换维保单位");
    default:
        return 0;
    }
}

/* The database's today, as a day number: generated dates follow CURRENT_DATE. */
int ctl_seed_demo_equipment(void)
{
    long org_ids[DEMO_ORGS], company = 0, sub = 0, main_account, inspector, today, serial = 0;
    char company_district[7] = "120101", sub_codes[DEMO_SUB_DEVICES * 21 + 4] = "{";
    const char *v[2];
    char idbuf[24];
    int bureaus = 0, units = 0, devices = 0, history = 0, added, in_company = 0, nsub = 0, changes = 0, rc = -1;
    long numbered[NVARIETIES_MAX]; /* per kind within a unit: 1号载货电梯, 2号载货电梯 */
    PGresult *res;

    if (db_begin())
        return -1;
    if ((today = db_today()) < 0 || load_places() || load_cycles())
        goto out;

    v[0] = DEMO_COMPANY_CREDIT_CODE;
    res = db_exec("SELECT id, district FROM org WHERE credit_code = $1::bpchar AND kind = 'enterprise'"
                  " ORDER BY id LIMIT 1",
                  1, v);
    if (!res)
        goto out;
    if (PQntuples(res) == 1) {
        company = atol(PQgetvalue(res, 0, 0));
        if (!PQgetisnull(res, 0, 1))
            snprintf(company_district, sizeof company_district, "%s", PQgetvalue(res, 0, 1));
    }
    PQclear(res);
    if (company <= 0) {
        fprintf(stderr, "seed: the demo company (%s) is missing: seed the demo accounts first\n",
                DEMO_COMPANY_CREDIT_CODE);
        goto out;
    }
    snprintf(idbuf, sizeof idbuf, "%ld", company);
    v[0] = DEMO_SUB_LOGIN;
    v[1] = idbuf;
    sub = one_id("SELECT id FROM account WHERE lower(login) = lower($1) AND org_id = $2::bigint", 2, v);
    v[0] = "company";
    main_account = one_id("SELECT id FROM account WHERE lower(login) = lower($1)", 1, v);
    v[0] = "inspector";
    inspector = one_id("SELECT id FROM account WHERE lower(login) = lower($1)", 1, v);
    if (sub < 0 || main_account < 0 || inspector < 0)
        goto out;
    if (sub == 0) {
        fprintf(stderr, "seed: the demo sub-account '%s' is missing: seed the demo accounts first\n",
                DEMO_SUB_LOGIN);
        goto out;
    }

    for (size_t i = 0; i < COUNT(demo_bureau_districts); i++) {
        const struct place *p = place_of(demo_bureau_districts[i]);

        added = 0;
        if (!p || ensure_bureau(p, &added) < 0)
            goto out;
        bureaus += added;
    }
    for (int i = 0; i < DEMO_ORGS; i++) {
        added = 0;
        if ((org_ids[i] = ensure_enterprise(&demo_orgs[i], &added)) < 0)
            goto out;
        units += added;
    }

    for (size_t f = 0; f < COUNT(fleets); f++) {
        const struct fleet *fl = &fleets[f];
        int own = fl->org == O_DEMO_COMPANY;
        const char *district = own ? company_district : demo_orgs[fl->org].district;
        const struct place *p = place_of(district);
        char manager[24], phone[12];
        struct site s;

        if (!p) {
            fprintf(stderr, "seed: district %s is not in the district table\n", district);
            goto out;
        }
        if (f == 0 || fleets[f - 1].org != fl->org)
            memset(numbered, 0, sizeof numbered);
        person(hash_text(fl->site), manager, phone);
        s = (struct site){district, fl->site, manager, phone, p->city};
        for (int k = 0; k < fl->count; k++) {
            /* A generator per device: its identity (kind, registration, maker) is drawn
             * first and cannot shift when a configured cycle changes later draws. */
            struct rng r = {0x7E11A2026ULL ^ (uint64_t)(serial + 1) * 0x9E3779B97F4A7C15ULL};
            const struct variety *var = pick_variety(&r, fl->mix, fl->nmix);
            char status = own ? demo_company_pattern[in_company % (sizeof demo_company_pattern - 1)] : 'N';
            enum status st = S_NORMAL;
            struct ident ident;
            struct device d;
            long id;

            if (!own) {
                st = pick_status(&r);
            } else {
                st = status == 'O' ? S_OVERDUE : status == 'D' ? S_DUE_SOON : status == 'U' ? S_UNQUALIFIED
                   : status == 'S' ? S_STOPPED : status == 'X' ? S_SCRAPPED : S_NORMAL;
            }
            serial++;
            ident.registered = k < fl->count - fl->unregistered;
            ident.lettered = 0;
            ident.reg_year = 2006 + (int)rng_below(&r, 18);
            ident.reg_month = 1 + (int)rng_below(&r, 12);
            ident.reg_seq = serial;        /* demo sequences stay below 5000; scale uses 5000-9999 */
            ident.ordinal = numbered[var - varieties]++;
            ident.serial = 30000 + serial;
            if (gen_device(&r, var, st, today, &ident, &s, &d))
                goto out;
            d.use_org = own ? company : org_ids[fl->org];
            demo_roles(var, district, ident.ordinal, org_ids, &d);
            if ((id = insert_device(&d)) < 0)
                goto out;
            if (id > 0) {
                devices++;
                /* History for the company's special cases and for its first device. */
                if (own && (status != 'N' || in_company == 0) && status != 'O' && status != 'D') {
                    if (demo_history(id, &d, status, today, main_account, inspector))
                        goto out;
                    history += status == 'X' ? 2 : 1;
                }
            }
            if (own && nsub < DEMO_SUB_DEVICES && d.reg_code[0]) {
                strcat(strcat(sub_codes, nsub ? "," : ""), d.reg_code);
                nsub++;
            }
            if (own)
                in_company++;
        }
    }
    strcat(sub_codes, "}");

    snprintf(idbuf, sizeof idbuf, "%ld", sub);
    v[0] = idbuf;
    v[1] = sub_codes;
    if (db_command("INSERT INTO account_equipment (account_id, equipment_id)"
                   " SELECT $1::bigint, id FROM equipment WHERE reg_code = ANY ($2::text[])"
                   " ON CONFLICT DO NOTHING",
                   2, v))
        goto out;
    if (ctl_seed_demo_changes(company, main_account, company_district, &changes))
        goto out;
    if (db_commit())
        goto out;
    printf("demo equipment: %d bureaus, %d units, %d devices and %d history rows added;"
           " %s may act on %d of the demo company's devices; %d change applications added\n",
           bureaus, units, devices, history, DEMO_SUB_LOGIN, nsub, changes);
    rc = 0;
out:
    if (rc)
        db_rollback();
    return rc;
}

/* ============================== the scale set ===================================== */

