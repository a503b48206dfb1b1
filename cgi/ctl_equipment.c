/* ctl_equipment.c — tejianctl's equipment data: the demo set (bureaus, units, devices,
 * history, a sub-account's devices) and the scale set for benchmarks, loaded by COPY. */
#include "ctl_equipment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "validate.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), (long)COUNT(a))])

/* The demo company and its sub-account, created by ctl_seed_demo_accounts(). */
#define DEMO_COMPANY_CREDIT_CODE "91120101MA05T8XK1L"
#define DEMO_SUB_LOGIN "company_sub"
/* Scale units are recognisable by name, so benchmarks and clean-ups never touch demo data. */
#define SCALE_PREFIX "规模测试单位"

/* ---- deterministic pseudo-random numbers ------------------------------------------ */

/* splitmix64: tiny, fast, and the same sequence on every machine, so the demo set is the
 * same every time and a second run finds every row it would add. */
struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* 0 .. n-1 (0 when n <= 0). */
static long rng_below(struct rng *r, long n)
{
    return n > 0 ? (long)(rng_next(r) % (uint64_t)n) : 0;
}

/* FNV-1a: stable per-name values (credit codes, contact people) that do not depend on
 * the order the names are processed in. */
static uint64_t hash_text(const char *s)
{
    uint64_t h = 0xCBF29CE484222325ULL;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3ULL;
    return h;
}

/* ---- dates as day numbers (days since 1970-01-01, proleptic Gregorian) ------------- */

static long day_number(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}

static void civil(long z, int *y, int *m, int *d)
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

static void day_text(long day, char out[11])
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
static int credit_code(const char *head, char code[19])
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
static void org_part(const char *letters, uint64_t h, char out[10])
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
struct city {
    const char *prefix, *name, *province, *abbr, *letter;
    const char *streets[6];
};

static const struct city cities[] = {
    {"12", "天津市", "天津市", "津", "A", {"南京路", "卫津路", "黄河道", "津塘路", "红旗南路", "中山路"}},
    {"3302", "宁波市", "浙江省", "浙", "B", {"中山东路", "解放南路", "江东北路", "四明中路", "百丈路", "环城北路"}},
    {"3305", "湖州市", "浙江省", "浙", "E", {"红旗路", "人民路", "凤凰路", "青铜路", "劳动路", "环城西路"}},
    {"4107", "新乡市", "河南省", "豫", "G", {"人民路", "平原路", "胜利路", "金穗大道", "和平大道", "自由路"}},
};

static const struct city *city_of(const char *district)
{
    for (size_t i = 0; i < COUNT(cities); i++)
        if (strncmp(district, cities[i].prefix, strlen(cities[i].prefix)) == 0)
            return &cities[i];
    return NULL;
}

/* County-level districts of the four cities, from the district table. */
struct place {
    char code[7];
    char name[48];
    const struct city *city;
};

static struct place places[128];
static int nplaces;

static int load_places(void)
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

static const struct place *place_of(const char *code)
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

static void person(uint64_t h, char name[24], char phone[12])
{
    static const char *const mobile_prefixes[] = {"139", "138", "137", "136", "135", "158", "186", "189"};

    snprintf(name, 24, "%s%s", surnames[h % COUNT(surnames)],
             given_names[(h / 20) % COUNT(given_names)]);
    snprintf(phone, 12, "%s%08lu", mobile_prefixes[(h / 440) % COUNT(mobile_prefixes)],
             (unsigned long)((h / 3520) % 100000000UL));
}

/* ---- what devices look like -------------------------------------------------------- */

struct maker {
    const char *name, *code, *serial_prefix;   /* code: the 5 digits in equipment codes */
    const char *models[3];
};

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

enum family {
    F_PASSENGER, F_GOODS, F_ESCALATOR, F_WALKWAY, F_STEAM, F_HOT_WATER, F_VESSEL,
    F_BRIDGE, F_SINGLE_GIRDER, F_GANTRY, F_TOWER, F_HOIST, F_FORKLIFT,
};

/* The varieties the generated data uses: use-certificate prefix (梯/起/车 per DOMAIN.md,
 * 锅/容 as issued in practice) and the internal-number prefix the units write, one per
 * variety so that internal numbers are unique within a unit. */
struct variety {
    const char *code;
    enum family family;
    const char *cert, *tag;
    const struct maker *makers;
    long nmakers;
    int cycle_months;             /* from catalogue_cycle at start */
};

#define MAKERS(a) (a), (long)COUNT(a)
static struct variety varieties[] = {
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

static struct variety *variety_of(const char *code)
{
    for (size_t i = 0; i < COUNT(varieties); i++)
        if (strcmp(varieties[i].code, code) == 0)
            return &varieties[i];
    return NULL;
}

/* The cycles are configuration (catalogue rows), so the generated dates follow them. */
static int load_cycles(void)
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
struct mix {
    const char *code;
    int weight;
};

static const struct mix mix_elevators[] = {{"3110", 70}, {"3120", 15}, {"3310", 15}};
static const struct mix mix_building[] = {{"3110", 85}, {"3120", 10}, {"1200", 5}};
static const struct mix mix_mall[] = {{"3110", 45}, {"3310", 35}, {"3320", 8}, {"3120", 12}};
static const struct mix mix_factory[] = {{"1100", 12}, {"2150", 15}, {"2170", 15}, {"4110", 12},
                                         {"4170", 12}, {"4210", 6}, {"5110", 20}, {"3120", 8}};
static const struct mix mix_port[] = {{"4210", 25}, {"4110", 10}, {"5110", 50}, {"2150", 10}, {"3120", 5}};
static const struct mix mix_site[] = {{"4310", 55}, {"4860", 45}};
static const struct mix mix_scale[] = {{"3110", 50}, {"3120", 8}, {"3310", 7}, {"3320", 2},
                                       {"1100", 3}, {"1200", 2}, {"2150", 4}, {"2170", 4},
                                       {"4110", 3}, {"4170", 3}, {"4210", 2}, {"4310", 2},
                                       {"4860", 2}, {"5110", 8}};

static const struct variety *pick_variety(struct rng *r, const struct mix *m, size_t n)
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
enum status { S_NORMAL, S_OVERDUE, S_DUE_SOON, S_UNQUALIFIED, S_STOPPED, S_SCRAPPED, S_CANCELLED };

static enum status pick_status(struct rng *r)
{
    long x = rng_below(r, 100);

    return x < 9 ? S_OVERDUE : x < 19 ? S_DUE_SOON : x < 24 ? S_UNQUALIFIED : x < 29 ? S_STOPPED
         : x < 31 ? S_SCRAPPED : x < 32 ? S_CANCELLED : S_NORMAL;
}

/* Where a device stands and who answers for it there. */
struct site {
    const char *district, *address, *manager, *phone;
    const struct city *city;
};

/* Everything a generated device row holds; "" and 0 stand for NULL. */
struct device {
    char reg_code[21], equipment_code[21], name[96], model[64], maker[128], factory_no[32];
    char manufacture_date[11], address[256], district[7], internal_no[24];
    char last_date[11], next_date[11], use_cert_no[64], params[320];
    const char *category, *state, *conclusion, *manager, *phone;
    long use_org, construction_org, manufacture_org, maintenance_org;
    long last_day;
};

/* What to generate: the registration (year, month, 4-digit sequence; registered = 0 for
 * a device put into service but not yet registered), its number within its use unit
 * (names, internal numbers) and a run-unique serial (equipment code, factory number).
 * lettered: the equipment-code sequence starts with a letter (scale data), so it never
 * equals a demo device's all-digit one, the demo's key for "already there". */
struct ident {
    int registered, reg_year, reg_month, lettered;
    long reg_seq, ordinal, serial;
};

/* The 5-character sequence of an equipment code: digits, or a letter and four base-36
 * characters (codes may switch to letters, DOMAIN.md). */
static void code_sequence(long serial, int lettered, char out[6])
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
static int gen_device(struct rng *r, const struct variety *v, enum status st, long today,
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

/* The 23 column values of a device in table order ("" and 0 become NULL). ids holds
 * the text of the four unit ids. */
#define DEVICE_COLUMNS \
    "reg_code, equipment_code, category, name, model, maker, factory_no, manufacture_date," \
    " use_org_id, construction_org_id, manufacture_org_id, maintenance_org_id, address," \
    " district, internal_no, state, last_conclusion, last_inspection_date," \
    " next_inspection_date, use_cert_no, safety_manager, safety_phone, params"
#define NDEVICE_COLUMNS 23

static const char *opt(const char *s) { return s && *s ? s : NULL; }

static const char *opt_id(long id, char buf[24])
{
    if (id <= 0)
        return NULL;
    snprintf(buf, 24, "%ld", id);
    return buf;
}

static void device_values(const struct device *d, char ids[4][24], const char *v[NDEVICE_COLUMNS])
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
static long db_today(void)
{
    PGresult *res = db_exec("SELECT CURRENT_DATE - DATE '1970-01-01'", 0, NULL);
    long day = -1;

    if (res && PQntuples(res) == 1)
        day = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return day;
}

int ctl_seed_demo_equipment(void)
{
    long org_ids[DEMO_ORGS], company = 0, sub = 0, main_account, inspector, today, serial = 0;
    char company_district[7] = "120101", sub_codes[DEMO_SUB_DEVICES * 21 + 4] = "{";
    const char *v[2];
    char idbuf[24];
    int bureaus = 0, units = 0, devices = 0, history = 0, added, in_company = 0, nsub = 0, rc = -1;
    long numbered[COUNT(varieties)];    /* per kind within a unit: 1号载货电梯, 2号载货电梯 */
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
    if (db_commit())
        goto out;
    printf("demo equipment: %d bureaus, %d units, %d devices and %d history rows added;"
           " %s may act on %d of the demo company's devices\n",
           bureaus, units, devices, history, DEMO_SUB_LOGIN, nsub);
    rc = 0;
out:
    if (rc)
        db_rollback();
    return rc;
}

/* ============================== the scale set ===================================== */

/* Registration codes of scale devices use the sequences 5000-9999, which the demo set
 * never does, and per district walk 300 months (2000-01 .. 2024-12) before moving to the
 * next sequence number: 1 500 000 devices per district. */
#define SCALE_SEQ_BASE 5000
#define SCALE_MONTHS 300
#define SCALE_PER_DISTRICT ((long)SCALE_MONTHS * 5000)
/* Benchmark enterprise: the brief's "enterprise with 10 000 devices". */
#define SCALE_BIG 10000L

struct copybuf {
    char *data;
    size_t len, cap;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int copy_flush(struct copybuf *b)
{
    if (b->len && PQputCopyData(db_conn(), b->data, (int)b->len) != 1) {
        fprintf(stderr, "seed: COPY failed: %s", PQerrorMessage(db_conn()));
        return -1;
    }
    b->len = 0;
    return 0;
}

/* Appends one row in COPY text format. Generated values never hold tabs, newlines or
 * backslashes (checked: one would shift or corrupt the row). */
static int copy_row(struct copybuf *b, int n, const char *const *v)
{
    for (int i = 0; i < n; i++) {
        const char *s = v[i] ? v[i] : "\\N";
        size_t len = strlen(s);

        if (v[i] && strpbrk(s, "\t\n\r\\")) {
            fprintf(stderr, "seed: value '%s' cannot be copied as is\n", s);
            return -1;
        }
        if (b->len + len + 2 > b->cap && copy_flush(b))
            return -1;
        if (len + 2 > b->cap)
            return -1;
        memcpy(b->data + b->len, s, len);
        b->len += len;
        b->data[b->len++] = i + 1 < n ? '\t' : '\n';
    }
    /* Batches of about 1 MiB: few round trips, bounded memory. */
    if (b->len > b->cap - 8192)
        return copy_flush(b);
    return 0;
}

static int copy_begin(const char *sql)
{
    PGresult *res;
    int ok;

    if (!db_conn())
        return -1;
    res = PQexec(db_conn(), sql);
    ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        fprintf(stderr, "seed: %s: %s", sql, PQerrorMessage(db_conn()));
    PQclear(res);
    return ok ? 0 : -1;
}

/* Ends the COPY, or abandons it with error (the server then discards every row), and
 * reads its results so the connection can be used again. Returns the number of rows
 * the server took, -1 on error or when abandoned. */
static long copy_end(struct copybuf *b, const char *error)
{
    PGresult *res;
    long rows = -1;
    int ended;

    if (!error && copy_flush(b))
        error = "seed: a batch could not be sent";
    ended = PQputCopyEnd(db_conn(), error) == 1;
    if (!ended)
        fprintf(stderr, "seed: COPY end failed: %s", PQerrorMessage(db_conn()));
    while ((res = PQgetResult(db_conn())) != NULL) {
        ExecStatusType st = PQresultStatus(res);

        if (st == PGRES_COMMAND_OK && !error)
            rows = atol(PQcmdTuples(res));
        PQclear(res);
        if (st == PGRES_COMMAND_OK) {
            continue;
        } else if (st == PGRES_COPY_IN) {
            /* Still copying: the end above did not get through; one more try, then give up. */
            if (ended)
                break;
            ended = PQputCopyEnd(db_conn(), "seed: abandoned") == 1;
            if (!ended)
                break;
        } else if (!error) {
            fprintf(stderr, "seed: COPY: %s", PQerrorMessage(db_conn()));
        }
    }
    return rows;
}

/* One scale unit: its district and its contact, derived from its number. */
struct scale_unit {
    long id;
    int place, role;      /* role: 0 use only, 1 also construction + maintenance, 2 also manufacture */
    long count, made;     /* devices it uses: planned, generated so far */
};

static void scale_name(long seq, int role, char *out, size_t n)
{
    snprintf(out, n, SCALE_PREFIX "%07ld%s", seq,
             role == 1 ? "电梯工程有限公司" : role == 2 ? "机械制造有限公司" : "物业管理有限公司");
}

int ctl_seed_scale(long devices, long enterprises)
{
    struct rng r;
    struct timespec t0, t1;
    struct copybuf b = {NULL, 0, 1 << 20};
    struct scale_unit *units = NULL;
    int *owner = NULL;
    long *builders = NULL, *makers = NULL, nbuilders = 0, nmakers = 0;   /* ids; unit indexes */
    long district_next[COUNT(places)] = {0};
    long base, big, today, rows, rest, serial0 = 0;   /* serial0: scale devices already there */
    char buf[24];
    const char *v[2];
    PGresult *res = NULL;
    double secs;
    int rc = -1, copying = 0;

    if (devices < 1 || devices > 100000000L) {
        fprintf(stderr, "seed: --scale takes 1 .. 100 000 000 devices\n");
        return -1;
    }
    if (enterprises <= 0)
        enterprises = devices / 100 > 0 ? devices / 100 : 1;
    if (enterprises > 9000000L) {
        fprintf(stderr, "seed: at most 9 000 000 enterprises\n");
        return -1;
    }
    big = enterprises == 1 ? devices : devices / 2 < SCALE_BIG ? devices / 2 : SCALE_BIG;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    b.data = malloc(b.cap);
    units = calloc((size_t)enterprises, sizeof *units);
    owner = malloc((size_t)devices * sizeof *owner);
    builders = malloc((size_t)enterprises * sizeof *builders);
    makers = malloc((size_t)enterprises * sizeof *makers);
    if (!b.data || !units || !owner || !builders || !makers) {
        fprintf(stderr, "seed: out of memory\n");
        goto out;
    }
    if (db_begin())
        goto out;
    if ((today = db_today()) < 0 || load_places() || load_cycles())
        goto out;

    /* Continue after earlier scale runs: unit numbers after the highest, registration
     * sequences per district after the devices already there. */
    v[0] = SCALE_PREFIX "%";
    res = db_exec("SELECT coalesce(max(substr(credit_code, 11, 7)::bigint), 0) FROM org"
                  " WHERE kind = 'enterprise' AND name LIKE $1",
                  1, v);
    if (!res)
        goto out;
    base = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    res = db_exec("SELECT e.district, count(*) FROM equipment e JOIN org o ON o.id = e.use_org_id"
                  " WHERE o.name LIKE $1 GROUP BY e.district",
                  1, v);
    if (!res)
        goto out;
    for (int i = 0; i < PQntuples(res); i++) {
        serial0 += atol(PQgetvalue(res, i, 1));
        for (int k = 0; k < nplaces; k++)
            if (strcmp(places[k].code, PQgetvalue(res, i, 0)) == 0)
                district_next[k] = atol(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    res = NULL;
    if (base + enterprises > 9999999L) {
        fprintf(stderr, "seed: scale unit numbers would pass 9 999 999\n");
        goto out;
    }
    r.s = 0x5CA1E0000ULL + (uint64_t)base;

    /* Units: every 20th also installs and maintains lifts, every 50th manufactures. */
    printf("scale: %ld enterprises (unit numbers %ld..%ld)\n", enterprises, base + 1, base + enterprises);
    if (copy_begin("COPY org (kind, name, credit_code, unit_types, province, address, legal_rep,"
                   " industry, district, certified, state) FROM STDIN"))
        goto out;
    copying = 1;
    for (long e = 0; e < enterprises; e++) {
        struct scale_unit *u = &units[e];
        const struct place *p;
        char name[128], head[18], code[19], address[192], rep[24], phone[12];
        const char *row[11];
        uint64_t h;

        u->place = (int)rng_below(&r, nplaces);
        u->role = e % 20 == 1 ? 1 : e % 50 == 2 ? 2 : 0;
        p = &places[u->place];
        scale_name(base + e + 1, u->role, name, sizeof name);
        h = hash_text(name);
        snprintf(head, sizeof head, "91%.6sGM%07lu", p->code, (unsigned long)(base + e + 1) % 10000000UL);
        if (credit_code(head, code))
            goto out;
        snprintf(address, sizeof address, "%s%s%s%ld号", p->city->name, p->name,
                 p->city->streets[h % 6], 1 + (long)(h / 6 % 999));
        person(h, rep, phone);
        row[0] = "enterprise";
        row[1] = name;
        row[2] = code;
        row[3] = u->role == 1 ? "{use,construction,maintenance}" : u->role == 2 ? "{use,manufacture}" : "{use}";
        row[4] = p->city->province;
        row[5] = address;
        row[6] = rep;
        row[7] = u->role == 1 ? "建筑业" : u->role == 2 ? "制造业" : "房地产业";
        row[8] = p->code;
        row[9] = "t";
        row[10] = "active";
        if (copy_row(&b, 11, row))
            goto out;
    }
    copying = 0;
    if (copy_end(&b, NULL) != enterprises)
        goto out;

    snprintf(buf, sizeof buf, "%ld", base);
    v[0] = SCALE_PREFIX "%";
    v[1] = buf;
    res = db_exec("SELECT id, substr(credit_code, 11, 7)::bigint FROM org"
                  " WHERE kind = 'enterprise' AND name LIKE $1 AND substr(credit_code, 11, 7)::bigint > $2::bigint",
                  2, v);
    if (!res)
        goto out;
    if (PQntuples(res) != enterprises) {
        fprintf(stderr, "seed: %d of %ld scale units found after COPY\n", PQntuples(res), enterprises);
        goto out;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        long e = atol(PQgetvalue(res, i, 1)) - base - 1;

        if (e < 0 || e >= enterprises)
            goto out;
        units[e].id = atol(PQgetvalue(res, i, 0));
    }
    PQclear(res);
    res = NULL;
    for (long e = 0; e < enterprises; e++) {
        if (units[e].role == 1)
            builders[nbuilders++] = units[e].id;
        else if (units[e].role == 2)
            makers[nmakers++] = e;
    }

    /* How many devices each unit uses: the first exactly `big`, the others around the
     * mean, varied in pairs (one up, one down) so the total stays exact and none passes
     * the first. */
    units[0].count = big;
    rest = devices - big;
    if (enterprises > 1) {
        long mean = rest / (enterprises - 1), extra = rest % (enterprises - 1);

        for (long e = 1; e < enterprises; e++)
            units[e].count = mean + (e <= extra);
        for (long e = 1; e + 1 < enterprises; e += 2) {
            long room = big - units[e].count - 1, swing = mean * 4 / 5;
            long d = rng_below(&r, (swing < room ? swing : room) + 1);

            if (d > 0) {
                units[e].count += d;
                units[e + 1].count -= d;
            }
        }
    }
    /* Shuffled, so a unit's devices are spread over the table as registrations over the
     * years are, not stored side by side. */
    for (long e = 0, k = 0; e < enterprises; e++)
        for (long c = 0; c < units[e].count; c++)
            owner[k++] = (int)e;
    for (long k = devices - 1; k > 0; k--) {
        long j = rng_below(&r, k + 1);
        int t = owner[k];

        owner[k] = owner[j];
        owner[j] = t;
    }

    printf("scale: %ld devices (benchmark unit %s%07ld uses %ld)\n", devices, SCALE_PREFIX, base + 1, big);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (copy_begin("COPY equipment (" DEVICE_COLUMNS ") FROM STDIN"))
        goto out;
    copying = 1;
    for (long k = 0; k < devices; k++) {
        struct scale_unit *u = &units[owner[k]];
        const struct place *p = &places[u->place];
        long j = district_next[u->place]++;
        const struct variety *var = pick_variety(&r, mix_scale, COUNT(mix_scale));
        char manager[24], phone[12], address[192], ids[4][24];
        const char *row[NDEVICE_COLUMNS];
        uint64_t h = (uint64_t)u->id * 0x9E3779B97F4A7C15ULL;
        struct ident ident;
        struct device d;
        struct site s;

        if (j >= SCALE_PER_DISTRICT) {
            fprintf(stderr, "seed: more than %ld scale devices in district %s\n", SCALE_PER_DISTRICT, p->code);
            goto out;
        }
        person(h, manager, phone);
        snprintf(address, sizeof address, "%s%s%s%ld号", p->city->name, p->name, p->city->streets[h % 6],
                 1 + (long)(h / 6 % 999));
        s = (struct site){p->code, address, manager, phone, p->city};
        ident.registered = 1;
        ident.lettered = 1;
        ident.reg_year = 2000 + (int)(j % SCALE_MONTHS) / 12;
        ident.reg_month = 1 + (int)(j % SCALE_MONTHS) % 12;
        ident.reg_seq = SCALE_SEQ_BASE + j / SCALE_MONTHS;
        ident.ordinal = u->made++;
        ident.serial = serial0 + k;
        if (gen_device(&r, var, pick_status(&r), today, &ident, &s, &d))
            goto out;
        d.use_org = u->id;
        if (var->code[0] == '3' && nbuilders > 0) {
            d.construction_org = builders[rng_below(&r, nbuilders)];
            d.maintenance_org = rng_below(&r, 4) ? d.construction_org : builders[rng_below(&r, nbuilders)];
        }
        if (nmakers > 0 && rng_below(&r, 10) < 3) {
            long e = makers[rng_below(&r, nmakers)];

            d.manufacture_org = units[e].id;
            /* The nameplate names the unit that made it. */
            scale_name(base + e + 1, 2, d.maker, sizeof d.maker);
        }
        device_values(&d, ids, row);
        if (copy_row(&b, NDEVICE_COLUMNS, row))
            goto out;
        if ((k + 1) % 100000 == 0) {
            secs = seconds_since(&t1);
            printf("scale: %ld / %ld devices sent, %.1f s, %.0f rows/s\n", k + 1, devices, secs,
                   (double)(k + 1) / secs);
            fflush(stdout);
        }
    }
    /* The foreign-key checks are after-row triggers, queued and run when the COPY ends:
     * say so, or the pause looks like a hang. */
    printf("scale: all rows sent in %.1f s; the server now checks their foreign keys\n", seconds_since(&t1));
    fflush(stdout);
    copying = 0;
    rows = copy_end(&b, NULL);
    if (rows != devices) {
        fprintf(stderr, "seed: COPY took %ld of %ld devices\n", rows, devices);
        goto out;
    }
    secs = seconds_since(&t1);
    if (db_commit())
        goto out;
    printf("scale: %ld devices copied in %.1f s (%.0f rows/s, indexes and foreign keys included)\n",
           devices, secs, (double)devices / secs);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* Fresh statistics, or the planner guesses on a table a million rows larger. */
    if (db_command("ANALYZE org", 0, NULL) || db_command("ANALYZE equipment", 0, NULL))
        goto out;
    printf("scale: ANALYZE %.1f s; total %.1f s\n", seconds_since(&t1), seconds_since(&t0));
    rc = 0;
out:
    /* Abandon a COPY cut short, so the connection is usable for the rollback. */
    if (copying)
        copy_end(&b, "seed: generation failed");
    PQclear(res);
    if (rc)
        db_rollback();
    free(b.data);
    free(units);
    free(owner);
    free(builders);
    free(makers);
    return rc;
}
