/* equipment_test.c — the equipment lists end to end over nginx, against devices made
 * for this run with known dates and states: each list's rows exactly, filters, sorting,
 * paging both ways, "which conditions to relax", the overview's tallies, the file page,
 * escaping, and tenant isolation (unit A never sees unit B's devices by list, file or
 * guessed id; a sub-account only its devices; a bureau only its districts). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "testkit.h"

#define DISTRICT "120104" /* 南开区: the fixture's devices and bureau */
#define NFILL 15          /* filler devices, so unit A's combined query has two pages */

/* The fixture: three units, their accounts, a bureau, and devices with names A1…A8, B1, C1. */
static struct {
    char a_login[40], b_login[40], sub_login[40], bureau_login[40];
    char a_org[24], b_org[24];
    char reg[12][21];   /* A1..A8 = 1..8, B1 = 9, C1 = 10 */
    char id[12][24];
    char xss_address[96];
} fx;

static char *make_unit(const char *name, int salt, const char *kind, const char *district, const char *types)
{
    char code[19];
    fresh_credit_code(code, salt);
    const char *v[5] = {code, name, kind, district, types};
    return sql_run("INSERT INTO org (kind, name, credit_code, unit_types, certified, state, district)"
                   " VALUES ($3, $2, $1, $5::text[], true, 'active', $4) RETURNING id",
                   5, v);
}

static void make_account(const char *org, const char *login, const char *roles)
{
    const char *v[3] = {org, login, roles};
    free(sql_run("INSERT INTO account (org_id, login, password_hash, name, mobile, roles)"
                 " SELECT $1, $2, a.password_hash, '测试' || $2, '13700000011', $3::text[]"
                 " FROM account a WHERE a.login = 'visitor'",
                 3, v));
}

/* Device i of the fixture: registration code from the run, dates relative to today. */
static void make_device(int i, const char *category, const char *use_org, const char *construction_org,
                        const char *state, const char *next_days, const char *conclusion, const char *address,
                        const char *maint_org)
{
    unsigned long base = ((unsigned long)time(NULL) * 1000u + (unsigned long)(getpid() % 1000)) % 100000000u;
    char name[32];
    snprintf(fx.reg[i], sizeof fx.reg[i], "%.4s%s%08lu%02d", category, DISTRICT, base, i);
    snprintf(name, sizeof name, "%s%d号测试设备", i <= 8 ? "A" : i == 9 ? "B" : i == 10 ? "C" : "F", i);
    const char *v[10] = {fx.reg[i], category, name, use_org, construction_org, state, next_days,
                         conclusion, address, maint_org};
    char *id = sql_run("INSERT INTO equipment (reg_code, category, name, use_org_id, construction_org_id, district,"
                       " state, next_inspection_date, last_inspection_date, last_conclusion, address, maintenance_org_id)"
                       " VALUES ($1, $2, $3, $4, $5, '" DISTRICT "', $6, current_date + $7::int,"
                       " current_date + $7::int - 365, $8, $9, $10) RETURNING id",
                       10, v);
    snprintf(fx.id[i], sizeof fx.id[i], "%s", id);
    free(id);
}

static int setup(void **state)
{
    char name[80], *maint, *bureau, *a, *b;
    (void)state;
    snprintf(name, sizeof name, "设备测试甲单位%s", run_id());
    a = make_unit(name, 10, "enterprise", DISTRICT, "{use,construction}");
    snprintf(name, sizeof name, "设备测试乙单位%s", run_id());
    b = make_unit(name, 11, "enterprise", DISTRICT, "{use}");
    snprintf(name, sizeof name, "维保测试单位%s", run_id());
    maint = make_unit(name, 12, "enterprise", DISTRICT, "{use,maintenance}");
    snprintf(name, sizeof name, "南开区测试监管局%s", run_id());
    bureau = make_unit(name, 13, "bureau", DISTRICT, "{}");
    snprintf(fx.a_org, sizeof fx.a_org, "%s", a);
    snprintf(fx.b_org, sizeof fx.b_org, "%s", b);
    snprintf(fx.a_login, sizeof fx.a_login, "eqa%s", run_id());
    snprintf(fx.b_login, sizeof fx.b_login, "eqb%s", run_id());
    snprintf(fx.sub_login, sizeof fx.sub_login, "eqs%s", run_id());
    snprintf(fx.bureau_login, sizeof fx.bureau_login, "eqj%s", run_id());
    make_account(a, fx.a_login, "{ent_main}");
    make_account(b, fx.b_login, "{ent_main}");
    make_account(a, fx.sub_login, "{ent_sub}");
    make_account(bureau, fx.bureau_login, "{bureau}");
    snprintf(fx.xss_address, sizeof fx.xss_address, "<script>alert(1)</script>路%s", run_id());

    make_device(1, "3110", a, NULL, "in_use", "-10", "qualified", "测试路1号", NULL);
    make_device(2, "3110", a, NULL, "in_use", "-3", "qualified", "测试路2号", NULL);
    make_device(3, "3110", a, NULL, "in_use", "5", "qualified", "测试路3号", NULL);
    make_device(4, "3110", a, NULL, "in_use", "40", "qualified", "测试路4号", NULL);
    make_device(5, "3110", a, NULL, "in_use", "200", "unqualified", "测试路5号", NULL);
    make_device(6, "3110", a, NULL, "stopped", "-100", "qualified", "测试路6号", NULL);
    make_device(7, "3310", a, NULL, "scrapped", "-400", "qualified", "测试路7号", NULL);
    make_device(8, "3110", a, NULL, "in_use", "300", "qualified", fx.xss_address, maint);
    make_device(9, "3110", b, NULL, "in_use", "-20", "unqualified", "乙单位路9号", NULL);
    make_device(10, "4110", b, a, "in_use", "100", "qualified", "乙单位厂房", NULL);
    for (int i = 0; i < NFILL; i++) {
        const char *v[2] = {a, fx.reg[1]};
        free(sql_run("INSERT INTO equipment (reg_code, category, name, use_org_id, district, state,"
                     " next_inspection_date, last_conclusion, address)"
                     " VALUES (left($2, 18) || lpad((20 + (SELECT count(*) FROM equipment WHERE use_org_id = $1::bigint)"
                     " )::text, 2, '0'), '3120', '填充设备', $1, '" DISTRICT "', 'in_use', current_date + 500,"
                     " 'qualified', '填充路')",
                     2, v));
    }
    /* The sub-account holds A3 and A5. */
    const char *sv[3] = {fx.sub_login, fx.id[3], fx.id[5]};
    free(sql_run("INSERT INTO account_equipment (account_id, equipment_id)"
                 " SELECT a.id, e.id FROM account a, equipment e WHERE a.login = $1 AND e.id IN ($2::bigint, $3::bigint)",
                 3, sv));
    free(a);
    free(b);
    free(maint);
    free(bureau);
    return 0;
}

/* Registration codes of a list page's rows, in order, joined by spaces. */
static void page_regs(const struct page *p, char *out, size_t cap)
{
    const char *s = p->body;
    size_t o = 0;
    out[0] = '\0';
    while (s && (s = strstr(s, "\"><code>"))) {
        s += 8;
        size_t len = strspn(s, "0123456789");
        if (len == 20 && !strncmp(s + len, "</code>", 7))
            o += (size_t)snprintf(out + o, cap - o, "%s%.20s", o ? " " : "", s);
    }
}

/* The expected list "A1 A2" as registration codes. */
static void regs_of(const char *names, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *s = names; *s;) {
        int i = atoi(s + 1);
        o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? " " : "", fx.reg[i]);
        s += strcspn(s, " ");
        s += strspn(s, " ");
    }
}

static struct browser login(const char *who)
{
    struct browser b;
    browser_init(&b);
    struct page p = browser_login(&b, who, DEMO_PASSWORD);
    if (p.status != 303)
        fail_msg("login %s: HTTP %ld", who, p.status);
    page_free(&p);
    return b;
}

/* Fetches path and checks its rows are exactly names ("A1 A2"); only the fixture's
 * A/B/C devices count (filler rows are ignored when skip_fill). */
static void expect_rows(struct browser *b, const char *path, const char *names)
{
    char got[4096], want[1024];
    struct page p = browser_get(b, path);
    if (p.status != 200)
        fail_msg("%s: HTTP %ld", path, p.status);
    page_regs(&p, got, sizeof got);
    regs_of(names, want, sizeof want);
    if (strcmp(got, want))
        fail_msg("%s:\n  rows     %s\n  expected %s (%s)", path, got, want, names);
    page_free(&p);
}

/* Whether device i's row on page p carries the "已超期" badge. */
static int row_marked_overdue(const struct page *p, int i)
{
    const char *row = strstr(p->body, fx.reg[i]), *end = row ? strstr(row, "</tr>") : NULL, *badge;
    if (!row || !end)
        fail_msg("device A%d is not on the page", i);
    badge = strstr(row, "已超期");
    return badge && badge < end;
}

/* The combined query marks a device overdue when it is in use and due before today: A1
 * and A2; not A6 (stopped, due long ago), A3 (due in 5 days) or A7 (scrapped). */
static void test_combined_query_marks_overdue(void **state)
{
    (void)state;
    struct browser a = login(fx.a_login);
    struct page p = browser_get(&a, "/equipment");
    assert_int_equal(p.status, 200);
    assert_true(row_marked_overdue(&p, 1));
    assert_true(row_marked_overdue(&p, 2));
    assert_false(row_marked_overdue(&p, 3));
    assert_false(row_marked_overdue(&p, 6));
    assert_false(row_marked_overdue(&p, 7));
    page_free(&p);
    browser_free(&a);
}

static void test_duty_lists_exact_rows(void **state)
{
    (void)state;
    struct browser a = login(fx.a_login);
    expect_rows(&a, "/equipment?list=overdue", "A1 A2");
    expect_rows(&a, "/equipment?list=overdue&sort=next&dir=desc", "A2 A1");
    expect_rows(&a, "/equipment?list=due", "A3");
    expect_rows(&a, "/equipment?list=due&window=60", "A3 A4");
    expect_rows(&a, "/equipment?list=unqualified", "A5");
    expect_rows(&a, "/equipment?list=idle", "A6 A7");
    expect_rows(&a, "/equipment?list=idle&sort=state&dir=desc", "A6 A7"); /* stopped > scrapped */
    expect_rows(&a, "/equipment?list=idle&sort=state", "A7 A6");
    /* Days overdue shown. */
    struct page p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, ">10 天<"));
    assert_true(contains(&p, ">3 天<"));
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    /* Totals without a filter come from the due tally (migration 0013): the same as
     * the rows, with a window, and after a device's date or state changes. */
    p = browser_get(&a, "/equipment?list=due&window=60");
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    free(sql_q("UPDATE equipment SET next_inspection_date = current_date - 1 WHERE id = $1", 1, fx.id[3]));
    free(sql_q("UPDATE equipment SET state = 'stopped' WHERE id = $1", 1, fx.id[1]));
    expect_rows(&a, "/equipment?list=overdue", "A2 A3");
    p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    p = browser_get(&a, "/equipment?list=due&window=60");
    assert_true(contains(&p, "共 <strong>1</strong> 台"));
    page_free(&p);
    expect_sql("t", "SELECT (SELECT coalesce(sum(n), 0) FROM equipment_due_tally_org WHERE org_id = $1 AND due < current_date)"
               " = (SELECT count(*) FROM equipment WHERE use_org_id = $1 AND state = 'in_use'"
               " AND next_inspection_date < current_date)", fx.a_org);
    /* A date weeks ago, then the nightly fold (migration 0017): the dates before
     * yesterday become one row per unit and district, and the totals stay. */
    free(sql_q("UPDATE equipment SET next_inspection_date = current_date - 40 WHERE id = $1", 1, fx.id[3]));
    expect_rows(&a, "/equipment?list=overdue", "A3 A2");
    p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    expect_sql("t", "SELECT equipment_due_tally_fold(current_date - 1) > 0", NULL);
    expect_sql("t", "SELECT NOT EXISTS (SELECT 1 FROM equipment_due_tally_org WHERE org_id = $1"
               " AND due > '-infinity' AND due < current_date - 1)", fx.a_org);
    expect_sql("t", "SELECT NOT EXISTS (SELECT 1 FROM equipment_due_tally_district WHERE district = $1"
               " AND due > '-infinity' AND due < current_date - 1)", DISTRICT);
    expect_sql("2", "SELECT n FROM equipment_due_tally_org WHERE org_id = $1 AND due = '-infinity'", fx.a_org);
    p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    /* Devices whose dates were folded change: a signed row at the old date each
     * (-1 for A3 leaving, +1 for A1 back in use), and the total follows. */
    free(sql_q("UPDATE equipment SET next_inspection_date = current_date + 5 WHERE id = $1", 1, fx.id[3]));
    expect_sql("-1", "SELECT n FROM equipment_due_tally_org WHERE org_id = $1 AND due = current_date - 40", fx.a_org);
    p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>1</strong> 台"));
    page_free(&p);
    free(sql_q("UPDATE equipment SET state = 'in_use' WHERE id = $1", 1, fx.id[1]));
    p = browser_get(&a, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>2</strong> 台"));
    page_free(&p);
    /* Every unit's and district's sums, of past and of coming dates, equal the devices,
     * before and after folding again; a third fold finds nothing. */
    for (int round = 0; round < 2; round++) {
        expect_sql("t", "SELECT NOT EXISTS (SELECT org_id, sum(n) FROM equipment_due_tally_org WHERE due < current_date"
                   " GROUP BY 1 HAVING sum(n) <> 0 EXCEPT SELECT use_org_id, count(*) FROM equipment"
                   " WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1)"
                   " AND NOT EXISTS (SELECT use_org_id, count(*) FROM equipment"
                   " WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1"
                   " EXCEPT SELECT org_id, sum(n) FROM equipment_due_tally_org WHERE due < current_date"
                   " GROUP BY 1 HAVING sum(n) <> 0)", NULL);
        expect_sql("t", "SELECT NOT EXISTS (SELECT district, sum(n) FROM equipment_due_tally_district"
                   " WHERE due < current_date GROUP BY 1 HAVING sum(n) <> 0 EXCEPT SELECT district, count(*)"
                   " FROM equipment WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1)"
                   " AND NOT EXISTS (SELECT district, count(*) FROM equipment"
                   " WHERE state = 'in_use' AND next_inspection_date < current_date GROUP BY 1"
                   " EXCEPT SELECT district, sum(n) FROM equipment_due_tally_district WHERE due < current_date"
                   " GROUP BY 1 HAVING sum(n) <> 0)", NULL);
        expect_sql("t", "SELECT NOT EXISTS (SELECT org_id, due, n FROM equipment_due_tally_org"
                   " WHERE due >= current_date AND n <> 0 EXCEPT SELECT use_org_id, next_inspection_date, count(*)"
                   " FROM equipment WHERE state = 'in_use' AND next_inspection_date >= current_date GROUP BY 1, 2)", NULL);
        if (round == 0)
            expect_sql("t", "SELECT equipment_due_tally_fold(current_date - 1) > 0", NULL);
    }
    expect_sql("0", "SELECT equipment_due_tally_fold(current_date - 1)", NULL);
    expect_sql("0", "SELECT equipment_due_tally_fold(NULL)", NULL);
    expect_rows(&a, "/equipment?list=overdue", "A1 A2");
    browser_free(&a);
}

static void test_combined_query_filters(void **state)
{
    char path[512];
    (void)state;
    struct browser a = login(fx.a_login);
    expect_rows(&a, "/equipment?list=all&state=stopped", "A6");
    expect_rows(&a, "/equipment?list=all&category=3300", "A7");       /* class */
    expect_rows(&a, "/equipment?list=all&category=4000", "C10");      /* kind: built by A, used by B */
    expect_rows(&a, "/equipment?list=all&conclusion=unqualified", "A5");
    expect_rows(&a, "/equipment?list=all&address=%E6%B5%8B%E8%AF%95%E8%B7%AF3", "A3"); /* 测试路3 */
    expect_rows(&a, "/equipment?list=all&maint=%E7%BB%B4%E4%BF%9D%E6%B5%8B%E8%AF%95", "A8"); /* 维保测试 */
    snprintf(path, sizeof path, "/equipment?list=all&reg_code=%s", fx.reg[2]);
    expect_rows(&a, path, "A2");
    snprintf(path, sizeof path, "/equipment?list=all&reg_code=%.19s&state=stopped", fx.reg[2]); /* a prefix */
    expect_rows(&a, path, "A6");
    snprintf(path, sizeof path, "/equipment?list=all&due_from=2000-01-01&due_to=2100-01-01&state=in_use&category=3110");
    expect_rows(&a, path, "A1 A2 A3 A4 A5 A8");
    /* LIKE metacharacters are literal: "%" matches nothing. */
    expect_rows(&a, "/equipment?list=all&address=%25", "");
    /* A bad value is reported and dropped, the rest of the query still runs. */
    struct page p = browser_get(&a, "/equipment?list=all&reg_code=abc&state=stopped");
    assert_int_equal(p.status, 200);
    assert_true(contains(&p, "注册代码：只能是数字"));
    page_free(&p);
    expect_rows(&a, "/equipment?list=all&reg_code=abc&state=stopped", "A6");
    /* Nothing found: both conditions, dropped alone, would find devices. */
    p = browser_get(&a, "/equipment?list=all&state=stopped&address=%E6%B5%8B%E8%AF%95%E8%B7%AF3");
    assert_true(contains(&p, "去掉下列任一条件即可查到设备"));
    assert_true(contains(&p, ">设备状态<"));
    assert_true(contains(&p, ">使用地点<"));
    page_free(&p);
    browser_free(&a);
}

/* The combined query pages by keyset: 20, then the rest; "previous" returns page 1. */
static void test_paging_both_ways(void **state)
{
    char first[4096], second[4096], back[4096], url[1024];
    (void)state;
    struct browser a = login(fx.a_login);
    struct page p = browser_get(&a, "/equipment");
    page_regs(&p, first, sizeof first);
    assert_int_equal(strlen(first), 20 * 21 - 1);
    assert_true(page_link(&p, "下一页", url, sizeof url));
    assert_false(page_link(&p, "上一页", url + 512, 512));
    page_free(&p);
    p = browser_get(&a, url);
    page_regs(&p, second, sizeof second);
    /* 8 of A's own + C10 + 15 fillers = 24: four on page 2, none repeated. */
    assert_int_equal(strlen(second), 4 * 21 - 1);
    for (char *s = second; *s; s += 21) {
        char one[21];
        memcpy(one, s, 20);
        one[20] = '\0';
        assert_null(strstr(first, one));
    }
    assert_false(page_link(&p, "下一页", url, sizeof url));
    assert_true(page_link(&p, "上一页", url, sizeof url));
    page_free(&p);
    p = browser_get(&a, url);
    page_regs(&p, back, sizeof back);
    assert_string_equal(back, first);
    page_free(&p);
    browser_free(&a);
}

static void test_tenant_isolation(void **state)
{
    char path[160];
    (void)state;
    struct browser a = login(fx.a_login), b = login(fx.b_login), sub = login(fx.sub_login);
    struct browser visitor = login("visitor");
    struct page p;

    /* Lists: B's own device B9 never reaches A; A's never reach B. */
    const char *lists[] = {"/equipment", "/equipment?list=overdue", "/equipment?list=unqualified",
                           "/equipment?list=all&state=in_use&category=3110", NULL};
    for (int i = 0; lists[i]; i++) {
        p = browser_get(&a, lists[i]);
        assert_null(strstr(p.body, fx.reg[9]));
        page_free(&p);
        p = browser_get(&b, lists[i]);
        assert_null(strstr(p.body, fx.reg[1]));
        page_free(&p);
    }
    expect_rows(&b, "/equipment?list=overdue", "B9");
    /* B uses C10, A built it: both see it in the combined query, only B in its duty lists. */
    expect_rows(&b, "/equipment?list=all", "B9 C10");
    /* The file by guessed id. */
    snprintf(path, sizeof path, "/equipment/%s", fx.id[9]);
    p = browser_get(&a, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/%s", fx.id[1]);
    p = browser_get(&b, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = browser_get(&visitor, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = browser_get(&sub, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/%s", fx.id[10]);
    p = browser_get(&a, path);
    assert_int_equal(p.status, 200);
    page_free(&p);
    /* A registration-code prefix of B's device finds nothing for A. */
    snprintf(path, sizeof path, "/equipment?list=all&reg_code=%s", fx.reg[9]);
    expect_rows(&a, path, "");
    /* The sub-account: only its two devices, in every list. */
    expect_rows(&sub, "/equipment", "A3 A5");
    expect_rows(&sub, "/equipment?list=due", "A3");
    expect_rows(&sub, "/equipment?list=overdue", "");
    snprintf(path, sizeof path, "/equipment/%s", fx.id[3]);
    p = browser_get(&sub, path);
    assert_int_equal(p.status, 200);
    page_free(&p);
    /* A non-certified account finds a device only by its exact code, never by a prefix. */
    snprintf(path, sizeof path, "/equipment?code=%s", fx.reg[1]);
    p = browser_get(&visitor, path);
    assert_true(contains(&p, fx.reg[1]));
    page_free(&p);
    snprintf(path, sizeof path, "/equipment?code=%.19s", fx.reg[1]);
    p = browser_get(&visitor, path);
    assert_null(strstr(p.body, fx.reg[1]));
    page_free(&p);
    p = browser_get(&visitor, "/equipment?list=overdue");
    assert_null(strstr(p.body, fx.reg[1]));
    page_free(&p);
    browser_free(&a);
    browser_free(&b);
    browser_free(&sub);
    browser_free(&visitor);
}

/* The dispatcher sends a list's page statement with the session's check, built from the
 * user a worker last saw with that session (db_prefetch). A stale guess is never shown:
 * after the account's role changes or its session ends, every worker (each was given the
 * old guess first) answers for what the database says now. */
static void test_prefetch_never_stale(void **state)
{
    (void)state;
    struct browser sub = login(fx.sub_login), a = login(fx.a_login);
    struct page p;
    const int rounds = 12; /* more than the workers a stack runs: each one holds a guess */

    for (int i = 0; i < rounds; i++)
        expect_rows(&sub, "/equipment?list=overdue", "");
    /* The sub-account becomes a main account of unit A: unit A's overdue list. */
    sql_q("UPDATE account SET roles = '{ent_main}' WHERE login = $1", 1, fx.sub_login);
    for (int i = 0; i < rounds; i++)
        expect_rows(&sub, "/equipment?list=overdue", "A1 A2");
    sql_q("UPDATE account SET roles = '{ent_sub}' WHERE login = $1", 1, fx.sub_login);
    for (int i = 0; i < rounds; i++)
        expect_rows(&sub, "/equipment?list=overdue", "");

    /* A's session ends: the login page, and none of A's devices. */
    for (int i = 0; i < rounds; i++)
        expect_rows(&a, "/equipment?list=overdue", "A1 A2");
    sql_q("DELETE FROM session WHERE account_id = (SELECT id FROM account WHERE login = $1)", 1, fx.a_login);
    for (int i = 0; i < rounds; i++) {
        p = browser_get(&a, "/equipment?list=overdue");
        assert_int_equal(p.status, 303);
        assert_null(strstr(p.body, fx.reg[1]));
        assert_null(strstr(p.body, fx.reg[2]));
        page_free(&p);
    }
    browser_free(&sub);
    browser_free(&a);
}

/* A bureau sees its districts' devices: the first page of its overdue list is what an
 * independent query of the table says; the demo bureau of 和平区 sees none of them. */
/* The SQLSTATE of a statement expected to fail ("" if it succeeded). */
static void sqlstate_of(const char *sql, const char *param, char out[6])
{
    const char *v[1] = {param};
    PGresult *res = PQexecParams(db, sql, param ? 1 : 0, NULL, param ? v : NULL, NULL, NULL, 0);
    const char *st = PQresultStatus(res) == PGRES_FATAL_ERROR ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "";
    snprintf(out, 6, "%s", st ? st : "");
    PQclear(res);
}

/* Migration 0012: the roles a unit's lists read one index range each for are true. */
static void test_party_types_guard(void **state)
{
    char st[6];
    (void)state;
    /* B is a use unit only: it cannot be a device's construction or manufacturing unit. */
    sqlstate_of("UPDATE equipment SET construction_org_id = $1 WHERE false", fx.b_org, st);
    assert_string_equal(st, ""); /* a statement that wrote no row: nothing to refuse */
    sqlstate_of("UPDATE equipment SET construction_org_id = $1"
                " WHERE id = (SELECT min(id) FROM equipment WHERE use_org_id = $1)", fx.b_org, st);
    assert_string_equal(st, "23514");
    sqlstate_of("UPDATE equipment SET manufacture_org_id = $1"
                " WHERE id = (SELECT min(id) FROM equipment WHERE use_org_id = $1)", fx.b_org, st);
    assert_string_equal(st, "23514");
    /* A built C10: it cannot stop being a construction unit while C10 names it. */
    sqlstate_of("UPDATE org SET unit_types = '{use}' WHERE id = $1", fx.a_org, st);
    assert_string_equal(st, "23514");
    expect_sql("{use,construction}", "SELECT unit_types::text FROM org WHERE id = $1", fx.a_org);
    /* B's combined list is still B9 and C10 (one range: B is a use unit only). */
    struct browser b = login(fx.b_login);
    expect_rows(&b, "/equipment?list=all", "B9 C10");
    browser_free(&b);
}

static void test_bureau_scope(void **state)
{
    char got[4096], path[160];
    (void)state;
    struct browser j = login(fx.bureau_login), other = login("bureau");
    char *want = sql_value("SELECT coalesce(string_agg(reg_code, ' ' ORDER BY next_inspection_date, id), '') FROM"
                           " (SELECT reg_code, next_inspection_date, id FROM equipment WHERE district = $1"
                           "  AND state = 'in_use' AND next_inspection_date < current_date"
                           "  ORDER BY next_inspection_date, id LIMIT 20) x",
                           DISTRICT);
    struct page p = browser_get(&j, "/equipment?list=overdue");
    assert_int_equal(p.status, 200);
    page_regs(&p, got, sizeof got);
    assert_string_equal(got, want);
    page_free(&p);
    free(want);
    /* This run's A1 and B9 are in the bureau's list (found by code: a stack that earlier
     * runs filled has more than a page of overdue devices in the district). */
    snprintf(path, sizeof path, "/equipment?list=overdue&reg_code=%s", fx.reg[1]);
    expect_rows(&j, path, "A1");
    snprintf(path, sizeof path, "/equipment?list=overdue&reg_code=%s", fx.reg[9]);
    expect_rows(&j, path, "B9");
    p = browser_get(&j, path);
    assert_true(contains(&p, "设备测试乙单位")); /* the bureau's lists name the use unit */
    page_free(&p);
    snprintf(path, sizeof path, "/equipment/%s", fx.id[9]);
    p = browser_get(&j, path);
    assert_int_equal(p.status, 200);
    page_free(&p);
    p = browser_get(&other, path);
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = browser_get(&other, "/equipment?list=overdue");
    assert_null(strstr(p.body, fx.reg[1]));
    page_free(&p);
    browser_free(&j);
    browser_free(&other);
}

/* The use unit's name the bureau's lists show is kept on the device (migration 0014):
 * a device made under a unit has its name, a renamed unit's devices show the new name
 * in the same transaction, a device moved to another unit shows that unit's, and the
 * column cannot be set to anything but its unit's name. */
static void test_use_unit_name_follows(void **state)
{
    char name[80], renamed[80], path[160];
    (void)state;
    snprintf(name, sizeof name, "改名前单位%s", run_id());
    snprintf(renamed, sizeof renamed, "改名后单位%s", run_id());
    char *c = make_unit(name, 14, "enterprise", DISTRICT, "{use}");
    const char *v[2] = {c, fx.reg[9]};
    /* B9 (overdue, in the bureau's district) moves to the new unit. */
    free(sql_run("UPDATE equipment SET use_org_id = $1::bigint WHERE reg_code = $2", 2, v));
    struct browser j = login(fx.bureau_login);
    snprintf(path, sizeof path, "/equipment?list=overdue&reg_code=%s", fx.reg[9]);
    struct page p = browser_get(&j, path);
    assert_true(contains(&p, name));
    assert_false(contains(&p, "设备测试乙单位"));
    page_free(&p);

    const char *rv[2] = {c, renamed};
    free(sql_run("UPDATE org SET name = $2 WHERE id = $1::bigint", 2, rv));
    p = browser_get(&j, path);
    assert_true(contains(&p, renamed));
    assert_false(contains(&p, name));
    page_free(&p);
    char *kept = sql_value("SELECT use_org_name FROM equipment WHERE reg_code = $1", fx.reg[9]);
    assert_string_equal(kept, renamed);
    free(kept);

    /* Set by hand: the unit's name again. A new device: its unit's name. */
    const char *fv[1] = {fx.reg[9]};
    free(sql_run("UPDATE equipment SET use_org_name = '伪造单位' WHERE reg_code = $1", 1, fv));
    kept = sql_value("SELECT use_org_name FROM equipment WHERE reg_code = $1", fx.reg[9]);
    assert_string_equal(kept, renamed);
    free(kept);
    const char *nv[1] = {c};
    char *made = sql_run("INSERT INTO equipment (category, name, use_org_id, district, state, address)"
                         " VALUES ('3110', '新设备', $1, '" DISTRICT "', 'in_use', '新路') RETURNING use_org_name",
                         1, nv);
    assert_string_equal(made, renamed);
    free(made);

    /* Back to its unit: B9 shows 设备测试乙单位 again (test_bureau_scope looks for it). */
    const char *bv[2] = {fx.b_org, fx.reg[9]};
    free(sql_run("UPDATE equipment SET use_org_id = $1::bigint WHERE reg_code = $2", 2, bv));
    p = browser_get(&j, path);
    assert_true(contains(&p, "设备测试乙单位"));
    page_free(&p);
    browser_free(&j);
    free(c);
}

/* The overview's numbers come from the tallies; they follow inserts and updates. */
static void test_overview_tallies(void **state)
{
    char link[160];
    (void)state;
    struct browser a = login(fx.a_login);
    /* A as use unit: A1-A5, A8 and 15 fillers in use (21), A6 stopped, A7 scrapped. */
    struct page p = browser_get(&a, "/equipment/overview");
    assert_int_equal(p.status, 200);
    snprintf(link, sizeof link, "category=3000&amp;state=in_use\">21</a>");
    assert_true(contains(&p, link));
    assert_true(contains(&p, "category=3000&amp;state=stopped\">1</a>"));
    assert_true(contains(&p, "category=3000\">23</a>"));
    assert_true(contains(&p, "<svg"));
    page_free(&p);
    /* Stop A4 (as an approved change would): the tally moves in the same statement. */
    const char *v[1] = {fx.id[4]};
    free(sql_run("UPDATE equipment SET state = 'stopped' WHERE id = $1", 1, v));
    p = browser_get(&a, "/equipment/overview");
    assert_true(contains(&p, "category=3000&amp;state=in_use\">20</a>"));
    assert_true(contains(&p, "category=3000&amp;state=stopped\">2</a>"));
    page_free(&p);
    free(sql_run("UPDATE equipment SET state = 'in_use' WHERE id = $1", 1, v));
    /* Every tally row of A equals a count of the table. */
    const char *ov[1] = {fx.a_org};
    char *bad = sql_run("SELECT count(*) FROM (SELECT category, state, count(*) AS n FROM equipment"
                        " WHERE use_org_id = $1::bigint GROUP BY 1, 2) c FULL JOIN"
                        " (SELECT category, state, n FROM equipment_tally_org WHERE org_id = $1::bigint AND n <> 0) t"
                        " USING (category, state) WHERE c.n IS DISTINCT FROM t.n",
                        1, ov);
    assert_string_equal(bad, "0");
    free(bad);
    browser_free(&a);
}

/* The file shows what the unit typed, escaped; so does every list. */
static void test_file_and_escaping(void **state)
{
    char path[160];
    (void)state;
    struct browser a = login(fx.a_login);
    snprintf(path, sizeof path, "/equipment/%s", fx.id[8]);
    struct page p = browser_get(&a, path);
    assert_int_equal(p.status, 200);
    assert_null(strstr(p.body, "<script>alert(1)"));
    assert_true(contains(&p, "&lt;script&gt;alert(1)&lt;/script&gt;路"));
    assert_true(contains(&p, "维保测试单位"));
    assert_true(contains(&p, fx.reg[8]));
    assert_true(contains(&p, "申请变更状态")); /* A is the use unit */
    page_free(&p);
    p = browser_get(&a, "/equipment?list=all&category=3110&state=in_use");
    assert_null(strstr(p.body, "<script>alert(1)"));
    assert_true(contains(&p, "&lt;script&gt;alert(1)&lt;/script&gt;路"));
    page_free(&p);
    /* C10 is B's: A built it and may look, but may not apply to change it. */
    snprintf(path, sizeof path, "/equipment/%s", fx.id[10]);
    p = browser_get(&a, path);
    assert_null(strstr(p.body, "申请变更状态"));
    page_free(&p);
    /* Not a number, or no such device: 404. */
    p = browser_get(&a, "/equipment/12abc");
    assert_int_equal(p.status, 404);
    page_free(&p);
    p = browser_get(&a, "/equipment/999999999");
    assert_int_equal(p.status, 404);
    page_free(&p);
    browser_free(&a);
}

/* Downloads path (an .xlsx) and returns what openpyxl reads in it (see
 * tests/tools/xlsx_dump.py), malloc'd. */
static char *export_dump(struct browser *b, const char *path)
{
    char file[] = "/tmp/tejian-export-XXXXXX.xlsx", cmd[256], *out = NULL;
    size_t len = 0, cap = 0;
    struct page p = browser_get(b, path);
    int fd = mkstemps(file, 5); /* openpyxl goes by the extension */
    FILE *f;

    if (p.status != 200)
        fail_msg("%s: HTTP %ld", path, p.status);
    assert_true(strstr(p.headers, "spreadsheetml") != NULL);
    assert_true(strstr(p.headers, "filename*=UTF-8''") != NULL);
    assert_true(fd >= 0 && write(fd, p.body, p.len) == (ssize_t)p.len);
    close(fd);
    page_free(&p);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/tests/tools/xlsx_dump.py %s 2>&1",
             getenv("TEJIAN_ROOT") ? getenv("TEJIAN_ROOT") : ".", file);
    assert_non_null(f = popen(cmd, "r"));
    for (int c; (c = fgetc(f)) != EOF;) {
        if (len + 2 > cap && !(out = realloc(out, cap = cap ? cap * 2 : 4096)))
            fail_msg("no memory");
        out[len++] = (char)c;
    }
    if (out)
        out[len] = '\0';
    else
        out = calloc(1, 1);
    if (pclose(f) != 0)
        fail_msg("xlsx_dump %s: %s", file, out);
    unlink(file);
    return out;
}

static int lines_of(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Exports: the same rows as the screen, codes as text cells with every digit, days as
 * numbers; never another unit's devices; no export for a non-certified account. */
static void test_export(void **state)
{
    char want[64];
    (void)state;
    struct browser a = login(fx.a_login), sub = login(fx.sub_login), visitor = login("visitor");

    char *x = export_dump(&a, "/equipment/export?list=overdue");
    assert_int_equal(lines_of(x), 3); /* header + A1 + A2 */
    assert_true(strstr(x, "s:注册代码\t") == x);
    assert_true(strstr(x, "s:超期天数") != NULL);
    snprintf(want, sizeof want, "s:%s\t", fx.reg[1]);
    assert_true(strstr(x, want) != NULL);   /* a string cell holding all 20 digits */
    assert_true(strstr(x, "\tn:10\n") != NULL || strstr(x, "\tn:10\r") != NULL);
    assert_true(strstr(x, "\ts:在用\t") != NULL);
    assert_true(strstr(x, "\td:") != NULL); /* dates are dates */
    assert_true(strstr(x, "\n") < strstr(x, fx.reg[1]) && strstr(x, fx.reg[1]) < strstr(x, fx.reg[2]));
    free(x);
    /* The combined query: all 24 of A's rows, not B's own device. */
    x = export_dump(&a, "/equipment/export?list=all");
    assert_int_equal(lines_of(x), 25);
    assert_null(strstr(x, fx.reg[9]));
    assert_non_null(strstr(x, fx.reg[10]));
    free(x);
    /* Filters apply as on the screen. */
    x = export_dump(&a, "/equipment/export?list=all&state=stopped");
    assert_int_equal(lines_of(x), 2);
    assert_non_null(strstr(x, fx.reg[6]));
    free(x);
    /* The list page's own link carries its filters to the export. */
    {
        char link[512];
        struct page lp = browser_get(&a, "/equipment?list=all&state=stopped");
        assert_int_equal(page_link(&lp, "导出 Excel", link, sizeof link), 1);
        assert_string_equal(link, "/equipment/export?list=all&state=stopped");
        page_free(&lp);
        x = export_dump(&a, link);
        assert_int_equal(lines_of(x), 2);
        assert_non_null(strstr(x, fx.reg[6]));
        free(x);
    }
    x = export_dump(&sub, "/equipment/export?list=all");
    assert_int_equal(lines_of(x), 3);
    assert_non_null(strstr(x, fx.reg[3]));
    assert_non_null(strstr(x, fx.reg[5]));
    free(x);
    struct page p = browser_get(&visitor, "/equipment/export?list=all");
    assert_int_equal(p.status, 403);
    page_free(&p);
    browser_free(&a);
    browser_free(&sub);
    browser_free(&visitor);
}

/* The nightly fold while a device change is uncommitted: the fold waits for the rows the
 * change holds, then folds what the change left, and every total still equals the
 * devices. */
static void test_fold_racing_a_change(void **state)
{
    (void)state;
    PGconn *changer = PQconnectdb(getenv("TEJIAN_DB")), *folder = PQconnectdb(getenv("TEJIAN_DB"));
    assert_int_equal(PQstatus(changer), CONNECTION_OK);
    assert_int_equal(PQstatus(folder), CONNECTION_OK);
    const char *v[1] = {fx.id[9]};
    expect_sql("t", "SELECT equipment_due_tally_fold(current_date - 1) >= 0", NULL);
    free(sql_q("UPDATE equipment SET next_inspection_date = current_date - 30 WHERE id = $1", 1, fx.id[9]));
    expect_sql("1", "SELECT n FROM equipment_due_tally_org WHERE org_id = $1 AND due = current_date - 30", fx.b_org);
    PGresult *res = PQexec(changer, "BEGIN");
    PQclear(res);
    res = PQexecParams(changer, "UPDATE equipment SET next_inspection_date = current_date - 31 WHERE id = $1", 1, NULL, v,
                       NULL, NULL, 0);
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    assert_true(PQsendQuery(folder, "SELECT equipment_due_tally_fold(current_date - 1)"));
    /* The fold waits for the row the change updated (current_date - 30). */
    res = result_after_commit(folder, changer);
    assert_true(atol(PQgetvalue(res, 0, 0)) > 0);
    PQclear(res);
    /* The row the change had updated is folded; B1 (its only device overdue) counts once. */
    expect_sql("0", "SELECT count(*) FROM equipment_due_tally_org WHERE org_id = $1 AND due = current_date - 30", fx.b_org);
    expect_sql("1", "SELECT sum(n) FROM equipment_due_tally_org WHERE org_id = $1 AND due < current_date", fx.b_org);
    expect_sql("t", "SELECT (SELECT sum(n) FROM equipment_due_tally_district WHERE district = $1 AND due < current_date)"
               " = (SELECT count(*) FROM equipment WHERE district = $1 AND state = 'in_use'"
               " AND next_inspection_date < current_date)", DISTRICT);
    struct browser b = login(fx.b_login);
    struct page p = browser_get(&b, "/equipment?list=overdue");
    assert_true(contains(&p, "共 <strong>1</strong> 台"));
    page_free(&p);
    browser_free(&b);
    free(sql_q("UPDATE equipment SET next_inspection_date = current_date - 20 WHERE id = $1", 1, fx.id[9]));
    PQfinish(changer);
    PQfinish(folder);
}

int main(void)
{
    if (testkit_start())
        return 2;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_duty_lists_exact_rows),
        cmocka_unit_test(test_combined_query_marks_overdue),
        cmocka_unit_test(test_combined_query_filters),
        cmocka_unit_test(test_paging_both_ways),
        cmocka_unit_test(test_tenant_isolation),
        cmocka_unit_test(test_prefetch_never_stale),
        cmocka_unit_test(test_bureau_scope),
        cmocka_unit_test(test_use_unit_name_follows),
        cmocka_unit_test(test_party_types_guard),
        cmocka_unit_test(test_overview_tallies),
        cmocka_unit_test(test_file_and_escaping),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_fold_racing_a_change),
    };
    int rc = cmocka_run_group_tests_name("equipment", tests, setup, NULL);
    testkit_stop();
    return rc;
}
