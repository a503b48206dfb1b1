/* auth.h — who is asking: the signed-in user, roles and the capabilities they grant. */
#ifndef TEJIAN_AUTH_H
#define TEJIAN_AUTH_H

/* Roles (bit flags; stored as text[] in account.roles). */
enum role {
    ROLE_ENT_MAIN = 1 << 0,         /* certified unit's main account */
    ROLE_ENT_SUB = 1 << 1,          /* its sub-account */
    ROLE_ENT_BASIC = 1 << 2,        /* non-certified account */
    ROLE_AGENCY_ACCEPT = 1 << 3,    /* agency: acceptance desk */
    ROLE_AGENCY_INSPECTOR = 1 << 4,
    ROLE_AGENCY_APPROVER = 1 << 5,
    ROLE_AGENCY_CASHIER = 1 << 6,
    ROLE_BUREAU = 1 << 7,           /* regulator staff of a district bureau */
    ROLE_ADMIN = 1 << 8,            /* system administrator */
    /* Not stored: a main account whose unit is a maintenance company (unit type
     * "maintenance") holds it, derived when the session is loaded. */
    ROLE_MAINT = 1 << 9,
};

struct user {
    long id;
    long org_id;            /* 0 when none (administrators) */
    long parent_id;         /* main account of a sub-account, else 0 */
    unsigned roles;
    int must_change_password;
    int org_certified;
    char login[33];
    char name[64];
    char org_name[128];
    char task_types[64];    /* sub-accounts: "{periodic,installation}" as stored */
    char bureau_district[7]; /* a bureau's staff: the district code of their bureau, else "" */
    unsigned org_types;      /* ORG_TYPES_*: set by session_load; 0 = not known */
};

/* What the user's unit is registered as (org.unit_types), as session_load reads it. A
 * device names a unit as its construction or manufacturing unit only if the unit is
 * registered as one (migration 0012 enforces it), so a unit that is neither needs no
 * such branch in its lists. */
enum {
    ORG_TYPES_KNOWN = 1 << 0,
    ORG_TYPES_CONSTRUCTION = 1 << 1,
    ORG_TYPES_MANUFACTURE = 1 << 2,
};

/* Role names as stored and shown. */
const char *role_name(unsigned role);       /* "ent_main" … */
const char *role_label(unsigned role);      /* "企业主账号" … */
/* Parses a PostgreSQL text[] literal like "{ent_main,admin}" into role bits (unknown
 * names are ignored). */
unsigned roles_parse(const char *pg_array);

/* 1 when the user's roles grant capability (NULL user: nothing is granted). */
int auth_can(const struct user *u, const char *capability);
/* Every capability name the route table may use; for the authorization matrix test. */
extern const char *const AUTH_CAPABILITIES[];

#endif
