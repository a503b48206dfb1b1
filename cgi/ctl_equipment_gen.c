/* ctl_equipment_gen.c — the generator shared by the demo and scale equipment data. */
#include "ctl_equipment_gen.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "validate.h"



/* ---- deterministic pseudo-random numbers ------------------------------------------ */

/* splitmix64: tiny, fast, and the same sequence on every machine, so the demo set is the
 * same every time and a second run finds every row it would add. */

uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (0 when n <= 0). */
long rng_below(struct rng *r, long n)
{
    return n > 0 ? (long)(rng_next(r) % (uint64_t)n) : 0;
}

/* FNV-1a: stable per-name values (credit codes, contact people) that do not depend on
 * the order the names are processed in. */
uint64_t hash_text(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

/* ---- dates as day numbers (days since 1970-01-01, proleptic Gregorian) ------------- */

long day_number(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

void civil(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

void day_text(long day, char out[11])
{
    int y, m, d;

    civil(day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* ---- codes ------------------------------------------------------------------------- */

static const char cc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int cc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Completes 17 characters with the GB 32100 check character. 0 when v_credit_code
 * accepts the result without a warning, else -1 (a bug in the tables here). */
int credit_code(const char *head, char code[19])
{
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        const char *at = head[i] ? strchr(cc_alphabet, head[i]) : NULL;

        if (!at)
            return -1;
        sum += (int)(at - cc_alphabet) * cc_weights[i];
        code[i] = head[i];
    }
    code[17] = cc_alphabet[(31 - sum % 31) % 31];
    code[18] = '\0';
    if (v_credit_code(code, NULL, NULL) != V_OK) {
        fprintf(stderr, "seed: generated credit code %s is not valid\n", code);
        return -1;
    }
    return 0;
}

/* Nine organisation-code characters: two fixed letters and seven derived from a key. */
void org_part(const char *letters, uint64_t h, char out[10])
{
    out[0] = letters[0];
    out[1] = letters[1];
    for (int i = 2; i < 9; i++) {
        out[i] = cc_alphabet[h % 31];
        h /= 31;
    }
    out[9] = '\0';
}

/* ---- places ------------------------------------------------------------------------ */

/* The four starting cities: licence-plate style letters for certificate numbers, and
 * streets for generated addresses. */

static const struct city cities[] = {
    {"12", "天津市", "天津市", "津", "A", {"南京路", "卫津路", "黄河道", "津塘路", "红旗南路", "中山路"}},
    {"3302", "宁波市", "浙江省", "浙", "B", {"中山东路", "解放南路", "江东北路", "四明中路", "百丈路", "环城北路"}},
    {"3305", "湖州市", "浙江省", "浙", "E", {"红旗路", "人民路", "凤凰路", "青铜路", "劳动路", "环城西路"}},
    {"4107", "新乡市", "河南省", "豫", "G", {"人民路", "平原路", "胜利路", "金穗大道", "和平大道", "自由路"}},
};

const struct city *city_of(const char *district)
{
    for (size_t i = 0; i < COUNT(cities); i++)
        if (strncmp(district, cities[i].prefix, strlen(cities[i].prefix)) == 0)
            return &cities[i];
    return NULL;
}

/* County-level districts of the four cities, from the district table. */

struct place places[128];
int nplaces;

int load_places(void)
{
    PGresult *res = db_exec("SELECT code, name FROM district WHERE level = 3 ORDER BY code", 0, NULL);
    int rc = -1;

    if (!res)
        return -1;
    nplaces = 0;
    for (int i = 0; i < PQntuples(res) && nplaces < (int)COUNT(places); i++) {
        struct place *p = &places[nplaces];

        snprintf(p->code, sizeof p->code, "%s", PQgetvalue(res, i, 0));
        snprintf(p->name, sizeof p->name, "%s", PQgetvalue(res, i, 1));
        p->city = city_of(p->code);
        if (p->city)
            nplaces++;
    }
    if (nplaces == 0) {
        fprintf(stderr, "seed: no districts of the four cities (run tejianctl migrate)\n");
        goto out;
    }
    rc = 0;
out:
    PQclear(res);
    return rc;
}

const struct place *place_of(const char *code)
{
    for (int i = 0; i < nplaces; i++)
        if (strcmp(places[i].code, code) == 0)
            return &places[i];
    return NULL;
}

/* ---- people ------------------------------------------------------------------------ */

static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                       "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"};
static const char *const given_names[] = {"建国", "志强", "秀英", "丽娟", "海涛", "文博", "晓燕",
                                          "国庆", "建华", "立新", "春梅", "伟", "静", "磊",
                                          "敏", "军", "洋", "勇", "艳", "杰", "振华", "玉兰"};

void person(uint64_t h, char name[24], char phone[12])
{
    static const char *const mobile_prefixes[] = {"139", "138", "137", "136", "135", "158", "186", "189"};

    snprintf(name, 24, "%s%s", surnames[h % COUNT(surnames)],
             given_names[(h / 20) % COUNT(given_names)]);
    snprintf(phone, 12, "%s%08lu", mobile_prefixes[(h / 440) % COUNT(mobile_prefixes)],
             (unsigned long)((h / 3520) % 100000000UL));
}

/* ---- what devices look like -------------------------------------------------------- */


static const struct maker lift_makers[] = {
    {"奥的斯电梯（中国）有限公司", "10472", "OT", {"GeN2-MRL", "OH5000", "Skyway"}},
    {"上海三菱电梯有限公司", "10166", "SM", {"LEHY-III", "ELENESSA-IIP", "NEXIEZ-MRL"}},
    {"日立电梯（中国）有限公司", "10344", "HT", {"HGP", "UAX-II", "MCA"}},
    {"通力电梯有限公司", "10595", "KN", {"MonoSpace 500", "MiniSpace", "KONE 3000"}},
    {"迅达（中国）电梯有限公司", "10283", "SC", {"Schindler 3300", "Schindler 5500", "Schindler 7000"}},
    {"康力电梯股份有限公司", "10731", "KL", {"KLK2", "KLK1", "KLW"}},
};
static const struct maker escalator_makers[] = {
    {"奥的斯电梯（中国）有限公司", "10472", "OT", {"XO 508", "Link", "NPE"}},
    {"上海三菱电梯有限公司", "10166", "SM", {"ZJ-J", "S-J", "ZJ-S"}},
    {"日立电梯（中国）有限公司", "10344", "HT", {"VX", "GX", "EX"}},
    {"通力电梯有限公司", "10595", "KN", {"TravelMaster 110", "TransitMaster 140", "TravelMaster 110"}},
    {"迅达（中国）电梯有限公司", "10283", "SC", {"Schindler 9300AE", "Schindler 9500AE", "Schindler 9300AE"}},
    {"康力电梯股份有限公司", "10731", "KL", {"KLXF", "KLRW", "KLXF"}},
};
static const struct maker boiler_makers[] = {
    {"天津渤海锅炉制造有限公司", "20118", "BH", {NULL}},
    {"郑州锅炉股份有限公司", "20077", "ZG", {NULL}},
    {"无锡华光环保能源集团股份有限公司", "20035", "HG", {NULL}},
};
static const struct maker vessel_makers[] = {
    {"宁波东方压力容器制造有限公司", "21206", "DF", {NULL}},
    {"江苏华东压力容器有限公司", "21093", "HD", {NULL}},
};
static const struct maker crane_makers[] = {
    {"长垣华豫起重机械有限公司", "40317", "HY", {NULL}},
    {"河南卫华重型机械股份有限公司", "40102", "WH", {NULL}},
    {"太原重工股份有限公司", "40021", "TZ", {NULL}},
};
static const struct maker tower_makers[] = {
    {"中联重科股份有限公司", "40466", "ZL", {"QTZ80(TC6010-6)", "QTZ125(TC6013-8)", "QTZ160(TC6516-10)"}},
    {"徐州建机工程机械有限公司", "40388", "XJ", {"QTZ80(XGT6010-6)", "QTZ125(XGT6013-8)", "QTZ160(XGT6516-10)"}},
};
static const struct maker hoist_makers[] = {
    {"中联重科股份有限公司", "40466", "ZL", {"SC200/200", "SC200/200G", "SC100/100"}},
    {"广州京龙工程机械有限公司", "40512", "JL", {"SC200/200", "SCD200/200", "SC100/100"}},
};
static const struct maker forklift_makers[] = {
    {"杭叉集团股份有限公司", "50012", "HC", {NULL}},
    {"安徽合力股份有限公司", "50003", "HL", {NULL}},
    {"林德（中国）叉车有限公司", "50027", "LD", {NULL}},
};



#define MAKERS(a) (a), (long)COUNT(a)
struct variety varieties[] = {
    {"3110", F_PASSENGER, "梯", "DT", MAKERS(lift_makers), 0},
    {"3120", F_GOODS, "梯", "HT", MAKERS(lift_makers), 0},
    {"3310", F_ESCALATOR, "梯", "FT", MAKERS(escalator_makers), 0},
    {"3320", F_WALKWAY, "梯", "RX", MAKERS(escalator_makers), 0},
    {"1100", F_STEAM, "锅", "GL", MAKERS(boiler_makers), 0},
    {"1200", F_HOT_WATER, "锅", "RS", MAKERS(boiler_makers), 0},
    {"2150", F_VESSEL, "容", "RQ", MAKERS(vessel_makers), 0},
    {"2170", F_VESSEL, "容", "RY", MAKERS(vessel_makers), 0},
    {"4110", F_BRIDGE, "起", "QD", MAKERS(crane_makers), 0},
    {"4170", F_SINGLE_GIRDER, "起", "LD", MAKERS(crane_makers), 0},
    {"4210", F_GANTRY, "起", "MJ", MAKERS(crane_makers), 0},
    {"4310", F_TOWER, "起", "TD", MAKERS(tower_makers), 0},
    {"4860", F_HOIST, "起", "SJ", MAKERS(hoist_makers), 0},
    {"5110", F_FORKLIFT, "车", "CC", MAKERS(forklift_makers), 0},
};
const size_t NVARIETIES = COUNT(varieties);
_Static_assert(COUNT(varieties) <= NVARIETIES_MAX, "raise NVARIETIES_MAX");

struct variety *variety_of(const char *code)
{
    for (size_t i = 0; i < COUNT(varieties); i++)
        if (strcmp(varieties[i].code, code) == 0)
            return &varieties[i];
    return NULL;
}

/* The cycles are configuration (catalogue rows), so the generated dates follow them. */
int load_cycles(void)
{
    PGresult *res = db_exec("SELECT code, months FROM catalogue_cycle WHERE months IS NOT NULL", 0, NULL);
    int rc = -1;

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        struct variety *v = variety_of(PQgetvalue(res, i, 0));

        if (v)
            v->cycle_months = atoi(PQgetvalue(res, i, 1));
    }
    for (size_t i = 0; i < COUNT(varieties); i++)
        if (varieties[i].cycle_months <= 0) {
            fprintf(stderr, "seed: no inspection cycle for catalogue code %s\n", varieties[i].code);
            goto out;
        }
    rc = 0;
out:
    PQclear(res);
    return rc;
}

/* Category mixes: weights per variety. */


const struct variety *pick_variety(struct rng *r, const struct mix *m, size_t n)
{
    int total = 0;
    long x;

    for (size_t i = 0; i < n; i++)
        total += m[i].weight;
    x = rng_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < m[i].weight)
            return variety_of(m[i].code);
        x -= m[i].weight;
    }
    return variety_of(m[n - 1].code);
}

/* Inspection situations, in the proportions of a real register: most due later, some
 * overdue or due within the month, a few unqualified, stopped or gone. */

enum status pick_status(struct rng *r)
{
    long x = rng_below(r, 100);

    return x < 9 ? S_OVERDUE : x < 19 ? S_DUE_SOON : x < 24 ? S_UNQUALIFIED : x < 29 ? S_STOPPED
         : x < 31 ? S_SCRAPPED : x < 32 ? S_CANCELLED : S_NORMAL;
}




/* The 5-character sequence of an equipment code: digits, or a letter and four base-36
 * characters (codes may switch to letters, DOMAIN.md). */
void code_sequence(long serial, int lettered, char out[6])
{
    static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    unsigned long x = (unsigned long)serial;

    if (!lettered) {
        snprintf(out, 6, "%05lu", x % 100000UL);
        return;
    }
    for (int i = 4; i >= 1; i--, x /= 36)
        out[i] = b36[x % 36];
    out[0] = (char)('A' + x % 26);
    out[5] = '\0';
}

/* Fills d. Returns 0, or -1 when a generated code fails its validator (a bug here). */
int gen_device(struct rng *r, const struct variety *v, enum status st, long today,
                      const struct ident *id, const struct site *s, struct device *d)
{
    static const struct {
        const char *name, *medium, *prefix;
    } vessels[] = {
        {"储气罐", "压缩空气", "C"}, {"分汽缸", "蒸汽", "FQG"},
        {"换热器", "水、蒸汽", "BR"}, {"液化石油气储罐", "液化石油气", "LPG"},
    };
    const struct maker *m = &v->makers[rng_below(r, v->nmakers)];
    long cycle = v->cycle_months * 365L / 12, reg_day, made, last, next, n = id->ordinal;
    int my, mm, md;
    char seq[6];
    const char *msg;

    memset(d, 0, sizeof *d);
    d->category = v->code;
    d->manager = s->manager;
    d->phone = s->phone;
    snprintf(d->district, sizeof d->district, "%s", s->district);
    snprintf(d->maker, sizeof d->maker, "%s", m->name);
    snprintf(d->address, sizeof d->address, "%s", s->address);
    snprintf(d->internal_no, sizeof d->internal_no, "%s-%03ld", v->tag, n + 1);

    /* Dates. The registration month is absolute (it is part of the registration code,
     * which must not change between runs); inspection dates follow today. */
    d->state = "in_use";
    d->conclusion = "qualified";
    if (id->registered) {
        reg_day = day_number(id->reg_year, id->reg_month, 1 + (int)rng_below(r, 28));
        made = reg_day - 60 - rng_below(r, 240);
    } else {
        reg_day = today - 10 - rng_below(r, 20);   /* installation inspection */
        made = reg_day - 90 - rng_below(r, 200);
    }
    switch (id->registered ? st : S_NORMAL) {
    case S_OVERDUE:
        next = today - 1 - rng_below(r, 120);
        last = next - cycle;
        break;
    case S_DUE_SOON:
        next = today + rng_below(r, 31);
        last = next - cycle;
        break;
    case S_UNQUALIFIED:
        last = today - 5 - rng_below(r, 60);
        next = last + cycle;
        d->conclusion = "unqualified";
        break;
    case S_STOPPED:
        last = today - 120 - rng_below(r, 400);
        next = last + cycle;
        d->state = "stopped";
        break;
    case S_SCRAPPED:
    case S_CANCELLED:
        last = today - 400 - rng_below(r, 1000);
        next = last + cycle;
        d->state = st == S_SCRAPPED ? "scrapped" : "cancelled";
        break;
    default:
        if (id->registered) {
            next = today + 31 + rng_below(r, cycle > 32 ? cycle - 31 : 1);
            last = next - cycle;
            if (rng_below(r, 10) == 0)
                d->conclusion = "requalified";
        } else {
            last = reg_day;
            next = last + cycle;
        }
        break;
    }
    /* A young device's first inspection was the one at registration. */
    if (last < reg_day)
        last = reg_day;
    d->last_day = last;
    day_text(last, d->last_date);
    day_text(next, d->next_date);
    day_text(made, d->manufacture_date);
    civil(made, &my, &mm, &md);

    /* Codes: registration code = variety + registering district + YYYYMM + sequence;
     * equipment code = variety + maker + year + sequence, except that equipment made
     * before equipment codes were issued (2015 here) carries its registration code. */
    if (id->registered) {
        snprintf(d->reg_code, sizeof d->reg_code, "%s%s%04d%02d%04ld", v->code, s->district,
                 id->reg_year, id->reg_month, id->reg_seq % 10000);
        if (v_reg_code(d->reg_code, &msg) != V_OK) {
            fprintf(stderr, "seed: generated registration code %s: %s\n", d->reg_code, msg);
            return -1;
        }
        snprintf(d->use_cert_no, sizeof d->use_cert_no, "%s%.2s%s%s%05ld(%02d)", v->cert, v->code + 1,
                 s->city->abbr, s->city->letter, id->reg_seq % 100000, id->reg_year % 100);
    }
    if (id->registered && my < 2015)
        memcpy(d->equipment_code, d->reg_code, sizeof d->reg_code);
    else {
        code_sequence(id->serial, id->lettered, seq);
        snprintf(d->equipment_code, sizeof d->equipment_code, "%s%s%04d%s", v->code, m->code, my, seq);
    }
    if (v_equipment_code(d->equipment_code, &msg) != V_OK) {
        fprintf(stderr, "seed: generated equipment code %s: %s\n", d->equipment_code, msg);
        return -1;
    }
    snprintf(d->factory_no, sizeof d->factory_no, "%s%02d%07ld", m->serial_prefix, my % 100,
             id->serial % 10000000);

    switch (v->family) {
    case F_PASSENGER: {
        static const int loads[] = {630, 800, 1000, 1050, 1350, 1600};
        int floors = 6 + (int)rng_below(r, 28), stops = floors - (int)rng_below(r, 2);
        double speed = floors > 24 ? 2.5 : floors > 16 ? 2.0 : floors > 11 ? 1.75 : 1.5;

        snprintf(d->name, sizeof d->name, "%ld号楼%ld号乘客电梯", 1 + n / 4, 1 + n % 4);
        snprintf(d->address, sizeof d->address, "%s%ld号楼", s->address, 1 + n / 4);
        snprintf(d->model, sizeof d->model, "%s", m->models[rng_below(r, 3)]);
        snprintf(d->params, sizeof d->params,
                 "{\"floors\": %d, \"stops\": %d, \"doors\": %d, \"rated_load_kg\": %d, "
                 "\"rated_speed_ms\": %g, \"control\": \"集选控制\"}",
                 floors, stops, stops, PICK(r, loads), speed);
        break;
    }
    case F_GOODS: {
        static const int loads[] = {1000, 2000, 3000, 5000};
        int floors = 2 + (int)rng_below(r, 7);

        snprintf(d->name, sizeof d->name, "%ld号载货电梯", n + 1);
        snprintf(d->model, sizeof d->model, "%s", m->models[rng_below(r, 3)]);
        snprintf(d->params, sizeof d->params,
                 "{\"floors\": %d, \"stops\": %d, \"doors\": %d, \"rated_load_kg\": %d, "
                 "\"rated_speed_ms\": %g}",
                 floors, floors, floors, PICK(r, loads), rng_below(r, 2) ? 1.0 : 0.5);
        break;
    }
    case F_ESCALATOR: {
        static const int widths[] = {600, 800, 1000};

        snprintf(d->name, sizeof d->name, "%ld号自动扶梯", n + 1);
        snprintf(d->model, sizeof d->model, "%s", m->models[rng_below(r, 3)]);
        snprintf(d->params, sizeof d->params,
                 "{\"incline_deg\": %d, \"step_width_mm\": %d, \"rise_m\": %.1f, \"rated_speed_ms\": 0.5}",
                 rng_below(r, 3) ? 30 : 35, PICK(r, widths), 3.5 + 0.1 * (double)rng_below(r, 30));
        break;
    }
    case F_WALKWAY: {
        static const int inclines[] = {0, 10, 12};

        snprintf(d->name, sizeof d->name, "%ld号自动人行道", n + 1);
        snprintf(d->model, sizeof d->model, "%s", m->models[rng_below(r, 3)]);
        snprintf(d->params, sizeof d->params,
                 "{\"incline_deg\": %d, \"pallet_width_mm\": 1000, \"length_m\": %ld, \"rated_speed_ms\": 0.5}",
                 PICK(r, inclines), 20 + rng_below(r, 60));
        break;
    }
    case F_STEAM: {
        static const double tph[] = {1, 2, 4, 6, 10}, mpa[] = {1.0, 1.25, 1.6};
        double t = PICK(r, tph), p = PICK(r, mpa);

        snprintf(d->name, sizeof d->name, "%ld号燃气蒸汽锅炉", n + 1);
        snprintf(d->model, sizeof d->model, "WNS%g-%g-Q", t, p);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_evaporation_th\": %g, \"rated_pressure_mpa\": %g, \"fuel\": \"天然气\"}", t, p);
        break;
    }
    case F_HOT_WATER: {
        static const double mw[] = {0.7, 1.4, 2.8, 4.2, 7.0}, mpa[] = {0.7, 1.0, 1.25};
        double w = PICK(r, mw), p = PICK(r, mpa);

        snprintf(d->name, sizeof d->name, "%ld号燃气热水锅炉", n + 1);
        snprintf(d->model, sizeof d->model, "WNS%g-%g/95/70-Q", w, p);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_power_mw\": %g, \"rated_pressure_mpa\": %g, \"outlet_temp_c\": 95, "
                 "\"return_temp_c\": 70, \"fuel\": \"天然气\"}", w, p);
        break;
    }
    case F_VESSEL: {
        static const double m3[] = {0.5, 1, 2, 5, 10, 20}, mpa[] = {0.8, 1.0, 1.6, 2.5};
        static const int temps[] = {50, 150, 200};
        int k = (int)rng_below(r, (long)COUNT(vessels));
        double vol = PICK(r, m3), p = PICK(r, mpa);

        snprintf(d->name, sizeof d->name, "%ld号%s", n + 1, vessels[k].name);
        snprintf(d->model, sizeof d->model, "%s-%g/%g", vessels[k].prefix, vol, p);
        snprintf(d->params, sizeof d->params,
                 "{\"volume_m3\": %g, \"design_pressure_mpa\": %g, \"design_temp_c\": %d, \"medium\": \"%s\"}",
                 vol, p, PICK(r, temps), vessels[k].medium);
        break;
    }
    case F_BRIDGE:
    case F_SINGLE_GIRDER:
    case F_GANTRY: {
        static const double t_bridge[] = {5, 10, 16, 20, 32}, t_single[] = {1, 2, 3, 5, 10},
                            t_gantry[] = {10, 16, 20, 32, 50}, spans[] = {10.5, 13.5, 16.5, 19.5, 22.5, 25.5},
                            gantry_spans[] = {18, 22, 26, 30, 35};
        static const char *const classes[] = {"A3", "A4", "A5"};
        double t = v->family == F_BRIDGE ? PICK(r, t_bridge) : v->family == F_SINGLE_GIRDER ? PICK(r, t_single)
                                                                                           : PICK(r, t_gantry);
        double span = v->family == F_GANTRY ? PICK(r, gantry_spans) : PICK(r, spans);
        const char *what = v->family == F_BRIDGE ? "通用桥式起重机" : v->family == F_SINGLE_GIRDER ? "电动单梁起重机"
                                                                                                 : "门式起重机";

        snprintf(d->name, sizeof d->name, "%ld号%s", n + 1, what);
        snprintf(d->model, sizeof d->model, "%s%gt-%gm",
                 v->family == F_BRIDGE ? "QD" : v->family == F_SINGLE_GIRDER ? "LD" : "MG", t, span);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_lifting_t\": %g, \"span_m\": %g, \"lifting_height_m\": %ld, \"work_class\": \"%s\"}",
                 t, span, 9 + 3 * rng_below(r, 4), PICK(r, classes));
        break;
    }
    case F_TOWER: {
        static const int tonnes[] = {6, 8, 10}, radii[] = {60, 60, 65};
        int k = (int)rng_below(r, 3);

        snprintf(d->name, sizeof d->name, "%ld号塔式起重机", n + 1);
        snprintf(d->model, sizeof d->model, "%s", m->models[k]);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_lifting_t\": %d, \"max_radius_m\": %d, \"lifting_height_m\": %ld}",
                 tonnes[k], radii[k], 40 + 5 * rng_below(r, 32));
        break;
    }
    case F_HOIST:
        snprintf(d->name, sizeof d->name, "%ld号施工升降机", n + 1);
        snprintf(d->model, sizeof d->model, "%s", m->models[rng_below(r, 3)]);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_load_kg\": 2000, \"cages\": 2, \"lifting_height_m\": %ld, \"rated_speed_m_min\": 36}",
                 30 + 3 * rng_below(r, 50));
        break;
    case F_FORKLIFT: {
        static const int loads[] = {1500, 2000, 2500, 3000, 3500, 5000};
        int load = PICK(r, loads), battery = rng_below(r, 3) == 0;

        snprintf(d->name, sizeof d->name, "%ld号%s叉车", n + 1, battery ? "电动" : "内燃");
        snprintf(d->model, sizeof d->model, "%s%d", battery ? "CPD" : "CPCD", load / 100);
        snprintf(d->params, sizeof d->params,
                 "{\"rated_load_kg\": %d, \"power\": \"%s\", \"lift_height_mm\": 3000}",
                 load, battery ? "蓄电池" : "内燃");
        break;
    }
    }
    return 0;
}


const char *opt(const char *s) { return s && *s ? s : NULL; }

const char *opt_id(long id, char buf[24])
{
    if (id <= 0)
        return NULL;
    snprintf(buf, 24, "%ld", id);
    return buf;
}

void device_values(const struct device *d, char ids[4][24], const char *v[NDEVICE_COLUMNS])
{
    v[0] = opt(d->reg_code);
    v[1] = opt(d->equipment_code);
    v[2] = d->category;
    v[3] = d->name;
    v[4] = opt(d->model);
    v[5] = opt(d->maker);
    v[6] = opt(d->factory_no);
    v[7] = opt(d->manufacture_date);
    v[8] = opt_id(d->use_org, ids[0]);
    v[9] = opt_id(d->construction_org, ids[1]);
    v[10] = opt_id(d->manufacture_org, ids[2]);
    v[11] = opt_id(d->maintenance_org, ids[3]);
    v[12] = opt(d->address);
    v[13] = d->district;
    v[14] = opt(d->internal_no);
    v[15] = d->state;
    v[16] = d->conclusion;
    v[17] = opt(d->last_date);
    v[18] = opt(d->next_date);
    v[19] = opt(d->use_cert_no);
    v[20] = opt(d->manager);
    v[21] = opt(d->phone);
    v[22] = d->params[0] ? d->params : "{}";
}

/* Today as a day number, from the database (the demo is relative to its CURRENT_DATE). */
long db_today(void)
{
    PGresult *res = db_exec("SELECT CURRENT_DATE - DATE '1970-01-01'", 0, NULL);
    long day = -1;

    if (res && PQntuples(res) == 1)
        day = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return day;
}

