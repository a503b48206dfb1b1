/* ctl_equipment.h — tejianctl's equipment data: the demo set and the scale set for benchmarks. */
#ifndef TEJIAN_CTL_EQUIPMENT_H
#define TEJIAN_CTL_EQUIPMENT_H

#include <stddef.h>

/* District bureaus, demo units across the four cities and a few hundred devices with
 * history; the demo company's devices and its sub-account's share of them. Needs
 * ctl_seed_demo_accounts() first. Idempotent (a second run adds nothing); 0 or -1. */
int ctl_seed_demo_equipment(void);

/* ctl_change.c: open status-change applications of the demo company (its devices in
 * district), each with a PDF report, in the caller's transaction. Idempotent; *added
 * counts the new ones. 0 or -1. */
int ctl_seed_demo_changes(long company, long applicant, const char *district, int *added);

/* ctl_change.c: a one-page demo PDF (title and wrapped text, STSong-Light) into buf;
 * its length, 0 when buf is too small. */
size_t demo_pdf(const char *title, const char *line, char *buf, size_t cap);

/* ctl_inspection.c: inspection applications of the demo company in each state (draft,
 * submitted, in process, returned, completed), made through lib/inspection as its users
 * would. Skipped when the company has any application already. 0 or -1. */
int ctl_seed_demo_inspections(void);

/* devices devices over enterprises units named "规模测试单位…" (enterprises <= 0:
 * devices / 100), the first of which uses exactly min(10 000, devices / 2) of them (all
 * of them when it is the only one). Loaded with COPY in one transaction, then ANALYZE;
 * prints progress and rows/s. May run again, and after the demo set. 0 or -1. */
int ctl_seed_scale(long devices, long enterprises);

#endif
