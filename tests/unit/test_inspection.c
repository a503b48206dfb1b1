/* test_inspection.c — inspection applications without a database: the WF_INSPECTION table
 * is exactly DESIGN §3 (every legal move present with its capability, every other
 * state × event refused), the submit and completion guards, sub-account task types,
 * and the reference fee calculation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth.h"
#include "fee.h"
#include "inspection.h"
#include "workflow.h"

static const char *const STATES[] = {"", "draft", "submitted", "in_process", "returned", "completed", "deleted"};
static const char *const EVENTS[] = {"save", "submit", "withdraw", "accept", "return", "complete", "delete",
                                     "approve", "reject", ""};

/* DESIGN §3, row by row. */
static const struct {
    const char *from, *event, *to, *capability;
} LEGAL[] = {
    {"", "save", "draft", "inspection.apply"},
    {"draft", "submit", "submitted", "inspection.apply"},
    {"submitted", "withdraw", "draft", "inspection.apply"},
    {"submitted", "accept", "in_process", "inspection.accept"},
    {"submitted", "return", "returned", "inspection.accept"},
    {"in_process", "return", "returned", "inspection.accept"},
    {"returned", "submit", "submitted", "inspection.apply"},
    {"in_process", "complete", "completed", "inspection.complete"},
    {"draft", "delete", "deleted", "inspection.apply"},
    {"returned", "delete", "deleted", "inspection.apply"},
};
#define NLEGAL (sizeof LEGAL / sizeof LEGAL[0])

static void test_every_legal_move(void **state)
{
    assert_int_equal(WF_INSPECTION.ntransitions, NLEGAL);
    for (size_t i = 0; i < NLEGAL; i++) {
        const struct wf_transition *t = workflow_find(&WF_INSPECTION, LEGAL[i].from, LEGAL[i].event);
        assert_non_null(t);
        assert_string_equal(t->to, LEGAL[i].to);
        assert_string_equal(t->capability, LEGAL[i].capability);
        assert_true(t->label && *t->label);
        assert_string_not_equal(workflow_label(&WF_INSPECTION, t->to), t->to); /* shown in Chinese */
    }
    assert_string_equal(WF_INSPECTION.kind, "inspection_application");
}

static void test_every_illegal_move_refused(void **state)
{
    size_t refused = 0;
    for (size_t s = 0; s < sizeof STATES / sizeof STATES[0]; s++)
        for (size_t e = 0; e < sizeof EVENTS / sizeof EVENTS[0]; e++) {
            int legal = 0;
            for (size_t i = 0; i < NLEGAL; i++)
                legal |= !strcmp(LEGAL[i].from, STATES[s]) && !strcmp(LEGAL[i].event, EVENTS[e]);
            const struct wf_transition *t = workflow_find(&WF_INSPECTION, STATES[s], EVENTS[e]);
            if (legal)
                assert_non_null(t);
            else {
                if (t)
                    fail_msg("%s --%s--> should be refused", STATES[s], EVENTS[e]);
                refused++;
            }
        }
    assert_true(refused > 50);
    /* Named cases the issue cares about. */
    assert_null(workflow_find(&WF_INSPECTION, "completed", "return"));
    assert_null(workflow_find(&WF_INSPECTION, "in_process", "withdraw"));
    assert_null(workflow_find(&WF_INSPECTION, "in_process", "delete"));
    assert_null(workflow_find(&WF_INSPECTION, "submitted", "delete"));
    assert_null(workflow_find(&WF_INSPECTION, "draft", "accept"));
    assert_null(workflow_find(&WF_INSPECTION, "returned", "accept"));
    assert_null(workflow_find(&WF_INSPECTION, "submitted", "complete"));
    assert_null(workflow_find(&WF_INSPECTION, NULL, "submit"));
    assert_null(workflow_find(&WF_INSPECTION, "draft", NULL));
}

static void test_capabilities(void **state)
{
    struct user ent = {.id = 1, .roles = ROLE_ENT_MAIN}, sub = {.id = 2, .roles = ROLE_ENT_SUB},
                basic = {.id = 3, .roles = ROLE_ENT_BASIC}, accept = {.id = 4, .roles = ROLE_AGENCY_ACCEPT},
                insp = {.id = 5, .roles = ROLE_AGENCY_INSPECTOR}, appr = {.id = 6, .roles = ROLE_AGENCY_APPROVER},
                cash = {.id = 7, .roles = ROLE_AGENCY_CASHIER}, bureau = {.id = 8, .roles = ROLE_BUREAU};
    assert_true(auth_can(&ent, "inspection.apply") && auth_can(&sub, "inspection.apply") &&
                auth_can(&basic, "inspection.apply"));
    assert_false(auth_can(&accept, "inspection.apply"));
    assert_true(auth_can(&accept, "inspection.accept") && auth_can(&appr, "inspection.accept"));
    assert_false(auth_can(&insp, "inspection.accept") || auth_can(&ent, "inspection.accept"));
    assert_true(auth_can(&insp, "inspection.complete") && auth_can(&appr, "inspection.complete"));
    assert_false(auth_can(&accept, "inspection.complete") || auth_can(&cash, "inspection.complete"));
    assert_false(auth_can(&cash, "inspection.agency") || auth_can(&bureau, "inspection.agency"));
}

static void test_allowed_kinds(void **state)
{
    struct user main = {.id = 1, .roles = ROLE_ENT_MAIN}, sub = {.id = 2, .roles = ROLE_ENT_SUB},
                agency = {.id = 3, .roles = ROLE_AGENCY_ACCEPT};
    const char *k[3];
    assert_int_equal(insp_allowed_kinds(&main, k), 3);
    strcpy(sub.task_types, "{periodic,modification}");
    assert_int_equal(insp_allowed_kinds(&sub, k), 2);
    assert_string_equal(k[0], "periodic");
    assert_string_equal(k[1], "modification");
    strcpy(sub.task_types, "{installation}");
    assert_int_equal(insp_allowed_kinds(&sub, k), 1);
    assert_string_equal(k[0], "installation");
    sub.task_types[0] = '\0';
    assert_int_equal(insp_allowed_kinds(&sub, k), 0);
    assert_int_equal(insp_allowed_kinds(&agency, k), 0);
    assert_true(insp_kind_valid("periodic") && !insp_kind_valid("yearly") && !insp_kind_valid(NULL));
}

static void test_submit_guards(void **state)
{
    struct insp_facts ok = {"periodic", "张经理", "13800000007", "天津市和平区", 2, 1, 1, 0, 0, NULL, NULL};
    struct insp_errors e;

    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&ok, &e), 0);
    struct insp_facts f = ok;
    f.has_commitment = 0;
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 1);
    assert_non_null(e.commitment);
    f.kind = "installation"; /* supervision needs no commitment letter */
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 0);
    f = ok;
    f.safety_accepted = 0;
    f.contact = "";
    f.phone = "12345";
    f.address = NULL;
    f.nitems = 0;
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 5);
    assert_non_null(e.safety);
    assert_non_null(e.contact);
    assert_non_null(e.phone);
    assert_non_null(e.address);
    assert_non_null(e.items);
    const char *phones_ok[] = {"022-23456789", "02223456789", "0571-8888888-801", " 13800000007 "};
    for (size_t i = 0; i < 4; i++) {
        f = ok;
        f.phone = phones_ok[i];
        memset(&e, 0, sizeof e);
        if (insp_check_submit(&f, &e))
            fail_msg("phone %s refused", phones_ok[i]);
    }
    const char *phones_bad[] = {"23456789", "022--23456789", "022-2345678a", "1380000000", "0"};
    for (size_t i = 0; i < 5; i++) {
        f = ok;
        f.phone = phones_bad[i];
        memset(&e, 0, sizeof e);
        assert_int_equal(insp_check_submit(&f, &e), 1);
    }
    f = ok;
    f.items_missing_maint = 1;
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 1);
    assert_non_null(strstr(e.items, "维保"));
    f = ok;
    f.busy = "31101201012015060001";
    f.busy_serial = "BJ20260101-000001";
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 1);
    assert_non_null(strstr(e.items, "BJ20260101-000001"));
    f = ok;
    f.items_not_allowed = 1;
    memset(&e, 0, sizeof e);
    assert_int_equal(insp_check_submit(&f, &e), 1);
}

static void test_result_guards(void **state)
{
    struct insp_result r = {1, "qualified", "2026-03-01", "2027-03-01", "1200.50", "", NULL, NULL, 0, NULL};
    assert_int_equal(insp_check_result(&r, "2026-03-02"), 0);
    assert_int_equal(r.fee_fen, 120050);
    struct insp_result x = r;
    x.conclusion = "good";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.inspection_date = "2026-03-03"; /* in the future */
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.next_date = "2026-02-01"; /* before the inspection */
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.next_date = "";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x.conclusion = "unqualified"; /* may go without a next date, not without its problems */
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x.problems = " \n\t\r\n";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x.problems = "制动器失灵\r\n轿门开关异常\n";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), 0);
    x.deadline = "2026-03-01"; /* not after the inspection */
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x.deadline = "2026-04-01";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), 0);
    char many[2048] = "";
    for (int i = 0; i < 21; i++)
        strcat(many, "问题\n");
    x.problems = many; /* 21 items */
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    char longline[256];
    memset(longline, 'x', 201);
    longline[201] = '\0';
    x.problems = longline;
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.fee = "-5";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.inspection_date = "2026-02-30";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    x = r;
    x.report_no = "01234567890123456789012345678901234567890";
    assert_int_equal(insp_check_result(&x, "2026-03-02"), -1);
    assert_non_null(x.error);
}

static void test_fee_calc(void **state)
{
    struct fee_rule elevator = {60000, 6, 3000, "", 0, 1, 0};
    struct fee_rule crane = {80000, 6, 0, "额定起重量（吨）", 5, 5, 10000};
    struct fee_input in = {18, -1};
    struct fee_estimate e;

    assert_int_equal(fee_calc(&elevator, &in, &e), 0);
    assert_int_equal(e.extra_floors, 12);
    assert_int_equal(e.total_fen, 60000 + 12 * 3000);
    in.floors = 6;
    assert_int_equal(fee_calc(&elevator, &in, &e), 0);
    assert_int_equal(e.total_fen, 60000);
    in.floors = -1; /* unknown: no surcharge */
    assert_int_equal(fee_calc(&elevator, &in, &e), 0);
    assert_int_equal(e.total_fen, 60000);
    in = (struct fee_input){-1, 5};
    assert_int_equal(fee_calc(&crane, &in, &e), 0);
    assert_int_equal(e.bands, 0);
    in.band_value = 5.01; /* a started step counts */
    fee_calc(&crane, &in, &e);
    assert_int_equal(e.bands, 1);
    in.band_value = 15; /* exactly two steps, no rounding up */
    fee_calc(&crane, &in, &e);
    assert_int_equal(e.bands, 2);
    assert_int_equal(e.total_fen, 80000 + 20000);
    assert_string_equal(e.band_label, "额定起重量（吨）");
    struct fee_rule bad = {100, 6, 0, "", 0, 0, 0};
    assert_int_equal(fee_calc(&bad, &in, &e), -1);
    bad.band_step = 1;
    bad.base_fen = -1;
    assert_int_equal(fee_calc(&bad, &in, &e), -1);
}

static void test_fee_text(void **state)
{
    char s[32];
    long fen;
    fee_format(123450, s, sizeof s);
    assert_string_equal(s, "1234.50");
    fee_format(5, s, sizeof s);
    assert_string_equal(s, "0.05");
    assert_int_equal(fee_parse("1200", &fen), 0);
    assert_int_equal(fen, 120000);
    assert_int_equal(fee_parse(" 1,200.5 ", &fen), 0);
    assert_int_equal(fen, 120050);
    assert_int_equal(fee_parse("0.07", &fen), 0);
    assert_int_equal(fen, 7);
    const char *bad[] = {"", "-1", "1.234", "abc", "12a", "1.", ".5x", "100000001", ",5", NULL};
    for (int i = 0; bad[i]; i++)
        if (fee_parse(bad[i], &fen) == 0)
            fail_msg("'%s' parsed as %ld", bad[i], fen);
}

static void test_reasons(void **state)
{
    int n = 0;
    for (; INSP_RETURN_REASONS[n].code; n++)
        assert_non_null(insp_reason_label(INSP_RETURN_REASONS[n].code));
    assert_true(n >= 6);
    assert_null(insp_reason_label("资料缺失"));
    assert_null(insp_reason_label(NULL));
    assert_string_equal(insp_conclusion_label("requalified"), "复检合格");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_legal_move), cmocka_unit_test(test_every_illegal_move_refused),
        cmocka_unit_test(test_capabilities),     cmocka_unit_test(test_allowed_kinds),
        cmocka_unit_test(test_submit_guards),    cmocka_unit_test(test_result_guards),
        cmocka_unit_test(test_fee_calc),         cmocka_unit_test(test_fee_text),
        cmocka_unit_test(test_reasons),
    };
    return cmocka_run_group_tests_name("inspection", tests, NULL, NULL);
}
