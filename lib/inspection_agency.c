/* inspection_agency.c — the agency's side of inspection applications: the queue of its
 * region, accept, return with structured reasons, assignment, and completion with the
 * devices' dates and the report, notice and fee-order records. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "document.h"
#include "fee.h"
#include "inspection.h"
#include "inspection_internal.h"
#include "validate.h"
#include "workflow.h"

static int blank(const char *s) { return !s || !*s; }

/* Inspectors as a PostgreSQL array literal, each an active inspector of u's agency;
 * *bad set when one is not. 0 or -1. */
static int inspectors_literal(const struct user *u, const long *ids, int n, char *out, size_t cap, int *bad)
{
    size_t o = 0;
    char org[24], count[16];

    *bad = 0;
    if (n > INSP_MAX_INSPECTORS) {
        *bad = 1;
        return 0;
    }
    out[o++] = '{';
    for (int i = 0; i < n && o + 24 < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%ld", i ? "," : "", ids[i]);
    snprintf(out + o, cap - o, "}");
    if (n == 0)
        return 0;
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[2] = {org, out};
    if (db_text("SELECT count(DISTINCT id) FROM account WHERE id = ANY ($2::bigint[]) AND org_id = $1::bigint"
                " AND 'agency_inspector' = ANY (roles) AND state = 'active'",
                2, v, count, sizeof count) != 1)
        return -1;
    *bad = atoi(count) != n;
    return 0;
}

int insp_planned_ok(const char *d, const char **msg)
{
    char today[16];
    if (blank(d))
        return 1;
    if (v_date(d, NULL, NULL, NULL, msg) != V_OK) {
        *msg = "计划检验日期应为年-月-日。";
        return 0;
    }
    if (db_text("SELECT current_date::text", 0, NULL, today, sizeof today) != 1) {
        *msg = "暂时无法核对日期，请稍后再试。";
        return 0;
    }
    *msg = "计划检验日期不能早于今天。";
    return strcmp(d, today) >= 0;
}

/* Runs an agency move in its own transaction, with an SMS to the applicant made by
 * text(serial, kind label, ctx) when it moved. */
static int agency_move(const struct insp_move *m, void (*text)(char *, size_t, const char *, const char *, const void *),
                       const void *ctx)
{
    PGresult *res = NULL;
    char sms[1024];
    int rc;

    if (db_begin())
        return INSP_ERROR;
    rc = insp_move_run(m, &res);
    if (rc == INSP_DONE && text) {
        text(sms, sizeof sms, PQgetvalue(res, 0, 1), insp_kind_label(PQgetvalue(res, 0, 2)), ctx);
        if (insp_notify(PQgetvalue(res, 0, 0), sms))
            rc = INSP_ERROR;
    }
    if (rc == INSP_DONE && db_commit())
        rc = INSP_ERROR;
    PQclear(res);
    if (rc != INSP_DONE)
        db_rollback();
    return rc;
}

static void accept_text(char *out, size_t cap, const char *serial, const char *kind, const void *ctx)
{
    const char *planned = ctx;
    snprintf(out, cap, "【特检】您的%s申请（%s）已受理%s%s。请保持联系电话畅通，按《检验现场环境安全确认书》做好现场准备。",
             kind, serial, blank(planned) ? "" : "，计划检验日期 ", blank(planned) ? "" : planned);
}

static const char *const ACCEPT[INSP_NBY] = {
    [INSP_BY_AGENCY] = INSP_UPDATE(", decided_at = now(), decided_by = $7::bigint, inspector_ids = $8::bigint[],"
                                   " planned_date = $9::date",
                                   INSP_SCOPE_AGENCY),
};

int insp_accept(const struct user *u, long app_id, int version, const long *inspectors, int ninspectors,
                const char *planned_date, const char *ip)
{
    char arr[INSP_MAX_INSPECTORS * 21 + 3], actor[24];
    const char *msg;
    int bad;

    if (!insp_planned_ok(planned_date, &msg) || inspectors_literal(u, inspectors, ninspectors, arr, sizeof arr, &bad) || bad)
        return INSP_ERROR; /* the handler checked these first */
    snprintf(actor, sizeof actor, "%ld", u->id);
    const char *extra[3] = {actor, arr, blank(planned_date) ? NULL : planned_date};
    struct insp_move m = {u, INSP_AGENCY, app_id, version, "accept", NULL, ip, ACCEPT, 3, extra};
    return agency_move(&m, accept_text, planned_date);
}

#define ASSIGN_SQL                                                                                                 \
    INSP_WITH "UPDATE inspection_application a SET inspector_ids = $5::bigint[], planned_date = $6::date,"         \
              " version = a.version + 1, updated_at = now() FROM p"                                                \
              " WHERE a.id = $3::bigint AND a.version = $4::int AND a.state = 'in_process' AND " INSP_SCOPE_AGENCY \
              " RETURNING a.id"

int insp_assign(const struct user *u, long app_id, int version, const long *inspectors, int ninspectors,
                const char *planned_date, const char *ip)
{
    struct insp_who w;
    char arr[INSP_MAX_INSPECTORS * 21 + 3], id[24], ver[16], detail[256];
    const char *msg;
    PGresult *res = NULL;
    int bad, rc = INSP_ERROR;

    if (!auth_can(u, "inspection.accept") || !insp_planned_ok(planned_date, &msg) ||
        inspectors_literal(u, inspectors, ninspectors, arr, sizeof arr, &bad) || bad)
        return INSP_ERROR;
    insp_who(u, &w);
    snprintf(id, sizeof id, "%ld", app_id);
    snprintf(ver, sizeof ver, "%d", version);
    const char *v[6] = {w.v[0], w.v[1], id, ver, arr, blank(planned_date) ? NULL : planned_date};
    if (db_begin())
        return INSP_ERROR;
    res = db_exec(ASSIGN_SQL, 6, v);
    if (!res)
        goto out;
    if (PQntuples(res) != 1) {
        rc = INSP_STALE;
        goto out;
    }
    snprintf(detail, sizeof detail, "inspectors=%s planned=%s", arr, blank(planned_date) ? "" : planned_date);
    if (audit_log(u, "inspection_application.assign", WF_INSPECTION.kind, app_id, detail, ip) || db_commit())
        goto out;
    rc = INSP_DONE;
out:
    PQclear(res);
    if (rc != INSP_DONE)
        db_rollback();
    return rc;
}

static void return_text(char *out, size_t cap, const char *serial, const char *kind, const void *ctx)
{
    snprintf(out, cap, "【特检】您的%s申请（%s）被退回，原因：%s。请登录平台在“我的报检—被退回”中修改后重新提交。", kind,
             serial, (const char *)ctx);
}

static const char *const RETURN[INSP_NBY] = {
    [INSP_BY_AGENCY] = INSP_UPDATE(", return_reasons = $7::text[], return_note = $8, decided_at = now(),"
                                   " decided_by = $9::bigint",
                                   INSP_SCOPE_AGENCY),
};

int insp_return(const struct user *u, long app_id, int version, const char *const *codes, int ncodes,
                const char *note, const char *ip, struct insp_errors *errs)
{
    char reason[2048], arr[512];
    size_t o = 0, a = 0;
    int other = 0;

    memset(errs, 0, sizeof *errs);
    if (ncodes <= 0) {
        errs->form = "请勾选退回原因（可多选），并视需要补充说明。";
        return INSP_REFUSED;
    }
    if (note && strlen(note) > INSP_NOTE_MAX) {
        errs->form = "补充说明不能超过 200 字。";
        return INSP_REFUSED;
    }
    arr[a++] = '{';
    reason[0] = '\0';
    for (int i = 0; i < ncodes && i < 16; i++) {
        const char *label = insp_reason_label(codes[i]);
        if (!label) {
            errs->form = "退回原因不在列表中，请刷新页面后重新选择。";
            return INSP_REFUSED;
        }
        other |= !strcmp(codes[i], "other");
        if (strcmp(codes[i], "other"))
            o += (size_t)snprintf(reason + o, sizeof reason - o, "%s%s", o ? "；" : "", label);
        a += (size_t)snprintf(arr + a, sizeof arr - a, "%s%s", i ? "," : "", codes[i]);
        if (o >= sizeof reason || a >= sizeof arr)
            return INSP_ERROR;
    }
    snprintf(arr + a, sizeof arr - a, "}");
    if (other && blank(note)) {
        errs->form = "勾选“其他”时请在补充说明中写明原因。";
        return INSP_REFUSED;
    }
    if (!blank(note))
        snprintf(reason + o, sizeof reason - o, "%s%s", o ? "；" : "", note);
    const char *extra[3] = {arr, blank(note) ? NULL : note, NULL};
    char actor[24];
    snprintf(actor, sizeof actor, "%ld", u->id);
    extra[2] = actor;
    struct insp_move m = {u, INSP_AGENCY, app_id, version, "return", reason, ip, RETURN, 3, extra};
    return agency_move(&m, return_text, reason);
}

/* One device's completion: the item, the report, the notice, the fee order and the
 * device itself with its history. 0, 1 (a report number that exists: *dup), -1. */
static int complete_item(const struct user *u, long app_id, const struct insp_result *r, const char *org,
                         long *report)
{
    char item[24], fee[24], aid[24], report_id[24];
    PGresult *res;

    snprintf(item, sizeof item, "%ld", r->item_id);
    snprintf(fee, sizeof fee, "%ld", r->fee_fen);
    snprintf(aid, sizeof aid, "%ld", u->id);
    const char *v[7] = {item, r->conclusion, r->inspection_date, blank(r->next_date) ? NULL : r->next_date, fee,
                        blank(r->report_no) ? NULL : r->report_no, org};
    /* The report number: as typed, else BG<year>-<serial>. */
    res = db_exec("WITH it AS (UPDATE application_item SET conclusion = $2, inspection_date = $3::date,"
                  "  next_date = $4::date, fee_fen = $5::bigint,"
                  "  report_no = coalesce($6, 'BG' || to_char(current_date, 'YYYY') || '-'"
                  "   || lpad(nextval('inspection_report_serial')::text, 6, '0'))"
                  "  WHERE id = $1::bigint RETURNING id, equipment_id, report_no)"
                  " INSERT INTO inspection_report (number, item_id, equipment_id, conclusion, inspection_date, next_date, fee_fen)"
                  " SELECT it.report_no, it.id, it.equipment_id, $2, $3::date, $4::date, $5::bigint FROM it RETURNING id",
                  6, v);
    if (!res) {
        if (!strcmp(db_last_sqlstate(), "23505"))
            return 1;
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        return -1;
    }
    snprintf(report_id, sizeof report_id, "%s", PQgetvalue(res, 0, 0));
    *report = atol(report_id);
    PQclear(res);
    const char *nv[5] = {item, report_id, r->conclusion, r->inspection_date, blank(r->deadline) ? NULL : r->deadline};
    const char *fv[3] = {item, org, fee};
    const char *ev[6] = {item, r->conclusion, r->inspection_date, blank(r->next_date) ? NULL : r->next_date, aid,
                         insp_conclusion_label(r->conclusion)};
    /* The notice; an unqualified one with its rectification deadline and numbered items. */
    res = db_exec("INSERT INTO inspection_notice (number, item_id, report_id, kind, deadline)"
                  " VALUES ('TZ' || to_char(current_date, 'YYYY') || '-' || lpad(nextval('inspection_notice_serial')::text, 6, '0'),"
                  " $1::bigint, $2::bigint, CASE WHEN $3 = 'unqualified' THEN 'unqualified' ELSE 'qualified' END,"
                  " CASE WHEN $3 = 'unqualified' THEN coalesce($5::date, $4::date + 30) END) RETURNING id",
                  5, nv);
    if (!res || PQntuples(res) != 1) {
        PQclear(res);
        return -1;
    }
    const char *iv[2] = {PQgetvalue(res, 0, 0), r->problems ? r->problems : ""};
    int bad = !strcmp(r->conclusion, "unqualified") &&
              db_command("INSERT INTO notice_item (notice_id, no, text)"
                         " SELECT $1::bigint, row_number() OVER (ORDER BY n), btrim(l, E' \\t')"
                         " FROM regexp_split_to_table($2, E'[\\r\\n]+') WITH ORDINALITY AS t (l, n)"
                         " WHERE btrim(l, E' \\t') <> ''",
                         2, iv);
    PQclear(res);
    if (bad ||
        db_command("INSERT INTO fee_order (number, item_id, org_id, amount_fen)"
                   " VALUES ('JF' || to_char(current_date, 'YYYY') || '-' || lpad(nextval('fee_order_serial')::text, 6, '0'),"
                   " $1::bigint, $2::bigint, $3::bigint)",
                   3, fv) ||
        /* The device: last conclusion and dates (the next date stays when an unqualified
         * device got none), with the old values in its history. */
        db_command("WITH old AS (SELECT e.id, e.last_conclusion, e.last_inspection_date, e.next_inspection_date"
                   "  FROM equipment e JOIN application_item i ON i.equipment_id = e.id WHERE i.id = $1::bigint FOR UPDATE OF e),"
                   " upd AS (UPDATE equipment e SET last_conclusion = $2, last_inspection_date = $3::date,"
                   "  next_inspection_date = coalesce($4::date, e.next_inspection_date), version = e.version + 1,"
                   "  updated_at = now() FROM old WHERE e.id = old.id RETURNING e.id, e.next_inspection_date)"
                   " INSERT INTO equipment_history (equipment_id, actor_id, change, old, new, note)"
                   " SELECT old.id, $5::bigint, 'inspection',"
                   "  jsonb_build_object('last_conclusion', old.last_conclusion, 'last_inspection_date', old.last_inspection_date,"
                   "   'next_inspection_date', old.next_inspection_date),"
                   "  jsonb_build_object('last_conclusion', $2::text, 'last_inspection_date', $3::date,"
                   "   'next_inspection_date', upd.next_inspection_date),"
                   "  '检验完成，结论：' || $6::text FROM old JOIN upd ON upd.id = old.id",
                   6, ev))
        return -1;
    (void)app_id;
    return 0;
}

#define CURRENT_STATE_SQL                                                                                   \
    INSP_WITH "SELECT a.state || '/' || a.version FROM p, inspection_application a WHERE a.id = $3::bigint" \
              " AND " INSP_SCOPE_AGENCY

/* INSP_DONE when application app_id of u's region is in process at version, else
 * INSP_NOT_FOUND, INSP_STALE or INSP_ERROR. */
static int current_state(const struct user *u, long app_id, int version)
{
    struct insp_who w;
    char id[24], state[32], want[32];
    int found;

    insp_who(u, &w);
    snprintf(id, sizeof id, "%ld", app_id);
    const char *v[3] = {w.v[0], w.v[1], id};
    found = db_text(CURRENT_STATE_SQL, 3, v, state, sizeof state);
    if (found <= 0)
        return found < 0 ? INSP_ERROR : INSP_NOT_FOUND;
    snprintf(want, sizeof want, "in_process/%d", version);
    return strcmp(state, want) ? INSP_STALE : INSP_DONE;
}

static const char *const COMPLETE[INSP_NBY] = {
    [INSP_BY_AGENCY] = INSP_UPDATE(", completed_at = now()", INSP_SCOPE_AGENCY),
};

int insp_complete(const struct user *u, long app_id, int version, struct insp_result *results, int n,
                  const char *ip, struct insp_errors *errs)
{
    char today[16], id[24], org[24] = "", sms[512], applicant[24];
    PGresult *res = NULL;
    int rc = INSP_ERROR, bad = 0, dup;
    long unq = 0;

    memset(errs, 0, sizeof *errs);
    /* A stale or illegal move is refused as such before the results are looked at. */
    rc = current_state(u, app_id, version);
    if (rc != INSP_DONE)
        return rc;
    rc = INSP_ERROR;
    if (db_text("SELECT current_date::text", 0, NULL, today, sizeof today) != 1)
        return INSP_ERROR;
    for (int i = 0; i < n; i++)
        bad |= insp_check_result(&results[i], today) != 0;
    if (bad) {
        errs->form = "请按提示修改标红的设备检验结果。";
        return INSP_REFUSED;
    }
    snprintf(id, sizeof id, "%ld", app_id);
    if (db_begin())
        return INSP_ERROR;
    /* Exactly the application's items, each once. */
    const char *v[1] = {id};
    res = db_exec("SELECT i.id, coalesce(a.org_id::text, '') FROM application_item i"
                  " JOIN inspection_application a ON a.id = i.application_id WHERE i.application_id = $1::bigint ORDER BY i.id",
                  1, v);
    if (!res)
        goto out;
    if (PQntuples(res) != n) {
        errs->form = "设备清单已变化，请刷新页面后重新填写。";
        rc = INSP_REFUSED;
        goto out;
    }
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < n; j++)
            seen += results[j].item_id == atol(PQgetvalue(res, i, 0));
        if (seen != 1) {
            errs->form = "设备清单已变化，请刷新页面后重新填写。";
            rc = INSP_REFUSED;
            goto out;
        }
    }
    if (n > 0)
        snprintf(org, sizeof org, "%s", PQgetvalue(res, 0, 1));
    PQclear(res);
    res = NULL;
    for (int i = 0; i < n; i++)
        unq += !strcmp(results[i].conclusion, "unqualified");
    struct insp_move m = {u, INSP_AGENCY, app_id, version, "complete", NULL, ip, COMPLETE, 0, NULL};
    rc = insp_move_run(&m, &res);
    if (rc != INSP_DONE)
        goto out;
    rc = INSP_ERROR;
    snprintf(applicant, sizeof applicant, "%s", PQgetvalue(res, 0, 0));
    snprintf(sms, sizeof sms, "【特检】您的%s申请（%s）已完成检验：%d 台设备，%s。检验报告出具后可在“我的报告”中查看，请按缴费通知及时缴费。",
             insp_kind_label(PQgetvalue(res, 0, 2)), PQgetvalue(res, 0, 1), n,
             unq ? "其中有不合格设备，请查收不合格通知书并按期整改" : "结论均为合格");
    for (int i = 0; i < n; i++) {
        long report = 0;
        const char *why;
        dup = complete_item(u, app_id, &results[i], blank(org) ? NULL : org, &report);
        if (dup == 1) {
            results[i].error = "报告编号已存在，请核对或留空由系统生成。";
            errs->form = "请按提示修改标红的设备检验结果。";
            rc = INSP_REFUSED;
            goto out;
        }
        if (dup)
            goto out;
        /* Its report, notice and label, signed, in this transaction: never a completed
         * item without its documents. */
        if (doc_issue_for_report(u, report, ip, &why)) {
            errs->form = why;
            rc = INSP_REFUSED;
            goto out;
        }
    }
    if (insp_notify(applicant, sms) || db_commit())
        goto out;
    rc = INSP_DONE;
out:
    PQclear(res);
    if (rc != INSP_DONE)
        db_rollback();
    return rc;
}

/* ---- reading --------------------------------------------------------------------- */

/* The queue of u's region, filtered, a page after $9 in the order of a.id given by
 * cmp (">" or "<") and dir ("ASC" or "DESC"). */
#define QUEUE_SQL(cmp, dir)                                                                                                \
    INSP_WITH "SELECT a.id, a.serial_no, a.kind, a.state, a.version, coalesce(o.name, ac.name) AS org_name,"               \
              " d.name AS district_name,"                                                                                  \
              " (SELECT count(*) FROM application_item i WHERE i.application_id = a.id) AS devices,"                       \
              " coalesce((SELECT e.name FROM application_item i JOIN equipment e ON e.id = i.equipment_id"                 \
              "   WHERE i.application_id = a.id ORDER BY i.id LIMIT 1), '') AS first_device,"                              \
              " coalesce(to_char(a.submitted_at, 'YYYY-MM-DD HH24:MI'), '') AS submitted,"                                 \
              " coalesce(to_char(a.planned_date, 'YYYY-MM-DD'), '') AS planned_date"                                       \
              " FROM p, inspection_application a JOIN account ac ON ac.id = a.applicant_id"                                \
              " LEFT JOIN org o ON o.id = a.org_id JOIN district d ON d.code = a.district"                                 \
              " WHERE " INSP_SCOPE_AGENCY " AND ($3 = 'all' OR a.state = $3) AND ($4 = '' OR a.kind = $4)"                 \
              " AND ($5 = '' OR a.district = $5) AND ($6 = '' OR EXISTS (SELECT 1 FROM application_item i"                 \
              "   JOIN equipment e ON e.id = i.equipment_id WHERE i.application_id = a.id AND e.category LIKE $6 || '%'))" \
              " AND a.submitted_at >= coalesce(nullif($7, '')::date, '-infinity')"                                         \
              " AND a.submitted_at < coalesce(nullif($8, '')::date + 1, 'infinity')"                                       \
              " AND a.id " cmp " $9::bigint ORDER BY a.id " dir " LIMIT $10::int"

PGresult *insp_queue(const struct user *u, const struct insp_queue_filter *f, long after, int limit)
{
    struct insp_who w;
    char aft[24], lim[16];
    const char *state = f->state[0] ? f->state : "submitted";
    int oldest_first = !strcmp(state, "submitted");

    insp_who(u, &w);
    snprintf(aft, sizeof aft, "%ld", after > 0 ? after : oldest_first ? 0 : LONG_MAX);
    snprintf(lim, sizeof lim, "%d", limit + 1);
    const char *v[10] = {w.v[0], w.v[1], state, f->kind, f->district, f->category, f->from, f->to, aft, lim};
    return db_exec(oldest_first ? QUEUE_SQL(">", "ASC") : QUEUE_SQL("<", "DESC"), 10, v);
}

PGresult *insp_agency_districts(const struct user *u)
{
    char org[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[1] = {org};
    return db_exec("SELECT d.code, d.name FROM district d, org o WHERE o.id = $1::bigint AND o.kind = 'agency'"
                   " AND d.code LIKE agency_region(o.district) || '%' AND d.code !~ '00$'"
                   " ORDER BY d.code",
                   1, v);
}

PGresult *insp_inspectors(const struct user *u)
{
    char org[24];
    snprintf(org, sizeof org, "%ld", u->org_id);
    const char *v[1] = {org};
    return db_exec("SELECT id, name FROM account WHERE org_id = $1::bigint AND 'agency_inspector' = ANY (roles)"
                   " AND state = 'active' ORDER BY id",
                   1, v);
}
