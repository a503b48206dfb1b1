/* fee.h — reference inspection fees (计费): a per-region table in the database (fee_rule,
 * migrations/0007_inspection.sql) and the pure calculation of one device's estimate. The
 * estimate is shown to enterprises as reference only; the fee order issued with the
 * report is binding. Amounts are in fen (0.01 yuan). */
#ifndef TEJIAN_FEE_H
#define TEJIAN_FEE_H

#include <stddef.h>

struct fee_rule {
    long base_fen;
    int free_floors;           /* floors up to this are in the base price */
    long per_floor_fen;        /* per floor above free_floors */
    char band_label[64];       /* "额定起重量（吨）", "" when the rule has no band */
    double band_free;          /* the parameter up to this is in the base price */
    double band_step;          /* every started step above band_free costs band_fen */
    long band_fen;
};

/* A device's figures the rule reads: floors < 0 and band_value < 0 mean unknown
 * (no surcharge is charged on what is not known). */
struct fee_input {
    int floors;
    double band_value;
};

struct fee_estimate {
    long base_fen, floor_fen, band_fen, total_fen;
    int extra_floors;          /* floors charged */
    int bands;                 /* band steps charged */
    char band_label[64];
};

/* The estimate of rule r for input in (pure). 0, or -1 for a nonsensical rule (negative
 * amounts, band_step <= 0). */
int fee_calc(const struct fee_rule *r, const struct fee_input *in, struct fee_estimate *out);

/* Formats fen as yuan with two decimals ("1234.50"). */
void fee_format(long fen, char *out, size_t cap);

/* Parses a yuan amount typed by a user ("1200", "1200.5", "1,200.50") into fen.
 * 0 ok, -1 not an amount (negative, more than two decimals, over 10 000 000 yuan). */
int fee_parse(const char *s, long *fen);

/* The estimate of device equipment_id for kind (periodic / installation / modification)
 * by the most specific rule of its district and category: 1 found, 0 no rule applies,
 * -1 error. */
int fee_estimate_device(long equipment_id, const char *kind, struct fee_estimate *out);

#endif
