/* fee.c — reference fee calculation and the fee_rule lookup. */
#include "fee.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

int fee_calc(const struct fee_rule *r, const struct fee_input *in, struct fee_estimate *out)
{
    memset(out, 0, sizeof *out);
    if (!r || r->base_fen < 0 || r->per_floor_fen < 0 || r->band_fen < 0 || !(r->band_step > 0))
        return -1;
    out->base_fen = r->base_fen;
    if (in && in->floors > r->free_floors && r->per_floor_fen > 0) {
        out->extra_floors = in->floors - r->free_floors;
        out->floor_fen = (long)out->extra_floors * r->per_floor_fen;
    }
    if (in && r->band_label[0] && r->band_fen > 0 && in->band_value > r->band_free) {
        /* Every started step: 5.01 t above 5 t free in steps of 5 is one step. A tiny
         * tolerance keeps 10.0 / 5 from becoming 3 steps through rounding. */
        double steps = (in->band_value - r->band_free) / r->band_step;
        out->bands = (int)steps;
        if (steps - out->bands > 1e-9)
            out->bands++;
        out->band_fen = (long)out->bands * r->band_fen;
    }
    snprintf(out->band_label, sizeof out->band_label, "%s", r->band_label);
    out->total_fen = out->base_fen + out->floor_fen + out->band_fen;
    return 0;
}

void fee_format(long fen, char *out, size_t cap)
{
    snprintf(out, cap, "%s%ld.%02ld", fen < 0 ? "-" : "", labs(fen) / 100, labs(fen) % 100);
}

int fee_parse(const char *s, long *fen)
{
    long yuan = 0, cents = 0;
    int digits = 0, decimals = -1;

    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    for (; *s; s++) {
        if (*s == ',' && decimals < 0 && digits > 0)
            continue;
        if (*s == '.' && decimals < 0) {
            decimals = 0;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            break;
        if (decimals >= 0) {
            if (++decimals > 2)
                return -1;
            cents = cents * 10 + (*s - '0');
        } else {
            if (++digits > 8)
                return -1;
            yuan = yuan * 10 + (*s - '0');
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    if (*s || digits == 0 || decimals == 0)
        return -1;
    if (decimals == 1)
        cents *= 10;
    if (yuan > 10000000 || (yuan == 10000000 && cents > 0))
        return -1;
    *fen = yuan * 100 + cents;
    return 0;
}

int fee_estimate_device(long equipment_id, const char *kind, struct fee_estimate *out)
{
    char id[24];
    struct fee_rule r = {0};
    struct fee_input in = {-1, -1};
    PGresult *res;
    int rc = -1;

    memset(out, 0, sizeof *out);
    snprintf(id, sizeof id, "%ld", equipment_id);
    const char *v[2] = {id, kind};
    /* The most specific rule: longest region prefix of the district, then longest
     * category prefix. The parameters are read only when they are numbers. */
    res = db_exec("SELECT f.base_fen, f.free_floors, f.per_floor_fen, coalesce(f.band_label, ''),"
                  " f.band_free, f.band_step, f.band_fen,"
                  " CASE WHEN jsonb_typeof(e.params -> 'floors') = 'number' THEN (e.params ->> 'floors')::numeric::int"
                  "  ELSE -1 END,"
                  " CASE WHEN f.band_param IS NOT NULL AND jsonb_typeof(e.params -> f.band_param) = 'number'"
                  "  THEN (e.params ->> f.band_param)::numeric ELSE -1 END"
                  " FROM equipment e JOIN fee_rule f ON e.district LIKE f.region || '%'"
                  "  AND e.category LIKE f.category || '%' AND f.kind = $2"
                  " WHERE e.id = $1::bigint"
                  " ORDER BY length(f.region) DESC, length(f.category) DESC LIMIT 1",
                  2, v);
    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        rc = 0;
        goto out;
    }
    r.base_fen = atol(PQgetvalue(res, 0, 0));
    r.free_floors = atoi(PQgetvalue(res, 0, 1));
    r.per_floor_fen = atol(PQgetvalue(res, 0, 2));
    snprintf(r.band_label, sizeof r.band_label, "%s", PQgetvalue(res, 0, 3));
    r.band_free = strtod(PQgetvalue(res, 0, 4), NULL);
    r.band_step = strtod(PQgetvalue(res, 0, 5), NULL);
    r.band_fen = atol(PQgetvalue(res, 0, 6));
    in.floors = atoi(PQgetvalue(res, 0, 7));
    in.band_value = strtod(PQgetvalue(res, 0, 8), NULL);
    rc = fee_calc(&r, &in, out) ? -1 : 1;
out:
    PQclear(res);
    return rc;
}
