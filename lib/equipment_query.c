/* equipment_query.c — one builder for every equipment list (see equipment_query.h). */
#include "equipment_query.h"

#include <ClearSilver.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "util.h"
#include "validate.h"
#include "workflow.h"

const struct eq_field EQ_FIELDS[] = {
    {"category", "设备类别"},     {"reg_code", "注册代码"},     {"equipment_code", "设备代码"},
    {"factory_no", "出厂编号"},   {"district", "所在区县"},     {"state", "设备状态"},
    {"address", "使用地点"},      {"due_from", "下次检验日期起"}, {"due_to", "下次检验日期止"},
    {"conclusion", "最近检验结论"}, {"maint", "维保单位"},     {NULL, NULL},
};

static const struct {
    enum eq_list list;
    const char *name, *label;
} LISTS[] = {
    {EQ_ALL, "all", "设备综合查询"},
    {EQ_OVERDUE, "overdue", "超期未检设备"},
    {EQ_DUE_SOON, "due", "即将到期设备"},
    {EQ_UNQUALIFIED, "unqualified", "检验不合格设备"},
    {EQ_NOT_IN_USE, "idle", "非在用设备"},
};

const char *eq_list_name(enum eq_list list) { return LISTS[list].name; }
const char *eq_list_label(enum eq_list list) { return LISTS[list].label; }

int eq_list_parse(const char *name, enum eq_list *out)
{
    for (size_t i = 0; i < sizeof LISTS / sizeof LISTS[0]; i++)
        if (name && !strcmp(name, LISTS[i].name)) {
            *out = LISTS[i].list;
            return 0;
        }
    return -1;
}

static const char *const CONCLUSIONS[][2] = {
    {"qualified", "合格"}, {"unqualified", "不合格"}, {"requalified", "复检合格"}};

/* Device states and their names live in the device workflow table; "" for anything
 * that is not one of them. */
const char *eq_state_label(const char *state)
{
    const char *label = state ? workflow_label(&WF_EQUIPMENT, state) : "";
    return label == state ? "" : label;
}

const char *eq_conclusion_label(const char *conclusion)
{
    for (size_t i = 0; i < 3; i++)
        if (conclusion && !strcmp(conclusion, CONCLUSIONS[i][0]))
            return CONCLUSIONS[i][1];
    return "";
}

/* ---- sorting ------------------------------------------------------------------------ */

/* A sort key's SQL expression and the type its cursor value is cast to. The due lists
 * sort on the bare column (never NULL there), which is what their indexes hold.
 * column: a column of the page whose text is the key's text as it is (libpq reads a NULL
 * as "", as coalesce(x, '') gives it), so the cursor is read from it and the statement
 * sends no sort_key (21 values fewer to convert and read); NULL: no such column (a NULL
 * date sorts as ±infinity). */
struct sort_expr {
    const char *name, *expr, *type, *column;
};
static const struct sort_expr SORT_EXPR[] = {
    {"id", "e.id", "bigint", "id"},
    {"next", "coalesce(e.next_inspection_date, 'infinity'::date)", "date", NULL},
    {"last", "coalesce(e.last_inspection_date, '-infinity'::date)", "date", NULL},
    {"reg_code", "coalesce(e.reg_code, '')", "text", "reg_code"},
    {"name", "e.name", "text", "name"},
    {"category", "e.category", "text", "category"},
    {"address", "coalesce(e.address, '')", "text", "address"},
    {"state", "e.state", "text", "state"},
};

static const struct eq_sort SORTS_ALL[] = {{"id", "登记顺序"}, {NULL, NULL}};
static const struct eq_sort SORTS_DUE[] = {
    {"next", "下次检验日期"}, {"reg_code", "注册代码"}, {"name", "设备名称"},
    {"category", "设备类别"}, {"address", "使用地点"}, {NULL, NULL}};
static const struct eq_sort SORTS_UNQUALIFIED[] = {
    {"last", "检验日期"}, {"reg_code", "注册代码"}, {"name", "设备名称"},
    {"category", "设备类别"}, {"next", "下次检验日期"}, {NULL, NULL}};
static const struct eq_sort SORTS_IDLE[] = {
    {"id", "登记顺序"}, {"state", "状态"}, {"reg_code", "注册代码"}, {"name", "设备名称"},
    {"category", "设备类别"}, {NULL, NULL}};

const struct eq_sort *eq_sorts(enum eq_list list)
{
    switch (list) {
    case EQ_OVERDUE:
    case EQ_DUE_SOON: return SORTS_DUE;
    case EQ_UNQUALIFIED: return SORTS_UNQUALIFIED;
    case EQ_NOT_IN_USE: return SORTS_IDLE;
    default: return SORTS_ALL;
    }
}

/* The list's sort key as given if it offers it, else its default. */
static const struct sort_expr *sort_of(const struct eq_filter *f)
{
    const struct eq_sort *s = eq_sorts(f->list);
    const char *name = s[0].name;

    for (int i = 0; s[i].name; i++)
        if (!strcmp(s[i].name, f->sort))
            name = s[i].name;
    for (size_t i = 0; i < sizeof SORT_EXPR / sizeof SORT_EXPR[0]; i++)
        if (!strcmp(SORT_EXPR[i].name, name)) {
            if (!strcmp(name, "next") && (f->list == EQ_OVERDUE || f->list == EQ_DUE_SOON)) {
                /* Both lists' rows have a next date: no NULL to sort, and the column is the key. */
                static const struct sort_expr bare = {"next", "e.next_inspection_date", "date",
                                                      "next_inspection_date"};
                return &bare;
            }
            return &SORT_EXPR[i];
        }
    return &SORT_EXPR[0];
}

/* ---- parsing ------------------------------------------------------------------------ */

static int only_chars(const char *s, const char *allowed)
{
    return s[strspn(s, allowed)] == '\0';
}

static void add_err(char err[][96], int nerr, int *n, const char *label, const char *why)
{
    if (*n < nerr)
        snprintf(err[*n], 96, "%s：%s", label, why);
    (*n)++;
}

/* Copies a trimmed value into out (cap bytes); 1 if a non-empty value fits, 0 if empty,
 * -1 if too long. */
static int take(const char *in, char *out, size_t cap)
{
    size_t len;
    out[0] = '\0';
    if (!in)
        return 0;
    while (*in == ' ' || *in == '\t')
        in++;
    len = strlen(in);
    while (len && (in[len - 1] == ' ' || in[len - 1] == '\t'))
        len--;
    if (!len)
        return 0;
    if (len >= cap)
        return -1;
    memcpy(out, in, len);
    out[len] = '\0';
    return 1;
}

static int valid_date(const char *s)
{
    int y, m, d;
    const char *msg;
    return v_date(s, &y, &m, &d, &msg) == 0;
}

int eq_filter_parse(eq_getter get, void *ctx, struct eq_filter *f, char err[][96], int nerr)
{
    int n = 0, t;
    const char *v;

    memset(f, 0, sizeof *f);
    f->window_days = EQ_DEFAULT_WINDOW;
    if (eq_list_parse(get(ctx, "list"), &f->list))
        f->list = EQ_ALL;
    if ((v = get(ctx, "window")) && *v) {
        int w = atoi(v);
        if (!only_chars(v, "0123456789") || w < 1 || w > 366)
            add_err(err, nerr, &n, "到期天数", "应为 1 至 366 之间的整数，已按 30 天查询");
        else
            f->window_days = w;
    }
#define TEXT(field, label, check, why)                                                        \
    do {                                                                                       \
        t = take(get(ctx, #field), f->field, sizeof f->field);                                 \
        if (t < 0 || (t > 0 && !(check))) {                                                    \
            add_err(err, nerr, &n, label, t < 0 ? "内容过长，已忽略" : why);                    \
            f->field[0] = '\0';                                                                \
        }                                                                                      \
    } while (0)
    TEXT(category, "设备类别", only_chars(f->category, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
                                   strlen(f->category) == 4,
         "应为 4 位目录代码，已忽略");
    TEXT(reg_code, "注册代码", only_chars(f->reg_code, "0123456789"), "只能是数字（可只填前几位），已忽略");
    TEXT(equipment_code, "设备代码", only_chars(f->equipment_code, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
         "只能是数字和大写字母，已忽略");
    TEXT(factory_no, "出厂编号", 1, "");
    TEXT(district, "所在区县", only_chars(f->district, "0123456789") && strlen(f->district) == 6,
         "应为 6 位行政区划代码，已忽略");
    TEXT(state, "设备状态", *eq_state_label(f->state), "不是可选的状态，已忽略");
    TEXT(address, "使用地点", 1, "");
    TEXT(due_from, "下次检验日期起", valid_date(f->due_from), "日期格式应为 2026-01-31，已忽略");
    TEXT(due_to, "下次检验日期止", valid_date(f->due_to), "日期格式应为 2026-01-31，已忽略");
    TEXT(conclusion, "最近检验结论", *eq_conclusion_label(f->conclusion), "不是可选的结论，已忽略");
    TEXT(maint, "维保单位", 1, "");
#undef TEXT
    if (f->due_from[0] && f->due_to[0] && strcmp(f->due_from, f->due_to) > 0)
        add_err(err, nerr, &n, "下次检验日期", "起始日期晚于截止日期，将查不到设备");
    if ((v = get(ctx, "sort")))
        take(v, f->sort, sizeof f->sort);
    f->desc = (v = get(ctx, "dir")) && !strcmp(v, "desc");
    return n;
}

/* Where each of EQ_FIELDS lives in a filter, in EQ_FIELDS' order: the filter loops run
 * per request, and a name looked up by strcmp among eleven cost more than the loop. */
static const size_t FIELD_OFFSET[] = {
    offsetof(struct eq_filter, category),   offsetof(struct eq_filter, reg_code),
    offsetof(struct eq_filter, equipment_code), offsetof(struct eq_filter, factory_no),
    offsetof(struct eq_filter, district),   offsetof(struct eq_filter, state),
    offsetof(struct eq_filter, address),    offsetof(struct eq_filter, due_from),
    offsetof(struct eq_filter, due_to),     offsetof(struct eq_filter, conclusion),
    offsetof(struct eq_filter, maint),
};
_Static_assert(sizeof FIELD_OFFSET / sizeof FIELD_OFFSET[0] + 1 == sizeof EQ_FIELDS / sizeof EQ_FIELDS[0],
               "one offset per filter field");

/* EQ_FIELDS[i]'s value in f. */
static char *field_at(struct eq_filter *f, int i)
{
    return (char *)f + FIELD_OFFSET[i];
}

static const char *field_value_at(const struct eq_filter *f, int i)
{
    return field_at((struct eq_filter *)f, i);
}

int eq_filter_count(const struct eq_filter *f)
{
    int n = 0;
    for (int i = 0; EQ_FIELDS[i].name; i++)
        n += *field_value_at(f, i) != '\0';
    return n;
}

void eq_url_add(char *out, size_t cap, const char *name, const char *value)
{
    /* What cgi_url_escape leaves as it is, among what list and sort names, ids, codes and
     * ISO dates hold (util/neo_str.c escapes below 32, above 122 and "$&+,/:;=?@
     * \"<>#%{}|\\^~[]`'"). */
    static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.";
    size_t o = strlen(out), nn = strlen(name), vn;
    const char *v = value;
    char *esc = NULL;

    if (value[strspn(value, plain)] != '\0') {
        if (cgi_url_escape(value, &esc) != STATUS_OK || !esc)
            return; /* cgi_url_escape only fails without memory: the link loses a filter */
        v = esc;
    }
    vn = strlen(v);
    if (o + 1 + nn + 1 + vn < cap) { /* else left as it was: a cut URL is a wrong one */
        if (o)
            out[o++] = '&';
        memcpy(out + o, name, nn);
        o += nn;
        out[o++] = '=';
        memcpy(out + o, v, vn + 1);
    }
    free(esc);
}

void eq_filter_query(const struct eq_filter *f, char *out, size_t cap)
{
    char w[24];

    out[0] = '\0';
    eq_url_add(out, cap, "list", eq_list_name(f->list));
    if (f->list == EQ_DUE_SOON && f->window_days != EQ_DEFAULT_WINDOW) {
        long_str(f->window_days, w);
        eq_url_add(out, cap, "window", w);
    }
    for (int i = 0; EQ_FIELDS[i].name; i++)
        if (*field_value_at(f, i))
            eq_url_add(out, cap, EQ_FIELDS[i].name, field_value_at(f, i));
}

/* ---- scope -------------------------------------------------------------------------- */

/* The districts below a bureau's district are reference data (migration 0002, like the
 * filter choices cgi/equipment.c keeps): a worker asks once per district and keeps the
 * answer, so a bureau's list makes no round trip for its scope. */
#define SCOPES_KEPT 16
static struct {
    char root[7];
    int n;
    char districts[EQ_MAX_DISTRICTS][7];
} scopes[SCOPES_KEPT];
static int nscopes;

static int districts_of(const struct user *u, struct eq_scope *s)
{
    char org[24];
    const char *v[1] = {org};
    PGresult *res;
    int k;

    for (k = 0; k < nscopes && u->bureau_district[0]; k++)
        if (!strcmp(scopes[k].root, u->bureau_district)) {
            s->ndistricts = scopes[k].n;
            memcpy(s->districts, scopes[k].districts, sizeof s->districts);
            return 0;
        }
    if (u->bureau_district[0]) {
        v[0] = u->bureau_district;
        res = db_exec("SELECT d FROM district_within($1) d ORDER BY d", 1, v);
    } else { /* a user not loaded by a session (bench/explain.c): by the bureau's row */
        snprintf(org, sizeof org, "%ld", u->org_id);
        res = db_exec("SELECT d FROM org o CROSS JOIN LATERAL district_within(o.district) d"
                      " WHERE o.id = $1 AND o.kind = 'bureau' ORDER BY d",
                      1, v);
    }
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res) && s->ndistricts < EQ_MAX_DISTRICTS; i++)
        snprintf(s->districts[s->ndistricts++], 7, "%s", PQgetvalue(res, i, 0));
    PQclear(res);
    if (u->bureau_district[0]) {
        if (nscopes == SCOPES_KEPT) /* more bureaus than a worker meets: replace the last */
            nscopes--;
        snprintf(scopes[nscopes].root, sizeof scopes[0].root, "%s", u->bureau_district);
        scopes[nscopes].n = s->ndistricts;
        memcpy(scopes[nscopes++].districts, s->districts, sizeof s->districts);
    }
    return 0;
}

int eq_scope_of(const struct user *u, struct eq_scope *s)
{
    memset(s, 0, sizeof *s);
    s->org_id = u->org_id;
    s->account_id = u->id;
    if (u->roles & ROLE_ENT_MAIN) {
        s->kind = SCOPE_UNIT;
        /* Not known (a user not loaded by a session): every branch, as before. */
        s->builds = !(u->org_types & ORG_TYPES_KNOWN) || (u->org_types & ORG_TYPES_CONSTRUCTION);
        s->makes = !(u->org_types & ORG_TYPES_KNOWN) || (u->org_types & ORG_TYPES_MANUFACTURE);
    }
    else if (u->roles & ROLE_ENT_SUB)
        s->kind = SCOPE_SUB;
    else if (u->roles & ROLE_BUREAU) {
        s->kind = SCOPE_DISTRICTS;
        return districts_of(u, s);
    } else
        s->kind = SCOPE_NONE;
    return 0;
}

/* The catalogue's names by code, kept per worker like the districts above (reference
 * data loaded by migrations): the list statement sends the code and joins nothing. */
static struct {
    char code[5];
    char *name;
} *catalogue_names;
static int ncatalogue_names;

static int catalogue_load(void)
{
    PGresult *res = db_exec("SELECT code, name FROM catalogue ORDER BY code COLLATE \"C\"", 0, NULL);
    int n, rc = -1;

    if (!res)
        return -1;
    n = PQntuples(res);
    if ((catalogue_names = calloc((size_t)(n ? n : 1), sizeof *catalogue_names)) == NULL)
        goto out;
    for (int i = 0; i < n; i++) {
        snprintf(catalogue_names[i].code, sizeof catalogue_names[i].code, "%s", PQgetvalue(res, i, 0));
        if ((catalogue_names[i].name = strdup(PQgetvalue(res, i, 1))) == NULL) {
            ncatalogue_names = i;
            goto out;
        }
    }
    ncatalogue_names = n;
    rc = 0;
out:
    PQclear(res);
    return rc;
}

const char *eq_category_name(const char *code)
{
    int lo = 0, hi;

    if (!catalogue_names && catalogue_load())
        return NULL;
    hi = ncatalogue_names - 1;
    while (lo <= hi) { /* sorted by the database in C collation, as strcmp */
        int mid = (lo + hi) / 2, c = strcmp(catalogue_names[mid].code, code);
        if (c == 0)
            return catalogue_names[mid].name;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return "";
}

/* ---- building ----------------------------------------------------------------------- */

struct sb {
    char *s;
    size_t len, cap;
    int oom;
};

/* Room for need more bytes and a NUL; 0, or -1 (b->oom) when out of memory. */
static int sb_reserve(struct sb *b, size_t need)
{
    if (!b->s || b->len + need >= b->cap) {
        size_t cap = (b->cap ? b->cap : 1024);
        while (cap <= b->len + need)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->oom = 1;
            return -1;
        }
        b->s = s;
        b->cap = cap;
    }
    return 0;
}

static void sb_add(struct sb *b, const char *fmt, ...)
{
    va_list ap;
    int need;

    if (b->oom)
        return;
    /* Most pieces are fixed text: copied, not formatted (a statement is built per
     * request, from forty-odd pieces). */
    if (!strchr(fmt, '%')) {
        size_t n = strlen(fmt);
        if (sb_reserve(b, n) == 0) {
            memcpy(b->s + b->len, fmt, n + 1);
            b->len += n;
        }
        return;
    }
    va_start(ap, fmt);
    need = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
    va_end(ap);
    if (need < 0) {
        b->oom = 1;
        return;
    }
    if (!b->s || b->len + (size_t)need >= b->cap) {
        if (sb_reserve(b, (size_t)need))
            return;
        va_start(ap, fmt);
        vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)need;
}

/* Adds a parameter, returns its number ($n). */
static int param(struct eq_sql *q, const char *value)
{
    if (q->nparams >= EQ_MAX_PARAMS)
        return 0;
    q->params[q->nparams] = value;
    return ++q->nparams;
}

static int param_long(struct eq_sql *q, long v)
{
    if (q->nparams >= EQ_MAX_PARAMS)
        return 0;
    snprintf(q->buf[q->nparams], sizeof q->buf[0], "%ld", v);
    return param(q, q->buf[q->nparams]);
}

/* A LIKE pattern with %, _ and backslash taken literally. */
static void like_pattern(const char *in, char *out, size_t cap, int leading)
{
    size_t o = 0;
    if (leading && o + 1 < cap)
        out[o++] = '%';
    for (; *in && o + 3 < cap; in++) {
        if (*in == '%' || *in == '_' || *in == '\\')
            out[o++] = '\\';
        out[o++] = *in;
    }
    out[o++] = '%';
    out[o] = '\0';
}

/* The filters other than the category, each one condition on one parameter. */
enum { MATCH_EXACT, MATCH_PREFIX, MATCH_CONTAINS };
#define FIELD(name) offsetof(struct eq_filter, name)
static const struct {
    size_t field; /* the filter's member */
    const char *sql;
    int match;
} CONDS[] = {
    {FIELD(reg_code), " AND e.reg_code LIKE $%d", MATCH_PREFIX},
    {FIELD(equipment_code), " AND e.equipment_code = $%d", MATCH_EXACT},
    {FIELD(factory_no), " AND e.factory_no = $%d", MATCH_EXACT},
    {FIELD(district), " AND e.district = $%d", MATCH_EXACT},
    {FIELD(state), " AND e.state = $%d", MATCH_EXACT},
    {FIELD(address), " AND e.address LIKE $%d", MATCH_CONTAINS},
    {FIELD(due_from), " AND e.next_inspection_date >= $%d::date", MATCH_EXACT},
    {FIELD(due_to), " AND e.next_inspection_date <= $%d::date", MATCH_EXACT},
    {FIELD(conclusion), " AND e.last_conclusion = $%d", MATCH_EXACT},
    {FIELD(maint), " AND e.maintenance_org_id IN (SELECT id FROM org WHERE name LIKE $%d)", MATCH_CONTAINS},
};
#undef FIELD

/* The WHERE conditions every branch shares: the list's own and the filters. */
static void conditions(struct sb *w, struct eq_sql *q)
{
    const struct eq_filter *f = &q->f;

    switch (f->list) {
    case EQ_OVERDUE:
        sb_add(w, " AND e.state = 'in_use' AND e.next_inspection_date < current_date");
        break;
    case EQ_DUE_SOON:
        sb_add(w, " AND e.state = 'in_use' AND e.next_inspection_date >= current_date"
                  " AND e.next_inspection_date <= current_date + $%d::int",
               param_long(q, f->window_days));
        break;
    case EQ_UNQUALIFIED: sb_add(w, " AND e.last_conclusion = 'unqualified'"); break;
    case EQ_NOT_IN_USE: sb_add(w, " AND e.state <> 'in_use'"); break;
    default: break;
    }
    if (f->category[0]) {
        size_t len = strlen(f->category);
        if (!strcmp(f->category + 1, "000"))
            sb_add(w, " AND left(e.category, 1) = left($%d, 1)", param(q, f->category));
        else if (!strcmp(f->category + 2, "00"))
            sb_add(w, " AND left(e.category, 2) = left($%d, 2)", param(q, f->category));
        else if (len == 4)
            sb_add(w, " AND e.category = $%d", param(q, f->category));
    }
    for (size_t i = 0; i < sizeof CONDS / sizeof CONDS[0]; i++) {
        const char *v = (const char *)f + CONDS[i].field;
        if (!*v)
            continue;
        if (CONDS[i].match != MATCH_EXACT) {
            like_pattern(v, q->like[i], sizeof q->like[i], CONDS[i].match == MATCH_CONTAINS);
            v = q->like[i];
        }
        sb_add(w, CONDS[i].sql, param(q, v));
    }
}

/* The scope's branches as WHERE heads, each one index range; returns how many. */
static int branches(const struct eq_scope *s, const struct eq_filter *f, struct eq_sql *q,
                    char out[][256], int max)
{
    int n = 0, org;

    switch (s->kind) {
    case SCOPE_UNIT:
        org = param_long(q, s->org_id);
        snprintf(out[n++], 256, "e.use_org_id = $%d", org);
        /* The combined query also shows what the unit built or made (only a unit
         * registered as such can have any, migration 0012); the duty lists are the use
         * unit's. Later branches skip rows an earlier one has. */
        if (f->list == EQ_ALL && s->builds && n < max)
            snprintf(out[n++], 256, "e.construction_org_id = $%d AND e.use_org_id <> $%d", org, org);
        if (f->list == EQ_ALL && s->makes && n < max)
            snprintf(out[n++], 256,
                     "e.manufacture_org_id = $%d AND e.use_org_id <> $%d"
                     " AND e.construction_org_id IS DISTINCT FROM $%d",
                     org, org, org);
        break;
    case SCOPE_SUB:
        org = param_long(q, s->org_id);
        snprintf(out[n++], 256,
                 "e.id IN (SELECT equipment_id FROM account_equipment WHERE account_id = $%d)"
                 " AND $%d IN (e.use_org_id, e.construction_org_id, e.manufacture_org_id)",
                 param_long(q, s->account_id), org);
        break;
    case SCOPE_DISTRICTS:
        for (int i = 0; i < s->ndistricts && n < max; i++)
            snprintf(out[n++], 256, "e.district = $%d", param(q, s->districts[i]));
        break;
    default:
        break;
    }
    return n;
}

static int finish(struct sb *b, struct eq_sql *q)
{
    if (b->oom || q->nparams >= EQ_MAX_PARAMS) {
        free(b->s);
        b->s = NULL;
        q->sql = NULL;
        return -1;
    }
    q->sql = b->s;
    return 0;
}

/* A cursor key from a URL must cast to the sort key's type; one that would not (a link
 * edited by hand, or made for another sort) starts from the first page instead of
 * failing the statement. */
static int cursor_key_ok(const struct sort_expr *se, const char *key)
{
    if (!strcmp(se->type, "bigint"))
        return *key && only_chars(key, "0123456789") && strlen(key) < 19;
    if (!strcmp(se->type, "date"))
        return !strcmp(key, "infinity") || !strcmp(key, "-infinity") || valid_date(key);
    return 1;
}

static void count_select(struct sb *b, const struct eq_scope *s, const struct eq_filter *f, int cap,
                         struct eq_sql *q);

/* The columns a list's table may lack (EQ_COLS_LIST), in the statement's order. */
static const char *const LIST_OPTIONAL[] = {"address", "state", "last_conclusion", "last_inspection_date",
                                            "next_inspection_date"};

/* Whether a list's own columns (EQ_COLS_LIST) hold column: id, reg_code, name and
 * category always; the rest as its table shows them. */
static int list_has_column(enum eq_list list, const char *column)
{
    if (!strcmp(column, "address"))
        return list != EQ_UNQUALIFIED;
    if (!strcmp(column, "state"))
        return list == EQ_ALL || list == EQ_UNQUALIFIED || list == EQ_NOT_IN_USE;
    if (!strcmp(column, "last_conclusion"))
        return list == EQ_UNQUALIFIED;
    if (!strcmp(column, "last_inspection_date"))
        return list == EQ_UNQUALIFIED || list == EQ_NOT_IN_USE;
    if (!strcmp(column, "next_inspection_date"))
        return list != EQ_NOT_IN_USE;
    return !strcmp(column, "id") || !strcmp(column, "reg_code") || !strcmp(column, "name") ||
           !strcmp(column, "category");
}

/* total_cap > 0: the list's total (at most total_cap+1) rides along as list_total, so a
 * duty list's page and total are one round trip. */
static int build_page(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                      int limit, enum eq_columns cols, int total_cap, struct eq_sql *q)
{
    struct sb b = {0}, w = {0};
    char heads[EQ_MAX_DISTRICTS][256];
    const struct sort_expr *se = sort_of(f);
    /* Going backward reverses the order; the page is turned round afterwards. */
    int desc = f->desc ^ (c && c->backward);
    const char *dir = desc ? " DESC" : "", *cmp = desc ? "<" : ">", *joins;
    int lim, nb, key = 0, id = 0, rc, own_key;

    memset(q, 0, sizeof *q);
    q->f = *f;
    nb = branches(s, f, q, heads, EQ_MAX_DISTRICTS);
    conditions(&w, q);
    /* The limit is a number of ours, not input, and written into the text: with it as a
     * parameter the generic plan (which cannot see it) looked costlier than the custom
     * ones, so PostgreSQL planned the statement afresh on every page (2 ms of its CPU,
     * bench/RESULTS.md); with it in the text the workers' prepared statement keeps one
     * plan, the same plan. */
    lim = limit + 1;
    if (c && c->id > 0 && cursor_key_ok(se, c->key)) {
        key = param(q, c->key);
        id = param_long(q, c->id);
    }
    /* Dates as text (the connection's DateStyle is ISO, lib/db.c): to_char cost a third
     * of the list statement's time. The list's catalogue names come from the worker's
     * copy of the catalogue (eq_category_name); the export joins it. */
    if (cols == EQ_COLS_ALL) {
        sb_add(&b, "SELECT e.id, coalesce(e.reg_code, '') AS reg_code, coalesce(e.equipment_code, '') AS equipment_code,"
                   " e.name, e.category, c.name AS category_name, coalesce(e.model, '') AS model,"
                   " coalesce(e.factory_no, '') AS factory_no, coalesce(e.address, '') AS address,"
                   " coalesce(d.name, e.district) AS district_name, coalesce(m.name, '') AS maintenance_name,");
        sb_add(&b, " e.state, coalesce(e.last_conclusion, '') AS last_conclusion,"
                   " coalesce(e.last_inspection_date::text, '') AS last_inspection_date,"
                   " coalesce(e.next_inspection_date::text, '') AS next_inspection_date,"
                   " (e.state = 'in_use' AND e.next_inspection_date < current_date) AS overdue");
    } else {
        /* Only what the list's table shows (templates/equipment/list.cs: a column a
         * statement lacks reads as ""): each column is 21 values to convert and send,
         * and the unit's page 1 took ~13 µs less with the all-devices list's own. No
         * coalesce or ::text: libpq reads a NULL as "", and a date prints as ISO text
         * (the connection's DateStyle, lib/db.c) — a few µs more per page. */
        sb_add(&b, "SELECT e.id, e.reg_code, e.name, e.category");
        for (size_t i = 0; i < sizeof LIST_OPTIONAL / sizeof LIST_OPTIONAL[0]; i++)
            if (list_has_column(f->list, LIST_OPTIONAL[i]))
                sb_add(&b, ", e.%s", LIST_OPTIONAL[i]);
        if (f->list == EQ_ALL)
            sb_add(&b, ", (e.state = 'in_use' AND e.next_inspection_date < current_date) AS overdue");
    }
    if (f->list == EQ_OVERDUE)
        sb_add(&b, ", (current_date - e.next_inspection_date)::text AS days");
    else if (f->list == EQ_DUE_SOON)
        sb_add(&b, ", (e.next_inspection_date - current_date)::text AS days");
    else if (cols == EQ_COLS_ALL)
        sb_add(&b, ", '' AS days");
    /* The use unit's name: the list shows it to a bureau only (its own devices to a unit).
     * Kept on the device (migration 0014): no join. */
    if (cols == EQ_COLS_ALL || s->kind == SCOPE_DISTRICTS)
        sb_add(&b, ", e.use_org_name");
    if (total_cap > 0) {
        sb_add(&b, ", (");
        count_select(&b, s, f, total_cap, q);
        sb_add(&b, ") AS list_total");
    }
    own_key = se->column && (cols == EQ_COLS_ALL || list_has_column(f->list, se->column));
    q->key_column = own_key ? se->column : "sort_key";
    joins = cols == EQ_COLS_ALL ? " JOIN catalogue c ON c.code = e.category"
                                  " LEFT JOIN district d ON d.code = e.district"
                                  " LEFT JOIN org m ON m.id = e.maintenance_org_id"
                                : "";
    if (nb == 1) {
        /* One index range: the page straight from it, no merge and no second visit of
         * the rows (this shape is a third of the merged one's cost). */
        if (!own_key)
            sb_add(&b, ", (%s)::text AS sort_key", se->expr);
        sb_add(&b, " FROM equipment e%s WHERE %s%s", joins, heads[0], w.s ? w.s : "");
        if (key)
            sb_add(&b, " AND (%s, e.id) %s ($%d::%s, $%d::bigint)", se->expr, cmp, key, se->type, id);
        sb_add(&b, " ORDER BY %s%s, e.id%s LIMIT %d", se->expr, dir, dir, lim);
    } else {
        sb_add(&b, "%s FROM (", own_key ? "" : ", p.sk::text AS sort_key");
        if (nb == 0)
            sb_add(&b, "SELECT NULL::bigint AS id, NULL::%s AS sk WHERE false", se->type);
        for (int i = 0; i < nb; i++) {
            sb_add(&b, "%s(SELECT e.id, %s AS sk FROM equipment e WHERE %s%s", i ? " UNION ALL " : "",
                   se->expr, heads[i], w.s ? w.s : "");
            if (key)
                sb_add(&b, " AND (%s, e.id) %s ($%d::%s, $%d::bigint)", se->expr, cmp, key, se->type, id);
            sb_add(&b, " ORDER BY %s%s, e.id%s LIMIT %d)", se->expr, dir, dir, lim);
        }
        sb_add(&b, ") p JOIN equipment e ON e.id = p.id%s ORDER BY p.sk%s, p.id%s LIMIT %d", joins, dir, dir, lim);
    }
    rc = w.oom ? -1 : 0;
    free(w.s);
    if (rc || finish(&b, q)) {
        free(b.s);
        memset(q, 0, sizeof *q);
        return -1;
    }
    return 0;
}

int eq_build_page(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                  int limit, struct eq_sql *q)
{
    return build_page(s, f, c, limit, EQ_COLS_ALL, 0, q);
}

int eq_build_page_run(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                      int limit, enum eq_columns cols, int total_cap, struct eq_sql *q)
{
    return build_page(s, f, c, limit, cols, total_cap, q);
}

/* The overdue and soon-due totals of a unit or a bureau with no filter: a sum over the
 * due tally's dates (migration 0013) instead of a count of the devices. */
static int due_tally_counts(const struct eq_scope *s, const struct eq_filter *f)
{
    return (f->list == EQ_OVERDUE || f->list == EQ_DUE_SOON) && eq_filter_count(f) == 0 &&
           (s->kind == SCOPE_UNIT || (s->kind == SCOPE_DISTRICTS && s->ndistricts > 0));
}

static void due_tally_select(struct sb *b, const struct eq_scope *s, const struct eq_filter *f, int cap,
                             struct eq_sql *q)
{
    int first = s->kind == SCOPE_UNIT ? param_long(q, s->org_id) : param(q, s->districts[0]);

    for (int i = 1; s->kind == SCOPE_DISTRICTS && i < s->ndistricts; i++)
        param(q, s->districts[i]);
    sb_add(b, "SELECT least(coalesce(sum(t.n), 0), %d) ", cap + 1);
    if (s->kind == SCOPE_UNIT) {
        sb_add(b, "FROM equipment_due_tally_org t WHERE t.org_id = $%d", first);
    } else {
        sb_add(b, "FROM equipment_due_tally_district t WHERE t.district = ANY (ARRAY[");
        for (int i = 0; i < s->ndistricts; i++)
            sb_add(b, "%s$%d", i ? ", " : "", first + i);
        sb_add(b, "]::char(6)[])");
    }
    /* Overdue: the dates before today, the earliest of them folded into one row
     * (migration 0017). */
    if (f->list == EQ_OVERDUE)
        sb_add(b, " AND t.due < current_date");
    else
        sb_add(b, " AND t.due >= current_date AND t.due <= current_date + $%d::int", param_long(q, f->window_days));
}

/* Appends the SELECT counting the list's rows, stopping at cap+1, to b; its parameters
 * go into q (after any already there: the page statement carries it as a column). */
static void count_select(struct sb *b, const struct eq_scope *s, const struct eq_filter *f, int cap,
                         struct eq_sql *q)
{
    struct sb w = {0};
    char heads[EQ_MAX_DISTRICTS][256];
    int nb, lim = cap + 1; /* in the text, as the page's limit (build_page) */

    if (due_tally_counts(s, f)) {
        due_tally_select(b, s, f, cap, q);
        return;
    }
    nb = branches(s, f, q, heads, EQ_MAX_DISTRICTS);
    conditions(&w, q);
    sb_add(b, "SELECT least(count(*), %d) FROM (", lim);
    if (nb == 0)
        sb_add(b, "SELECT 1 WHERE false");
    for (int i = 0; i < nb; i++)
        sb_add(b, "%s(SELECT 1 FROM equipment e WHERE %s%s LIMIT %d)", i ? " UNION ALL " : "",
               heads[i], w.s ? w.s : "", lim);
    sb_add(b, ") x");
    if (w.oom)
        b->oom = 1;
    free(w.s);
}

int eq_build_count(const struct eq_scope *s, const struct eq_filter *f, int cap, struct eq_sql *q)
{
    struct sb b = {0};

    memset(q, 0, sizeof *q);
    q->f = *f;
    count_select(&b, s, f, cap, q);
    if (finish(&b, q)) {
        memset(q, 0, sizeof *q);
        return -1;
    }
    return 0;
}

/* ---- running ------------------------------------------------------------------------ */

int eq_page_run(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                int limit, enum eq_columns cols, int total_cap, struct eq_page *p)
{
    struct eq_sql q;

    memset(p, 0, sizeof *p);
    p->total = -1;
    if (build_page(s, f, c, limit, cols, total_cap, &q))
        return -1;
    return eq_page_run_built(&q, c, limit, total_cap, p);
}

int eq_page_run_built(struct eq_sql *q, const struct eq_cursor *c, int limit, int total_cap, struct eq_page *p)
{
    int n, total;

    memset(p, 0, sizeof *p);
    p->total = -1;
    p->rows = db_exec(q->sql, q->nparams, q->params);
    free(q->sql);
    q->sql = NULL;
    if (!p->rows)
        return -1;
    n = PQntuples(p->rows);
    p->nrows = n > limit ? limit : n;
    p->key_field = db_field(p->rows, q->key_column ? q->key_column : "sort_key");
    /* No row, no total: a page with nothing on it has nothing to count from here. */
    if (total_cap > 0 && (total = db_field(p->rows, "list_total")) >= 0)
        p->total = n > 0 ? atol(PQgetvalue(p->rows, 0, total)) : 0;
    p->backward = c && c->id > 0 && c->backward;
    if (p->backward) {
        p->has_prev = n > limit;
        p->has_next = 1;
    } else {
        p->has_prev = c && c->id > 0;
        p->has_next = n > limit;
    }
    return 0;
}

const char *eq_page_key(const struct eq_page *p, int row)
{
    return p->key_field >= 0 ? PQgetvalue(p->rows, row, p->key_field) : "";
}

int eq_page_row(const struct eq_page *p, int i)
{
    return p->backward ? p->nrows - 1 - i : i;
}

void eq_page_free(struct eq_page *p)
{
    PQclear(p->rows);
    p->rows = NULL;
}

long eq_count(const struct eq_scope *s, const struct eq_filter *f, int cap)
{
    struct eq_sql q;
    PGresult *res;
    long n = -1;

    if (eq_build_count(s, f, cap, &q))
        return -1;
    res = db_exec(q.sql, q.nparams, q.params);
    free(q.sql);
    if (res && PQntuples(res) == 1)
        n = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    return n;
}

int eq_relax(const struct eq_scope *s, const struct eq_filter *f, const char **names, int max)
{
    int n = 0;
    for (int i = 0; EQ_FIELDS[i].name && n < max; i++) {
        struct eq_filter without = *f;
        if (!*field_value_at(f, i))
            continue;
        field_at(&without, i)[0] = '\0';
        long found = eq_count(s, &without, 1);
        if (found < 0)
            return -1;
        if (found > 0)
            names[n++] = EQ_FIELDS[i].name;
    }
    return n;
}

int eq_build_overview(const struct eq_scope *s, struct eq_sql *q)
{
    struct sb b = {0};

    memset(q, 0, sizeof *q);
    switch (s->kind) {
    case SCOPE_UNIT:
        sb_add(&b, "SELECT k.code AS kind, k.name AS kind_name, t.state, sum(t.n)::bigint AS n"
                   " FROM equipment_tally_org t JOIN catalogue k ON k.code = left(t.category, 1) || '000'"
                   " WHERE t.org_id = $%d AND t.n <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 3",
               param_long(q, s->org_id));
        break;
    case SCOPE_DISTRICTS:
        /* One parameter per district, as the lists' branches have. */
        sb_add(&b, "SELECT k.code AS kind, k.name AS kind_name, t.state, sum(t.n)::bigint AS n"
                   " FROM equipment_tally_district t JOIN catalogue k ON k.code = left(t.category, 1) || '000'"
                   " WHERE t.district = ANY (ARRAY[");
        for (int i = 0; i < s->ndistricts; i++)
            sb_add(&b, "%s$%d", i ? ", " : "", param(q, s->districts[i]));
        sb_add(&b, "]::char(6)[]) AND t.n <> 0 GROUP BY 1, 2, 3 ORDER BY 1, 3");
        break;
    case SCOPE_SUB: {
        /* A sub-account holds a few devices: counted directly. */
        int acc = param_long(q, s->account_id), org = param_long(q, s->org_id);
        sb_add(&b, "SELECT k.code AS kind, k.name AS kind_name, e.state, count(*) AS n"
                   " FROM account_equipment ae JOIN equipment e ON e.id = ae.equipment_id"
                   " JOIN catalogue k ON k.code = left(e.category, 1) || '000'"
                   " WHERE ae.account_id = $%d"
                   " AND $%d::bigint IN (e.use_org_id, e.construction_org_id, e.manufacture_org_id)"
                   " GROUP BY 1, 2, 3 ORDER BY 1, 3",
               acc, org);
        break;
    }
    default:
        sb_add(&b, "SELECT ''::text AS kind, ''::text AS kind_name, ''::text AS state, 0::bigint AS n"
                   " WHERE false");
        break;
    }
    if (finish(&b, q)) {
        memset(q, 0, sizeof *q);
        return -1;
    }
    return 0;
}

PGresult *eq_overview(const struct eq_scope *s)
{
    struct eq_sql q;
    PGresult *res;

    if (eq_build_overview(s, &q))
        return NULL;
    res = db_exec(q.sql, q.nparams, q.params);
    free(q.sql);
    return res;
}

PGresult *eq_file(const struct eq_scope *s, long id)
{
    struct eq_sql q;
    struct eq_filter all = {.list = EQ_ALL};
    struct sb b = {0};
    char heads[EQ_MAX_DISTRICTS][256];
    PGresult *res = NULL;
    int nb, idp;

    memset(&q, 0, sizeof q);
    q.f = all;
    nb = branches(s, &q.f, &q, heads, EQ_MAX_DISTRICTS);
    idp = param_long(&q, id);
    sb_add(&b, "SELECT e.id, coalesce(e.reg_code, '') AS reg_code, coalesce(e.equipment_code, '') AS equipment_code,"
               " e.name, e.category, c.name AS category_name, coalesce(k.name, '') AS kind_name,"
               " coalesce(e.model, '') AS model, coalesce(e.maker, '') AS maker,"
               " coalesce(e.factory_no, '') AS factory_no,"
               " coalesce(to_char(e.manufacture_date, 'YYYY-MM-DD'), '') AS manufacture_date,"
               " coalesce(u.name, '') AS use_org_name, coalesce(u.credit_code, '') AS use_org_credit_code,"
               " coalesce(co.name, '') AS construction_name, coalesce(mo.name, '') AS manufacture_name,"
               " coalesce(m.name, '') AS maintenance_name, coalesce(e.address, '') AS address,"
               " e.district, coalesce(d.name, e.district) AS district_name,"
               " coalesce(e.internal_no, '') AS internal_no, e.state,"
               " coalesce(e.last_conclusion, '') AS last_conclusion,"
               " coalesce(to_char(e.last_inspection_date, 'YYYY-MM-DD'), '') AS last_inspection_date,"
               " coalesce(to_char(e.next_inspection_date, 'YYYY-MM-DD'), '') AS next_inspection_date,"
               " (e.state = 'in_use' AND e.next_inspection_date < current_date) AS overdue,"
               " coalesce(e.use_cert_no, '') AS use_cert_no, coalesce(e.safety_manager, '') AS safety_manager,"
               " coalesce(e.safety_phone, '') AS safety_phone, e.params::text AS params, e.version,"
               " (e.use_org_id = $%d) AS own_use"
               " FROM equipment e JOIN catalogue c ON c.code = e.category"
               " LEFT JOIN catalogue k ON k.code = left(e.category, 1) || '000'"
               " LEFT JOIN district d ON d.code = e.district"
               " LEFT JOIN org u ON u.id = e.use_org_id LEFT JOIN org co ON co.id = e.construction_org_id"
               " LEFT JOIN org mo ON mo.id = e.manufacture_org_id LEFT JOIN org m ON m.id = e.maintenance_org_id"
               " WHERE e.id = $%d AND (false",
           param_long(&q, s->org_id), idp);
    for (int i = 0; i < nb; i++)
        sb_add(&b, " OR (%s)", heads[i]);
    sb_add(&b, ")");
    if (b.oom || q.nparams >= EQ_MAX_PARAMS)
        goto out;
    res = db_exec(b.s, q.nparams, q.params);
out:
    free(b.s);
    return res;
}
