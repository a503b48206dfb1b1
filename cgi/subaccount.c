/* subaccount.c — /account/subaccounts: a unit's main account manages its sub-accounts
 * (staff accounts, for a supervision unit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subaccount.h"
#include "routes.h"
#include "validate.h"

/* Checked task types from the form (Query.task_types, one or many). */
static int form_task_types(struct req *r, char literal[64])
{
    const char *types[8];
    return task_types_literal(types, req_values(r, "task_types", types, 8), literal);
}

static void task_type_lists(struct req *r, const char *chosen_csv)
{
    char key[64];
    for (int i = 0; TASK_TYPES[i]; i++) {
        snprintf(key, sizeof key, "TaskTypes.%d.value", i);
        req_set(r, key, TASK_TYPES[i]);
        snprintf(key, sizeof key, "TaskTypes.%d.label", i);
        req_set(r, key, TASK_TYPE_LABELS[i]);
        if (chosen_csv && strstr(chosen_csv, TASK_TYPES[i])) {
            snprintf(key, sizeof key, "TaskTypes.%d.checked", i);
            req_set(r, key, "1");
        }
    }
}

static int list_page(struct req *r)
{
    PGresult *res = subaccount_list(&r->user);
    int n = req_rows(r, "Subs", res);

    PQclear(res);
    if (n < 0)
        return 500;
    req_set_int(r, "Subs.Count", n); /* the template skips this child (no id) */
    task_type_lists(r, req_param(r, "name") ? NULL : "periodic,installation,modification");
    if (req_param(r, "name")) { /* the create form after an error: re-check what was ticked */
        char lit[64];
        form_task_types(r, lit);
        task_type_lists(r, lit);
    }
    req_set(r, "Page.Title", "子账号管理");
    return req_page(r, "account/subaccounts.cs");
}

int subaccount_index(struct req *r)
{
    const char *msg = req_param(r, "msg");
    if (msg && !strcmp(msg, "created"))
        req_set(r, "Page.Notice", "子账号已开通，用户名和初始密码已通过短信发送到其手机，首次登录须修改密码。");
    else if (msg && !strcmp(msg, "saved"))
        req_set(r, "Page.Notice", "已保存。");
    else if (msg && !strcmp(msg, "reset"))
        req_set(r, "Page.Notice", "密码已重置，新密码已通过短信发送，原有登录已全部退出。");
    return list_page(r);
}

int subaccount_create_post(struct req *r)
{
    const char *login = req_param(r, "login"), *name = req_param(r, "name");
    const char *mobile_in = req_param(r, "mobile"), *msg = NULL, *field = NULL;
    char mobile[12], login_buf[40], types[64], key[64];
    long id;
    int rc, errors = 0;

    if (!name || !*name || strlen(name) > 50) {
        req_set(r, "Errors.name", "请填写姓名（不超过 50 字）。");
        errors++;
    }
    if (v_mobile(mobile_in, mobile, &msg) != V_OK) {
        req_set(r, "Errors.mobile", msg);
        errors++;
    }
    /* Without a chosen login name, the account signs in as "u" + mobile. */
    if (!login || !*login) {
        snprintf(login_buf, sizeof login_buf, "u%s", mobile);
        login = login_buf;
    }
    if (v_login_name(login, &msg) != V_OK) {
        req_set(r, "Errors.login", msg);
        errors++;
    }
    if (form_task_types(r, types) == 0) {
        req_set(r, "Errors.task_types", "请至少选择一种可办理的业务类型。");
        errors++;
    }
    if (errors)
        return list_page(r);
    rc = subaccount_create(&r->user, login, name, mobile, types, req_ip(r), &id, &field, &msg);
    if (rc < 0)
        return 500;
    if (rc == 0) {
        snprintf(key, sizeof key, "Errors.%s", field);
        req_set(r, key, msg);
        return list_page(r);
    }
    return req_redirect(r, "/account/subaccounts?msg=created");
}

static long id_param(struct req *r)
{
    const char *p = req_route_param(r, 0);
    long id = p ? atol(p) : 0;
    return id > 0 ? id : 0;
}

int subaccount_edit(struct req *r)
{
    long id = id_param(r);
    PGresult *res = id ? subaccount_get(&r->user, id) : NULL;

    if (id && !res)
        return 500;
    if (!res || PQntuples(res) != 1) {
        PQclear(res);
        return 404; /* also another unit's account: not ours to show */
    }
    req_row(r, "Sub", res, 0);
    task_type_lists(r, PQgetvalue(res, 0, PQfnumber(res, "task_types")));
    PQclear(res);
    req_set(r, "Page.Title", "编辑子账号");
    return req_page(r, "account/subaccount_edit.cs");
}

int subaccount_update_post(struct req *r)
{
    long id = id_param(r);
    const char *name = req_param(r, "name"), *msg = NULL;
    char mobile[12], types[64];
    int rc;

    if (!id)
        return 404;
    if (!name || !*name || strlen(name) > 50 || v_mobile(req_param(r, "mobile"), mobile, &msg) != V_OK ||
        form_task_types(r, types) == 0) {
        req_set(r, "Sub.Error", "请填写姓名、正确的手机号码，并至少选择一种业务类型。");
        return subaccount_edit(r);
    }
    rc = subaccount_update(&r->user, id, name, mobile, types, req_ip(r));
    return rc < 0 ? 500 : rc == 0 ? 404 : req_redirect(r, "/account/subaccounts?msg=saved");
}

static int set_active(struct req *r, int active)
{
    long id = id_param(r);
    int rc = id ? subaccount_set_active(&r->user, id, active, req_ip(r)) : 0;
    return rc < 0 ? 500 : rc == 0 ? 404 : req_redirect(r, "/account/subaccounts?msg=saved");
}

int subaccount_disable(struct req *r) { return set_active(r, 0); }
int subaccount_enable(struct req *r) { return set_active(r, 1); }

int subaccount_reset_post(struct req *r)
{
    long id = id_param(r);
    int rc = id ? subaccount_reset(&r->user, id, req_ip(r)) : 0;
    return rc < 0 ? 500 : rc == 0 ? 404 : req_redirect(r, "/account/subaccounts?msg=reset");
}
