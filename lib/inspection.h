/* inspection.h — inspection applications (报检): an enterprise applies for periodic
 * inspection (定期检验), installation supervision (安装监检) or modification / major-repair
 * supervision (改造大修监检) of its devices; the inspection agency of the devices' region
 * accepts or returns it with structured reasons, assigns inspectors and completes it
 * with a conclusion per device, which updates the devices and creates the report,
 * notice and fee-order records in the same transaction. Every move is a row of
 * WF_INSPECTION (lib/workflow.c) run as a compare-and-set; all SQL is here. */
#ifndef TEJIAN_INSPECTION_H
#define TEJIAN_INSPECTION_H

#include <libpq-fe.h>
#include <stddef.h>

#include "auth.h"

#define INSP_PAGE 20
#define INSP_MAX_ITEMS 50          /* devices in one application */
#define INSP_FILE_MAX (5u << 20)
#define INSP_TEXT_MAX 150          /* bytes of contact, maintenance unit, … (50 Chinese characters) */
#define INSP_ADDRESS_MAX 600       /* 200 Chinese characters */
#define INSP_NOTE_MAX 600          /* the free text of a return (200 Chinese characters; goes into an SMS) */
#define INSP_MAX_INSPECTORS 8

/* Results. */
#define INSP_DONE 1
#define INSP_REFUSED 0             /* see errors */
#define INSP_ERROR (-1)
#define INSP_NOT_FOUND (-2)        /* not in the user's scope (answer 404) */
#define INSP_STALE (-3)            /* someone moved it first, or the state does not allow it (409) */

/* Kinds: "periodic", "installation", "modification". */
const char *insp_kind_label(const char *kind);       /* "定期检验（在用）", … ; "" when unknown */
int insp_kind_valid(const char *kind);
/* The kinds user u may apply for (a sub-account: its task types), into out (up to 3);
 * returns how many. */
int insp_allowed_kinds(const struct user *u, const char *out[3]);
const char *insp_conclusion_label(const char *conclusion); /* 合格 / 不合格 / 复检合格, "" */

/* Why an application is returned: ticked from this list (plus free text), never a bare
 * "资料缺失". NULL-terminated. */
struct insp_reason {
    const char *code, *label;
};
extern const struct insp_reason INSP_RETURN_REASONS[];
const char *insp_reason_label(const char *code);     /* NULL when unknown */

/* Whose view: the applicant's side (a main account: its unit's; a sub-account or a
 * non-certified account: its own), or the agency of the region. */
enum insp_scope { INSP_ENTERPRISE, INSP_AGENCY };

/* Field messages (NULL when fine); form for the whole form. */
struct insp_errors {
    const char *contact, *phone, *address, *items, *commitment, *safety, *add_code, *form;
    char buf[384];                 /* storage for a composed message */
};

/* ---- guards (pure) ------------------------------------------------------------------ */

/* What submit checks, gathered from the application. */
struct insp_facts {
    const char *kind, *contact, *phone, *address;
    int nitems;
    int has_commitment;            /* a signed commitment letter is uploaded */
    int safety_accepted;           /* the site-safety confirmation was accepted */
    int items_missing_maint;       /* devices without maintenance unit or maintainer */
    int items_not_allowed;         /* devices the user may no longer apply for */
    const char *busy;              /* a device already in another open application: its code, or NULL */
    const char *busy_serial;
};
/* Fills errs for every failed guard; returns how many failed (0: may submit). */
int insp_check_submit(const struct insp_facts *f, struct insp_errors *errs);

/* One device's result at completion, as typed. */
struct insp_result {
    long item_id;
    const char *conclusion, *inspection_date, *next_date, *fee, *report_no;
    /* Unqualified: the non-conforming items, one a line (numbered in the notice), and
     * the rectification deadline ("" = the inspection date + 30 days). */
    const char *problems, *deadline;
    /* Parsed by insp_check_result. */
    long fee_fen;
    const char *error;             /* the first problem, in Chinese */
};
/* Checks one result (conclusion known, dates real and in order, next date required
 * unless unqualified, fee an amount, report number short; unqualified: 1–20 problem
 * lines of at most 200 bytes, a deadline after the inspection date when given). 0 ok,
 * -1 (r->error set). */
int insp_check_result(struct insp_result *r, const char *today);

/* ---- the enterprise ------------------------------------------------------------------ */

/* A new draft of kind for the devices eids (the user's own, see insp_allowed_kinds), one
 * city: serial number, items with the device's maintenance unit and a fee estimate,
 * contact prefilled from the account, the "save" move. INSP_DONE (*app_id), INSP_REFUSED
 * (errs->form / items), INSP_ERROR. */
int insp_create(const struct user *u, const char *kind, const long *eids, int n, const char *ip, long *app_id,
                struct insp_errors *errs);

struct insp_item_edit {
    long item_id;
    const char *maint_unit, *maintainer, *maint_phone;
};
struct insp_form {
    const char *contact, *phone, *address;
    int safety;                    /* the confirmation box is ticked */
    struct insp_item_edit items[INSP_MAX_ITEMS];
    int nitems;
    long remove[INSP_MAX_ITEMS];   /* items to take out */
    int nremove;
    const char *add_code;          /* a device to add, by registration code, equipment code or factory no. */
    const char *commitment;        /* uploaded commitment letter, or NULL */
    size_t commitment_len;
    const char *commitment_name;
};

/* Saves the typed values of a draft or returned application in scope (what fails a
 * length check is kept out and reported), and with submit also runs the submit guards
 * and the move (draft → submitted, returned → submitted). What was saved stays saved
 * when the guards refuse. INSP_DONE, INSP_REFUSED (errs), INSP_NOT_FOUND, INSP_STALE
 * (no longer editable), INSP_ERROR. *saved_at receives the save time (epoch ms). */
int insp_save(const struct user *u, long app_id, const struct insp_form *f, int submit, const char *ip,
              struct insp_errors *errs, long long *saved_at);

/* Moves of the applicant: withdraw (submitted → draft), delete (draft / returned →
 * gone). Compare-and-set on version. INSP_DONE, INSP_NOT_FOUND, INSP_STALE, INSP_ERROR. */
int insp_withdraw(const struct user *u, long app_id, int version, const char *ip);
int insp_delete(const struct user *u, long app_id, int version, const char *ip);

/* ---- the agency --------------------------------------------------------------------- */

/* A planned inspection date: empty, or a real date not before today (the database's).
 * 1 ok, 0 with *msg in Chinese. */
int insp_planned_ok(const char *date, const char **msg);
/* Accept (submitted → in_process) with optional inspectors and planned date. */
int insp_accept(const struct user *u, long app_id, int version, const long *inspectors, int ninspectors,
                const char *planned_date, const char *ip);
/* Assign inspectors and a planned date to an application in process. */
int insp_assign(const struct user *u, long app_id, int version, const long *inspectors, int ninspectors,
                const char *planned_date, const char *ip);
/* Return (submitted / in_process → returned) with reason codes from INSP_RETURN_REASONS
 * (at least one; "other" needs the note) and a note. INSP_REFUSED: errs->form. */
int insp_return(const struct user *u, long app_id, int version, const char *const *codes, int ncodes,
                const char *note, const char *ip, struct insp_errors *errs);
/* Complete (in_process → completed): one checked result per item (every item, each
 * once); updates each device (last conclusion, inspection dates, history), creates the
 * report, notice and fee order records, and tells the applicant. INSP_REFUSED: some
 * result has its error set, or errs->form. */
int insp_complete(const struct user *u, long app_id, int version, struct insp_result *results, int n,
                  const char *ip, struct insp_errors *errs);

/* ---- reading ------------------------------------------------------------------------- */

/* One application in scope: id, serial_no, kind, state, version, org_name, applicant,
 * applicant_mobile, contact, phone, address, district, district_name, safety_accepted,
 * return_reasons (comma-separated codes), return_note, planned_date, inspectors (names),
 * inspector_ids (comma-separated), created, updated, submitted, decided, completed,
 * saved_at_ms, total_estimate_fen, total_fee_fen. No row: not in scope. */
PGresult *insp_get(const struct user *u, enum insp_scope scope, long app_id);
/* Its items: id, equipment_id, reg_code, equipment_code, device_name, category,
 * category_name, address, device_state, maint_unit, maintainer, maint_phone,
 * fee_estimate_fen, conclusion, inspection_date, next_date, fee_fen, report_no,
 * default_next (inspection date + cycle), last_conclusion, next_inspection_date. */
PGresult *insp_items(long app_id);
/* Its documents: id, kind, file_name, mime, kb. */
PGresult *insp_documents(long app_id);
int insp_document_blob(const struct user *u, enum insp_scope scope, long app_id, long doc_id, char sha256[65]);

/* My applications by tab: "open" (draft, submitted, in process), "returned"; newest
 * first, keyset on id (after 0: first page), at most limit+1 rows: id, serial_no, kind,
 * state, created, updated, submitted, devices (count), first_device, first_reg_code,
 * return_reasons, return_note, version. */
PGresult *insp_list_mine(const struct user *u, const char *tab, long after, int limit);
/* My completed devices (tab "done"), newest first by item id: item_id, id, serial_no,
 * kind, device_name, reg_code, inspection_date, next_date, conclusion, fee_fen,
 * report_no, collectible (t/f: the fee is paid). */
PGresult *insp_list_done(const struct user *u, long after, int limit);

/* The agency's queue filter. "" = not set. */
struct insp_queue_filter {
    char state[12];                /* default submitted */
    char kind[16];
    char district[7];
    char category[5];              /* catalogue prefix of any device */
    char from[11], to[11];         /* submission date range */
};
/* The queue: oldest first (id > after) for submitted, newest first otherwise. Columns:
 * id, serial_no, kind, state, org_name, district_name, devices, first_device, submitted,
 * planned_date, version. */
PGresult *insp_queue(const struct user *u, const struct insp_queue_filter *f, long after, int limit);
/* Districts of the agency's region for the filter: code, name. */
PGresult *insp_agency_districts(const struct user *u);
/* The agency's inspectors: id, name. */
PGresult *insp_inspectors(const struct user *u);

#endif
