/* auth.c — roles and the capabilities they grant (one table, checked by the dispatcher). */
#include "auth.h"

#include <stdint.h>
#include <string.h>

#include "util.h"

static const struct {
    unsigned role;
    const char *name;
    const char *label;
} ROLES[] = {
    {ROLE_ENT_MAIN, "ent_main", "企业主账号"},
    {ROLE_ENT_SUB, "ent_sub", "企业子账号"},
    {ROLE_ENT_BASIC, "ent_basic", "非认证账号"},
    {ROLE_AGENCY_ACCEPT, "agency_accept", "检验机构受理员"},
    {ROLE_AGENCY_INSPECTOR, "agency_inspector", "检验员"},
    {ROLE_AGENCY_APPROVER, "agency_approver", "审批人"},
    {ROLE_AGENCY_CASHIER, "agency_cashier", "收费员"},
    {ROLE_BUREAU, "bureau", "区县监管局"},
    {ROLE_ADMIN, "admin", "系统管理员"},
    {ROLE_MAINT, "maint", "维保单位"},
};
#define NROLES (sizeof ROLES / sizeof ROLES[0])

#define ANY_ENT (ROLE_ENT_MAIN | ROLE_ENT_SUB | ROLE_ENT_BASIC)
#define ANY_AGENCY (ROLE_AGENCY_ACCEPT | ROLE_AGENCY_INSPECTOR | ROLE_AGENCY_APPROVER | ROLE_AGENCY_CASHIER)
#define ANY_ROLE (ANY_ENT | ANY_AGENCY | ROLE_BUREAU | ROLE_ADMIN)

/* capability → roles that hold it. Names are area.action; the dispatcher checks the
 * route's capability, handlers scope data to the user's unit in SQL. */
static const struct {
    const char *capability;
    unsigned roles;
} GRANTS[] = {
    {"account.self", ANY_ROLE},                        /* own profile, password */
    {"account.org", ROLE_ENT_MAIN},                    /* certified unit's information */
    {"account.subaccounts", ROLE_ENT_MAIN},            /* manage sub-accounts */
    {"equipment.view", ANY_ENT | ROLE_BUREAU},         /* my equipment (basic: exact lookup; bureau: its districts) */
    {"equipment.change", ROLE_ENT_MAIN},               /* apply to stop, scrap, cancel or resume a device */
    {"bureau.changes", ROLE_BUREAU},                   /* decide the change applications of its districts */
    {"inspection.apply", ANY_ENT},                     /* apply for inspection (sub: its devices and task types) */
    /* The agency of the application's region: everyone but the cashier sees the queue;
     * the acceptance desk (and the approver standing in) accepts, returns and assigns;
     * inspectors and the approver record the results. */
    {"inspection.agency", ROLE_AGENCY_ACCEPT | ROLE_AGENCY_INSPECTOR | ROLE_AGENCY_APPROVER},
    {"inspection.accept", ROLE_AGENCY_ACCEPT | ROLE_AGENCY_APPROVER},
    {"inspection.complete", ROLE_AGENCY_INSPECTOR | ROLE_AGENCY_APPROVER},
    {"review.registration", ROLE_ADMIN | ROLE_AGENCY_ACCEPT},
    /* Maintenance filings: a maintenance company's main account files; its district
     * bureau audits. */
    {"maint.file", ROLE_MAINT},
    {"bureau.maint", ROLE_BUREAU},
    /* Documents: enterprises download theirs (lib/document_access.c decides which), the
     * approver re-issues and revokes, the cashier records counter payments. */
    {"document.view", ANY_ENT},
    {"document.manage", ROLE_AGENCY_APPROVER},
    {"payment.record", ROLE_AGENCY_CASHIER},
    {"arrears.apply", ROLE_ENT_MAIN | ROLE_ENT_SUB},   /* certified units only */
    {"arrears.review", ROLE_AGENCY_APPROVER | ROLE_AGENCY_CASHIER},
    {"rectify.apply", ANY_ENT},                        /* rectify its unqualified devices (doc scope) */
    {"rectify.review", ROLE_AGENCY_INSPECTOR | ROLE_AGENCY_APPROVER},
    {"admin.users", ROLE_ADMIN},
    {"admin.audit", ROLE_ADMIN},
    {"admin.outbox", ROLE_ADMIN},
    {"admin.system", ROLE_ADMIN},
};
#define NGRANTS (sizeof GRANTS / sizeof GRANTS[0])

const char *const AUTH_CAPABILITIES[] = {
    "account.self", "account.org", "account.subaccounts", "equipment.view", "equipment.change", "bureau.changes",
    "review.registration", "inspection.apply", "inspection.agency", "inspection.accept", "inspection.complete",
    "maint.file", "bureau.maint", "document.view", "document.manage", "payment.record", "arrears.apply", "arrears.review", "rectify.apply", "rectify.review", "admin.users", "admin.audit", "admin.outbox", "admin.system", NULL,
};

const char *role_name(unsigned role)
{
    for (size_t i = 0; i < NROLES; i++)
        if (ROLES[i].role == role)
            return ROLES[i].name;
    return "";
}

const char *role_label(unsigned role)
{
    for (size_t i = 0; i < NROLES; i++)
        if (ROLES[i].role == role)
            return ROLES[i].label;
    return "";
}

unsigned roles_parse(const char *s)
{
    unsigned bits = 0;
    const char *e;
    size_t n;

    if (!s)
        return 0;
    while ((e = pg_array_next(&s, &n)) != NULL)
        for (size_t i = 0; i < NROLES; i++)
            if (strlen(ROLES[i].name) == n && strncmp(ROLES[i].name, e, n) == 0)
                bits |= ROLES[i].role;
    return bits;
}

/* Where each capability name was last found in GRANTS, keyed by the name's address
 * (callers pass literals): a page asks ~25 times, and a search through GRANTS by strcmp
 * cost ~700 instructions each. Only a guess: the entry it names is checked by strcmp. */
#define GRANT_HINTS 64
static struct {
    const char *name;
    size_t index;
} grant_hints[GRANT_HINTS];

int auth_can(const struct user *u, const char *capability)
{
    size_t slot, i;

    if (!u || !u->id || !capability)
        return 0;
    slot = ((uintptr_t)capability >> 3) % GRANT_HINTS;
    if (grant_hints[slot].name == capability && strcmp(GRANTS[grant_hints[slot].index].capability, capability) == 0)
        return (GRANTS[grant_hints[slot].index].roles & u->roles) != 0;
    for (i = 0; i < NGRANTS; i++)
        if (strcmp(GRANTS[i].capability, capability) == 0) {
            grant_hints[slot].name = capability;
            grant_hints[slot].index = i;
            return (GRANTS[i].roles & u->roles) != 0;
        }
    return 0; /* an unknown capability is granted to nobody */
}
