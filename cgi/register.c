/* register.c — /register: agreement → account type → unit and registrant details → done. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "log.h"
#include "org.h"
#include "registration.h"
#include "routes.h"
#include "sms.h"
#include "validate.h"

/* Seconds the agreement must be on screen before "agree" counts (the page's script
 * counts down; the server checks too, so it also holds without JavaScript). */
#define AGREEMENT_SECONDS 10

static const char *const PROVINCES[] = {
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省",
    "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省",
    "青海省", "宁夏回族自治区", "新疆维吾尔自治区", NULL};
static const char *const INDUSTRIES[] = {
    "制造业", "建筑业", "房地产业", "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业",
    "电力、热力、燃气及水生产和供应业", "采矿业", "卫生和社会工作", "教育", "公共管理、社会保障和社会组织",
    "租赁和商务服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业", "其他", NULL};


static long agreed_at(struct req *r)
{
    const char *a = req_param(r, "agreed");
    long t = a ? atol(a) : 0;
    long now = (long)time(NULL);
    return (t > 0 && t <= now && now - t < 24 * 3600) ? t : 0;
}

static void wizard_step(struct req *r, int step)
{
    req_set_int(r, "Wizard.Step", step);
    req_set(r, "Page.Title", "企业注册");
}

int register_agreement(struct req *r)
{
    wizard_step(r, 1);
    req_set_int(r, "Wizard.ShownAt", (long)time(NULL));
    req_set_int(r, "Wizard.Seconds", AGREEMENT_SECONDS);
    return req_page(r, "register/agreement.cs");
}

int register_agree(struct req *r)
{
    const char *shown = req_param(r, "shown_at");
    long t = shown ? atol(shown) : 0, now = (long)time(NULL);

    if (!req_param(r, "agree")) {
        req_set(r, "Wizard.Error", "请阅读并勾选同意《用户注册协议》。");
        return register_agreement(r);
    }
    if (t <= 0 || now - t < AGREEMENT_SECONDS || now - t > 24 * 3600) {
        req_set(r, "Wizard.Error", "请完整阅读注册协议（至少 10 秒）后再点击同意。");
        return register_agreement(r);
    }
    wizard_step(r, 2);
    req_set_int(r, "Wizard.Agreed", now);
    return req_page(r, "register/type.cs");
}

static void form_lists(struct req *r)
{
    char key[64];
    for (int i = 0; PROVINCES[i]; i++) {
        snprintf(key, sizeof key, "Lists.Provinces.%d", i);
        req_set(r, key, PROVINCES[i]);
    }
    for (int i = 0; INDUSTRIES[i]; i++) {
        snprintf(key, sizeof key, "Lists.Industries.%d", i);
        req_set(r, key, INDUSTRIES[i]);
    }
    for (size_t i = 0; i < NUNIT_TYPES; i++) {
        snprintf(key, sizeof key, "Lists.UnitTypes.%zu.value", i);
        req_set(r, key, UNIT_TYPES[i].value);
        snprintf(key, sizeof key, "Lists.UnitTypes.%zu.label", i);
        req_set(r, key, UNIT_TYPES[i].label);
    }
}

/* The account types of the wizard. */
enum reg_type { REG_BASIC, REG_CERTIFIED, REG_MAINT };

static enum reg_type type_param(struct req *r, int *ok)
{
    const char *type = req_param(r, "type");
    *ok = type && (!strcmp(type, "certified") || !strcmp(type, "basic") || !strcmp(type, "maint"));
    return !type ? REG_BASIC : !strcmp(type, "certified") ? REG_CERTIFIED : !strcmp(type, "maint") ? REG_MAINT : REG_BASIC;
}

/* Counties with full names for the maintenance company's 行政区划. 0 or -1. */
static int district_list(struct req *r)
{
    PGresult *res = registration_districts();
    int n = req_rows(r, "Lists.Districts", res);
    PQclear(res);
    return n < 0 ? -1 : 0;
}

/* The form page, with whatever the user typed (Query.*) shown again by the template. */
static int form_page(struct req *r, enum reg_type type)
{
    int certified = type == REG_CERTIFIED;

    wizard_step(r, 3);
    req_set_int(r, "Wizard.Agreed", agreed_at(r));
    req_set(r, "Wizard.Type", certified ? "certified" : type == REG_MAINT ? "maint" : "basic");
    if (type == REG_MAINT && district_list(r))
        return 500;
    form_lists(r);
    /* Checked unit types, for the checkboxes (known values only). */
    const char *types[NUNIT_TYPES];
    char key[64];
    int n = req_values(r, "unit_types", types, NUNIT_TYPES);
    for (int i = 0; i < NUNIT_TYPES; i++)
        for (int j = 0; j < n; j++)
            if (strcmp(types[j], UNIT_TYPES[i].value) == 0) {
                snprintf(key, sizeof key, "Form.UnitType.%s", UNIT_TYPES[i].value);
                req_set(r, key, "1");
            }
    return req_page(r, "register/form.cs");
}

int register_form(struct req *r)
{
    int ok;
    enum reg_type type = type_param(r, &ok);

    if (!agreed_at(r) || !ok)
        return req_redirect(r, "/register");
    return form_page(r, type);
}

static void collect(struct req *r, struct reg_form *f)
{
    memset(f, 0, sizeof *f);
    int ok;
    enum reg_type type = type_param(r, &ok);
    f->certified = type == REG_CERTIFIED;
    f->maint = type == REG_MAINT;
    f->cert_no = req_param(r, "cert_no");
    f->district = req_param(r, "district");
    f->n_unit_types = req_values(r, "unit_types", f->unit_types, NUNIT_TYPES);
    f->credit_code = req_param(r, "credit_code");
    f->org_name = req_param(r, "org_name");
    f->province = req_param(r, "province");
    f->address = req_param(r, "address");
    f->legal_rep = req_param(r, "legal_rep");
    f->industry = req_param(r, "industry");
    f->name = req_param(r, "name");
    f->mobile = req_param(r, "mobile");
    if (v_mobile(f->mobile, f->mobile_norm, NULL) == V_OK)
        f->mobile = f->mobile_norm; /* stored and matched without stray spaces */
    f->sms_code = req_param(r, "sms_code");
    f->email = req_param(r, "email");
    f->login = req_param(r, "login");
    f->password = req_param(r, "password");
    f->password2 = req_param(r, "password2");
    const struct mp_part *p;
    if ((p = req_upload(r, "application")) != NULL)
        f->application = (struct reg_file){p->data, p->len, p->filename};
    if ((p = req_upload(r, "licence")) != NULL)
        f->licence = (struct reg_file){p->data, p->len, p->filename};
}

int register_submit(struct req *r)
{
    struct reg_form f;
    struct reg_errors errs;
    char key[64];
    long account_id;
    int rc;

    if (!agreed_at(r))
        return req_redirect(r, "/register");
    collect(r, &f);
    rc = registration_submit(&f, req_ip(r), &account_id, &errs);
    if (rc < 0)
        return 500;
    if (rc == 0) {
        for (int i = 0; i < errs.n; i++) {
            snprintf(key, sizeof key, "Errors.%s", errs.e[i].field);
            req_set(r, key, errs.e[i].msg);
        }
        req_set(r, "Wizard.Error", "请按提示修改标红的项目后重新提交。");
        if (f.certified)
            req_set(r, "Wizard.FilesAgain", "1");
        return form_page(r, f.certified ? REG_CERTIFIED : f.maint ? REG_MAINT : REG_BASIC);
    }
    return req_redirect(r, f.certified ? "/register/done?type=certified"
                           : f.maint   ? "/register/done?type=maint"
                                       : "/register/done?type=basic");
}

/* "获取验证码": JSON for the page's script, or the form again (no JavaScript). */
int register_sms(struct req *r)
{
    const char *mobile = req_param(r, "mobile"), *msg = NULL;
    const char *accept = req_http(r, "HTTP_ACCEPT");
    int json = strstr(accept, "application/json") != NULL, rc;
    char norm[12];

    if (v_mobile(mobile, norm, &msg) != V_OK)
        rc = 1;
    else if ((rc = sms_code_send(norm, "register", &msg)) < 0)
        return 500;
    if (rc == 0)
        msg = "验证码已发送，5 分钟内有效。";
    if (json) {
        cJSON *obj = cJSON_CreateObject();
        char *text = NULL;
        int status = 500;
        if (obj && cJSON_AddBoolToObject(obj, "ok", rc == 0) &&
            cJSON_AddStringToObject(obj, "message", msg) && (text = cJSON_PrintUnformatted(obj)))
            status = req_body(r, "application/json; charset=utf-8", text, strlen(text));
        cJSON_free(text);
        cJSON_Delete(obj);
        return status;
    }
    req_set(r, rc == 0 ? "Page.Notice" : "Errors.mobile", msg);
    int ok;
    enum reg_type type = type_param(r, &ok);
    if (rc == 0 && type == REG_CERTIFIED)
        req_set(r, "Wizard.FilesAgain", "1");
    return form_page(r, type);
}

int register_done(struct req *r)
{
    int ok;
    enum reg_type type = type_param(r, &ok);
    wizard_step(r, 4);
    req_set(r, "Wizard.Type", type == REG_CERTIFIED ? "certified" : type == REG_MAINT ? "maint" : "basic");
    return req_page(r, "register/done.cs");
}
