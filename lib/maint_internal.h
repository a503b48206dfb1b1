/* maint_internal.h — shared by maint.c, maint_query.c and maint_import.c only. */
#ifndef TEJIAN_MAINT_INTERNAL_H
#define TEJIAN_MAINT_INTERNAL_H

#include "maint.h"

/* The filings a user may see, as a condition on maint_filing f with the user's unit as
 * $1: the company's own, or those of the bureau's districts. */
#define MAINT_SCOPE_COMPANY "f.org_id = $1::bigint"
#define MAINT_SCOPE_BUREAU                                              \
    "f.district IN (SELECT d FROM org o, district_within(o.district) d" \
    " WHERE o.id = $1::bigint AND o.kind = 'bureau')"

/* Every statement on filings is a literal, one per scope: SQL names a macro of the
 * condition, e.g.
 *   #define KIND_OF_SQL(scope) "SELECT f.kind FROM maint_filing f WHERE " scope
 *   static const char *const KIND_OF[] = MAINT_SCOPED(KIND_OF_SQL); */
#define MAINT_SCOPED(SQL) {[MAINT_COMPANY] = SQL(MAINT_SCOPE_COMPANY), [MAINT_BUREAU] = SQL(MAINT_SCOPE_BUREAU)}

/* The fields of each kind, in form and list order, as F(key, label, type, flags, options):
 * maint.c makes the struct maint_field tables of them, maint_query.c and maint_import.c
 * their statements' column lists (so the keys are string literals; options name arrays
 * of maint.c). */
#define MAINT_COMPANY_FIELDS(F)                                                                  \
    F("name", "单位名称", MF_TEXT, MF_REQUIRED | MF_KEY | MF_LIST | MF_QUERY | MF_PROFILE, NULL) \
    F("cert_no", "资格证书编号", MF_TEXT, MF_REQUIRED | MF_CODE | MF_LIST | MF_QUERY, NULL)      \
    F("legal_rep", "单位法人", MF_TEXT, MF_REQUIRED | MF_PROFILE, NULL)                          \
    F("contact", "负责人", MF_TEXT, MF_REQUIRED | MF_PROFILE, NULL)                              \
    F("mobile", "负责人手机", MF_MOBILE, MF_REQUIRED | MF_CODE | MF_PROFILE, NULL)               \
    F("address", "单位地址", MF_TEXT, MF_REQUIRED | MF_PROFILE, NULL)                            \
    F("cert_issue", "发证日期", MF_DATE, MF_REQUIRED | MF_LIST, NULL)                            \
    F("cert_expiry", "有效日期", MF_DATE, MF_REQUIRED | MF_LIST, NULL)                           \
    F("level", "级别", MF_CHOICE, MF_REQUIRED | MF_LIST, LEVELS)                                 \
    F("office_address", "固定办公场所地址", MF_TEXT, MF_REQUIRED | MF_LIST, NULL)

#define MAINT_PERSON_FIELDS(F)                                                                 \
    F("name", "姓名", MF_TEXT, MF_REQUIRED | MF_LIST | MF_QUERY, NULL)                         \
    F("job", "工种", MF_CHOICE, MF_REQUIRED | MF_LIST, JOB_TYPES)                              \
    F("id_no", "身份证号", MF_IDNO, MF_REQUIRED | MF_KEY | MF_CODE | MF_LIST | MF_QUERY, NULL) \
    F("cert_no", "证书号", MF_TEXT, MF_REQUIRED | MF_CODE | MF_LIST, NULL)                     \
    F("cert_issue", "发证日期", MF_DATE, MF_REQUIRED | MF_LIST, NULL)                          \
    F("cert_expiry", "有效日期", MF_DATE, MF_REQUIRED | MF_LIST, NULL)                         \
    F("mobile", "联系方式", MF_MOBILE, MF_REQUIRED | MF_CODE | MF_LIST | MF_QUERY, NULL)

/* Columns A–I as in the manual's template, then the rescue code and the category. */
#define MAINT_ELEVATOR_FIELDS(F)                                                                     \
    F("name", "设备名称", MF_TEXT, MF_REQUIRED | MF_LIST, NULL)                                      \
    F("reg_code", "注册代码", MF_REGCODE, MF_REQUIRED | MF_KEY | MF_CODE | MF_LIST | MF_QUERY, NULL) \
    F("internal_no", "内部编号", MF_TEXT, MF_CODE | MF_LIST | MF_QUERY, NULL)                        \
    F("inspection_date", "检验日期", MF_DATE, MF_LIST, NULL)                                         \
    F("next_inspection_date", "下次检验日期", MF_DATE, MF_LIST, NULL)                                \
    F("use_unit", "责任单位", MF_TEXT, MF_REQUIRED | MF_LIST, NULL)                                  \
    F("maker", "制造单位", MF_TEXT, MF_REQUIRED | MF_LIST, NULL)                                     \
    F("safety_manager", "安全管理员", MF_TEXT, 0, NULL)                                              \
    F("safety_phone", "安全管理员电话", MF_PHONE, MF_CODE, NULL)                                     \
    F("rescue_code", "救援识别码", MF_TEXT, MF_CODE | MF_QUERY, NULL)                                \
    F("category", "设备类别", MF_CHOICE, 0, ELEVATOR_CATEGORIES)

#endif
