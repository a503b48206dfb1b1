/* test_workflow.c — transition lookup over the real tables: exactly the allowed device
 * moves exist, everything else is refused, and labels are Chinese. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "workflow.h"
#include "workflow_review.h"

static const char *const STATES[] = {"in_use", "stopped", "scrapped", "cancelled"};

/* The device moves a use unit may apply for (from, to, event). */
static const struct {
    const char *from, *to, *event;
} ALLOWED[] = {
    {"in_use", "stopped", "stop"},      {"in_use", "scrapped", "scrap"},   {"in_use", "cancelled", "cancel"},
    {"stopped", "in_use", "resume"},    {"stopped", "scrapped", "scrap"},  {"stopped", "cancelled", "cancel"},
    {"scrapped", "cancelled", "cancel"},
};
#define NALLOWED (sizeof ALLOWED / sizeof ALLOWED[0])

static int allowed(const char *from, const char *to)
{
    for (size_t i = 0; i < NALLOWED; i++)
        if (!strcmp(ALLOWED[i].from, from) && !strcmp(ALLOWED[i].to, to))
            return 1;
    return 0;
}

static void test_equipment_moves(void **state)
{
    assert_int_equal(WF_EQUIPMENT.ntransitions, NALLOWED);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            const struct wf_transition *t = workflow_find_to(&WF_EQUIPMENT, STATES[i], STATES[j]);
            if (allowed(STATES[i], STATES[j])) {
                assert_non_null(t);
                assert_string_equal(t->from, STATES[i]);
                assert_string_equal(t->to, STATES[j]);
                assert_ptr_equal(workflow_find(&WF_EQUIPMENT, STATES[i], t->event), t);
            } else {
                assert_null(t);
            }
        }
    for (size_t i = 0; i < NALLOWED; i++) {
        const struct wf_transition *t = workflow_find(&WF_EQUIPMENT, ALLOWED[i].from, ALLOWED[i].event);
        assert_non_null(t);
        assert_string_equal(t->to, ALLOWED[i].to);
        assert_string_equal(t->capability, "bureau.changes");
        assert_true(t->label && *t->label);
    }
}

static void test_refused(void **state)
{
    /* Nothing leaves cancelled; a scrapped device only gets cancelled. */
    assert_null(workflow_next(&WF_EQUIPMENT, "cancelled", 0));
    assert_null(workflow_find(&WF_EQUIPMENT, "cancelled", "resume"));
    assert_null(workflow_find(&WF_EQUIPMENT, "scrapped", "resume"));
    assert_null(workflow_find(&WF_EQUIPMENT, "scrapped", "stop"));
    assert_null(workflow_find(&WF_EQUIPMENT, "in_use", "resume"));
    assert_null(workflow_find(&WF_EQUIPMENT, "in_use", "approve"));
    /* Unknown or missing input. */
    assert_null(workflow_find(&WF_EQUIPMENT, "flying", "stop"));
    assert_null(workflow_find(&WF_EQUIPMENT, NULL, "stop"));
    assert_null(workflow_find(&WF_EQUIPMENT, "in_use", NULL));
    assert_null(workflow_find_to(&WF_EQUIPMENT, "in_use", NULL));
    assert_null(workflow_find_to(&WF_EQUIPMENT, "in_use", ""));
    assert_null(workflow_find(NULL, "in_use", "stop"));
}

static void test_next(void **state)
{
    const char *want[] = {"stopped", "scrapped", "cancelled"};
    size_t n = 0;
    const struct wf_transition *t;
    for (; (t = workflow_next(&WF_EQUIPMENT, "in_use", n)) != NULL; n++)
        assert_string_equal(t->to, want[n]);
    assert_int_equal(n, 3);
    assert_non_null(workflow_next(&WF_EQUIPMENT, "scrapped", 0));
    assert_null(workflow_next(&WF_EQUIPMENT, "scrapped", 1));
}

static void test_change_application(void **state)
{
    const struct wf_transition *t = workflow_find(&WF_CHANGE_APPLICATION, "", "submit");
    assert_non_null(t);
    assert_string_equal(t->to, "submitted");
    assert_string_equal(t->capability, "equipment.change");
    t = workflow_find(&WF_CHANGE_APPLICATION, "submitted", "approve");
    assert_non_null(t);
    assert_string_equal(t->to, "approved");
    assert_string_equal(t->capability, "bureau.changes");
    assert_non_null(workflow_find(&WF_CHANGE_APPLICATION, "submitted", "reject"));
    /* A decided application is final. */
    assert_null(workflow_find(&WF_CHANGE_APPLICATION, "approved", "reject"));
    assert_null(workflow_find(&WF_CHANGE_APPLICATION, "rejected", "approve"));
    assert_null(workflow_find(&WF_CHANGE_APPLICATION, "rejected", "submit"));
}

static void test_labels(void **state)
{
    assert_string_equal(workflow_label(&WF_EQUIPMENT, "in_use"), "在用");
    assert_string_equal(workflow_label(&WF_EQUIPMENT, "cancelled"), "注销");
    assert_string_equal(workflow_label(&WF_CHANGE_APPLICATION, "submitted"), "待审核");
    assert_string_equal(workflow_label(&WF_EQUIPMENT, "odd"), "odd");
    assert_string_equal(workflow_label(&WF_EQUIPMENT, NULL), "");
}

/* The reviews: only a pending registration / submitted change is decided, by a reviewer;
 * a decided one is never decided again. */
static void test_reviews(void **state)
{
    const struct workflow *wfs[] = {&WF_REGISTRATION, &WF_ORG_CHANGE};
    const char *open_state[] = {"pending", "submitted"};
    (void)state;

    for (int i = 0; i < 2; i++) {
        const struct wf_transition *a = workflow_find(wfs[i], open_state[i], "approve");
        const struct wf_transition *r = workflow_find(wfs[i], open_state[i], "reject");
        assert_non_null(a);
        assert_non_null(r);
        assert_string_equal(a->capability, "review.registration");
        assert_string_equal(r->capability, "review.registration");
        for (size_t k = 0; k < wfs[i]->nstates; k++) {
            const char *st = wfs[i]->states[k].name;
            if (!strcmp(st, open_state[i]))
                continue;
            assert_null(workflow_find(wfs[i], st, "approve"));
            assert_null(workflow_find(wfs[i], st, "reject"));
            assert_null(workflow_next(wfs[i], st, 0));
        }
    }
    assert_string_equal(WF_REGISTRATION.transitions[0].to, "active");
    assert_string_equal(workflow_label(&WF_ORG_CHANGE, "rejected"), "未通过");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equipment_moves),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_next),
        cmocka_unit_test(test_change_application),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_reviews),
    };
    return cmocka_run_group_tests_name("workflow", tests, NULL, NULL);
}
