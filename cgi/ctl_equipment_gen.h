/* ctl_equipment_gen.h — the generator shared by tejianctl's demo and scale equipment
 * data: deterministic randomness, dates, national codes, places, varieties, devices.
 * Private to cgi/ctl_equipment*.c. */
#ifndef TEJIAN_CTL_EQUIPMENT_GEN_H
#define TEJIAN_CTL_EQUIPMENT_GEN_H

#include <stddef.h>
#include <stdint.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), (long)COUNT(a))])

/* The demo company and its sub-account, created by ctl_seed_demo_accounts(). */
#define DEMO_COMPANY_CREDIT_CODE "91120101MA05T8XK1L"
#define DEMO_SUB_LOGIN "company_sub"
/* Scale units are recognisable by name, so benchmarks and clean-ups never touch demo data. */
#define SCALE_PREFIX "规模测试单位"

struct rng {
    uint64_t s;
};

struct city {
    const char *prefix, *name, *province, *abbr, *letter;
    const char *streets[6];
};

struct place {
    char code[7];
    char name[48];
    const struct city *city;
};

struct maker {
    const char *name, *code, *serial_prefix;   /* code: the 5 digits in equipment codes */
    const char *models[3];
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

struct mix {
    const char *code;
    int weight;
};

enum status { S_NORMAL, S_OVERDUE, S_DUE_SOON, S_UNQUALIFIED, S_STOPPED, S_SCRAPPED, S_CANCELLED };

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

/* The 23 column values of a device in table order ("" and 0 become NULL). ids holds
 * the text of the four unit ids. */
#define DEVICE_COLUMNS \
    "reg_code, equipment_code, category, name, model, maker, factory_no, manufacture_date," \
    " use_org_id, construction_org_id, manufacture_org_id, maintenance_org_id, address," \
    " district, internal_no, state, last_conclusion, last_inspection_date," \
    " next_inspection_date, use_cert_no, safety_manager, safety_phone, params"
#define NDEVICE_COLUMNS 23

const char *opt(const char *s);
long rng_below(struct rng *r, long n);
long day_number(int y, int m, int d);
void civil(long z, int *y, int *m, int *d);
void day_text(long day, char out[11]);
int credit_code(const char *head, char code[19]);
void org_part(const char *letters, uint64_t h, char out[10]);
const struct city *city_of(const char *district);
int load_places(void);
const struct place *place_of(const char *code);
void person(uint64_t h, char name[24], char phone[12]);
struct variety *variety_of(const char *code);
int load_cycles(void);
const struct variety *pick_variety(struct rng *r, const struct mix *m, size_t n);
enum status pick_status(struct rng *r);
void code_sequence(long serial, int lettered, char out[6]);
int gen_device(struct rng *r, const struct variety *v, enum status st, long today,
                      const struct ident *id, const struct site *s, struct device *d);
const char *opt_id(long id, char buf[24]);
void device_values(const struct device *d, char ids[4][24], const char *v[NDEVICE_COLUMNS]);

uint64_t rng_next(struct rng *r);
uint64_t hash_text(const char *s);
/* The varieties the generated data uses (cycle_months filled by load_cycles). */
#define NVARIETIES_MAX 64
extern struct variety varieties[];
extern const size_t NVARIETIES;
/* The demo districts (filled by load_places). */
extern struct place places[128];
extern int nplaces;
long db_today(void);

#endif
