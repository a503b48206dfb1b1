/* equipment.c — /equipment: my equipment and the combined query, the four duty lists
 * (overdue, soon due, unqualified, not in use), the overview and a device's file. A
 * non-certified account finds a device by exact code only. */
#include <ClearSilver.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "equipment.h"
#include "db.h"
#include "equipment_query.h"
#include "inspection_pages.h"
#include "options.h"
#include "render.h"
#include "routes.h"
#include "subaccount.h"
#include "svgchart.h"
#include "util.h"
#include "xlsx.h"

static const char *get_param(void *r, const char *name)
{
    return req_param(r, name);
}

/* The list's rows as templates/equipment/list.cs reads them, cell(i, "name") (render.h):
 * read from the page's result where they are, labels looked up as they are printed.
 * LIST_SOURCES[c] is the statement's column behind LIST_COLUMNS[c] (a list's statement
 * may lack some: "" then). */
enum {
    LC_ID, LC_REG_CODE, LC_NAME, LC_CATEGORY_NAME, LC_USE_ORG_NAME, LC_ADDRESS, LC_STATE, LC_STATE_LABEL,
    LC_LAST_INSPECTION_DATE, LC_CONCLUSION_LABEL, LC_NEXT_INSPECTION_DATE, LC_DAYS, LC_OVERDUE, LC_COUNT
};
static const char *const LIST_COLUMNS[LC_COUNT + 1] = {
    "id", "reg_code", "name", "category_name", "use_org_name", "address", "state", "state_label",
    "last_inspection_date", "conclusion_label", "next_inspection_date", "days", "overdue", NULL};
static const char *const LIST_SOURCES[LC_COUNT] = {
    "id", "reg_code", "name", "category", "use_org_name", "address", "state", "state",
    "last_inspection_date", "last_conclusion", "next_inspection_date", "days", "overdue"};

struct list_table {
    struct render_table t;
    struct eq_page p;
    int source[LC_COUNT];
};

static const char *list_value(const void *ctx, int i, int c)
{
    const struct list_table *lt = ctx;
    const char *v;

    if (lt->source[c] < 0)
        return "";
    v = PQgetvalue(lt->p.rows, eq_page_row(&lt->p, i), lt->source[c]);
    switch (c) {
    case LC_CATEGORY_NAME: return eq_category_name(v); /* loaded before: list_table_take */
    case LC_STATE_LABEL: return eq_state_label(v);
    case LC_CONCLUSION_LABEL: return eq_conclusion_label(v);
    case LC_OVERDUE: return *v == 't' ? "1" : "";
    default: return v;
    }
}

static void list_table_free(void *owner)
{
    struct list_table *lt = owner;

    eq_page_free(&lt->p);
    free(lt);
}

/* Hands the page's rows to the request for the template (p is emptied). 0 or -1. */
static int list_table_take(struct req *r, struct eq_page *p)
{
    struct list_table *lt;

    if (!eq_category_name("")) /* the catalogue copy: loaded now, or the page fails now */
        return -1;
    if ((lt = calloc(1, sizeof *lt)) == NULL)
        return -1;
    lt->p = *p;
    p->rows = NULL;
    for (int c = 0; c < LC_COUNT; c++)
        lt->source[c] = db_field(lt->p.rows, LIST_SOURCES[c]);
    lt->t.nrows = lt->p.nrows;
    lt->t.columns = LIST_COLUMNS;
    lt->t.value = list_value;
    lt->t.ctx = lt;
    req_table(r, &lt->t, lt, list_table_free);
    return req_set_int(r, "List.Rows", lt->p.nrows);
}

/* The URL continuing from row (its sort key and id as the cursor) into name. */
static void cursor_link(struct req *r, const struct eq_page *p, int row, const char *base,
                        const char *key_param, const char *id_param, const char *name)
{
    char url[2048];
    str_copy(url, sizeof url, base);
    eq_url_add(url, sizeof url, key_param, eq_page_key(p, row));
    eq_url_add(url, sizeof url, id_param, PQgetvalue(p->rows, row, 0));
    req_set(r, name, url);
}

/* Links to the previous and next page: the filters, the sort, and the cursor of the
 * first (previous) or last (next) row shown. */
static void pager_hdf(struct req *r, const struct eq_page *p, const char *base)
{
    if (p->nrows == 0)
        return;
    if (p->has_prev) {
        cursor_link(r, p, eq_page_row(p, 0), base, "bk", "bi", "Pager.Prev");
        req_set(r, "Pager.First", base);
    }
    if (p->has_next)
        cursor_link(r, p, eq_page_row(p, p->nrows - 1), base, "ak", "ai", "Pager.Next");
}

static void cursor_param(struct req *r, struct eq_cursor *c)
{
    const char *k, *i;
    memset(c, 0, sizeof *c);
    if ((i = req_param(r, "ai")) && (k = req_param(r, "ak")))
        c->backward = 0;
    else if ((i = req_param(r, "bi")) && (k = req_param(r, "bk")))
        c->backward = 1;
    else
        return;
    if (strlen(k) >= sizeof c->key || atol(i) <= 0)
        return;
    snprintf(c->key, sizeof c->key, "%s", k);
    c->id = atol(i);
}

/* Choices of the filter form: categories (kinds and classes), the districts the user
 * may pick, states and conclusions. The catalogue and the districts are reference data
 * (migrations load them, nothing here changes them, a deploy restarts the workers), so a
 * worker reads them once per district root, renders their option lists once
 * (lib/options.h) and keeps them in an HDF of their own that the template reads below
 * the request's (r->shared, lib/render.c): a list page makes no round trip and renders
 * no option for them; a chosen one is marked in a copy set in the request's HDF. */
#define CHOICES_KEPT 16
static struct choices {
    char root[8]; /* "" = every county */
    HDF *hdf;
    struct options categories, districts;
} choices[CHOICES_KEPT];
static int nchoices;

static void choices_free(struct choices *c)
{
    hdf_destroy(&c->hdf);
    options_free(&c->categories);
    options_free(&c->districts);
}

/* The option list of res's rows: value column 0, label column 1, indented when column
 * 2 (a catalogue level) is 2. */
static int choices_options(struct options *o, const char *templates, PGresult *res)
{
    int n = PQntuples(res), rc;
    const char **values = calloc((size_t)(n ? n : 1), sizeof *values);
    const char **labels = calloc((size_t)(n ? n : 1), sizeof *labels);
    int *indent = calloc((size_t)(n ? n : 1), sizeof *indent);

    rc = values && labels && indent ? 0 : -1;
    for (int i = 0; rc == 0 && i < n; i++) {
        values[i] = PQgetvalue(res, i, 0);
        labels[i] = PQgetvalue(res, i, 1);
        indent[i] = PQnfields(res) > 2 && !strcmp(PQgetvalue(res, i, 2), "2");
    }
    if (rc == 0)
        rc = options_build(o, templates, n, values, labels, indent);
    free(values);
    free(labels);
    free(indent);
    return rc;
}

static int choices_build(struct choices *c, const char *templates, const char *root)
{
    PGresult *cat = equipment_categories(), *dist = equipment_districts(root[0] ? root : NULL);
    int ok;

    memset(c, 0, sizeof *c);
    ok = cat && dist && choices_options(&c->categories, templates, cat) == 0 &&
         choices_options(&c->districts, templates, dist) == 0 && hdf_init(&c->hdf) == STATUS_OK &&
         hdf_set_value(c->hdf, "Choices.CategoryOptions", c->categories.html) == STATUS_OK &&
         hdf_set_value(c->hdf, "Choices.DistrictOptions", c->districts.html) == STATUS_OK;
    PQclear(cat);
    PQclear(dist);
    snprintf(c->root, sizeof c->root, "%s", root);
    if (!ok)
        choices_free(c);
    return ok ? 0 : -1;
}

/* A chosen option: the kept list with it selected, in the request's HDF. */
static int choice_selected(struct req *r, const char *name, const struct options *o, const char *value)
{
    char *html = options_select(o, value);
    NEOERR *err;

    if (!html)
        return 0;
    if ((err = hdf_set_buf(r->hdf, name, html)) != STATUS_OK) { /* takes html */
        render_log_error(name, err);
        return -1;
    }
    return 0;
}

static int choices_hdf(struct req *r, const struct eq_scope *s, const struct eq_filter *f)
{
    const char *root = s->kind == SCOPE_DISTRICTS ? s->districts[0] : "";
    struct choices *c = NULL;

    for (int i = 0; i < nchoices && !c; i++)
        if (!strcmp(choices[i].root, root))
            c = &choices[i];
    if (!c) {
        if (strlen(root) >= sizeof choices[0].root)
            return -1;
        if (nchoices == CHOICES_KEPT) /* more roots than a worker meets: replace the last */
            choices_free(&choices[--nchoices]);
        if (choices_build(&choices[nchoices], r->cfg->templates, root))
            return -1;
        c = &choices[nchoices++];
    }
    r->shared = c->hdf;
    return choice_selected(r, "Choices.CategoryOptions", &c->categories, f->category) ||
           choice_selected(r, "Choices.DistrictOptions", &c->districts, f->district);
}

static void filter_hdf(struct req *r, const struct eq_filter *f)
{
    char key[64];
    /* What the user typed, as typed; an empty field is not set (the form shows nothing
     * for a missing name either). */
    HDF *node = NULL;

    for (int i = 0; EQ_FIELDS[i].name; i++) {
        const char *v = req_param(r, EQ_FIELDS[i].name);
        if (!v || !*v)
            continue;
        req_set_under(r, &node, "Filter", EQ_FIELDS[i].name, v);
    }
    long_str(f->window_days, key);
    req_set_under(r, &node, "Filter", "window", key);
    if (eq_filter_count(f) > 0 && !(eq_filter_count(f) == 1 && f->category[0]))
        req_set(r, "Filter.More", "1");
}

/* Column headers that sort: the active one shows its direction, a click turns it. */
static void sorts_hdf(struct req *r, const struct eq_filter *f, const char *filters)
{
    const struct eq_sort *s = eq_sorts(f->list);
    char path[64], url[2048];
    size_t base;
    int active_found = 0;

    for (int i = 0; s[i].name; i++)
        active_found |= !strcmp(s[i].name, f->sort);
    base = str_copy(url, sizeof url, "/equipment?");
    base += str_copy(url + base, sizeof url - base, filters);
    for (int i = 0; s[i].name; i++) {
        int active = active_found ? !strcmp(s[i].name, f->sort) : i == 0;
        HDF *node = NULL;

        url[base] = '\0';
        eq_url_add(url, sizeof url, "sort", s[i].name);
        eq_url_add(url, sizeof url, "dir", active && !f->desc ? "desc" : "asc");
        size_t at = str_copy(path, sizeof path, "Sorts.");
        str_copy(path + at, sizeof path - at, s[i].name);
        req_set_under(r, &node, path, "url", url);
        /* The header's state as the template prints it: aria-sort and the arrow. */
        req_set_under(r, &node, path, "aria", !active ? "none" : f->desc ? "descending" : "ascending");
        if (active)
            req_set_under(r, &node, path, "arrow", f->desc ? " ▼" : " ▲");
    }
}

/* ---- the lists ---------------------------------------------------------------------- */

/* A list page's query from the request, for user u: the handler's and the prefetch's. */
struct list_query {
    struct eq_scope scope;
    struct eq_filter f;
    struct eq_cursor c;
    int total_cap; /* a duty list shows its total: counted in the page's own statement */
    int nerr;
    char err[8][96];
};

static int list_query_read(struct req *r, const struct user *u, struct list_query *q)
{
    if (eq_scope_of(u, &q->scope))
        return -1;
    q->nerr = eq_filter_parse(get_param, r, &q->f, q->err, 8);
    cursor_param(r, &q->c);
    q->total_cap = q->f.list != EQ_ALL ? 10000 : 0;
    return 0;
}

static int lists_user(const struct user *u)
{
    return (u->roles & (ROLE_ENT_MAIN | ROLE_ENT_SUB | ROLE_BUREAU)) != 0;
}

/* The prefetch's query, kept for equipment_lists in the same request (same request id):
 * it need not read the parameters and build the statement again when the session's user
 * has the scope the guess had. One per worker (a worker serves one request at a time). */
static struct {
    char rid[sizeof ((struct req *)0)->rid];
    struct list_query lq;
    struct eq_sql q;
} kept;

static void kept_drop(void)
{
    free(kept.q.sql);
    kept.q.sql = NULL;
    kept.rid[0] = '\0';
}

/* The statement equipment_lists would run first for u (a route guess: routes.c). */
void equipment_prefetch(struct req *r, const struct user *u)
{
    kept_drop();
    if (!lists_user(u) || !auth_can(u, "equipment.view") || list_query_read(r, u, &kept.lq) ||
        eq_build_page_run(&kept.lq.scope, &kept.lq.f, &kept.lq.c, EQUIPMENT_PAGE, EQ_COLS_LIST,
                          kept.lq.total_cap, &kept.q))
        return;
    db_prefetch(kept.q.sql, kept.q.nparams, kept.q.params);
    snprintf(kept.rid, sizeof kept.rid, "%s", r->rid);
}

/* The kept query if it was built in this request for u's scope (then *lq is it), else
 * NULL. */
static struct eq_sql *kept_take(const struct req *r, const struct user *u, struct list_query *lq)
{
    struct eq_scope scope;

    if (!kept.q.sql || strcmp(kept.rid, r->rid) != 0 || eq_scope_of(u, &scope) ||
        memcmp(&scope, &kept.lq.scope, sizeof scope) != 0) {
        kept_drop();
        return NULL;
    }
    *lq = kept.lq;
    kept.rid[0] = '\0';
    return &kept.q;
}

static int equipment_lists(struct req *r)
{
    struct list_query lq;
    const struct eq_scope *scope = &lq.scope;
    const struct eq_filter *f = &lq.f;
    struct eq_page p = {0};
    char filters[1536], base[2048], key[64];
    int rc = 500;

    struct eq_sql *built = kept_take(r, &r->user, &lq);

    if (!built && list_query_read(r, &r->user, &lq))
        return 500;
    for (int i = 0; i < lq.nerr && i < 8; i++) {
        snprintf(key, sizeof key, "Errors.%d", i);
        req_set(r, key, lq.err[i]);
    }
    eq_filter_query(f, filters, sizeof filters);
    snprintf(base, sizeof base, "/equipment?%s", filters);
    if (f->sort[0]) {
        eq_url_add(base, sizeof base, "sort", f->sort);
        eq_url_add(base, sizeof base, "dir", f->desc ? "desc" : "asc");
    }
    if (built ? eq_page_run_built(built, &lq.c, EQUIPMENT_PAGE, lq.total_cap, &p)
              : eq_page_run(scope, f, &lq.c, EQUIPMENT_PAGE, EQ_COLS_LIST, lq.total_cap, &p))
        goto out;
    pager_hdf(r, &p, base);
    if (f->list != EQ_ALL) {
        long n = p.total;
        req_set_int(r, "List.Total", n > 10000 ? 10000 : n);
        req_set_int(r, "List.TotalMore", n > 10000);
    } else if (p.nrows == 0 && lq.c.id == 0 && eq_filter_count(f) > 0) {
        /* Nothing found: say which conditions, dropped alone, would find devices. */
        const char *names[16];
        int n = eq_relax(scope, f, names, 16);
        if (n < 0)
            goto out;
        for (int i = 0; i < n; i++)
            for (int j = 0; EQ_FIELDS[j].name; j++)
                if (!strcmp(EQ_FIELDS[j].name, names[i])) {
                    snprintf(key, sizeof key, "Relax.%d", i);
                    req_set(r, key, EQ_FIELDS[j].label);
                }
        req_set_int(r, "Relax.Count", n);
    }
    if (choices_hdf(r, scope, f))
        goto out;
    filter_hdf(r, f);
    sorts_hdf(r, f, filters);
    req_set(r, "List.Name", eq_list_name(f->list));
    req_set(r, "List.Label", eq_list_label(f->list));
    /* The export link's query: the filters and the sort the page shows (base without
     * its path; the whole URL here made the export ignore every filter). */
    req_set(r, "List.Export", base + strlen("/equipment?"));
    req_set(r, "List.Scope", scope->kind == SCOPE_DISTRICTS ? "districts" : scope->kind == SCOPE_SUB ? "sub" : "unit");
    insp_apply_hdf(r); /* "申请检验" with the ticked devices */
    /* Flags the rows test, set once (a row's test of a deeper name costs more). */
    req_set_int(r, "List.Apply", hdf_get_value(r->hdf, "Apply.Kinds.0.value", NULL) != NULL);
    req_set_int(r, "List.Districts", scope->kind == SCOPE_DISTRICTS);
    req_set(r, "Page.Title", eq_list_label(f->list));
    if (list_table_take(r, &p) == 0)
        rc = req_page(r, "equipment/list.cs");
out:
    eq_page_free(&p);
    return rc;
}

/* Non-certified accounts: exact code only, never browsing of others' equipment. */
static int equipment_find(struct req *r)
{
    const char *code = req_param(r, "code");
    PGresult *res;
    char key[96];

    req_set(r, "Page.Title", "查找设备");
    req_set(r, "Equipment.Code", code ? code : "");
    if (code && *code) {
        if (strlen(code) > 40)
            return req_fail(r, 400, "编号过长。");
        res = equipment_lookup(code, 5);
        if (!res)
            return 500;
        req_rows(r, "Devices", res);
        for (int i = 0; i < PQntuples(res); i++) {
            snprintf(key, sizeof key, "Devices.%d.state_label", i);
            req_set(r, key, eq_state_label(PQgetvalue(res, i, PQfnumber(res, "state"))));
        }
        req_set_int(r, "Devices.Count", PQntuples(res));
        PQclear(res);
    }
    insp_apply_hdf(r);
    return req_page(r, "equipment/find.cs");
}

int equipment_index(struct req *r)
{
    if (lists_user(&r->user))
        return equipment_lists(r);
    return equipment_find(r);
}

/* ---- overview ----------------------------------------------------------------------- */

/* The overview's bars, one per kind, from the Kinds.N rows just set. */
static int overview_chart(struct req *r, int nkinds)
{
    static const struct svgchart_series series[] = {
        {"在用", "#2e7d32"}, {"停用", "#d97706"}, {"报废", "#b42318"}, {"注销", "#6b7280"}};
    static const char *const states[] = {"in_use", "stopped", "scrapped", "cancelled"};
    struct svgchart_row rows[16];
    char hrefs[16][64], key[64];
    char *svg;
    int n = nkinds < 16 ? nkinds : 16;

    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "Kinds.%d.kind_name", i);
        rows[i].label = hdf_get_value(r->hdf, key, "");
        snprintf(key, sizeof key, "Kinds.%d.kind", i);
        snprintf(hrefs[i], sizeof hrefs[i], "/equipment?list=all&category=%s", hdf_get_value(r->hdf, key, ""));
        rows[i].href = hrefs[i];
        for (int s = 0; s < 4; s++) {
            snprintf(key, sizeof key, "Kinds.%d.%s", i, states[s]);
            rows[i].values[s] = atol(hdf_get_value(r->hdf, key, "0"));
        }
    }
    if (!(svg = svgchart_bars("各类设备数量（按状态）", rows, n, series, 4, "台")))
        return -1;
    req_set(r, "Overview.ChartSvg", svg);
    free(svg);
    return 0;
}

int equipment_overview(struct req *r)
{
    static const enum eq_list duty[] = {EQ_OVERDUE, EQ_DUE_SOON, EQ_UNQUALIFIED, EQ_NOT_IN_USE};
    struct eq_scope scope;
    PGresult *res;
    char key[96], prev[8] = "";
    int k = -1;
    long total = 0;

    if (!(r->user.roles & (ROLE_ENT_MAIN | ROLE_ENT_SUB | ROLE_BUREAU)))
        return req_redirect(r, "/equipment");
    if (eq_scope_of(&r->user, &scope))
        return 500;
    res = eq_overview(&scope);
    if (!res)
        return 500;
    /* Kinds.N.{kind,kind_name,in_use,stopped,scrapped,cancelled,total} */
    for (int i = 0; i < PQntuples(res); i++) {
        const char *kind = PQgetvalue(res, i, 0);
        long n = atol(PQgetvalue(res, i, 3));
        if (strcmp(kind, prev)) {
            k++;
            snprintf(prev, sizeof prev, "%s", kind);
            snprintf(key, sizeof key, "Kinds.%d.kind", k);
            req_set(r, key, kind);
            snprintf(key, sizeof key, "Kinds.%d.kind_name", k);
            req_set(r, key, PQgetvalue(res, i, 1));
        }
        snprintf(key, sizeof key, "Kinds.%d.%s", k, PQgetvalue(res, i, 2));
        req_set_int(r, key, n);
        snprintf(key, sizeof key, "Kinds.%d.total", k);
        req_set_int(r, key, n + atol(hdf_get_value(r->hdf, key, "0")));
        snprintf(key, sizeof key, "States.%s", PQgetvalue(res, i, 2));
        req_set_int(r, key, n + atol(hdf_get_value(r->hdf, key, "0")));
        total += n;
    }
    PQclear(res);
    req_set_int(r, "Overview.Total", total);
    if (overview_chart(r, k + 1))
        return 500;
    for (size_t i = 0; i < sizeof duty / sizeof duty[0]; i++) {
        struct eq_filter f = {.list = duty[i], .window_days = EQ_DEFAULT_WINDOW};
        long n = eq_count(&scope, &f, 10000);
        if (n < 0)
            return 500;
        snprintf(key, sizeof key, "Duty.%s.n", eq_list_name(duty[i]));
        req_set_int(r, key, n > 10000 ? 10000 : n);
        snprintf(key, sizeof key, "Duty.%s.more", eq_list_name(duty[i]));
        req_set_int(r, key, n > 10000);
        snprintf(key, sizeof key, "Duty.%s.label", eq_list_name(duty[i]));
        req_set(r, key, eq_list_label(duty[i]));
    }
    req_set(r, "Page.Title", "设备总览");
    return req_page(r, "equipment/overview.cs");
}

/* ---- a device's file ---------------------------------------------------------------- */

static long id_param(struct req *r)
{
    const char *p = req_route_param(r, 0);
    char *end;
    long id = p ? strtol(p, &end, 10) : 0;
    return p && *end == '\0' && id > 0 ? id : 0;
}

/* One parameter into Params.n.{label,value,unit}; 1 if shown. */
static int param_hdf(struct req *r, int n, const cJSON *item, const char *label, const char *unit)
{
    char key[64], num[64];
    const char *value = cJSON_IsString(item) ? item->valuestring : NULL;

    if (cJSON_IsNumber(item)) {
        snprintf(num, sizeof num, "%g", item->valuedouble);
        value = num;
    } else if (cJSON_IsBool(item))
        value = cJSON_IsTrue(item) ? "是" : "否";
    if (!value)
        return 0;
    snprintf(key, sizeof key, "Params.%d.label", n);
    req_set(r, key, label);
    snprintf(key, sizeof key, "Params.%d.value", n);
    req_set(r, key, value);
    snprintf(key, sizeof key, "Params.%d.unit", n);
    req_set(r, key, unit);
    return 1;
}

/* params jsonb → Params.N: labelled ones in the table's order, then any others. */
static void params_hdf(struct req *r, const char *json)
{
    size_t nknown;
    const struct equipment_param *known = equipment_params(&nknown);
    cJSON *root = cJSON_Parse(json), *item;
    int n = 0;

    if (!cJSON_IsObject(root))
        goto out;
    for (size_t i = 0; i < nknown; i++)
        if ((item = cJSON_GetObjectItemCaseSensitive(root, known[i].key)))
            n += param_hdf(r, n, item, known[i].label, known[i].unit);
    cJSON_ArrayForEach(item, root)
        if (!equipment_param_of(item->string))
            n += param_hdf(r, n, item, item->string, "");
out:
    cJSON_Delete(root);
}

static void state_labels(struct req *r, const char *prefix, PGresult *res, const char *const *cols)
{
    char key[96];
    for (int i = 0; i < PQntuples(res); i++)
        for (int c = 0; cols[c]; c++) {
            int f = PQfnumber(res, cols[c]);
            snprintf(key, sizeof key, "%s.%d.%s_label", prefix, i, cols[c]);
            req_set(r, key, f < 0 ? "" : eq_state_label(PQgetvalue(res, i, f)));
        }
}

int equipment_file(struct req *r)
{
    static const char *const history_cols[] = {"old_state", "new_state", NULL};
    static const char *const change_cols[] = {"from_state", "to_state", NULL};
    struct eq_scope scope;
    long id = id_param(r);
    PGresult *res;

    if (!id)
        return 404;
    if (eq_scope_of(&r->user, &scope))
        return 500;
    res = eq_file(&scope, id);
    if (!res)
        return 500;
    if (PQntuples(res) != 1) {
        /* Not there, or not this user's: the same answer, so ids cannot be probed. */
        PQclear(res);
        return 404;
    }
    req_row(r, "Device", res, 0);
    req_set(r, "Device.state_label", eq_state_label(PQgetvalue(res, 0, PQfnumber(res, "state"))));
    req_set(r, "Device.conclusion_label",
            eq_conclusion_label(PQgetvalue(res, 0, PQfnumber(res, "last_conclusion"))));
    params_hdf(r, PQgetvalue(res, 0, PQfnumber(res, "params")));
    req_set(r, "Page.Title", PQgetvalue(res, 0, PQfnumber(res, "name")));
    req_set_int(r, "Device.may_change", (r->user.roles & ROLE_ENT_MAIN) &&
                                            !strcmp(PQgetvalue(res, 0, PQfnumber(res, "own_use")), "t"));
    PQclear(res);

    if (!(res = equipment_history_of(id)))
        return 500;
    req_rows(r, "History", res);
    state_labels(r, "History", res, history_cols);
    PQclear(res);
    if (!(res = equipment_changes_of(id)))
        return 500;
    req_rows(r, "Changes", res);
    state_labels(r, "Changes", res, change_cols);
    PQclear(res);
    return req_page(r, "equipment/file.cs");
}

/* ---- export ------------------------------------------------------------------------- */

#define EXPORT_MAX_ROWS 100000
#define EXPORT_CHUNK 1000

/* The export's columns: the list's own, codes as text so every digit stays. */
static const struct xlsx_column EXPORT_COLS[] = {
    {"reg_code", "注册代码", XLSX_TEXT, 24},       {"equipment_code", "设备代码", XLSX_TEXT, 24},
    {"name", "设备名称", XLSX_TEXT, 20},           {"category_name", "设备类别", XLSX_TEXT, 16},
    {"model", "型号", XLSX_TEXT, 12},              {"factory_no", "出厂编号", XLSX_TEXT, 16},
    {"use_org_name", "使用单位", XLSX_TEXT, 28},   {"address", "使用地点", XLSX_TEXT, 32},
    {"district_name", "所在区县", XLSX_TEXT, 10},  {"state", "设备状态", XLSX_TEXT, 8},
    {"last_inspection_date", "最近检验日期", XLSX_DATE, 12},
    {"last_conclusion", "最近检验结论", XLSX_TEXT, 10},
    {"next_inspection_date", "下次检验日期", XLSX_DATE, 12},
    {"maintenance_name", "维保单位", XLSX_TEXT, 28}, {"days", "天数", XLSX_INT, 8},
};
#define NEXPORT_COLS ((int)(sizeof EXPORT_COLS / sizeof EXPORT_COLS[0]))

/* One page row into the writer, with states and conclusions in Chinese. field[c]: the
 * page's column of EXPORT_COLS[c] (db_field, once a page). */
static int export_row(struct xlsx_writer *w, PGresult *res, int row, const int *field)
{
    const char *v[NEXPORT_COLS];
    for (int c = 0; c < NEXPORT_COLS; c++) {
        const char *val = PQgetvalue(res, row, field[c]);
        if (!strcmp(EXPORT_COLS[c].field, "state"))
            val = eq_state_label(val);
        else if (!strcmp(EXPORT_COLS[c].field, "last_conclusion"))
            val = eq_conclusion_label(val);
        v[c] = val;
    }
    return xlsx_add_row(w, v);
}

int equipment_export(struct req *r)
{
    struct eq_scope scope;
    struct eq_filter f;
    struct eq_cursor c = {0};
    struct eq_page p = {0};
    struct xlsx_writer *w = NULL;
    struct xlsx_column cols[NEXPORT_COLS];
    unsigned char *data = NULL;
    size_t len = 0;
    char err[1][96], name[96], *disposition = NULL;
    int rc = 500, ncols = NEXPORT_COLS, field[NEXPORT_COLS];
    long total = 0;

    if (!(r->user.roles & (ROLE_ENT_MAIN | ROLE_ENT_SUB | ROLE_BUREAU)))
        return req_fail(r, 403, "非认证账号不能导出设备清单，请注册认证账号。");
    if (eq_scope_of(&r->user, &scope))
        return 500;
    eq_filter_parse(get_param, r, &f, err, 0); /* bad values are dropped, as on the page */
    memcpy(cols, EXPORT_COLS, sizeof cols);
    /* Only the overdue and soon-due lists have a days column. */
    if (f.list == EQ_OVERDUE)
        cols[ncols - 1].title = "超期天数";
    else if (f.list == EQ_DUE_SOON)
        cols[ncols - 1].title = "剩余天数";
    else
        ncols--;
    if (!(w = xlsx_begin(eq_list_label(f.list), cols, ncols)))
        goto out;
    /* The same pages the screen shows, a thousand rows at a time, by keyset. */
    for (;;) {
        if (eq_page_run(&scope, &f, &c, EXPORT_CHUNK, EQ_COLS_ALL, 0, &p))
            goto out;
        if (total + p.nrows > EXPORT_MAX_ROWS) {
            rc = req_fail(r, 400, "导出结果超过 100000 行，请增加查询条件（如设备类别、所在区县）后分批导出。");
            goto out;
        }
        for (int k = 0; k < NEXPORT_COLS; k++)
            field[k] = db_field(p.rows, EXPORT_COLS[k].field);
        for (int i = 0; i < p.nrows; i++, total++)
            if (export_row(w, p.rows, i, field))
                goto out;
        if (!p.has_next || p.nrows == 0)
            break;
        snprintf(c.key, sizeof c.key, "%s", eq_page_key(&p, p.nrows - 1));
        c.id = atol(PQgetvalue(p.rows, p.nrows - 1, 0));
        eq_page_free(&p);
    }
    eq_page_free(&p);
    if (xlsx_finish(w, &data, &len)) {
        w = NULL;
        goto out;
    }
    w = NULL;
    snprintf(name, sizeof name, "%s.xlsx", eq_list_label(f.list));
    if (!(disposition = download_disposition(name)))
        goto out;
    req_header(r, "Content-Disposition", disposition);
    rc = req_body(r, XLSX_CONTENT_TYPE, data, len);
out:
    eq_page_free(&p);
    xlsx_abort(w);
    free(data);
    free(disposition);
    return rc;
}

/* ---- a sub-account's devices, chosen by its main account ------------------------------- */

/* Rows into Devices.N.*, the extra (limit+1-th) row only as "there is more". */
static void assignment_hdf(struct req *r, PGresult *res, int limit)
{
    char key[96];
    int n = PQntuples(res), shown = n > limit ? limit : n;
    long last = 0;

    for (int i = 0; i < shown; i++) {
        snprintf(key, sizeof key, "Devices.%d", i);
        req_row(r, key, res, i);
        snprintf(key, sizeof key, "Devices.%d.state_label", i);
        req_set(r, key, eq_state_label(PQgetvalue(res, i, PQfnumber(res, "state"))));
        last = atol(PQgetvalue(res, i, 0));
    }
    req_set_int(r, "Devices.Count", shown);
    if (n > limit)
        req_set_int(r, "Devices.NextAfter", last);
}

static long after_param(struct req *r)
{
    const char *a = req_param(r, "after");
    long v = a ? atol(a) : 0;
    return v > 0 ? v : 0;
}

int subaccount_equipment(struct req *r)
{
    long id = id_param(r);
    const char *q = req_param(r, "q");
    PGresult *res;

    if (!id)
        return 404;
    /* The sub-account must be one of this unit's: otherwise there is nothing to show. */
    res = subaccount_get(&r->user, id);
    if (!res)
        return 500;
    int mine = PQntuples(res) == 1;
    if (mine)
        req_set(r, "Sub.login", PQgetvalue(res, 0, PQfnumber(res, "login")));
    PQclear(res);
    if (!mine)
        return 404;
    res = equipment_for_assignment(&r->user, id, q, after_param(r), 50);
    if (!res)
        return 500;
    assignment_hdf(r, res, 50);
    PQclear(res);
    req_set_int(r, "Sub.id", id);
    req_set(r, "Search.Q", q ? q : "");
    req_set(r, "Search.After", req_param(r, "after") ? req_param(r, "after") : "");
    if (req_param(r, "msg"))
        req_set(r, "Page.Notice", "已保存该页的设备分配。");
    req_set(r, "Page.Title", "分配设备");
    return req_page(r, "account/subaccount_equipment.cs");
}

/* Ids from a repeated field (Query.name or Query.name.N), at most max. */
static int ids_param(struct req *r, const char *name, long *out, int max)
{
    const char *values[64];
    int n = 0, got = req_values(r, name, values, max < 64 ? max : 64);

    for (int i = 0; i < got; i++)
        if (atol(values[i]) > 0)
            out[n++] = atol(values[i]);
    return n;
}

int subaccount_equipment_save(struct req *r)
{
    long id = id_param(r), shown[64], checked[64];
    int nshown = ids_param(r, "shown", shown, 64), nchecked = ids_param(r, "device", checked, 64), rc;
    char loc[160];

    if (!id)
        return 404;
    rc = equipment_assign(&r->user, id, shown, nshown, checked, nchecked, req_ip(r));
    if (rc < 0)
        return 500;
    if (rc == 0)
        return 404;
    snprintf(loc, sizeof loc, "/account/subaccounts/%ld/equipment?msg=saved", id);
    return req_redirect(r, loc);
}
