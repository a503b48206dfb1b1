/* org.c — /account/org: a certified unit's main account maintains the unit's information. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "org.h"
#include "routes.h"
#include "subaccount.h"
#include "validate.h"


static void unit_type_hdf(struct req *r, const char *chosen_csv)
{
    char key[64];
    for (size_t i = 0; i < NUNIT_TYPES; i++) {
        snprintf(key, sizeof key, "UnitTypes.%zu.value", i);
        req_set(r, key, UNIT_TYPES[i].value);
        snprintf(key, sizeof key, "UnitTypes.%zu.label", i);
        req_set(r, key, UNIT_TYPES[i].label);
        /* Whole-word match in the comma list ("use" must not match inside another). */
        char pat[32];
        snprintf(pat, sizeof pat, ",%s,", UNIT_TYPES[i].value);
        char csv[128];
        snprintf(csv, sizeof csv, ",%s,", chosen_csv ? chosen_csv : "");
        if (strstr(csv, pat)) {
            snprintf(key, sizeof key, "UnitTypes.%zu.checked", i);
            req_set(r, key, "1");
        }
    }
}

static int org_page(struct req *r)
{
    PGresult *res = org_get(r->user.org_id);
    char key[64];

    if (!res)
        return 500;
    if (PQntuples(res) != 1) {
        PQclear(res);
        return 404;
    }
    for (int c = 0; c < PQnfields(res); c++) {
        const char *typed = req_param(r, PQfname(res, c));
        snprintf(key, sizeof key, "Org.%s", PQfname(res, c));
        req_set(r, key, typed ? typed : PQgetvalue(res, 0, c));
    }
    unit_type_hdf(r, PQgetvalue(res, 0, PQfnumber(res, "unit_types")));
    PQclear(res);
    req_set(r, "Page.Title", "单位信息");
    return req_page(r, "account/org.cs");
}

int org_show(struct req *r)
{
    const char *msg = req_param(r, "msg");
    if (msg && !strcmp(msg, "saved"))
        req_set(r, "Page.Notice", "单位信息已保存。");
    else if (msg && !strcmp(msg, "filed"))
        req_set(r, "Page.Notice", "单位信息已保存；名称或信用代码的变更已提交审核，审核通过前仍以原信息为准。");
    return org_page(r);
}

int org_update(struct req *r)
{
    struct org_edit e;
    const char *msg = NULL, *types[NUNIT_TYPES];
    char code[19], literal[128];
    int errors = 0, rc;
    int kept = unit_types_literal(types, req_values(r, "unit_types", types, NUNIT_TYPES), literal);

    e.name = req_param(r, "name");
    e.credit_code = code;
    e.province = req_param(r, "province");
    e.address = req_param(r, "address");
    e.legal_rep = req_param(r, "legal_rep");
    e.industry = req_param(r, "industry");
    e.unit_types = literal;
    if (!kept) {
        req_set(r, "Errors.unit_types", "请至少选择一种单位类型。");
        errors++;
    }
    if (v_credit_code(req_param(r, "credit_code"), code, &msg) == V_BAD) {
        req_set(r, "Errors.credit_code", msg);
        errors++;
    }
    if (!e.name || strlen(e.name) < 2 || strlen(e.name) > 100) {
        req_set(r, "Errors.name", "请填写单位名称（与营业执照一致）。");
        errors++;
    }
    if (!e.address || !*e.address || !e.legal_rep || !*e.legal_rep || !e.province || !*e.province ||
        !e.industry || !*e.industry) {
        req_set(r, "Errors.address", "请填写注册地、详细地址、法定代表人和所属行业。");
        errors++;
    }
    if (errors)
        return org_page(r);
    rc = org_save(&r->user, r->user.org_id, &e, req_ip(r), &msg);
    if (rc < 0)
        return 500;
    if (rc == 0) {
        req_set(r, "Page.Error", msg);
        return org_page(r);
    }
    return req_redirect(r, rc == 2 ? "/account/org?msg=filed" : "/account/org?msg=saved");
}
