/* routes.c — the one route table: {method, pattern, handler, capability, flags}. */
#include "routes.h"

const struct route ROUTES[] = {
    {"GET", "/", home_index, NULL, 0},
    {"GET", "/healthz", home_healthz, NULL, ROUTE_DB},

    /* account.c — signing in and one's own account */
    {"GET", "/login", account_login_form, NULL, 0},
    {"POST", "/login", account_login, NULL, ROUTE_CSRF | ROUTE_DB},
    {"GET", "/captcha", account_captcha, NULL, ROUTE_DB},
    {"POST", "/logout", account_logout, NULL, ROUTE_CSRF | ROUTE_DB},
    {"GET", "/password/reset", account_reset_form, NULL, 0},
    {"POST", "/password/reset/send", account_reset_send, NULL, ROUTE_CSRF | ROUTE_DB},
    {"POST", "/password/reset", account_reset, NULL, ROUTE_CSRF | ROUTE_DB},
    {"GET", "/account", account_profile, "account.self", ROUTE_DB},
    {"POST", "/account/profile", account_profile_save, "account.self", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/account/password", account_password_form, "account.self", ROUTE_DB},
    {"POST", "/account/password", account_password, "account.self", ROUTE_CSRF | ROUTE_DB},

    /* org.c — a certified unit's information */
    {"GET", "/account/org", org_show, "account.org", ROUTE_DB},
    {"POST", "/account/org", org_update, "account.org", ROUTE_CSRF | ROUTE_DB},

    /* subaccount.c — a unit's main account manages its sub-accounts */
    {"GET", "/account/subaccounts", subaccount_index, "account.subaccounts", ROUTE_DB},
    {"POST", "/account/subaccounts", subaccount_create_post, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/account/subaccounts/:id", subaccount_edit, "account.subaccounts", ROUTE_DB},
    {"POST", "/account/subaccounts/:id", subaccount_update_post, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/account/subaccounts/:id/disable", subaccount_disable, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/account/subaccounts/:id/enable", subaccount_enable, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/account/subaccounts/:id/reset", subaccount_reset_post, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},

    /* equipment.c — devices */
    {"GET", "/equipment", equipment_index, "equipment.view", ROUTE_DB},
    {"GET", "/equipment/overview", equipment_overview, "equipment.view", ROUTE_DB},
    {"GET", "/equipment/export", equipment_export, "equipment.view", ROUTE_DB},
    {"GET", "/account/subaccounts/:id/equipment", subaccount_equipment, "account.subaccounts", ROUTE_DB},
    {"POST", "/account/subaccounts/:id/equipment", subaccount_equipment_save, "account.subaccounts", ROUTE_CSRF | ROUTE_DB},

    /* change.c — status-change applications: the use unit applies, its district bureau decides */
    {"GET", "/equipment/changes", change_index, "equipment.change", ROUTE_DB},
    {"GET", "/equipment/changes/:id", change_show, "equipment.change", ROUTE_DB},
    {"GET", "/equipment/changes/:id/documents/:doc", change_document, "equipment.change", ROUTE_DB},
    {"GET", "/equipment/:id/change", change_form, "equipment.change", ROUTE_DB},
    {"POST", "/equipment/:id/change", change_submit_post, "equipment.change", ROUTE_CSRF | ROUTE_DB},
    /* Below every fixed path under /equipment/ (overview, export, changes): the first
     * match wins, and test_route fails on a route an earlier one shadows. */
    {"GET", "/equipment/:id", equipment_file, "equipment.view", ROUTE_DB},
    {"GET", "/bureau/changes", change_bureau_index, "bureau.changes", ROUTE_DB},
    {"GET", "/bureau/changes/:id", change_bureau_show, "bureau.changes", ROUTE_DB},
    {"GET", "/bureau/changes/:id/documents/:doc", change_bureau_document, "bureau.changes", ROUTE_DB},
    {"POST", "/bureau/changes/:id/decide", change_bureau_decide, "bureau.changes", ROUTE_CSRF | ROUTE_DB},

    /* inspection.c — inspection applications (报检): the applicant's side */
    {"GET", "/inspection", insp_index, "inspection.apply", ROUTE_DB},
    {"POST", "/inspection", insp_create_post, "inspection.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/inspection/commitment-letter.pdf", insp_commitment_letter, "inspection.apply", 0},
    {"GET", "/inspection/:id", insp_show, "inspection.apply", ROUTE_DB},
    {"POST", "/inspection/:id", insp_save_post, "inspection.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/inspection/:id/edit", insp_edit, "inspection.apply", ROUTE_DB},
    {"POST", "/inspection/:id/autosave", insp_autosave, "inspection.apply", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/inspection/:id/withdraw", insp_withdraw_post, "inspection.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/inspection/:id/delete", insp_delete_confirm, "inspection.apply", ROUTE_DB},
    {"POST", "/inspection/:id/delete", insp_delete_post, "inspection.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/inspection/:id/documents/:doc", insp_document, "inspection.apply", ROUTE_DB},
    /* inspection_agency.c — the agency of the application's region */
    {"GET", "/agency/inspections", agency_queue, "inspection.agency", ROUTE_DB},
    {"GET", "/agency/inspections/:id", agency_show, "inspection.agency", ROUTE_DB},
    {"GET", "/agency/inspections/:id/documents/:doc", agency_document, "inspection.agency", ROUTE_DB},
    {"POST", "/agency/inspections/:id/accept", agency_accept, "inspection.accept", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/agency/inspections/:id/return", agency_return, "inspection.accept", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/agency/inspections/:id/assign", agency_assign, "inspection.accept", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/agency/inspections/:id/complete", agency_complete, "inspection.complete", ROUTE_CSRF | ROUTE_DB},

    /* maint.c, maint_import.c — maintenance filings (维保备案) of a maintenance company's
     * personnel and elevators (:kind = persons | elevators); fixed paths before :id. */
    {"GET", "/maint/:kind", maint_index, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind", maint_create_post, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/new", maint_new, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind/submit", maint_submit_post, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/archive", maint_archive, "maint.file", ROUTE_DB},
    {"GET", "/maint/:kind/archive.xlsx", maint_archive_export, "maint.file", ROUTE_DB},
    {"GET", "/maint/:kind/template.xlsx", maint_template, "maint.file", ROUTE_DB},
    {"GET", "/maint/:kind/import", maint_import_form, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind/import", maint_import_upload, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/import/:token", maint_import_show, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind/import/:token", maint_import_post_commit, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/:id", maint_show, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind/:id", maint_save_post, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/:id/edit", maint_edit, "maint.file", ROUTE_DB},
    {"GET", "/maint/:kind/:id/delete", maint_delete_confirm, "maint.file", ROUTE_DB},
    {"POST", "/maint/:kind/:id/delete", maint_delete_post, "maint.file", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/maint/:kind/:id/documents/:doc", maint_document, "maint.file", ROUTE_DB},
    /* The district bureau audits and keeps the archives. */
    {"GET", "/bureau/maint", maint_bureau_queue, "bureau.maint", ROUTE_DB},
    {"GET", "/bureau/maint/registrations", maint_bureau_registrations, "bureau.maint", ROUTE_DB},
    {"POST", "/bureau/maint/registrations/:id/decide", maint_bureau_registration_decide, "bureau.maint", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/bureau/maint/:kind/archive", maint_bureau_archive, "bureau.maint", ROUTE_DB},
    {"GET", "/bureau/maint/:kind/archive.xlsx", maint_bureau_archive_export, "bureau.maint", ROUTE_DB},
    {"GET", "/bureau/maint/:id", maint_bureau_show, "bureau.maint", ROUTE_DB},
    {"POST", "/bureau/maint/:id/decide", maint_bureau_decide, "bureau.maint", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/bureau/maint/:id/documents/:doc", maint_bureau_document, "bureau.maint", ROUTE_DB},
    /* document.c — reports, notices, labels and pickup vouchers (doc_access decides each download) */
    {"GET", "/reports", doc_reports, "document.view", ROUTE_DB},
    {"POST", "/reports/voucher", doc_voucher_post, "document.view", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/notices", doc_notices, "document.view", ROUTE_DB},
    /* rectification.c — rectification of unqualified notices (below the fixed /notices) */
    {"GET", "/notices/:id", rect_show, "rectify.apply", ROUTE_DB},
    {"POST", "/notices/:id/files", rect_upload_post, "rectify.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/notices/:id/files/:file", rect_file_get, "rectify.apply", ROUTE_DB},
    {"POST", "/notices/:id/submit", rect_submit_post, "rectify.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/agency/rectifications", rect_agency_index, "rectify.review", ROUTE_DB},
    {"GET", "/agency/rectifications/:id", rect_agency_show, "rectify.review", ROUTE_DB},
    {"GET", "/agency/rectifications/:id/files/:file", rect_agency_file, "rectify.review", ROUTE_DB},
    {"POST", "/agency/rectifications/:id/decide", rect_decide_post, "rectify.review", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/documents/:id", doc_download, "document.view", ROUTE_DB},
    {"GET", "/agency/documents", doc_agency_index, "document.manage", ROUTE_DB},
    {"POST", "/agency/documents/:id/reissue", doc_agency_reissue, "document.manage", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/agency/documents/:id/revoke", doc_agency_revoke, "document.manage", ROUTE_CSRF | ROUTE_DB},
    /* payment.c — the agency's cashier records counter payments */
    {"GET", "/agency/payments", pay_index, "payment.record", ROUTE_DB},
    {"POST", "/agency/payments/:id", pay_record_post, "payment.record", ROUTE_CSRF | ROUTE_DB},
    /* arrears.c — arrears applications: the certified unit applies, the agency decides */
    {"GET", "/arrears", arrears_index, "arrears.apply", ROUTE_DB},
    {"POST", "/arrears", arrears_submit_post, "arrears.apply", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/agency/arrears", arrears_agency_index, "arrears.review", ROUTE_DB},
    {"POST", "/agency/arrears/:id/decide", arrears_decide_post, "arrears.review", ROUTE_CSRF | ROUTE_DB},
    /* verify.c — 验真平台, public: upload a file or follow a QR code */
    {"GET", "/verify", verify_form, NULL, 0},
    {"POST", "/verify", verify_upload, NULL, ROUTE_NO_CSRF | ROUTE_DB},
    {"GET", "/verify/:token", verify_token, NULL, ROUTE_DB},

    /* register.c — the registration wizard */
    {"GET", "/register", register_agreement, NULL, 0},
    {"POST", "/register/type", register_agree, NULL, ROUTE_CSRF},
    {"GET", "/register/form", register_form, NULL, 0},
    {"POST", "/register", register_submit, NULL, ROUTE_CSRF | ROUTE_DB},
    {"POST", "/register/sms", register_sms, NULL, ROUTE_CSRF | ROUTE_DB},
    {"GET", "/register/done", register_done, NULL, 0},

    /* review.c — registration review (administrators, agency acceptance desk) */
    {"GET", "/review/registrations", review_registrations, "review.registration", ROUTE_DB},
    {"GET", "/review/registrations/:id", review_registration, "review.registration", ROUTE_DB},
    {"GET", "/review/registrations/:id/documents/:doc", review_document, "review.registration", ROUTE_DB},
    {"POST", "/review/registrations/:id/decide", review_decide, "review.registration", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/review/org-changes", review_org_changes, "review.registration", ROUTE_DB},
    {"POST", "/review/org-changes/:id/decide", review_org_change_decide, "review.registration", ROUTE_CSRF | ROUTE_DB},

    /* admin.c — system administrators */
    {"GET", "/admin/users", admin_users, "admin.users", ROUTE_DB},
    {"POST", "/admin/users/:id/freeze", admin_user_freeze, "admin.users", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/admin/users/:id/unfreeze", admin_user_unfreeze, "admin.users", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/admin/users/:id/disable", admin_user_disable, "admin.users", ROUTE_CSRF | ROUTE_DB},
    {"POST", "/admin/users/:id/enable", admin_user_enable, "admin.users", ROUTE_CSRF | ROUTE_DB},
    {"GET", "/admin/audit", admin_audit, "admin.audit", ROUTE_DB},
    {"GET", "/admin/outbox", admin_outbox, "admin.outbox", ROUTE_DB},

#ifdef TEJIAN_BENCH
    /* The bench build only (cgi/benchroute.c): the floor scenario of `make bench`. */
    {"GET", "/_bench/floor", bench_floor, NULL, 0},
#endif
    /* Test stacks only (config test_routes = on): exercise the request layer. */
    {"GET", "/_test/echo", test_echo, NULL, ROUTE_TEST},
    {"POST", "/_test/form", test_form, NULL, ROUTE_TEST | ROUTE_CSRF},
    {"POST", "/_test/upload", test_upload, NULL, ROUTE_TEST | ROUTE_CSRF | ROUTE_DB},
    {"GET", "/_test/blob/:sha", test_blob, NULL, ROUTE_TEST | ROUTE_DB},
    {"GET", "/_test/guarded", test_guarded, "admin.system", ROUTE_TEST},
    {"GET", "/_test/routes", test_routes_list, NULL, ROUTE_TEST},
    /* A server-to-server call: authenticated by its HMAC signature, not a CSRF token. */
    {"POST", "/_test/sms-gateway", test_sms_gateway, NULL, ROUTE_TEST},
};

const size_t ROUTES_COUNT = sizeof ROUTES / sizeof ROUTES[0];

/* Pages whose first statement goes to the database with the session's check (dispatch.c). */
const struct route_guess ROUTE_GUESSES[] = {
    {equipment_index, equipment_prefetch},
};
const size_t ROUTE_GUESSES_COUNT = sizeof ROUTE_GUESSES / sizeof ROUTE_GUESSES[0];
