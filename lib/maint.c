/* maint.c — maintenance filings of personnel and elevators: fields, checks, versions,
 * the company's moves and the bureau's audit. */
#include "maint.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "blob.h"
#include "db.h"
#include "upload.h"
#include "log.h"
#include "validate.h"
#include "maint_internal.h"
#include "workflow_maint.h"

#define COUNT(a) (int)(sizeof (a) / sizeof (a)[0])

/* ---- the kinds and their fields -------------------------------------------------- */

static const char *const JOB_TYPES[] = {"电梯维护人员", "维保人员", "维保工程师", "电梯安装维修人员", NULL};
/* Elevator varieties of the catalogue (DOMAIN.md), as shown. */
static const char *const ELEVATOR_CATEGORIES[] = {
    "曳引驱动乘客电梯", "曳引驱动载货电梯", "强制驱动载货电梯", "液压乘客电梯", "液压载货电梯", "自动扶梯",
    "自动人行道", "防爆电梯", "消防员电梯", "杂物电梯", NULL,
};

static const char *const LEVELS[] = {"A级", "B级", "C级", NULL};

/* The fields (maint_internal.h): the company's own filing (the registration's details, then
 * the certificate and office), personnel, elevators. */
#define FIELD(key, label, type, flags, options) {key, label, type, flags, options},
static const struct maint_field COMPANY_FIELDS[] = {MAINT_COMPANY_FIELDS(FIELD)};
static const struct maint_field PERSON_FIELDS[] = {MAINT_PERSON_FIELDS(FIELD)};
static const struct maint_field ELEVATOR_FIELDS[] = {MAINT_ELEVATOR_FIELDS(FIELD)};

static const struct maint_kind_def KINDS[] = {
    {MAINT_COMPANY_INFO, "company", "company", "维保单位", COMPANY_FIELDS, COUNT(COMPANY_FIELDS)},
    {MAINT_PERSON, "person", "persons", "维保人员", PERSON_FIELDS, COUNT(PERSON_FIELDS)},
    {MAINT_ELEVATOR, "elevator", "elevators", "电梯", ELEVATOR_FIELDS, COUNT(ELEVATOR_FIELDS)},
};

const struct maint_kind_def *maint_kind(enum maint_kind kind)
{
    for (int i = 0; i < COUNT(KINDS); i++)
        if (KINDS[i].kind == kind)
            return &KINDS[i];
    return NULL;
}

const struct maint_kind_def *maint_kind_by_slug(const char *slug)
{
    for (int i = 0; slug && i < COUNT(KINDS); i++)
        if (!strcmp(KINDS[i].slug, slug))
            return &KINDS[i];
    return NULL;
}

int maint_key_field(const struct maint_kind_def *def)
{
    for (int i = 0; i < def->nfields; i++)
        if (def->fields[i].flags & MF_KEY)
            return i;
    return 0;
}

const char *maint_info_label(const char *info_state)
{
    if (!info_state)
        return "";
    return !strcmp(info_state, "new") ? "新增" : !strcmp(info_state, "changed") ? "更改" : "正常使用";
}

/* ---- checks ------------------------------------------------------------------------ */

static int blank(const char *s) { return !s || !*s; }

/* Trims surrounding ASCII white space of in into out. */
static void trimmed(const char *in, char *out, size_t cap)
{
    size_t n;

    while (in && (*in == ' ' || *in == '\t' || *in == '\r' || *in == '\n'))
        in++;
    snprintf(out, cap, "%s", in ? in : "");
    n = strlen(out);
    while (n && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '\r' || out[n - 1] == '\n'))
        out[--n] = '\0';
}

static int utf8_chars(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static const char *check_phone(const char *s)
{
    size_t n = strlen(s);
    if (n < 7 || n > 20 || strspn(s, "0123456789-") != n)
        return "电话号码只能包含数字和“-”，7–20 位。";
    return NULL;
}

static const char *check_choice(const struct maint_field *f, const char *s)
{
    for (const char *const *o = f->options; o && *o; o++)
        if (!strcmp(*o, s))
            return NULL;
    return "请从列表中选择。";
}

int maint_validate(const struct maint_kind_def *def, const char *const *values, int lenient,
                   char norm[][128], struct maint_errors *e)
{
    memset(e, 0, sizeof *e);
    for (int i = 0; i < def->nfields; i++) {
        const struct maint_field *f = &def->fields[i];
        const char *msg = NULL;
        char idn[19], mob[12];
        int r = V_OK;

        trimmed(values[i], norm[i], 128);
        if (!norm[i][0]) {
            if (f->flags & MF_REQUIRED)
                e->err[i] = "必填项，请填写。";
            continue;
        }
        if (strlen(values[i] ? values[i] : "") >= 127 || utf8_chars(norm[i]) > 60) {
            e->err[i] = "内容过长（最多 60 个字）。";
            continue;
        }
        switch (f->type) {
        case MF_TEXT:
            break;
        case MF_DATE:
            r = v_date(norm[i], NULL, NULL, NULL, &msg);
            break;
        case MF_IDNO:
            r = lenient ? v_id_number_lenient(norm[i], idn, &msg) : v_id_number(norm[i], idn, &msg);
            if (r != V_BAD)
                snprintf(norm[i], 128, "%s", idn);
            break;
        case MF_MOBILE:
            r = v_mobile(norm[i], mob, &msg);
            if (r != V_BAD)
                snprintf(norm[i], 128, "%s", mob);
            else
                msg = "手机号码应为 11 位数字。";
            break;
        case MF_PHONE:
            msg = check_phone(norm[i]);
            r = msg ? V_BAD : V_OK;
            break;
        case MF_REGCODE:
            r = v_reg_code(norm[i], &msg);
            break;
        case MF_CHOICE:
            msg = check_choice(f, norm[i]);
            r = msg ? V_BAD : V_OK;
            break;
        }
        if (r == V_BAD)
            e->err[i] = msg ? msg : "格式不正确。";
        else if (r == V_WARN)
            e->warn[i] = msg;
    }
    /* Dates in order: a certificate expires after it is issued, the next inspection
     * comes after the last. */
    for (int i = 0; i + 1 < def->nfields; i++)
        if (def->fields[i].type == MF_DATE && def->fields[i + 1].type == MF_DATE && !e->err[i] &&
            !e->err[i + 1] && norm[i][0] && norm[i + 1][0] && strcmp(norm[i + 1], norm[i]) <= 0)
            e->err[i + 1] = "应晚于前一个日期。";
    for (int i = 0; i < def->nfields; i++) {
        e->nerr += e->err[i] != NULL;
        e->nwarn += e->warn[i] != NULL;
    }
    return e->nerr;
}

/* The stored data of a version: {"key": "value", ...} with empty fields left out.
 * malloc'd JSON text or NULL. */
static char *data_json(const struct maint_kind_def *def, char norm[][128])
{
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;

    if (!o)
        return NULL;
    for (int i = 0; i < def->nfields; i++)
        if (norm[i][0] && !cJSON_AddStringToObject(o, def->fields[i].key, norm[i]))
            goto out;
    text = cJSON_PrintUnformatted(o);
out:
    cJSON_Delete(o);
    return text;
}

/* ---- attachments ------------------------------------------------------------------------ */

/* Checks the attachments (type sniffed by libmagic, size): NULL or a message. */
static const char *check_files(const struct maint_kind_def *def, const struct maint_file *files, int n)
{
    const char *msg;
    char mime[64];

    if (n > 0 && def->kind != MAINT_COMPANY_INFO)
        return "只有维保单位信息可以上传附件。";
    if (n > MAINT_MAX_FILES)
        return "附件一次最多上传 10 个。";
    for (int i = 0; i < n; i++)
        if (upload_check(files[i].data, files[i].len, MAINT_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg))
            return msg;
    return NULL;
}

/* Stores checked attachments of filing fid in the caller's transaction. 0 or -1. */
static int store_files(const char *fid, const struct maint_file *files, int n)
{
    char sha[65], mime[64];
    const char *msg;

    for (int i = 0; i < n; i++) {
        if (upload_check(files[i].data, files[i].len, MAINT_FILE_MAX, UPLOAD_DOCUMENT_TYPES, mime, &msg) ||
            blob_put(files[i].data, files[i].len, mime, sha))
            return -1;
        const char *v[3] = {fid, sha, files[i].name && *files[i].name ? files[i].name : "附件"};
        if (db_command("INSERT INTO maint_filing_document (filing_id, blob_sha256, file_name)"
                       " VALUES ($1::bigint, $2, left($3, 200))",
                       3, v))
            return -1;
    }
    return 0;
}

/* ---- the company's side ------------------------------------------------------------ */

int maint_company(const struct user *u, char district[7])
{
    char org[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[1] = {org};
    return db_text("SELECT district FROM org WHERE id = $1::bigint AND state = 'active' AND district IS NOT NULL"
                   " AND 'maintenance' = ANY (unit_types)",
                   1, v, district, 7);
}

static const char *dup_message(const struct maint_kind_def *def)
{
    return def->kind == MAINT_PERSON ? "本单位已备案此身份证号的人员。" : "本单位已备案此注册代码的电梯。";
}

int maint_create(const struct user *u, const struct maint_kind_def *def, const char *const *values,
                 const struct maint_file *files, int nfiles, const char *ip, long *id, struct maint_errors *e)
{
    const struct wf_transition *t = workflow_find(&WF_MAINT_FILING, "", "create");
    char norm[MAINT_MAX_FIELDS][128], district[7], org[24], aid[24];
    char *data = NULL;
    PGresult *res = NULL;
    int rc = MAINT_ERROR, k = maint_key_field(def);

    *id = 0;
    maint_validate(def, values, 0, norm, e);
    if (e->nerr || (e->form = check_files(def, files, nfiles)) != NULL) {
        if (e->nerr)
            e->form = "请按提示修改标红的项目后重新保存。";
        return MAINT_REFUSED;
    }
    if (!t || !auth_can(u, t->capability) || maint_company(u, district) != 1 || !(data = data_json(def, norm)))
        return MAINT_ERROR;
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    if (db_begin())
        goto out;
    const char *v[6] = {def->name, org, district, norm[k], data, aid};
    res = db_exec("WITH ver AS (SELECT nextval('maint_filing_version_id_seq') AS vid),"
                  " f AS (INSERT INTO maint_filing (kind, org_id, district, key, pending_version_id)"
                  "       SELECT $1, $2::bigint, $3, $4, vid FROM ver RETURNING id, pending_version_id)"
                  " INSERT INTO maint_filing_version (id, filing_id, data, created_by)"
                  " SELECT pending_version_id, id, $5::jsonb, $6::bigint FROM f RETURNING filing_id",
                  6, v);
    if (!res) {
        if (!strcmp(db_last_sqlstate(), "23505")) {
            if (def->kind == MAINT_COMPANY_INFO)
                e->form = "本单位已有维保单位信息，请在列表中编辑。";
            else
                e->err[k] = dup_message(def);
            e->nerr = 1;
            e->form = "请按提示修改标红的项目后重新保存。";
            rc = MAINT_REFUSED;
        }
        goto out;
    }
    *id = atol(PQgetvalue(res, 0, 0));
    struct wf_move m = {&WF_MAINT_FILING, t, *id, u, NULL, ip};
    char fid[24];
    snprintf(fid, sizeof fid, "%ld", *id);
    if (store_files(fid, files, nfiles) || workflow_record(&m) || db_commit())
        goto out;
    rc = MAINT_DONE;
out:
    PQclear(res);
    free(data);
    if (rc != MAINT_DONE) {
        db_rollback();
        *id = 0;
    }
    return rc;
}

/* Locks a filing of the user's unit and kind: 1 found (state, ver, pending filled), 0 not
 * found, -1 error. */
static int lock_own(const struct user *u, const struct maint_kind_def *def, long id, char state[24], int *ver,
                    char pending[24])
{
    char org[24], fid[24];
    PGresult *res;
    int rc = -1;

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(fid, sizeof fid, "%ld", id);
    const char *v[3] = {fid, org, def->name};
    res = db_exec("SELECT state, version, coalesce(pending_version_id::text, '') FROM maint_filing"
                  " WHERE id = $1::bigint AND org_id = $2::bigint AND kind = $3 FOR UPDATE",
                  3, v);
    if (res) {
        rc = PQntuples(res) == 1;
        if (rc) {
            snprintf(state, 24, "%s", PQgetvalue(res, 0, 0));
            *ver = atoi(PQgetvalue(res, 0, 1));
            snprintf(pending, 24, "%s", PQgetvalue(res, 0, 2));
        }
    }
    PQclear(res);
    return rc;
}

#define MSG_STALE "该信息已被他人修改或处理，请刷新后重试。"
#define MSG_IN_REVIEW "该信息正在审核中，审核完成前不能修改或删除。"

int maint_update(const struct user *u, const struct maint_kind_def *def, long id, int version,
                 const char *const *values, const struct maint_file *files, int nfiles, const char *ip,
                 struct maint_errors *e)
{
    char norm[MAINT_MAX_FIELDS][128], state[24], pending[24], fid[24], ver[16], aid[24];
    char *data = NULL;
    int rc = MAINT_ERROR, k = maint_key_field(def), cur_ver, found;

    maint_validate(def, values, 0, norm, e);
    if (e->nerr || (e->form = check_files(def, files, nfiles)) != NULL) {
        if (e->nerr)
            e->form = "请按提示修改标红的项目后重新保存。";
        return MAINT_REFUSED;
    }
    if (!auth_can(u, "maint.file") || !(data = data_json(def, norm)))
        return MAINT_ERROR;
    snprintf(fid, sizeof fid, "%ld", id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(aid, sizeof aid, "%ld", u->id);
    if (db_begin())
        goto out;
    found = lock_own(u, def, id, state, &cur_ver, pending);
    if (found <= 0) {
        rc = found == 0 ? MAINT_NOT_FOUND : MAINT_ERROR;
        goto out;
    }
    if (cur_ver != version || !strcmp(state, "in_review")) {
        e->form = cur_ver != version ? MSG_STALE : MSG_IN_REVIEW;
        rc = MAINT_REFUSED;
        goto out;
    }
    if (!strcmp(state, "approved")) {
        /* A change (更改): a new pending version; the approved one stays in force. */
        const struct wf_transition *t = workflow_find(&WF_MAINT_FILING, "approved", "edit");
        struct wf_move m = {&WF_MAINT_FILING, t, id, u, NULL, ip};
        const char *v[5] = {fid, ver, norm[k], data, aid};
        int moved = workflow_run(&m,
                                 "WITH nv AS (INSERT INTO maint_filing_version (filing_id, data, created_by)"
                                 "  VALUES ($1::bigint, $4::jsonb, $5::bigint) RETURNING id)"
                                 " UPDATE maint_filing SET state = 'pending_submit', key = $3,"
                                 " pending_version_id = (SELECT id FROM nv), return_reason = NULL,"
                                 " version = version + 1, updated_at = now()"
                                 " WHERE id = $1::bigint AND version = $2::int AND state = 'approved'",
                                 5, v, NULL);
        if (moved <= 0) {
            if (moved == 0) {
                e->form = MSG_STALE;
                rc = MAINT_REFUSED;
            }
            goto out;
        }
    } else {
        const char *v[5] = {fid, ver, norm[k], data, pending};
        if (db_command("UPDATE maint_filing_version SET data = $4::jsonb WHERE id = $5::bigint AND filing_id = $1::bigint",
                       5, v) ||
            db_command("UPDATE maint_filing SET key = $3, version = version + 1, updated_at = now()"
                       " WHERE id = $1::bigint AND version = $2::int",
                       3, v) ||
            audit_log(u, "maint_filing.save", WF_MAINT_FILING.kind, id, NULL, ip))
            goto out;
    }
    if (store_files(fid, files, nfiles) || db_commit())
        goto out;
    rc = MAINT_DONE;
out:
    if (rc == MAINT_ERROR && !strcmp(db_last_sqlstate(), "23505")) {
        e->err[k] = dup_message(def);
        e->nerr = 1;
        e->form = "请按提示修改标红的项目后重新保存。";
        rc = MAINT_REFUSED;
    }
    free(data);
    if (rc != MAINT_DONE)
        db_rollback();
    return rc;
}

/* 1 when the filing (locked) has maintenance or inspection records: an elevator whose
 * registry row appears in inspection applications; a person named as the maintainer of
 * the company in them. 0 none, -1 error. */
static int in_use(const char *fid)
{
    const char *v[1] = {fid};
    char one[4];
    int found = db_text(
        "SELECT 1 FROM maint_filing f JOIN maint_filing_version v ON v.id = coalesce(f.current_version_id, f.pending_version_id)"
        " WHERE f.id = $1::bigint AND ("
        "  (f.kind = 'elevator' AND EXISTS (SELECT 1 FROM equipment e JOIN application_item ai ON ai.equipment_id = e.id"
        "    WHERE e.id = f.equipment_id OR e.reg_code = f.key))"
        "  OR (f.kind = 'person' AND EXISTS (SELECT 1 FROM application_item ai JOIN org o ON o.id = f.org_id"
        "    WHERE ai.maint_unit = o.name AND ai.maintainer = v.data->>'name')))",
        1, v, one, sizeof one);
    return found;
}

int maint_delete(const struct user *u, const struct maint_kind_def *def, long id, int version, const char *ip)
{
    char state[24], pending[24], fid[24], ver[16];
    const struct wf_transition *t;
    int rc = MAINT_ERROR, cur_ver, found, moved;

    snprintf(fid, sizeof fid, "%ld", id);
    snprintf(ver, sizeof ver, "%d", version);
    if (db_begin())
        return MAINT_ERROR;
    found = lock_own(u, def, id, state, &cur_ver, pending);
    if (found <= 0) {
        rc = found == 0 ? MAINT_NOT_FOUND : MAINT_ERROR;
        goto out;
    }
    if (cur_ver != version || !(t = workflow_find(&WF_MAINT_FILING, state, "delete"))) {
        rc = MAINT_REFUSED;
        goto out;
    }
    found = in_use(fid);
    if (found != 0) {
        rc = found > 0 ? MAINT_IN_USE : MAINT_ERROR;
        goto out;
    }
    struct wf_move m = {&WF_MAINT_FILING, t, id, u, NULL, ip};
    const char *v[3] = {fid, ver, t->from};
    moved = workflow_run(&m, "DELETE FROM maint_filing WHERE id = $1::bigint AND version = $2::int AND state = $3", 3, v,
                         NULL);
    if (moved <= 0) {
        rc = moved == 0 ? MAINT_REFUSED : MAINT_ERROR;
        goto out;
    }
    if (db_commit())
        goto out;
    rc = MAINT_DONE;
out:
    if (rc != MAINT_DONE)
        db_rollback();
    return rc;
}

/* 1 when the pending version of filing fid passes the checks (lenient), 0 not, -1 error. */
static int complete(const struct maint_kind_def *def, const char *fid)
{
    char norm[MAINT_MAX_FIELDS][128];
    const char *values[MAINT_MAX_FIELDS];
    struct maint_errors e;
    const char *v[1] = {fid};
    PGresult *res = db_exec("SELECT v.data::text FROM maint_filing f JOIN maint_filing_version v"
                            " ON v.id = f.pending_version_id WHERE f.id = $1::bigint",
                            1, v);
    cJSON *data = NULL;
    int rc = -1;

    if (!res || PQntuples(res) != 1 || !(data = cJSON_Parse(PQgetvalue(res, 0, 0))))
        goto out;
    for (int i = 0; i < def->nfields; i++) {
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(data, def->fields[i].key);
        values[i] = cJSON_IsString(val) ? val->valuestring : NULL;
    }
    rc = maint_validate(def, values, 1, norm, &e) == 0;
out:
    cJSON_Delete(data);
    PQclear(res);
    return rc;
}

int maint_submit(const struct user *u, const struct maint_kind_def *def, const long *ids, int n, const char *ip)
{
    char state[24], pending[24], fid[24];
    int rc = MAINT_ERROR, ver, found;

    if (n <= 0)
        return MAINT_REFUSED;
    if (db_begin())
        return MAINT_ERROR;
    for (int i = 0; i < n; i++) {
        const struct wf_transition *t;
        found = lock_own(u, def, ids[i], state, &ver, pending);
        if (found < 0)
            goto out;
        if (found == 0 || !(t = workflow_find(&WF_MAINT_FILING, state, "submit"))) {
            rc = MAINT_REFUSED; /* another unit's, already in review or approved: none is sent */
            goto out;
        }
        snprintf(fid, sizeof fid, "%ld", ids[i]);
        if ((found = complete(def, fid)) != 1) {
            rc = found == 0 ? MAINT_INCOMPLETE : MAINT_ERROR;
            goto out;
        }
        struct wf_move m = {&WF_MAINT_FILING, t, ids[i], u, NULL, ip};
        const char *v[2] = {fid, t->from};
        int moved = workflow_run(&m, "UPDATE maint_filing SET state = 'in_review', submitted_at = now(),"
                                     " version = version + 1, updated_at = now() WHERE id = $1::bigint AND state = $2",
                                 2, v, NULL);
        if (moved <= 0) {
            rc = moved == 0 ? MAINT_REFUSED : MAINT_ERROR;
            goto out;
        }
    }
    if (db_commit())
        goto out;
    rc = MAINT_DONE;
out:
    if (rc != MAINT_DONE)
        db_rollback();
    return rc;
}

/* ---- the bureau's side ------------------------------------------------------------- */

/* Approval's elevator half: the registry row with the filed registration code gets the
 * company as its maintenance unit; when there is none and the filing's 责任单位 is a unit
 * registered here (by its exact name), the row is created from the approved version with
 * that unit as the use unit. Either way with a history row, and the filing links to it.
 * Otherwise (the use unit is not registered) the filing stays unlinked. 0 or -1. */
static int link_equipment(const struct user *u, const char *fid, const char *key, const char *org)
{
    char aid[24];
    snprintf(aid, sizeof aid, "%ld", u->id);
    const char *v[4] = {fid, key, org, aid};
    return db_command(
        "WITH e AS (UPDATE equipment SET maintenance_org_id = $3::bigint, version = version + 1,"
        "  updated_at = now() WHERE reg_code = $2 RETURNING id),"
        " c AS (INSERT INTO equipment (reg_code, category, name, use_org_id, maintenance_org_id, district,"
        "  internal_no, maker, safety_manager, safety_phone, last_inspection_date, next_inspection_date)"
        "  SELECT $2, left($2, 4), d.data->>'name', o.id, $3::bigint, f.district, d.data->>'internal_no',"
        "  d.data->>'maker', d.data->>'safety_manager', d.data->>'safety_phone',"
        "  (d.data->>'inspection_date')::date, (d.data->>'next_inspection_date')::date"
        "  FROM maint_filing f JOIN maint_filing_version d ON d.id = f.current_version_id"
        "  CROSS JOIN LATERAL (SELECT id FROM org WHERE name = d.data->>'use_unit' AND kind = 'enterprise'"
        "   AND state = 'active' ORDER BY id LIMIT 1) o"
        "  WHERE f.id = $1::bigint AND NOT EXISTS (SELECT 1 FROM e)"
        "  AND EXISTS (SELECT 1 FROM catalogue k WHERE k.code = left($2, 4) AND k.code !~ '000$')"
        "  RETURNING id),"
        " x AS (SELECT id, 'binding' AS change FROM e UNION ALL SELECT id, 'create' FROM c),"
        " h AS (INSERT INTO equipment_history (equipment_id, actor_id, change, new, note)"
        "  SELECT id, $4::bigint, change, jsonb_build_object('maintenance_org_id', $3::bigint),"
        "  '维保备案审核通过' FROM x)"
        " UPDATE maint_filing SET equipment_id = (SELECT id FROM x) WHERE id = $1::bigint"
        " AND EXISTS (SELECT 1 FROM x)",
        4, v);
}

/* The bureau's decisions on filing $2 at version $3 in its districts ($1): approval (the
 * pending version, approved by $4, comes in force) or return with reason $4. */
#define APPROVE_SQL                                                                                      \
    "WITH a AS (UPDATE maint_filing_version SET approved_by = $4::bigint, approved_at = now()"           \
    "  WHERE id = (SELECT pending_version_id FROM maint_filing WHERE id = $2::bigint))"                  \
    " UPDATE maint_filing f SET state = 'approved', current_version_id = f.pending_version_id,"          \
    " pending_version_id = NULL, return_reason = NULL, version = f.version + 1, updated_at = now()"      \
    " WHERE f.id = $2::bigint AND f.version = $3::int AND f.state = 'in_review' AND " MAINT_SCOPE_BUREAU \
    " RETURNING f.kind, f.key, f.org_id"
#define RETURN_SQL                                                                                  \
    "UPDATE maint_filing f SET state = 'returned', return_reason = $4, version = f.version + 1,"    \
    " updated_at = now() WHERE f.id = $2::bigint AND f.version = $3::int AND f.state = 'in_review'" \
    " AND " MAINT_SCOPE_BUREAU " RETURNING f.kind, f.key, f.org_id"

int maint_decide(const struct user *u, long id, int version, int approve, const char *reason, const char *ip)
{
    const struct wf_transition *t = workflow_find(&WF_MAINT_FILING, "in_review", approve ? "approve" : "return");
    char fid[24], ver[16], org[24], aid[24];
    PGresult *res = NULL;
    int rc = MAINT_ERROR, moved;

    if (!t || (!approve && (blank(reason) || strlen(reason) > MAINT_REASON_MAX)))
        return MAINT_ERROR;
    snprintf(fid, sizeof fid, "%ld", id);
    snprintf(ver, sizeof ver, "%d", version);
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    const char *v[4] = {org, fid, ver, approve ? aid : reason};
    struct wf_move m = {&WF_MAINT_FILING, t, id, u, approve ? NULL : reason, ip};
    if (db_begin())
        return MAINT_ERROR;
    /* The version stamp is written in the same statement as the move: when the move
     * updates no row (stale), the transaction is rolled back with it. */
    moved = workflow_run(&m, approve ? APPROVE_SQL : RETURN_SQL, 4, v, &res);
    if (moved <= 0) {
        rc = moved == 0 ? MAINT_REFUSED : MAINT_ERROR;
        goto out;
    }
    if (approve && !strcmp(PQgetvalue(res, 0, 0), "elevator") &&
        link_equipment(u, fid, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2)))
        goto out;
    if (db_commit())
        goto out;
    rc = MAINT_DONE;
out:
    PQclear(res);
    if (rc != MAINT_DONE)
        db_rollback();
    return rc;
}

int maint_registration_draft(long org_id, long account_id, const char *name, const char *cert_no,
                             const char *legal_rep, const char *contact, const char *mobile, const char *address)
{
    char org[24], aid[24];
    snprintf(org, sizeof org, "%ld", org_id);
    snprintf(aid, sizeof aid, "%ld", account_id);
    const char *v[8] = {org, aid, name, cert_no, legal_rep, contact, mobile, address};
    /* The version (jsonb from the parameters) and the filing pointing at it (deferred FK),
     * and its 'create' history row, in one statement. */
    return db_command("WITH ver AS (SELECT nextval('maint_filing_version_id_seq') AS vid),"
                      " f AS (INSERT INTO maint_filing (kind, org_id, district, key, pending_version_id)"
                      "  SELECT 'company', o.id, o.district, $3, vid FROM org o, ver WHERE o.id = $1::bigint"
                      "  RETURNING id, pending_version_id),"
                      " v AS (INSERT INTO maint_filing_version (id, filing_id, data, created_by)"
                      "  SELECT pending_version_id, id, jsonb_build_object('name', $3::text, 'cert_no', $4::text,"
                      "  'legal_rep', $5::text, 'contact', $6::text, 'mobile', $7::text, 'address', $8::text),"
                      "  $2::bigint FROM f)"
                      " INSERT INTO workflow_event (kind, entity_id, from_state, to_state, event, actor_id, reason)"
                      " SELECT 'maint_filing', id, NULL, 'pending_submit', 'create', $2::bigint, '企业注册' FROM f",
                      8, v);
}
