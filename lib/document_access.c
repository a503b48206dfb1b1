/* document_access.c — who may download which document: the one decision, pure. */
#include <string.h>

#include "document.h"

enum doc_access doc_access(const struct user *u, const struct doc_facts *f)
{
    int voucher, notice;

    if (!u || !u->id || !f || !f->kind)
        return DOC_DENY;
    voucher = !strcmp(f->kind, "voucher");
    notice = !strcmp(f->kind, "notice");
    if (!voucher && !notice && strcmp(f->kind, "report") && strcmp(f->kind, "label"))
        return DOC_DENY;
    /* A voucher belongs to the account that asked for it, whoever that is. */
    if (voucher)
        return f->applicant_id == u->id ? DOC_ALLOW : DOC_DENY;
    if (u->roles & ROLE_ENT_MAIN) {
        if (!f->org_id || f->org_id != u->org_id)
            return DOC_DENY;
    } else if (u->roles & ROLE_ENT_SUB) {
        if (!f->org_id || f->org_id != u->org_id || !f->device_assigned)
            return DOC_DENY;
    } else if (u->roles & ROLE_ENT_BASIC) {
        /* A non-certified account's own applications: paper copies only. */
        return f->applicant_id == u->id ? DOC_VOUCHER_ONLY : DOC_DENY;
    } else {
        return DOC_DENY; /* staff use the agency's pages */
    }
    /* The notice tells what to rectify and is not held back for the fee. */
    if (notice || f->paid || f->arrears_approved)
        return DOC_ALLOW;
    return DOC_UNPAID;
}
