/* routes.h — the route table and the handlers it names, one file per URL area. */
#ifndef TEJIAN_ROUTES_H
#define TEJIAN_ROUTES_H

#include "req.h"
#include "route.h"

extern const struct route ROUTES[];
extern const size_t ROUTES_COUNT;
extern const struct route_guess ROUTE_GUESSES[];
extern const size_t ROUTE_GUESSES_COUNT;

/* home.c */
int home_index(struct req *r);
int home_healthz(struct req *r);
/* account.c */
int account_login_form(struct req *r);
int account_login(struct req *r);
int account_captcha(struct req *r);
int account_logout(struct req *r);
int account_profile(struct req *r);
int account_profile_save(struct req *r);
int account_password_form(struct req *r);
int account_password(struct req *r);
int account_reset_form(struct req *r);
int account_reset_send(struct req *r);
int account_reset(struct req *r);
/* subaccount.c */
int subaccount_index(struct req *r);
int subaccount_create_post(struct req *r);
int subaccount_edit(struct req *r);
int subaccount_update_post(struct req *r);
int subaccount_disable(struct req *r);
int subaccount_enable(struct req *r);
int subaccount_reset_post(struct req *r);
/* equipment.c */
int equipment_index(struct req *r);
void equipment_prefetch(struct req *r, const struct user *u);
int equipment_overview(struct req *r);
int equipment_export(struct req *r);
int equipment_file(struct req *r);
int subaccount_equipment(struct req *r);
int subaccount_equipment_save(struct req *r);
/* change.c */
int change_index(struct req *r);
int change_show(struct req *r);
int change_document(struct req *r);
int change_form(struct req *r);
int change_submit_post(struct req *r);
int change_bureau_index(struct req *r);
int change_bureau_show(struct req *r);
int change_bureau_document(struct req *r);
int change_bureau_decide(struct req *r);

/* maint.c, maint_import.c */
int maint_index(struct req *r);
int maint_new(struct req *r);
int maint_create_post(struct req *r);
int maint_submit_post(struct req *r);
int maint_archive(struct req *r);
int maint_archive_export(struct req *r);
int maint_show(struct req *r);
int maint_edit(struct req *r);
int maint_save_post(struct req *r);
int maint_delete_confirm(struct req *r);
int maint_delete_post(struct req *r);
int maint_template(struct req *r);
int maint_import_form(struct req *r);
int maint_import_upload(struct req *r);
int maint_import_show(struct req *r);
int maint_import_post_commit(struct req *r);
int maint_bureau_queue(struct req *r);
int maint_bureau_archive(struct req *r);
int maint_bureau_archive_export(struct req *r);
int maint_bureau_show(struct req *r);
int maint_bureau_decide(struct req *r);
int maint_document(struct req *r);
int maint_bureau_registrations(struct req *r);
int maint_bureau_registration_decide(struct req *r);
int maint_bureau_document(struct req *r);
/* inspection.c */
int insp_index(struct req *r);
int insp_commitment_letter(struct req *r);
int insp_create_post(struct req *r);
int insp_show(struct req *r);
int insp_save_post(struct req *r);
int insp_edit(struct req *r);
int insp_autosave(struct req *r);
int insp_withdraw_post(struct req *r);
int insp_delete_confirm(struct req *r);
int insp_delete_post(struct req *r);
int insp_document(struct req *r);
/* inspection_agency.c */
int agency_queue(struct req *r);
int agency_show(struct req *r);
int agency_document(struct req *r);
int agency_accept(struct req *r);
int agency_return(struct req *r);
int agency_assign(struct req *r);
int agency_complete(struct req *r);
/* document.c */
int doc_reports(struct req *r);
int doc_voucher_post(struct req *r);
int doc_notices(struct req *r);
int doc_download(struct req *r);
int doc_agency_index(struct req *r);
int doc_agency_reissue(struct req *r);
int doc_agency_revoke(struct req *r);
/* rectification.c */
int rect_show(struct req *r);
int rect_upload_post(struct req *r);
int rect_file_get(struct req *r);
int rect_submit_post(struct req *r);
int rect_agency_index(struct req *r);
int rect_agency_show(struct req *r);
int rect_agency_file(struct req *r);
int rect_decide_post(struct req *r);
/* payment.c */
int pay_index(struct req *r);
int pay_record_post(struct req *r);
/* arrears.c */
int arrears_index(struct req *r);
int arrears_submit_post(struct req *r);
int arrears_agency_index(struct req *r);
int arrears_decide_post(struct req *r);
/* verify.c */
int verify_form(struct req *r);
int verify_upload(struct req *r);
int verify_token(struct req *r);
/* register.c */
int register_agreement(struct req *r);
int register_agree(struct req *r);
int register_form(struct req *r);
int register_submit(struct req *r);
int register_sms(struct req *r);
int register_done(struct req *r);
/* review.c */
int review_registrations(struct req *r);
int review_registration(struct req *r);
int review_document(struct req *r);
int review_decide(struct req *r);
int review_org_changes(struct req *r);
int review_org_change_decide(struct req *r);
/* org.c */
int org_show(struct req *r);
int org_update(struct req *r);
/* admin.c */
int admin_users(struct req *r);
int admin_user_freeze(struct req *r);
int admin_user_unfreeze(struct req *r);
int admin_user_disable(struct req *r);
int admin_user_enable(struct req *r);
int admin_audit(struct req *r);
int admin_outbox(struct req *r);
/* testroutes.c — only with test_routes = on */
int test_echo(struct req *r);
int test_form(struct req *r);
int test_upload(struct req *r);
int test_blob(struct req *r);
int test_guarded(struct req *r);
int test_routes_list(struct req *r);
int test_sms_gateway(struct req *r);

#ifdef TEJIAN_BENCH
/* benchroute.c (bench build only) */
int bench_floor(struct req *r);
#endif

#endif
