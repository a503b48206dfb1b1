/* ctl_equipment_scale.c — tejianctl seed --scale: N devices over E units by COPY, for
 * benchmarks. */
#include "ctl_equipment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl_equipment_gen.h"
#include "db.h"
#include "validate.h"

static const struct mix mix_scale[] = {{"3110", 50}, {"3120", 8}, {"3310", 7}, {"3320", 2},
                                       {"1100", 3}, {"1200", 2}, {"2150", 4}, {"2170", 4},
                                       {"4110", 3}, {"4170", 3}, {"4210", 2}, {"4310", 2},
                                       {"4860", 2}, {"5110", 8}};

/* Registration codes of scale devices use the sequences 5000-9999, which the demo set
 * never does, and per district walk 300 months (2000-01 .. 2024-12) before moving to the
 * next sequence number: 1 500 000 devices per district. */
#define SCALE_SEQ_BASE 5000
#define SCALE_MONTHS 300
#define SCALE_PER_DISTRICT ((long)SCALE_MONTHS * 5000)
/* Benchmark enterprise: the brief's "enterprise with 10 000 devices". */
#define SCALE_BIG 10000L

struct copybuf {
    char *data;
    size_t len, cap;
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int copy_flush(struct copybuf *b)
{
    if (b->len && PQputCopyData(db_conn(), b->data, (int)b->len) != 1) {
        fprintf(stderr, "seed: COPY failed: %s", PQerrorMessage(db_conn()));
        return -1;
    }
    b->len = 0;
    return 0;
}

/* Appends one row in COPY text format. Generated values never hold tabs, newlines or
 * backslashes (checked: one would shift or corrupt the row). */
static int copy_row(struct copybuf *b, int n, const char *const *v)
{
    for (int i = 0; i < n; i++) {
        const char *s = v[i] ? v[i] : "\\N";
        size_t len = strlen(s);

        if (v[i] && strpbrk(s, "\t\n\r\\")) {
            fprintf(stderr, "seed: value '%s' cannot be copied as is\n", s);
            return -1;
        }
        if (b->len + len + 2 > b->cap && copy_flush(b))
            return -1;
        if (len + 2 > b->cap)
            return -1;
        memcpy(b->data + b->len, s, len);
        b->len += len;
        b->data[b->len++] = i + 1 < n ? '\t' : '\n';
    }
    /* Batches of about 1 MiB: few round trips, bounded memory. */
    if (b->len > b->cap - 8192)
        return copy_flush(b);
    return 0;
}

static int copy_begin(const char *sql)
{
    PGresult *res;
    int ok;

    if (!db_conn())
        return -1;
    res = PQexec(db_conn(), sql);
    ok = PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        fprintf(stderr, "seed: %s: %s", sql, PQerrorMessage(db_conn()));
    PQclear(res);
    return ok ? 0 : -1;
}

/* Ends the COPY, or abandons it with error (the server then discards every row), and
 * reads its results so the connection can be used again. Returns the number of rows
 * the server took, -1 on error or when abandoned. */
static long copy_end(struct copybuf *b, const char *error)
{
    PGresult *res;
    long rows = -1;
    int ended;

    if (!error && copy_flush(b))
        error = "seed: a batch could not be sent";
    ended = PQputCopyEnd(db_conn(), error) == 1;
    if (!ended)
        fprintf(stderr, "seed: COPY end failed: %s", PQerrorMessage(db_conn()));
    while ((res = PQgetResult(db_conn())) != NULL) {
        ExecStatusType st = PQresultStatus(res);

        if (st == PGRES_COMMAND_OK && !error)
            rows = atol(PQcmdTuples(res));
        PQclear(res);
        if (st == PGRES_COMMAND_OK) {
            continue;
        } else if (st == PGRES_COPY_IN) {
            /* Still copying: the end above did not get through; one more try, then give up. */
            if (ended)
                break;
            ended = PQputCopyEnd(db_conn(), "seed: abandoned") == 1;
            if (!ended)
                break;
        } else if (!error) {
            fprintf(stderr, "seed: COPY: %s", PQerrorMessage(db_conn()));
        }
    }
    return rows;
}

/* One scale unit: its district and its contact, derived from its number. */
struct scale_unit {
    long id;
    int place, role;      /* role: 0 use only, 1 also construction + maintenance, 2 also manufacture */
    long count, made;     /* devices it uses: planned, generated so far */
};

static void scale_name(long seq, int role, char *out, size_t n)
{
    snprintf(out, n, SCALE_PREFIX "%07ld%s", seq,
             role == 1 ? "电梯工程有限公司" : role == 2 ? "机械制造有限公司" : "物业管理有限公司");
}

int ctl_seed_scale(long devices, long enterprises)
{
    struct rng r;
    struct timespec t0, t1;
    struct copybuf b = {NULL, 0, 1 << 20};
    struct scale_unit *units = NULL;
    int *owner = NULL;
    long *builders = NULL, *makers = NULL, nbuilders = 0, nmakers = 0;   /* ids; unit indexes */
    long district_next[COUNT(places)] = {0};
    long base, big, today, rows, rest, serial0 = 0;   /* serial0: scale devices already there */
    char buf[24];
    const char *v[2];
    PGresult *res = NULL;
    double secs;
    int rc = -1, copying = 0;

    if (devices < 1 || devices > 100000000L) {
        fprintf(stderr, "seed: --scale takes 1 .. 100 000 000 devices\n");
        return -1;
    }
    if (enterprises <= 0)
        enterprises = devices / 100 > 0 ? devices / 100 : 1;
    if (enterprises > 9000000L) {
        fprintf(stderr, "seed: at most 9 000 000 enterprises\n");
        return -1;
    }
    big = enterprises == 1 ? devices : devices / 2 < SCALE_BIG ? devices / 2 : SCALE_BIG;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    b.data = malloc(b.cap);
    units = calloc((size_t)enterprises, sizeof *units);
    owner = malloc((size_t)devices * sizeof *owner);
    builders = malloc((size_t)enterprises * sizeof *builders);
    makers = malloc((size_t)enterprises * sizeof *makers);
    if (!b.data || !units || !owner || !builders || !makers) {
        fprintf(stderr, "seed: out of memory\n");
        goto out;
    }
    if (db_begin())
        goto out;
    if ((today = db_today()) < 0 || load_places() || load_cycles())
        goto out;

    /* Continue after earlier scale runs: unit numbers after the highest, registration
     * sequences per district after the devices already there. */
    v[0] = SCALE_PREFIX "%";
    res = db_exec("SELECT coalesce(max(substr(credit_code, 11, 7)::bigint), 0) FROM org"
                  " WHERE kind = 'enterprise' AND name LIKE $1",
                  1, v);
    if (!res)
        goto out;
    base = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    res = db_exec("SELECT e.district, count(*) FROM equipment e JOIN org o ON o.id = e.use_org_id"
                  " WHERE o.name LIKE $1 GROUP BY e.district",
                  1, v);
    if (!res)
        goto out;
    for (int i = 0; i < PQntuples(res); i++) {
        serial0 += atol(PQgetvalue(res, i, 1));
        for (int k = 0; k < nplaces; k++)
            if (strcmp(places[k].code, PQgetvalue(res, i, 0)) == 0)
                district_next[k] = atol(PQgetvalue(res, i, 1));
    }
    PQclear(res);
    res = NULL;
    if (base + enterprises > 9999999L) {
        fprintf(stderr, "seed: scale unit numbers would pass 9 999 999\n");
        goto out;
    }
    r.s = 0x5CA1E0000ULL + (uint64_t)base;

    /* Units: every 20th also installs and maintains lifts, every 50th manufactures. */
    printf("scale: %ld enterprises (unit numbers %ld..%ld)\n", enterprises, base + 1, base + enterprises);
    if (copy_begin("COPY org (kind, name, credit_code, unit_types, province, address, legal_rep,"
                   " industry, district, certified, state) FROM STDIN"))
        goto out;
    copying = 1;
    for (long e = 0; e < enterprises; e++) {
        struct scale_unit *u = &units[e];
        const struct place *p;
        char name[128], head[18], code[19], address[192], rep[24], phone[12];
        const char *row[11];
        uint64_t h;

        u->place = (int)rng_below(&r, nplaces);
        u->role = e % 20 == 1 ? 1 : e % 50 == 2 ? 2 : 0;
        p = &places[u->place];
        scale_name(base + e + 1, u->role, name, sizeof name);
        h = hash_text(name);
        snprintf(head, sizeof head, "91%.6sGM%07lu", p->code, (unsigned long)(base + e + 1) % 10000000UL);
        if (credit_code(head, code))
            goto out;
        snprintf(address, sizeof address, "%s%s%s%ld号", p->city->name, p->name,
                 p->city->streets[h % 6], 1 + (long)(h / 6 % 999));
        person(h, rep, phone);
        row[0] = "enterprise";
        row[1] = name;
        row[2] = code;
        row[3] = u->role == 1 ? "{use,construction,maintenance}" : u->role == 2 ? "{use,manufacture}" : "{use}";
        row[4] = p->city->province;
        row[5] = address;
        row[6] = rep;
        row[7] = u->role == 1 ? "建筑业" : u->role == 2 ? "制造业" : "房地产业";
        row[8] = p->code;
        row[9] = "t";
        row[10] = "active";
        if (copy_row(&b, 11, row))
            goto out;
    }
    copying = 0;
    if (copy_end(&b, NULL) != enterprises)
        goto out;

    snprintf(buf, sizeof buf, "%ld", base);
    v[0] = SCALE_PREFIX "%";
    v[1] = buf;
    res = db_exec("SELECT id, substr(credit_code, 11, 7)::bigint FROM org"
                  " WHERE kind = 'enterprise' AND name LIKE $1 AND substr(credit_code, 11, 7)::bigint > $2::bigint",
                  2, v);
    if (!res)
        goto out;
    if (PQntuples(res) != enterprises) {
        fprintf(stderr, "seed: %d of %ld scale units found after COPY\n", PQntuples(res), enterprises);
        goto out;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        long e = atol(PQgetvalue(res, i, 1)) - base - 1;

        if (e < 0 || e >= enterprises)
            goto out;
        units[e].id = atol(PQgetvalue(res, i, 0));
    }
    PQclear(res);
    res = NULL;
    for (long e = 0; e < enterprises; e++) {
        if (units[e].role == 1)
            builders[nbuilders++] = units[e].id;
        else if (units[e].role == 2)
            makers[nmakers++] = e;
    }

    /* How many devices each unit uses: the first exactly `big`, the others around the
     * mean, varied in pairs (one up, one down) so the total stays exact and none passes
     * the first. */
    units[0].count = big;
    rest = devices - big;
    if (enterprises > 1) {
        long mean = rest / (enterprises - 1), extra = rest % (enterprises - 1);

        for (long e = 1; e < enterprises; e++)
            units[e].count = mean + (e <= extra);
        for (long e = 1; e + 1 < enterprises; e += 2) {
            long room = big - units[e].count - 1, swing = mean * 4 / 5;
            long d = rng_below(&r, (swing < room ? swing : room) + 1);

            if (d > 0) {
                units[e].count += d;
                units[e + 1].count -= d;
            }
        }
    }
    /* Shuffled, so a unit's devices are spread over the table as registrations over the
     * years are, not stored side by side. */
    for (long e = 0, k = 0; e < enterprises; e++)
        for (long c = 0; c < units[e].count; c++)
            owner[k++] = (int)e;
    for (long k = devices - 1; k > 0; k--) {
        long j = rng_below(&r, k + 1);
        int t = owner[k];

        owner[k] = owner[j];
        owner[j] = t;
    }

    printf("scale: %ld devices (benchmark unit %s%07ld uses %ld)\n", devices, SCALE_PREFIX, base + 1, big);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (copy_begin("COPY equipment (" DEVICE_COLUMNS ") FROM STDIN"))
        goto out;
    copying = 1;
    for (long k = 0; k < devices; k++) {
        struct scale_unit *u = &units[owner[k]];
        const struct place *p = &places[u->place];
        long j = district_next[u->place]++;
        const struct variety *var = pick_variety(&r, mix_scale, COUNT(mix_scale));
        char manager[24], phone[12], address[192], ids[4][24];
        const char *row[NDEVICE_COLUMNS];
        uint64_t h = (uint64_t)u->id * 0x9E3779B97F4A7C15ULL;
        struct ident ident;
        struct device d;
        struct site s;

        if (j >= SCALE_PER_DISTRICT) {
            fprintf(stderr, "seed: more than %ld scale devices in district %s\n", SCALE_PER_DISTRICT, p->code);
            goto out;
        }
        person(h, manager, phone);
        snprintf(address, sizeof address, "%s%s%s%ld号", p->city->name, p->name, p->city->streets[h % 6],
                 1 + (long)(h / 6 % 999));
        s = (struct site){p->code, address, manager, phone, p->city};
        ident.registered = 1;
        ident.lettered = 1;
        ident.reg_year = 2000 + (int)(j % SCALE_MONTHS) / 12;
        ident.reg_month = 1 + (int)(j % SCALE_MONTHS) % 12;
        ident.reg_seq = SCALE_SEQ_BASE + j / SCALE_MONTHS;
        ident.ordinal = u->made++;
        ident.serial = serial0 + k;
        if (gen_device(&r, var, pick_status(&r), today, &ident, &s, &d))
            goto out;
        d.use_org = u->id;
        if (var->code[0] == '3' && nbuilders > 0) {
            d.construction_org = builders[rng_below(&r, nbuilders)];
            d.maintenance_org = rng_below(&r, 4) ? d.construction_org : builders[rng_below(&r, nbuilders)];
        }
        if (nmakers > 0 && rng_below(&r, 10) < 3) {
            long e = makers[rng_below(&r, nmakers)];

            d.manufacture_org = units[e].id;
            /* The nameplate names the unit that made it. */
            scale_name(base + e + 1, 2, d.maker, sizeof d.maker);
        }
        device_values(&d, ids, row);
        if (copy_row(&b, NDEVICE_COLUMNS, row))
            goto out;
        if ((k + 1) % 100000 == 0) {
            secs = seconds_since(&t1);
            printf("scale: %ld / %ld devices sent, %.1f s, %.0f rows/s\n", k + 1, devices, secs,
                   (double)(k + 1) / secs);
            fflush(stdout);
        }
    }
    /* The foreign-key checks are after-row triggers, queued and run when the COPY ends:
     * say so, or the pause looks like a hang. */
    printf("scale: all rows sent in %.1f s; the server now checks their foreign keys\n", seconds_since(&t1));
    fflush(stdout);
    copying = 0;
    rows = copy_end(&b, NULL);
    if (rows != devices) {
        fprintf(stderr, "seed: COPY took %ld of %ld devices\n", rows, devices);
        goto out;
    }
    secs = seconds_since(&t1);
    if (db_commit())
        goto out;
    printf("scale: %ld devices copied in %.1f s (%.0f rows/s, indexes and foreign keys included)\n",
           devices, secs, (double)devices / secs);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    /* Fresh statistics, or the planner guesses on a table a million rows larger. */
    if (db_command("ANALYZE org", 0, NULL) || db_command("ANALYZE equipment", 0, NULL))
        goto out;
    printf("scale: ANALYZE %.1f s; total %.1f s\n", seconds_since(&t1), seconds_since(&t0));
    rc = 0;
out:
    /* Abandon a COPY cut short, so the connection is usable for the rollback. */
    if (copying)
        copy_end(&b, "seed: generation failed");
    PQclear(res);
    if (rc)
        db_rollback();
    free(b.data);
    free(units);
    free(owner);
    free(builders);
    free(makers);
    return rc;
}
