/* keyset_test.c — the equipment lists' keyset paging (lib/equipment_query.c) against the
 * real PostgreSQL, for every list, every sort it offers, both directions and both shapes
 * of statement (one index range: a unit; merged branches: a bureau of two districts).
 * Walking the list three rows at a time, forward to the end and then backward to the
 * start, must give exactly the rows one large page gives, in its order. The fixture's
 * devices tie on every sort key (names, dates, states repeat) and lack some keys (no
 * registration code, address or dates), where a cursor read from the wrong column or a
 * NULL sorted differently than compared would skip or repeat rows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "equipment_query.h"
#include "testkit.h"

#define NDEVICES 36
#define STEP 3
#define MAX_ROWS 200

static char unit_id[24], maint_name[80];

static int setup(void **state)
{
    char code[19], name[80];
    (void)state;
    fresh_credit_code(code, 31);
    snprintf(name, sizeof name, "分页测试单位%s", run_id());
    char *unit = sql_q("INSERT INTO org (kind, name, credit_code, unit_types, certified, state, district)"
                       " VALUES ('enterprise', $1, $2, '{use}', true, 'active', '120104') RETURNING id",
                       2, name, code);
    fresh_credit_code(code, 32);
    snprintf(maint_name, sizeof maint_name, "分页维保%s", run_id());
    char *maint = sql_q("INSERT INTO org (kind, name, credit_code, unit_types, certified, state, district)"
                        " VALUES ('enterprise', $1, $2, '{maintenance}', true, 'active', '120104') RETURNING id",
                        2, maint_name, code);
    if (!unit || !maint)
        return -1;
    snprintf(unit_id, sizeof unit_id, "%s", unit);
    /* Every sort key repeats; a sixth have no registration code, a quarter no address, a
     * fifth no dates; states and conclusions cycle, dates straddle today (overdue, due
     * within 30 days, later). */
    char count[8];
    snprintf(count, sizeof count, "%d", NDEVICES);
    free(sql_q("INSERT INTO equipment (reg_code, category, name, use_org_id, maintenance_org_id, district, state,"
               " next_inspection_date, last_inspection_date, last_conclusion, address)"
               " SELECT CASE WHEN g % 6 = 0 THEN NULL"
               "             ELSE '3110120104' || r.digits || lpad(g::text, 2, '0') END,"
               "        (ARRAY['3110', '3120', '3310'])[g % 3 + 1], '分页设备' || (g % 4), $1::bigint, $2::bigint,"
               "        CASE WHEN g % 2 = 0 THEN '120104' ELSE '120105' END,"
               "        (ARRAY['in_use', 'in_use', 'stopped', 'scrapped', 'in_use', 'cancelled'])[g % 6 + 1],"
               "        CASE WHEN g % 5 = 0 THEN NULL ELSE current_date + ((g % 4) - 2) * 11 END,"
               "        CASE WHEN g % 5 = 0 OR g % 7 = 0 THEN NULL ELSE current_date - 365 + (g % 3) END,"
               "        (ARRAY['qualified', 'unqualified', 'requalified', 'unqualified'])[g % 4 + 1],"
               "        CASE WHEN g % 4 = 0 THEN NULL ELSE '分页路' || (g % 3) END"
               " FROM generate_series(1, $3::int) g,"
               "      (SELECT lpad(floor(random() * 1e8)::bigint::text, 8, '0') AS digits) r",
               3, unit, maint, count));
    free(unit);
    free(maint);
    db_use_prepared(1);
    return db_open(getenv("TEJIAN_DB")) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    db_close();
    return 0;
}

/* The ids of a page's rows in display order, appended to ids at *n. */
static void take_ids(const struct eq_page *p, long *ids, int *n)
{
    for (int i = 0; i < p->nrows; i++) {
        assert_true(*n < MAX_ROWS);
        ids[(*n)++] = atol(PQgetvalue(p->rows, eq_page_row(p, i), 0));
    }
}

/* The cursor continuing from display row i of p. */
static void cursor_at(const struct eq_page *p, int i, int backward, struct eq_cursor *c)
{
    int row = eq_page_row(p, i);
    memset(c, 0, sizeof *c);
    c->backward = backward;
    snprintf(c->key, sizeof c->key, "%s", eq_page_key(p, row));
    c->id = atol(PQgetvalue(p->rows, row, 0));
}

static void walk(const struct eq_scope *s, const struct eq_filter *f, const char *what)
{
    long all[MAX_ROWS], fwd[MAX_ROWS], back[MAX_ROWS];
    int nall = 0, nfwd = 0, nback = 0, pages = 0;
    struct eq_page p;
    struct eq_cursor c;

    assert_int_equal(eq_page_run(s, f, NULL, MAX_ROWS, EQ_COLS_LIST, 0, &p), 0);
    take_ids(&p, all, &nall);
    assert_false(p.has_next);
    eq_page_free(&p);
    if (nall < 2 * STEP)
        fail_msg("%s: %d rows, too few to page", what, nall);

    /* Forward from the first page to the last. */
    assert_int_equal(eq_page_run(s, f, NULL, STEP, EQ_COLS_LIST, 0, &p), 0);
    assert_false(p.has_prev);
    for (;;) {
        take_ids(&p, fwd, &nfwd);
        assert_true(++pages <= MAX_ROWS);
        if (!p.has_next)
            break;
        cursor_at(&p, p.nrows - 1, 0, &c);
        eq_page_free(&p);
        assert_int_equal(eq_page_run(s, f, &c, STEP, EQ_COLS_LIST, 0, &p), 0);
        assert_true(p.has_prev);
    }
    if (nfwd != nall || memcmp(fwd, all, sizeof all[0] * (size_t)nall))
        fail_msg("%s: forward paging gave %d rows, one page %d (or another order)", what, nfwd, nall);

    /* Backward from the last page to the first: pages before, newest last. */
    int last_page = p.nrows;
    while (p.has_prev) {
        cursor_at(&p, 0, 1, &c);
        eq_page_free(&p);
        assert_int_equal(eq_page_run(s, f, &c, STEP, EQ_COLS_LIST, 0, &p), 0);
        assert_true(p.has_next);
        /* Prepend: the rows before come first. */
        assert_true(nback + p.nrows <= MAX_ROWS);
        memmove(back + p.nrows, back, sizeof back[0] * (size_t)nback);
        for (int i = 0; i < p.nrows; i++)
            back[i] = atol(PQgetvalue(p.rows, eq_page_row(&p, i), 0));
        nback += p.nrows;
    }
    eq_page_free(&p);
    if (nback + last_page != nall || memcmp(back, all, sizeof all[0] * (size_t)nback))
        fail_msg("%s: backward paging gave %d rows before the last page, expected %d", what, nback,
                 nall - last_page);
}

static void walk_every_sort(const struct eq_scope *s, const struct eq_filter *base, const char *who)
{
    const enum eq_list lists[] = {EQ_ALL, EQ_OVERDUE, EQ_DUE_SOON, EQ_UNQUALIFIED, EQ_NOT_IN_USE};
    char what[128];

    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        const struct eq_sort *sorts = eq_sorts(lists[l]);
        for (int k = 0; sorts[k].name; k++)
            for (int desc = 0; desc < 2; desc++) {
                struct eq_filter f = *base;
                f.list = lists[l];
                f.window_days = EQ_DEFAULT_WINDOW;
                snprintf(f.sort, sizeof f.sort, "%s", sorts[k].name);
                f.desc = desc;
                snprintf(what, sizeof what, "%s, list %s, sort %s%s", who, eq_list_name(lists[l]), sorts[k].name,
                         desc ? " desc" : "");
                walk(s, &f, what);
            }
    }
}

/* A use unit's lists: one index range, the page read straight from it. */
static void test_unit_every_sort(void **state)
{
    struct eq_scope s = {.kind = SCOPE_UNIT};
    struct eq_filter f = {0};
    (void)state;
    s.org_id = atol(unit_id);
    walk_every_sort(&s, &f, "unit");
}

/* A bureau of two districts: two branches merged. The maintenance filter keeps it to the
 * fixture's devices. */
static void test_bureau_every_sort(void **state)
{
    struct eq_scope s = {.kind = SCOPE_DISTRICTS, .ndistricts = 2};
    struct eq_filter f = {0};
    (void)state;
    snprintf(s.districts[0], sizeof s.districts[0], "120104");
    snprintf(s.districts[1], sizeof s.districts[1], "120105");
    snprintf(f.maint, sizeof f.maint, "%s", maint_name);
    walk_every_sort(&s, &f, "bureau");
}

int main(void)
{
    if (testkit_start())
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unit_every_sort),
        cmocka_unit_test(test_bureau_every_sort),
    };
    int rc = cmocka_run_group_tests_name("keyset", tests, setup, teardown);
    testkit_stop();
    return rc;
}
