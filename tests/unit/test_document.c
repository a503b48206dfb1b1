/* test_document.c — doc_access, the one decision on who may download which document, as
 * a table: every role against own / another unit's documents, paid or not, arrears
 * approved or not, assigned device or not; and the two document workflows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "document.h"
#include "workflow.h"

#define ORG 7
#define OTHER 8
#define ME 100
#define SOMEONE 101

static const struct {
    unsigned role;
    const char *kind;
    long org, applicant;
    int assigned, paid, arrears;
    enum doc_access want;
} CASES[] = {
    /* Main account: its unit's documents; reports and labels once paid or covered. */
    {ROLE_ENT_MAIN, "report", ORG, SOMEONE, 0, 0, 0, DOC_UNPAID},
    {ROLE_ENT_MAIN, "label", ORG, SOMEONE, 0, 0, 0, DOC_UNPAID},
    {ROLE_ENT_MAIN, "report", ORG, SOMEONE, 0, 1, 0, DOC_ALLOW},
    {ROLE_ENT_MAIN, "label", ORG, SOMEONE, 0, 1, 0, DOC_ALLOW},
    {ROLE_ENT_MAIN, "report", ORG, SOMEONE, 0, 0, 1, DOC_ALLOW},
    {ROLE_ENT_MAIN, "notice", ORG, SOMEONE, 0, 0, 0, DOC_ALLOW},
    {ROLE_ENT_MAIN, "report", OTHER, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_MAIN, "notice", OTHER, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_MAIN, "report", 0, ME, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_MAIN, "voucher", 0, ME, 0, 0, 0, DOC_ALLOW},
    {ROLE_ENT_MAIN, "voucher", 0, SOMEONE, 0, 0, 0, DOC_DENY},
    {ROLE_ENT_MAIN, "contract", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
    /* Sub-account: its unit's documents of its assigned devices only. */
    {ROLE_ENT_SUB, "report", ORG, SOMEONE, 1, 1, 0, DOC_ALLOW},
    {ROLE_ENT_SUB, "report", ORG, SOMEONE, 1, 0, 0, DOC_UNPAID},
    {ROLE_ENT_SUB, "report", ORG, SOMEONE, 1, 0, 1, DOC_ALLOW},
    {ROLE_ENT_SUB, "notice", ORG, SOMEONE, 1, 0, 0, DOC_ALLOW},
    {ROLE_ENT_SUB, "report", ORG, ME, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_SUB, "notice", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_SUB, "report", OTHER, SOMEONE, 1, 1, 0, DOC_DENY},
    /* Non-certified: paper only (the voucher), and only its own applications. */
    {ROLE_ENT_BASIC, "report", 0, ME, 0, 1, 0, DOC_VOUCHER_ONLY},
    {ROLE_ENT_BASIC, "label", 0, ME, 0, 1, 1, DOC_VOUCHER_ONLY},
    {ROLE_ENT_BASIC, "notice", 0, ME, 0, 0, 0, DOC_VOUCHER_ONLY},
    {ROLE_ENT_BASIC, "report", 0, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_ENT_BASIC, "voucher", 0, ME, 0, 0, 0, DOC_ALLOW},
    {ROLE_ENT_BASIC, "voucher", 0, SOMEONE, 0, 0, 0, DOC_DENY},
    /* Staff use the agency's pages. */
    {ROLE_AGENCY_APPROVER, "report", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_AGENCY_CASHIER, "report", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_BUREAU, "report", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
    {ROLE_ADMIN, "report", ORG, SOMEONE, 0, 1, 0, DOC_DENY},
};

static void test_access_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        struct user u;
        memset(&u, 0, sizeof u);
        u.id = ME;
        u.org_id = CASES[i].role & (ROLE_ENT_MAIN | ROLE_ENT_SUB) ? ORG : 0;
        u.roles = CASES[i].role;
        struct doc_facts f = {CASES[i].kind, CASES[i].org, CASES[i].applicant, CASES[i].assigned, CASES[i].paid,
                              CASES[i].arrears};
        enum doc_access got = doc_access(&u, &f);
        if (got != CASES[i].want)
            fail_msg("case %zu (%s, role %u): got %d, want %d", i, CASES[i].kind, CASES[i].role, got, CASES[i].want);
    }
    /* Anonymous and missing facts: nothing. */
    struct user anon;
    memset(&anon, 0, sizeof anon);
    struct doc_facts f = {"report", ORG, ME, 1, 1, 1};
    assert_int_equal(doc_access(&anon, &f), DOC_DENY);
    assert_int_equal(doc_access(NULL, &f), DOC_DENY);
}

static void test_workflows(void **state)
{
    (void)state;
    assert_string_equal(workflow_find(&WF_DOCUMENT, "", "issue")->to, "issued");
    assert_string_equal(workflow_find(&WF_DOCUMENT, "issued", "reissue")->to, "superseded");
    assert_string_equal(workflow_find(&WF_DOCUMENT, "issued", "revoke")->to, "revoked");
    assert_null(workflow_find(&WF_DOCUMENT, "revoked", "revoke"));
    assert_null(workflow_find(&WF_DOCUMENT, "superseded", "reissue"));
    assert_null(workflow_find(&WF_DOCUMENT, "revoked", "reissue"));
    assert_string_equal(workflow_find(&WF_DOCUMENT, "issued", "revoke")->capability, "document.manage");
    assert_string_equal(workflow_find(&WF_FEE_ORDER, "unpaid", "pay")->to, "paid");
    assert_string_equal(workflow_find(&WF_FEE_ORDER, "unpaid", "pay")->capability, "payment.record");
    assert_null(workflow_find(&WF_FEE_ORDER, "paid", "pay"));
    assert_null(workflow_find(&WF_FEE_ORDER, "cancelled", "pay"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_access_table),
        cmocka_unit_test(test_workflows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
