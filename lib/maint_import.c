/* maint_import.c — bulk import of maintenance filings: template, checked preview, import. */
#include "maint_import.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "log.h"
#include "maint_internal.h"
#include "sheet_read.h"
#include "util.h"
#include "workflow_maint.h"
#include "xlsx.h"

/* ---- the template -------------------------------------------------------------------- */

int maint_import_template(const struct maint_kind_def *def, unsigned char **out, size_t *len)
{
    struct xlsx_template_column cols[MAINT_MAX_FIELDS];
    static const char *const notes[] = {
        "填写说明",
        "1. 第一行为列标题，请勿修改；从第二行起每行填写一条信息。",
        "2. 标题有颜色的列为必填项目。",
        "3. 身份证号、注册代码、手机号等编号列已设为“文本”格式，请直接输入；从其他表格粘贴时请使用“选择性粘贴-数值”，"
        "切勿让 Excel 把它们变成数字（如 4.11423E+17），否则无法导入。",
        "4. 日期请填写为 2014-09-01 的形式（也可以是 Excel 日期）。",
        "5. 工种、设备类别请从下拉列表中选择。",
        "6. 注册代码为 20 位数字；身份证号为 18 位；手机号为 11 位。",
        "7. 导入前系统会逐行检查并列出错误和警告：有错误的文件不能导入，请改正后重新上传；警告可确认后导入。",
        "8. 导入后信息为“待上报”，请在列表中选中后“审核上报”。",
        NULL,
    };

    for (int i = 0; i < def->nfields; i++) {
        const struct maint_field *f = &def->fields[i];
        cols[i] = (struct xlsx_template_column){f->label, (f->flags & MF_REQUIRED) != 0,
                                                f->type == MF_DATE ? XLSX_DATE : XLSX_TEXT,
                                                f->flags & MF_CODE ? 24 : 16, f->options};
    }
    return xlsx_template(def->label, cols, def->nfields, notes, MAINT_IMPORT_MAX_ROWS, out, len);
}

/* ---- reading an upload ---------------------------------------------------------------- */

struct reader {
    const struct maint_kind_def *def;
    int col[MAINT_MAX_FIELDS];   /* sheet column of each field, -1 when absent */
    int have_header;
    long nrows, nerrors, nwarnings;
    cJSON *rows;                 /* [{row, v{}, e[], w[]}] */
    cJSON *keys;                 /* every key, for the duplicate check against the database */
    struct seen {                /* key -> first row number, for duplicates in the file */
        char *key;
        long row;
        cJSON *obj;              /* that row's preview object */
    } *seen;                     /* open addressing, SEEN_SLOTS entries */
    char *err;
    size_t errlen;
};

/* Room for every key of a full import at a load under one half. */
#define SEEN_SLOTS 65536

/* The slot of key: where it is, or the empty slot where it goes (FNV-1a, linear probing). */
static struct seen *seen_slot(struct seen *t, const char *key)
{
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (unsigned i = h & (SEEN_SLOTS - 1);; i = (i + 1) & (SEEN_SLOTS - 1))
        if (!t[i].key || !strcmp(t[i].key, key))
            return &t[i];
}

/* A header cell's field: the label, ignoring '*', white space and a "（必填）" note. */
static int header_field(const struct maint_kind_def *def, const char *text)
{
    char buf[128];
    size_t n;

    while (*text == '*' || *text == ' ')
        text++;
    snprintf(buf, sizeof buf, "%s", text);
    char *note = strstr(buf, "（");
    if (note)
        *note = '\0';
    n = strlen(buf);
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '*'))
        buf[--n] = '\0';
    for (int i = 0; i < def->nfields; i++)
        if (!strcmp(def->fields[i].label, buf))
            return i;
    return -1;
}

static int read_header(struct reader *rd, const struct sheet_cell *cells, int ncells)
{
    for (int i = 0; i < rd->def->nfields; i++)
        rd->col[i] = -1;
    for (int c = 0; c < ncells; c++) {
        int f = header_field(rd->def, cells[c].text);
        if (f >= 0 && rd->col[f] < 0)
            rd->col[f] = c;
    }
    for (int i = 0; i < rd->def->nfields; i++)
        if (rd->col[i] < 0 && (rd->def->fields[i].flags & MF_REQUIRED)) {
            snprintf(rd->err, rd->errlen, "表格缺少必填列“%s”，请使用下载的导入模板填写。", rd->def->fields[i].label);
            return 2;
        }
    rd->have_header = 1;
    return 0;
}

static int add_message(cJSON *list, const struct maint_field *f, const char *msg)
{
    char text[512];
    /* The validators' messages often name the field already. */
    if (strncmp(msg, f->label, strlen(f->label)) == 0)
        snprintf(text, sizeof text, "%s", msg);
    else
        snprintf(text, sizeof text, "%s：%s", f->label, msg);
    return cJSON_AddItemToArray(list, cJSON_CreateString(text)) ? 0 : -1;
}

static int on_row(void *ctx, long row_no, const struct sheet_cell *cells, int ncells)
{
    struct reader *rd = ctx;
    const struct maint_kind_def *def = rd->def;
    const char *values[MAINT_MAX_FIELDS];
    char norm[MAINT_MAX_FIELDS][128], dupmsg[96];
    struct maint_errors e;
    cJSON *row, *v, *errs, *warns;
    int empty = 1, k = maint_key_field(def);

    for (int c = 0; c < ncells; c++)
        empty &= cells[c].type == SHEET_EMPTY || !cells[c].text[0];
    if (empty)
        return 0;
    if (!rd->have_header)
        return read_header(rd, cells, ncells);
    if (++rd->nrows > MAINT_IMPORT_MAX_ROWS) {
        snprintf(rd->err, rd->errlen, "一次最多导入 %d 行，请分成几个文件导入。", MAINT_IMPORT_MAX_ROWS);
        return 2;
    }
    for (int i = 0; i < def->nfields; i++)
        values[i] = rd->col[i] >= 0 && rd->col[i] < ncells ? cells[rd->col[i]].text : NULL;
    maint_validate(def, values, 1, norm, &e);
    if (!(row = cJSON_CreateObject()) || !cJSON_AddItemToArray(rd->rows, row) ||
        !cJSON_AddNumberToObject(row, "row", (double)row_no) || !(v = cJSON_AddObjectToObject(row, "v")) ||
        !(errs = cJSON_AddArrayToObject(row, "e")) || !(warns = cJSON_AddArrayToObject(row, "w")))
        return -1;
    for (int i = 0; i < def->nfields; i++) {
        const struct maint_field *f = &def->fields[i];
        const struct sheet_cell *cell = rd->col[i] >= 0 && rd->col[i] < ncells ? &cells[rd->col[i]] : NULL;
        if (norm[i][0] && !cJSON_AddStringToObject(v, f->key, norm[i]))
            return -1;
        /* Excel made a number of a code: 18-digit IDs and 20-digit codes lose digits. */
        if (cell && cell->type == SHEET_NUMBER && (f->type == MF_IDNO || f->type == MF_REGCODE)) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s被 Excel 转成了数字，请把该列设为文本后重新填写", f->label);
            if (add_message(errs, f, msg) < 0)
                return -1;
            continue;
        }
        if (cell && cell->type == SHEET_NUMBER && (f->flags & MF_CODE) &&
            add_message(warns, f, "被 Excel 存成了数字，请核对是否完整（建议把该列设为文本）") < 0)
            return -1;
        if ((e.err[i] && add_message(errs, f, e.err[i]) < 0) || (e.warn[i] && add_message(warns, f, e.warn[i]) < 0))
            return -1;
    }
    if (!e.err[k] && norm[k][0]) {
        struct seen *slot = seen_slot(rd->seen, norm[k]);
        if (slot->key) {
            snprintf(dupmsg, sizeof dupmsg, "与第 %ld 行重复", slot->row);
            if (add_message(errs, &def->fields[k], dupmsg) < 0)
                return -1;
        } else if (!(slot->key = strdup(norm[k])) || !cJSON_AddItemToArray(rd->keys, cJSON_CreateString(norm[k])))
            return -1;
        else {
            slot->row = row_no;
            slot->obj = row;
        }
    }
    return 0;
}

/* Marks rows whose key the unit has filed already. 0 or -1. */
static int mark_db_duplicates(const struct user *u, struct reader *rd)
{
    const struct maint_field *kf = &rd->def->fields[maint_key_field(rd->def)];
    char org[24], *keys = cJSON_PrintUnformatted(rd->keys);
    PGresult *res = NULL;
    int rc = -1;

    if (!keys)
        return -1;
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[3] = {org, rd->def->name, keys};
    res = db_exec("SELECT key FROM maint_filing WHERE org_id = $1::bigint AND kind = $2"
                  " AND key IN (SELECT jsonb_array_elements_text($3::jsonb))",
                  3, v);
    if (!res)
        goto out;
    /* Each key is in the file once (later copies are already errors): its first row. */
    for (int i = 0; i < PQntuples(res); i++) {
        struct seen *slot = seen_slot(rd->seen, PQgetvalue(res, i, 0));
        if (slot->key && add_message(cJSON_GetObjectItemCaseSensitive(slot->obj, "e"), kf, "本单位已备案，不能重复导入") < 0)
            goto out;
    }
    rc = 0;
out:
    PQclear(res);
    free(keys);
    return rc;
}

int maint_import_read(const struct user *u, const struct maint_kind_def *def, const unsigned char *data,
                      size_t len, const char *file_name, char token[33], char *err, size_t errlen)
{
    struct sheet_limits lim = {MAINT_IMPORT_MAX_BYTES, 0, MAINT_IMPORT_MAX_ROWS + 100, 0};
    struct reader rd = {.def = def, .err = err, .errlen = errlen};
    char org[24], aid[24], n[3][24], *rows = NULL;
    cJSON *row;
    int rc = -1, r;

    err[0] = '\0';
    token[0] = '\0';
    rd.rows = cJSON_CreateArray();
    rd.keys = cJSON_CreateArray();
    rd.seen = calloc(SEEN_SLOTS, sizeof *rd.seen);
    if (!rd.rows || !rd.keys || !rd.seen)
        goto out;
    r = sheet_read(data, len, &lim, on_row, &rd, err, errlen);
    if (r == 2 || (r == -1 && err[0])) {
        rc = 0;
        goto out;
    }
    if (r != 0)
        goto out;
    if (!rd.have_header || rd.nrows == 0) {
        snprintf(err, errlen, "表格中没有可导入的数据行。");
        rc = 0;
        goto out;
    }
    if (mark_db_duplicates(u, &rd))
        goto out;
    cJSON_ArrayForEach(row, rd.rows)
    {
        rd.nerrors += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(row, "e")) > 0;
        rd.nwarnings += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(row, "w")) > 0;
    }
    if (!(rows = cJSON_PrintUnformatted(rd.rows)) || random_hex(16, token))
        goto out;
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    snprintf(n[0], sizeof n[0], "%ld", rd.nrows);
    snprintf(n[1], sizeof n[1], "%ld", rd.nerrors);
    snprintf(n[2], sizeof n[2], "%ld", rd.nwarnings);
    const char *v[9] = {token, org, aid, def->name, file_name && *file_name ? file_name : "导入文件", rows, n[0], n[1], n[2]};
    /* Previews older than a day are dropped as new ones come in. */
    if (db_command("DELETE FROM maint_import WHERE created_at < now() - interval '1 day'", 0, NULL) ||
        db_command("INSERT INTO maint_import (token, org_id, account_id, kind, file_name, rows, nrows, nerrors, nwarnings)"
                   " VALUES ($1, $2::bigint, $3::bigint, $4, left($5, 200), $6::jsonb, $7::int, $8::int, $9::int)",
                   9, v))
        goto out;
    rc = 1;
out:
    if (rc != 1)
        token[0] = '\0';
    free(rows);
    cJSON_Delete(rd.rows);
    cJSON_Delete(rd.keys);
    for (int i = 0; rd.seen && i < SEEN_SLOTS; i++)
        free(rd.seen[i].key);
    free(rd.seen);
    return rc;
}

/* ---- the preview and the import ---------------------------------------------------------- */

PGresult *maint_import_get(const struct user *u, const struct maint_kind_def *def, const char *token)
{
    char org[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[3] = {token, org, def->name};
    return db_exec("SELECT id, file_name, nrows, nerrors, nwarnings, (imported_at IS NOT NULL) AS imported"
                   " FROM maint_import WHERE token = $1 AND org_id = $2::bigint AND kind = $3",
                   3, v);
}

/* The rows of import $1 of unit $2 and kind $3 (only those with errors or warnings when
 * $4), $6 from $5 on: row_no, errors, warnings, then every field by its key. */
#define ROWS_SQL(columns)                                                                        \
    "SELECT (r->>'row')::bigint AS row_no,"                                                      \
    " (SELECT string_agg(x, '；') FROM jsonb_array_elements_text(r->'e') x) AS errors,"          \
    " (SELECT string_agg(x, '；') FROM jsonb_array_elements_text(r->'w') x) AS warnings" columns \
    " FROM maint_import i, jsonb_array_elements(i.rows) WITH ORDINALITY AS t(r, n)"              \
    " WHERE i.token = $1 AND i.org_id = $2::bigint AND i.kind = $3"                              \
    " AND (NOT $4::boolean OR jsonb_array_length(r->'e') > 0 OR jsonb_array_length(r->'w') > 0)" \
    " ORDER BY t.n OFFSET $5::int LIMIT $6::int"
#define ROW_COLUMN(key, label, type, flags, options) ", coalesce(r->'v'->>'" key "', '') AS " key
static const char *const ROWS[] = {
    [MAINT_COMPANY_INFO] = ROWS_SQL(MAINT_COMPANY_FIELDS(ROW_COLUMN)),
    [MAINT_PERSON] = ROWS_SQL(MAINT_PERSON_FIELDS(ROW_COLUMN)),
    [MAINT_ELEVATOR] = ROWS_SQL(MAINT_ELEVATOR_FIELDS(ROW_COLUMN)),
};

PGresult *maint_import_rows(const struct user *u, const struct maint_kind_def *def, const char *token,
                            int only_problems, int offset, int limit)
{
    char org[24], off[16], lim[16];

    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(off, sizeof off, "%d", offset);
    snprintf(lim, sizeof lim, "%d", limit);
    const char *v[6] = {token, org, def->name, only_problems ? "t" : "f", off, lim};
    return db_exec(ROWS[def->kind], 6, v);
}

int maint_import_commit(const struct user *u, const struct maint_kind_def *def, const char *token,
                        int accept_warnings, const char *ip, long *n, const char **msg)
{
    char org[24], aid[24], district[7], detail[160];
    PGresult *res = NULL;
    int rc = -1;

    *n = 0;
    *msg = NULL;
    if (!auth_can(u, "maint.file") || maint_company(u, district) != 1)
        return -1;
    snprintf(org, sizeof org, "%ld", u->org_id);
    snprintf(aid, sizeof aid, "%ld", u->id);
    if (db_begin())
        return -1;
    /* The preview, locked: two clicks on 导入 cannot both import it. */
    const char *lv[3] = {token, org, def->name};
    res = db_exec("SELECT id, nerrors, nwarnings, imported_at IS NOT NULL FROM maint_import"
                  " WHERE token = $1 AND org_id = $2::bigint AND kind = $3 FOR UPDATE",
                  3, lv);
    if (!res)
        goto out;
    if (PQntuples(res) != 1) {
        *msg = "导入记录不存在或已过期，请重新上传。";
        rc = 0;
        goto out;
    }
    if (!strcmp(PQgetvalue(res, 0, 3), "t"))
        *msg = "该文件已经导入过了。";
    else if (atol(PQgetvalue(res, 0, 1)) > 0)
        *msg = "文件中还有错误，请改正后重新上传。";
    else if (atol(PQgetvalue(res, 0, 2)) > 0 && !accept_warnings)
        *msg = "文件中有警告，请核对后勾选“已核对警告，确认导入”。";
    PQclear(res);
    res = NULL;
    if (*msg) {
        rc = 0;
        goto out;
    }
    /* Every row at once: version ids drawn first, filings pointing at them (the foreign
     * keys are deferred), the versions, and each filing's history row. */
    const char *v[6] = {token, org, def->name, district, aid, def->fields[maint_key_field(def)].key};
    res = db_exec("WITH src AS (SELECT r->'v' AS d, nextval('maint_filing_version_id_seq') AS vid"
                  "  FROM maint_import i, jsonb_array_elements(i.rows) WITH ORDINALITY t(r, n)"
                  "  WHERE i.token = $1 ORDER BY t.n),"
                  " f AS (INSERT INTO maint_filing (kind, org_id, district, key, pending_version_id)"
                  "  SELECT $3, $2::bigint, $4, d->>$6, vid FROM src RETURNING id, pending_version_id),"
                  " v AS (INSERT INTO maint_filing_version (id, filing_id, data, created_by)"
                  "  SELECT src.vid, f.id, src.d, $5::bigint FROM src JOIN f ON f.pending_version_id = src.vid),"
                  " w AS (INSERT INTO workflow_event (kind, entity_id, from_state, to_state, event, actor_id, reason)"
                  "  SELECT 'maint_filing', id, NULL, 'pending_submit', 'create', $5::bigint, '批量导入' FROM f),"
                  " m AS (UPDATE maint_import SET imported_at = now() WHERE token = $1)"
                  " SELECT count(*) FROM f",
                  6, v);
    if (!res) {
        if (!strcmp(db_last_sqlstate(), "23505")) {
            *msg = "文件中有信息在上传后已被备案（重复），请重新上传以查看。";
            rc = 0;
        }
        goto out;
    }
    *n = atol(PQgetvalue(res, 0, 0));
    snprintf(detail, sizeof detail, "批量导入%s %ld 条", def->label, *n);
    if (audit_log(u, "maint_filing.import", WF_MAINT_FILING.kind, 0, detail, ip) || db_commit())
        goto out;
    rc = 1;
out:
    PQclear(res);
    if (rc != 1)
        db_rollback();
    return rc;
}
