/* equipment_query.h — the equipment lists: my equipment / combined query, overdue, soon
 * due, unqualified, not in use. One builder turns (who asks, which list, which filters,
 * which sort, which cursor) into one parameterised statement; SQL text is assembled only
 * from fixed fragments, every value is a parameter.
 *
 * Scope (who sees what) is a set of branches, each one index range:
 *   certified main account: its unit as use unit (+ construction, manufacture for the
 *     combined query, if the unit is registered as such: migration 0012); the four duty
 *     lists are the use unit's (the duty to apply is its);
 *   sub-account: the devices assigned to it;
 *   district bureau: one branch per district it answers for.
 * Each branch carries its own ORDER BY … LIMIT, the branches are merged by UNION ALL: a
 * page reads about one page of each index, at page 1 and at page 400 alike (keyset). A
 * scope of one branch (a use unit, a county bureau) reads its page straight from it. */
#ifndef TEJIAN_EQUIPMENT_QUERY_H
#define TEJIAN_EQUIPMENT_QUERY_H

#include <libpq-fe.h>

#include "auth.h"

enum eq_list { EQ_ALL, EQ_OVERDUE, EQ_DUE_SOON, EQ_UNQUALIFIED, EQ_NOT_IN_USE };

#define EQ_MAX_DISTRICTS 64
#define EQ_DEFAULT_WINDOW 30

struct eq_scope {
    enum { SCOPE_NONE, SCOPE_UNIT, SCOPE_SUB, SCOPE_DISTRICTS } kind;
    long org_id, account_id;
    int builds, makes;     /* SCOPE_UNIT: the unit may be a device's construction / manufacturing unit */
    int ndistricts;
    char districts[EQ_MAX_DISTRICTS][7];
};

/* Filters of the combined query, and the list's own settings. "" = not set. */
struct eq_filter {
    enum eq_list list;
    int window_days;                     /* soon due: 1…366, default 30 */
    char category[5];                    /* catalogue code: kind, class or variety */
    char reg_code[21];                   /* prefix */
    char equipment_code[21];             /* exact */
    char factory_no[41];                 /* exact */
    char district[7];
    char state[10];
    char address[121];                   /* contains */
    char due_from[11], due_to[11];       /* next inspection date range, inclusive */
    char conclusion[12];
    char maint[121];                     /* maintenance unit name contains */
    char sort[10];                       /* a key of the list's sort table, "" = default */
    int desc;
};

/* Keyset cursor: continue after (or before) the row with this sort key and id. */
struct eq_cursor {
    int backward;                        /* 1: the page before key/id */
    char key[64];
    long id;                             /* 0: no cursor (first page) */
};

/* Filter names as they appear in URLs and forms, with their Chinese labels. */
struct eq_field {
    const char *name, *label;
};
extern const struct eq_field EQ_FIELDS[];   /* NULL-terminated */

/* Sort keys a list offers: name in URLs, Chinese column title. */
struct eq_sort {
    const char *name, *label;
};
/* The sort keys of list (NULL-terminated); the first is the default. */
const struct eq_sort *eq_sorts(enum eq_list list);

const char *eq_list_name(enum eq_list list);      /* "all", "overdue", … */
const char *eq_list_label(enum eq_list list);     /* "设备综合查询", "超期未检设备", … */
int eq_list_parse(const char *name, enum eq_list *out); /* 0 ok, -1 unknown */
const char *eq_state_label(const char *state);
const char *eq_conclusion_label(const char *conclusion);

/* Reads the filters through get(ctx, name). Invalid values are dropped and reported:
 * at most nerr messages "字段：原因" in err[], the count returned. */
typedef const char *(*eq_getter)(void *ctx, const char *name);
int eq_filter_parse(eq_getter get, void *ctx, struct eq_filter *f, char err[][96], int nerr);
/* Appends "name=value" (URL-encoded, after a '&' unless out is empty) to the query string
 * in out (cap bytes); when it does not fit whole, out is left as it was. */
void eq_url_add(char *out, size_t cap, const char *name, const char *value);
/* The filters as a query string ("list=overdue&state=stopped&…", no sort or cursor),
 * URL-encoded, for links and export; writes at most cap bytes. */
void eq_filter_query(const struct eq_filter *f, char *out, size_t cap);
/* How many filters (beyond the list itself) are set. */
int eq_filter_count(const struct eq_filter *f);

/* The scope of user u. A bureau's districts: kept per worker by the district of its
 * bureau (u->bureau_district, read with the session), asked once; read by u->org_id
 * when that is empty. 0 ok, -1 error. */
int eq_scope_of(const struct user *u, struct eq_scope *s);

/* A built statement: SQL text and its parameters, which point into this struct (its
 * own copy of the filter, the numbers and LIKE patterns it formats) and the scope. */
#define EQ_MAX_PARAMS 96
struct eq_sql {
    char *sql;
    int nparams;
    const char *params[EQ_MAX_PARAMS];
    char buf[EQ_MAX_PARAMS][24];
    struct eq_filter f;
    char like[16][256];                  /* LIKE patterns, one per filter that needs one */
    const char *key_column;              /* the page's column holding each row's sort key */
};
/* The columns of a page: every one (the export: district_name, maintenance_name and the
 * rest), or the list table's (no district_name, maintenance_name, and use_org_name only
 * for a bureau: up to three joins fewer). */
enum eq_columns { EQ_COLS_ALL, EQ_COLS_LIST };
/* The statement for one page (limit+1 rows, see below), every column (EQ_COLS_ALL).
 * Returns 0 or -1 (no memory). Caller frees q->sql. Exposed for the unit tests. */
int eq_build_page(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                  int limit, struct eq_sql *q);
/* The statement eq_page_run runs for the same arguments (the dispatcher's prefetch). */
int eq_build_page_run(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                      int limit, enum eq_columns cols, int total_cap, struct eq_sql *q);
/* The statement counting the list's rows, stopping at cap+1. */
int eq_build_count(const struct eq_scope *s, const struct eq_filter *f, int cap, struct eq_sql *q);

/* Row columns: id, reg_code, equipment_code, name, category, category_name, model,
 * factory_no, address, district_name, state, last_conclusion, last_inspection_date,
 * next_inspection_date, overdue (t/f), days (overdue: days past; soon due: days left; else ""),
 * maintenance_name, use_org_name; sort_key where no column above is the sort key's text
 * (eq_page_key reads a row's key either way). */
struct eq_page {
    PGresult *rows;        /* the page's rows in display order (at most limit) */
    int nrows;
    int backward;          /* rows came newest-first: eq_page_row turns them round */
    int has_prev, has_next;
    long total;            /* with total_cap: the list's total, at most total_cap+1; else -1 */
    int key_field;         /* the column of the rows' sort keys (eq_page_key) */
};
/* One page (and with total_cap > 0 the list's total, in the same statement: p->total).
 * 0 ok, -1 error. eq_page_free after. Row i in display order is
 * eq_page_row(p, i) of p->rows. */
int eq_page_run(const struct eq_scope *s, const struct eq_filter *f, const struct eq_cursor *c,
                int limit, enum eq_columns cols, int total_cap, struct eq_page *p);
/* eq_page_run's second half: runs q (built by eq_build_page_run for the same c, limit
 * and total_cap) and frees its text. */
int eq_page_run_built(struct eq_sql *q, const struct eq_cursor *c, int limit, int total_cap, struct eq_page *p);
int eq_page_row(const struct eq_page *p, int i);
/* The sort key of p->rows' row (a row index of the result, not a display position): the
 * cursor continuing after or before it, with its id (column 0). */
const char *eq_page_key(const struct eq_page *p, int row);
void eq_page_free(struct eq_page *p);

/* The list's row count, at most cap (cap+1 means "more than cap"). -1 on error. */
long eq_count(const struct eq_scope *s, const struct eq_filter *f, int cap);

/* For an empty combined query: which single filters, dropped, would find devices. Fills
 * names[] (EQ_FIELDS names) and returns how many, -1 on error. */
int eq_relax(const struct eq_scope *s, const struct eq_filter *f, const char **names, int max);

/* Overview: device counts per kind (level-1 category) and state, from the tallies.
 * Columns: kind, kind_name, state, n. */
PGresult *eq_overview(const struct eq_scope *s);
/* Its statement (for bench/explain). Returns 0 or -1; caller frees q->sql. */
int eq_build_overview(const struct eq_scope *s, struct eq_sql *q);



/* The catalogue name of a code ("" for an unknown code), from a copy the worker loads on
 * first use and keeps (reference data); NULL when it could not be loaded. */
const char *eq_category_name(const char *code);

/* One device's file row if scope s may see it (no row otherwise; NULL on error).
 * Columns: the basic data with unit, district and category names, params as JSON
 * text, overdue (t/f), own_use (t/f: the scope's unit is its use unit). */
PGresult *eq_file(const struct eq_scope *s, long id);

#endif
