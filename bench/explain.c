/* explain.c — database time of the equipment lists, by EXPLAIN (ANALYZE, BUFFERS) of the
 * very statements lib/equipment_query.c builds, for three viewers: the scale enterprise
 * with the most devices (use unit), the district bureau of the district with the most
 * devices, and a city bureau (a city whose counties hold devices). For each list and
 * sort: page 1 and a later page (the keyset cursor walked forward, as cgi/equipment.c
 * does, to page 400 or the last page); the list's count (cap 10 000); the overview; some
 * combined-query filters, and the relax counts of a filter that finds nothing.
 *
 * Each statement: one warm-up, then 3 runs; the median is reported. Prints a Markdown
 * table; exits 1 when a page's median execution time is >= the limit (10 ms), 2 on error.
 * Counts, relax and overview are reported and flagged, never failed.
 *
 *   TEJIAN_DB=... explain [--limit-ms 10] [--all-sorts] [--plans FILE]
 *
 * --plans FILE writes the text plan (EXPLAIN ANALYZE, BUFFERS) of each flagged
 * statement, with its SQL and parameters, for the diagnosis. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "db.h"
#include "equipment.h"
#include "equipment_query.h"

#define RUNS 3
#define MAX_PAGE 400

enum kind { K_PAGE, K_COUNT, K_RELAX, K_OVERVIEW };

struct measure {
    double exec, plan;          /* medians, ms */
    long hit, read;             /* shared buffers of the median run */
    long rows;                  /* rows the top node returned */
};

static double limit_ms = 10.0;
static int all_sorts;
static FILE *plans;
static int page_failures, flagged;

/* ---- EXPLAIN ------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* One EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) run. 0 ok, -1 error. */
static int explain_once(const char *sql, int n, const char *const *params, struct measure *m)
{
    static const char prefix[] = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ";
    char *text = malloc(sizeof prefix + strlen(sql));
    PGresult *res;
    cJSON *doc = NULL;
    int rc = -1;

    if (!text)
        return -1;
    strcpy(text, prefix);
    strcat(text, sql);
    res = db_exec(text, n, params);
    free(text);
    if (!res || PQntuples(res) != 1)
        goto out;
    doc = cJSON_Parse(PQgetvalue(res, 0, 0));
    const cJSON *top = cJSON_GetArrayItem(doc, 0);
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(top, "Plan");
    if (!plan)
        goto out;
    m->exec = num(top, "Execution Time");
    m->plan = num(top, "Planning Time");
    m->hit = (long)num(plan, "Shared Hit Blocks");
    m->read = (long)num(plan, "Shared Read Blocks");
    m->rows = (long)num(plan, "Actual Rows");
    rc = 0;
out:
    cJSON_Delete(doc);
    PQclear(res);
    return rc;
}

/* The text plan of a flagged statement, for the diagnosis. */
static void write_plan(const char *label, const char *sql, int n, const char *const *params)
{
    static const char prefix[] = "EXPLAIN (ANALYZE, BUFFERS) ";
    char *text;
    PGresult *res;

    if (!plans || !(text = malloc(sizeof prefix + strlen(sql))))
        return;
    strcpy(text, prefix);
    strcat(text, sql);
    res = db_exec(text, n, params);
    free(text);
    fprintf(plans, "### %s\n\n```sql\n%s\n```\nparameters:", label, sql);
    for (int i = 0; i < n; i++)
        fprintf(plans, " $%d='%s'", i + 1, params[i]);
    fprintf(plans, "\n\n```\n");
    for (int i = 0; res && i < PQntuples(res); i++)
        fprintf(plans, "%s\n", PQgetvalue(res, i, 0));
    fprintf(plans, "```\n\n");
    PQclear(res);
}

/* Warm-up, then RUNS runs; medians into m. */
static int explain(const char *sql, int n, const char *const *params, struct measure *m)
{
    struct measure runs[RUNS];
    double e[RUNS], p[RUNS];

    if (explain_once(sql, n, params, &runs[0]))
        return -1;
    for (int i = 0; i < RUNS; i++) {
        if (explain_once(sql, n, params, &runs[i]))
            return -1;
        e[i] = runs[i].exec;
        p[i] = runs[i].plan;
    }
    qsort(e, RUNS, sizeof e[0], cmp_double);
    qsort(p, RUNS, sizeof p[0], cmp_double);
    *m = runs[RUNS - 1];
    for (int i = 0; i < RUNS; i++)
        if (runs[i].exec == e[RUNS / 2])
            *m = runs[i];
    m->exec = e[RUNS / 2];
    m->plan = p[RUNS / 2];
    return 0;
}

/* ---- the table ---------------------------------------------------------------------- */

static void row(const char *scope, const char *what, const char *list, const char *sort,
                const char *page, enum kind k, const struct measure *m, const char *sql, int n,
                const char *const *params)
{
    const char *flag = "";
    char label[256];

    if (m->exec >= limit_ms) {
        flag = k == K_PAGE ? "**FAIL**" : "slow (reported)";
        if (k == K_PAGE)
            page_failures++;
        flagged++;
        snprintf(label, sizeof label, "%s · %s · %s · %s · %s (%.1f ms)", scope, what, list, sort,
                 page, m->exec);
        if (sql)
            write_plan(label, sql, n, params);
    }
    printf("| %s | %s | %s | %s | %s | %ld | %.2f | %.2f | %ld / %ld | %s |\n", scope, what, list,
           sort, page, m->rows, m->exec, m->plan, m->hit, m->read, flag);
    fflush(stdout);
}

/* ---- scopes ------------------------------------------------------------------------- */

struct viewer {
    const char *label;        /* "unit", "district", "city" */
    char desc[256];
    struct eq_scope scope;
};

static long one_long(const char *sql, int n, const char *const *v)
{
    PGresult *res = db_exec(sql, n, v);
    long x = res && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? atol(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return x;
}

/* The scale unit with the most devices it uses, as its main account sees them. */
static int unit_viewer(struct viewer *w)
{
    PGresult *res = db_exec("SELECT t.org_id, o.name, sum(t.n) FROM equipment_tally_org t"
                            " JOIN org o ON o.id = t.org_id WHERE o.name LIKE '规模测试单位%'"
                            " GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1",
                            0, NULL);
    struct user u = {0};

    if (!res || PQntuples(res) != 1) {
        fprintf(stderr, "explain: no scale units (run tejianctl seed --scale 1000000)\n");
        PQclear(res);
        return -1;
    }
    u.org_id = atol(PQgetvalue(res, 0, 0));
    u.roles = ROLE_ENT_MAIN;
    snprintf(w->desc, sizeof w->desc, "unit: %s (org %ld), uses %s devices", PQgetvalue(res, 0, 1),
             u.org_id, PQgetvalue(res, 0, 2));
    PQclear(res);
    w->label = "unit";
    return eq_scope_of(&u, &w->scope);
}

/* The bureau of district code, created (org and a bureau account that cannot sign in)
 * when there is none. Returns its org id, -1 on error. */
static long bureau_of(const char *code)
{
    const char *v[1] = {code};
    long id = one_long("SELECT min(id) FROM org WHERE kind = 'bureau' AND district = $1", 1, v);

    if (id > 0)
        return id;
    if (db_begin())
        return -1;
    id = one_long("INSERT INTO org (kind, name, district, certified, state)"
                  " SELECT 'bureau', name || '市场监督管理局（基准）', code, true, 'active'"
                  " FROM district WHERE code = $1 RETURNING id",
                  1, v);
    char org[24];
    snprintf(org, sizeof org, "%ld", id);
    const char *a[2] = {org, code};
    /* The password hash is no scrypt string: password_verify finds it malformed. */
    if (id < 0 ||
        db_command("INSERT INTO account (org_id, login, password_hash, name, roles)"
                   " VALUES ($1, 'bench_bureau_' || $2, '!bench: no login', '基准测试', '{bureau}')"
                   " ON CONFLICT DO NOTHING",
                   2, a) ||
        db_commit()) {
        db_rollback();
        return -1;
    }
    fprintf(stderr, "explain: created bureau org %ld for district %s\n", id, code);
    return id;
}

/* A bureau viewer for the district (level 3) or city (level 2) with the most devices. */
static int bureau_viewer(struct viewer *w, int city)
{
    const char *sql = city
        ? "SELECT d.parent, p.name, sum(t.n) FROM equipment_tally_district t"
          " JOIN district d ON d.code = t.district JOIN district p ON p.code = d.parent"
          " WHERE p.level = 2 GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1"
        : "SELECT t.district, d.name, sum(t.n) FROM equipment_tally_district t"
          " JOIN district d ON d.code = t.district GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 1";
    PGresult *res = db_exec(sql, 0, NULL);
    struct user u = {0};
    char code[7];

    if (!res || PQntuples(res) != 1) {
        PQclear(res);
        return -1;
    }
    snprintf(code, sizeof code, "%s", PQgetvalue(res, 0, 0));
    if ((u.org_id = bureau_of(code)) < 0) {
        PQclear(res);
        return -1;
    }
    u.roles = ROLE_BUREAU;
    if (eq_scope_of(&u, &w->scope)) {
        PQclear(res);
        return -1;
    }
    w->label = city ? "city" : "district";
    snprintf(w->desc, sizeof w->desc, "%s: bureau org %ld of %s %s, %d district(s), %s devices",
             w->label, u.org_id, code, PQgetvalue(res, 0, 1), w->scope.ndistricts,
             PQgetvalue(res, 0, 2));
    PQclear(res);
    return 0;
}

/* ---- the measurements --------------------------------------------------------------- */

/* Walks forward from page 1 by the keyset cursor, as cgi/equipment.c's Next link does
 * (the last row shown: its sort key and id), to page max or the last page. *page gets
 * the page reached, c its cursor (id 0 for page 1). */
static int walk(const struct eq_scope *s, const struct eq_filter *f, int max, struct eq_cursor *c,
                int *page)
{
    struct eq_page p;

    memset(c, 0, sizeof *c);
    *page = 1;
    for (;;) {
        if (eq_page_run(s, f, c, EQUIPMENT_PAGE, EQ_COLS_ALL, 0, &p))
            return -1;
        if (!p.has_next || *page >= max || p.nrows == 0) {
            eq_page_free(&p);
            return 0;
        }
        int last = eq_page_row(&p, p.nrows - 1);
        snprintf(c->key, sizeof c->key, "%s", eq_page_key(&p, last));
        c->id = atol(PQgetvalue(p.rows, last, 0));
        c->backward = 0;
        eq_page_free(&p);
        (*page)++;
    }
}

static int page_stmt(const struct viewer *w, const char *what, const struct eq_filter *f,
                     const struct eq_cursor *c, const char *page)
{
    struct eq_sql q;
    struct measure m;

    if (eq_build_page(&w->scope, f, c, EQUIPMENT_PAGE, &q) || explain(q.sql, q.nparams, q.params, &m)) {
        free(q.sql);
        return -1;
    }
    row(w->label, what, eq_list_name(f->list), f->sort[0] ? f->sort : eq_sorts(f->list)[0].name, page,
        K_PAGE, &m, q.sql, q.nparams, q.params);
    free(q.sql);
    return 0;
}

/* Page 1 and the later page of one list/sort/filter. */
static int pages(const struct viewer *w, const char *what, const struct eq_filter *f)
{
    struct eq_cursor c;
    char label[32];
    int page;

    if (page_stmt(w, what, f, NULL, "1"))
        return -1;
    if (walk(&w->scope, f, MAX_PAGE, &c, &page))
        return -1;
    if (page == 1)
        return 0;   /* one page only: nothing later */
    snprintf(label, sizeof label, "%d%s", page, page < MAX_PAGE ? " (last)" : "");
    return page_stmt(w, what, f, &c, label);
}

static int count_stmt(const struct viewer *w, const char *what, const struct eq_filter *f, int cap,
                      enum kind k, struct measure *out)
{
    struct eq_sql q;
    struct measure m;

    if (eq_build_count(&w->scope, f, cap, &q) || explain(q.sql, q.nparams, q.params, &m)) {
        free(q.sql);
        return -1;
    }
    if (out)
        *out = m;
    else
        row(w->label, what, eq_list_name(f->list), "—", "—", k, &m, q.sql, q.nparams, q.params);
    free(q.sql);
    return 0;
}

static int overview_stmt(const struct viewer *w)
{
    struct eq_sql q;
    struct measure m;

    if (eq_build_overview(&w->scope, &q) || explain(q.sql, q.nparams, q.params, &m)) {
        free(q.sql);
        return -1;
    }
    row(w->label, "overview", "—", "—", "—", K_OVERVIEW, &m, q.sql, q.nparams, q.params);
    free(q.sql);
    return 0;
}

/* eq_relax: one count (cap 1) per filter set, with that filter dropped; the sum. */
static int relax_stmts(const struct viewer *w, const char *what, const struct eq_filter *f)
{
    static const char *const drops[] = {"category", "state", "address", "conclusion"};
    struct measure sum = {0}, m;
    struct eq_filter without;
    int n = 0;

    for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++) {
        without = *f;
        char *field = !strcmp(drops[i], "category") ? without.category
                      : !strcmp(drops[i], "state")  ? without.state
                      : !strcmp(drops[i], "address") ? without.address
                                                     : without.conclusion;
        if (!*field)
            continue;
        *field = '\0';
        if (count_stmt(w, what, &without, 1, K_RELAX, &m))
            return -1;
        fprintf(stderr, "explain: %s relax without %s: %.2f ms\n", w->label, drops[i], m.exec);
        sum.exec += m.exec;
        sum.plan += m.plan;
        sum.hit += m.hit;
        sum.read += m.read;
        sum.rows += m.rows;
        n++;
    }
    char label[96];
    snprintf(label, sizeof label, "%s: relax, sum of %d counts", what, n);
    row(w->label, label, "all", "—", "—", K_RELAX, &sum, NULL, 0, NULL);
    return 0;
}

static int measure_viewer(const struct viewer *w)
{
    static const enum eq_list lists[] = {EQ_ALL, EQ_OVERDUE, EQ_DUE_SOON, EQ_UNQUALIFIED, EQ_NOT_IN_USE};
    struct eq_filter f;

    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const struct eq_sort *sorts = eq_sorts(lists[l]);

        for (int s = 0; sorts[s].name; s++) {
            if (s > 1 && !all_sorts)
                break;
            memset(&f, 0, sizeof f);
            f.list = lists[l];
            f.window_days = EQ_DEFAULT_WINDOW;
            if (s > 0)
                snprintf(f.sort, sizeof f.sort, "%s", sorts[s].name);
            if (pages(w, "page", &f))
                return -1;
        }
        memset(&f, 0, sizeof f);
        f.list = lists[l];
        f.window_days = EQ_DEFAULT_WINDOW;
        if (count_stmt(w, "count (cap 10000)", &f, 10000, K_COUNT, NULL))
            return -1;
    }
    if (overview_stmt(w))
        return -1;

    /* The combined query with filters. */
    memset(&f, 0, sizeof f);
    f.list = EQ_ALL;
    f.window_days = EQ_DEFAULT_WINDOW;
    strcpy(f.category, "3000");
    strcpy(f.state, "in_use");
    if (pages(w, "filter: category 3000 + in_use", &f))
        return -1;
    memset(&f, 0, sizeof f);
    f.list = EQ_ALL;
    f.window_days = EQ_DEFAULT_WINDOW;
    strcpy(f.address, "路");
    if (pages(w, "filter: address contains 路", &f))
        return -1;
    strcpy(f.address, "中山");
    if (pages(w, "filter: address contains 中山", &f))
        return -1;
    memset(&f, 0, sizeof f);
    f.list = EQ_ALL;
    f.window_days = EQ_DEFAULT_WINDOW;
    strcpy(f.category, "3000");
    strcpy(f.state, "stopped");
    strcpy(f.address, "不存在的地址");
    if (pages(w, "filter: nothing (3000 + stopped + address)", &f) ||
        relax_stmts(w, "filter: nothing", &f))
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *conninfo = getenv("TEJIAN_DB");
    struct viewer w[3];

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--limit-ms") && i + 1 < argc)
            limit_ms = atof(argv[++i]);
        else if (!strcmp(argv[i], "--all-sorts"))
            all_sorts = 1;
        else if (!strcmp(argv[i], "--plans") && i + 1 < argc) {
            if (!(plans = fopen(argv[++i], "w"))) {
                perror(argv[i]);
                return 2;
            }
        } else {
            fprintf(stderr, "usage: TEJIAN_DB=... explain [--limit-ms 10] [--all-sorts] [--plans FILE]\n");
            return 2;
        }
    }
    if (!conninfo || db_open(conninfo)) {
        fprintf(stderr, "explain: set TEJIAN_DB to a reachable database\n");
        return 2;
    }
    long devices = one_long("SELECT sum(n) FROM equipment_tally_org", 0, NULL);
    if (unit_viewer(&w[0]) || bureau_viewer(&w[1], 0) || bureau_viewer(&w[2], 1)) {
        fprintf(stderr, "explain: could not set up the viewers\n");
        return 2;
    }
    printf("Devices: %ld. Page size %d; later page = page %d or the last page, reached by the\n"
           "keyset cursor. Times are medians of %d EXPLAIN ANALYZE runs after a warm-up, in ms;\n"
           "buffers are shared hit / read (8 kB).\n\n",
           devices, EQUIPMENT_PAGE, MAX_PAGE, RUNS);
    for (int i = 0; i < 3; i++)
        printf("- %s\n", w[i].desc);
    printf("\n| scope | statement | list | sort | page | rows | exec ms | plan ms | buffers hit / read | flag |\n"
           "|---|---|---|---|---|---:|---:|---:|---:|---|\n");
    for (int i = 0; i < 3; i++)
        if (measure_viewer(&w[i])) {
            fprintf(stderr, "explain: a statement failed (see above)\n");
            return 2;
        }
    printf("\n%d page statement(s) at or over %.0f ms; %d statement(s) flagged in all.\n",
           page_failures, limit_ms, flagged);
    if (plans)
        fclose(plans);
    db_close();
    return page_failures ? 1 : 0;
}
