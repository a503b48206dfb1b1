/* render_expr.c — names, values and expressions for render_eval.c: csparse.c's
 * var_lookup, arg_eval*, eval_expr and their helpers (ClearSilver 0.10.5), rule by rule;
 * where one departs from csparse.c its comment says so and why. */
#include "render_eval_internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_eval.h"
#include "util.h"

/* ---- variables (var_lookup, var_lookup_obj, var_set_value) ------------------------ */

/* The rows cell() reads in the render under way (evaluation is single-threaded). */
const struct render_table *rx_run_table;

/* The run a memo belongs to: a set: starts a new one (it may change any value). Never 0,
 * the value of a memo never filled. */
unsigned rx_run_gen = 1;
unsigned rx_render_id = 1;

void rx_new_gen(void)
{
    if (++rx_run_gen == 0)
        rx_run_gen = 1;
}

/* lookup_map: the local named by name's first head bytes. */
CS_LOCAL_MAP *rx_find_local(CSPARSE *parse, const char *name, size_t head)
{
    char first = head ? name[0] : '\0'; /* ".x": the local named "" (lookup_map cuts at the dot) */

    for (CS_LOCAL_MAP *m = parse->locals; m; m = m->next)
        if (m->name[0] == first && strncmp(m->name, name, head) == 0 && m->name[head] == '\0')
            return m;
    return NULL;
}

size_t rx_head_of(const struct val *v)
{
    return v->from && v->from->s == v->s ? v->from->head : strcspn(v->s, ".");
}

/* n's node in the request's HDF (not the global one), looked up once per memo run: under
 * its parent's node when it has a parent. hdf_get_obj(hdf, "a.b.c") walks the same steps
 * as hdf_get_obj(hdf_get_obj(hdf, "a.b"), "c"), links included. */
static HDF *name_obj(CSPARSE *parse, struct fname *n)
{
    HDF *under;

    if (n->obj_gen == rx_run_gen)
        return n->obj;
    under = n->parent ? name_obj(parse, n->parent) : parse->hdf;
    n->obj = under ? hdf_get_obj(under, n->last) : NULL;
    n->obj_gen = rx_run_gen;
    return n->obj;
}

/* var_lookup's HDF part for an interned name: the request's HDF, then the global one;
 * once per memo run. */
static char *name_value(CSPARSE *parse, struct fname *n)
{
    HDF *under;
    char *r;

    if (n->value_gen == rx_run_gen)
        return n->value;
    under = n->parent ? name_obj(parse, n->parent) : parse->hdf;
    r = under ? hdf_get_value(under, n->last, NULL) : NULL;
    if (r == NULL && parse->global_hdf != NULL)
        r = hdf_get_value(parse->global_hdf, n->s, NULL);
    n->value = r;
    n->value_gen = rx_run_gen;
    return r;
}

/* var_lookup. Unlike csparse.c, a name that is no local is looked up in the HDF once
 * per memo run (the values cannot change until a set:), under its parent's node. */
char *rx_lookup_value(CSPARSE *parse, const struct val *v)
{
    const char *name = v->s;
    size_t head = rx_head_of(v);
    CS_LOCAL_MAP *map = rx_find_local(parse, name, head);
    char *r;

    if (map) {
        if (map->type == CS_TYPE_VAR)
            return name[head] ? hdf_get_value(map->h, name + head + 1, NULL) : hdf_obj_value(map->h);
        if (map->type == CS_TYPE_STRING)
            return map->s;
        if (map->type == CS_TYPE_NUM) {
            char buf[40];

            if (map->s)
                return map->s;
            snprintf(buf, sizeof buf, "%ld", map->n);
            map->s = strdup(buf);
            map->map_alloc = 1;
            return map->s;
        }
    }
    if (v->from && v->from->s == name && v->from->name)
        return name_value(parse, v->from->name);
    r = hdf_get_value(parse->hdf, name, NULL);
    if (r == NULL && parse->global_hdf != NULL)
        r = hdf_get_value(parse->global_hdf, name, NULL);
    return r;
}

/* var_lookup_obj */
HDF *rx_lookup_obj(CSPARSE *parse, const struct val *v)
{
    const char *name = v->s;
    size_t head = rx_head_of(v);
    CS_LOCAL_MAP *map = rx_find_local(parse, name, head);
    HDF *r;

    if (map && map->type == CS_TYPE_VAR)
        return name[head] ? hdf_get_obj(map->h, name + head + 1) : map->h;
    if (v->from && v->from->s == name && v->from->name)
        r = name_obj(parse, v->from->name);
    else
        r = hdf_get_obj(parse->hdf, name);
    if (r == NULL && parse->global_hdf != NULL)
        r = hdf_get_obj(parse->global_hdf, name);
    return r;
}

/* var_set_value over name (head: its first part's length). */
static NEOERR *set_named(CSPARSE *parse, const char *name, size_t head, struct fexpr *from, const char *value)
{
    CS_LOCAL_MAP *map = rx_find_local(parse, name, head);

    if (!map)
        return nerr_pass(hdf_set_value(parse->hdf, name, value));
    if (map->type == CS_TYPE_VAR) {
        if (!name[head]) {
            if (map->h == NULL)
                return nerr_pass(hdf_set_value(parse->hdf, map->s, value));
            return nerr_pass(hdf_set_value(map->h, NULL, value));
        }
        if (map->h == NULL) {
            NEOERR *err;
            char *mapped = sprintf_alloc("%s%s", map->s, name + head);

            if (mapped == NULL)
                return nerr_raise(NERR_NOMEM, "Unable to allocate memory to create mapped name");
            err = hdf_set_value(parse->hdf, mapped, value);
            free(mapped);
            return nerr_pass(err);
        }
        return nerr_pass(hdf_set_value(map->h, name + head + 1, value));
    }
    if (!name[head]) {
        /* csparse.c frees only a string's; a number's text, kept when it was printed
         * (map_alloc too), leaked there. */
        char *old = map->map_alloc ? map->s : NULL;

        map->type = CS_TYPE_STRING;
        map->map_alloc = 1;
        map->s = value ? strdup(value) : NULL;
        free(old);
        if (map->s == NULL && value != NULL)
            return nerr_raise(NERR_NOMEM, "Unable to allocate memory to set var");
        return STATUS_OK;
    }
    /* A part of a local that is no HDF node: ignored, as there. But csparse.c returns
     * here without putting back the '.' it cut the name at: from then on that set:
     * names the local itself. A fresh parse does so for the rest of its render; so here. */
    if (from)
        from->cut_render = rx_render_id;
    return STATUS_OK;
}

/* var_set_value. value may be NULL (set: of a missing name), as there; where csparse.c
 * would strdup(NULL), the local becomes an empty string's absence (NULL) instead. */
NEOERR *rx_set_value(CSPARSE *parse, const struct val *v, const char *value)
{
    struct fexpr *from = v->from && v->from->s == v->s ? v->from : NULL;
    size_t head = rx_head_of(v);
    char *cut = NULL;
    NEOERR *err;

    if (!from || from->cut_render != rx_render_id || !v->s[head])
        return nerr_pass(set_named(parse, v->s, head, from, value));
    if ((cut = strndup(v->s, head)) == NULL)
        return nerr_raise(NERR_NOMEM, "Unable to allocate memory to set var");
    err = set_named(parse, cut, head, from, value);
    free(cut);
    return nerr_pass(err);
}

/* ---- values (arg_eval, arg_eval_num, arg_eval_bool) -------------------------------- */

char *rx_val_str(CSPARSE *parse, const struct val *v)
{
    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
        return v->s;
    case CS_TYPE_VAR:
        return rx_lookup_value(parse, v);
    default:
        return NULL;
    }
}

long rx_val_num(CSPARSE *parse, const struct val *v)
{
    char *s;

    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
        return v->s ? strtol(v->s, NULL, 0) : 0;
    case CS_TYPE_NUM:
        return v->n;
    case CS_TYPE_VAR:
    case CS_TYPE_VAR_NUM: /* var_int_lookup */
        s = rx_lookup_value(parse, v);
        return s ? atoi(s) : 0;
    default:
        return 0;
    }
}

/* A string as arg_eval_bool reads it: strtol's value (base 0) when that converts all of
 * it, else 1 (non-empty, not a number). The value, not only its truth: if: and alt: keep
 * it in an int (if_eval's eval_true), so "4294967296" is false there. A string of digits
 * is converted here, as strtol would (decimal, or octal after a leading 0, LONG_MAX when
 * too large); strtol answers the rest. */
static long str_bool(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    unsigned long v = 0, base = c == '0' ? 8 : 10;
    const char *p;
    char *end;
    long r;

    if (c == '\0')
        return 0;
    if (!(c >= '0' && c <= '9') && c != '+' && c != '-' && !isspace(c))
        return 1; /* strtol stops at once: not all of it a number */
    /* Saturates past LONG_MAX as strtol clamps (v stays above lim once there); the
     * bound is a constant, not a division per digit: a registration code is 20 digits. */
    const unsigned long lim = base == 8 ? (unsigned long)LONG_MAX / 8 : (unsigned long)LONG_MAX / 10;
    for (p = s; *p >= '0' && *p <= '9'; p++) {
        unsigned long d = (unsigned long)(*p - '0');

        if (d >= base)
            return 1; /* an 8 or 9 after a leading 0: octal stops there */
        v = v > lim ? (unsigned long)LONG_MAX + 1 : v * base + d;
    }
    if (*p == '\0')
        return v > (unsigned long)LONG_MAX ? LONG_MAX : (long)v;
    r = strtol(s, &end, 0);
    return *end == '\0' ? r : 1;
}

long rx_val_bool(CSPARSE *parse, const struct val *v)
{
    char *s;

    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
    case CS_TYPE_VAR:
        s = v->op_type == CS_TYPE_VAR ? rx_lookup_value(parse, v) : v->s;
        return s ? str_bool(s) : 0;
    case CS_TYPE_NUM:
        return v->n;
    case CS_TYPE_VAR_NUM:
        s = rx_lookup_value(parse, v);
        return s ? atoi(s) : 0;
    default:
        return 0;
    }
}

void rx_val_free(struct val *v)
{
    if (v->alloc)
        free(v->s);
    v->alloc = 0;
}

/* ---- expressions (eval_expr, eval_expr_string, eval_expr_num, eval_expr_bool) ----- */


/* 0, or -1 when the concatenation of two strings found no memory. */
static int eval_string_op(CSPARSE *parse, struct val *a1, struct val *a2, CSTOKEN_TYPE op, struct val *r)
{
    char *s1 = rx_val_str(parse, a1), *s2 = rx_val_str(parse, a2);
    int out;

    r->op_type = CS_TYPE_NUM;
    if (!s1 || !s2) {
        switch (op) {
        case CS_OP_EQUAL: r->n = s1 == s2; break;
        case CS_OP_NEQUAL: r->n = s1 != s2; break;
        case CS_OP_LT: r->n = !s1 && s2; break;
        case CS_OP_LTE: r->n = !s1; break;
        case CS_OP_GT: r->n = s1 && !s2; break;
        case CS_OP_GTE: r->n = !s2; break;
        case CS_OP_ADD: {
            /* The present one is the sum. csparse.c hands on the operand's ownership flag
             * even when the string is a looked-up value the operand does not own; here
             * only a string the operand owns changes hands. */
            struct val *a = s1 ? a1 : a2;
            char *s = s1 ? s1 : s2;

            r->op_type = CS_TYPE_STRING;
            r->s = s; /* NULL when both are missing: a missing string, no error */
            if (s && s == a->s && a->alloc) {
                r->alloc = 1;
                a->alloc = 0;
            }
            break;
        }
        default: break;
        }
        return 0;
    }
    out = strcmp(s1, s2);
    switch (op) {
    case CS_OP_EQUAL: r->n = !out; break;
    case CS_OP_NEQUAL: r->n = out != 0; break;
    case CS_OP_LT: r->n = out < 0; break;
    case CS_OP_LTE: r->n = out <= 0; break;
    case CS_OP_GT: r->n = out > 0; break;
    case CS_OP_GTE: r->n = out >= 0; break;
    case CS_OP_ADD: {
        size_t n1 = strlen(s1), n2 = strlen(s2);

        r->op_type = CS_TYPE_STRING;
        if ((r->s = malloc(n1 + n2 + 1)) == NULL)
            return -1;
        memcpy(r->s, s1, n1);
        memcpy(r->s + n1, s2, n2 + 1);
        r->alloc = 1;
        break;
    }
    default: break;
    }
    return 0;
}

static void eval_num_op(CSPARSE *parse, struct val *a1, struct val *a2, CSTOKEN_TYPE op, struct val *r)
{
    long n1 = rx_val_num(parse, a1), n2 = rx_val_num(parse, a2);

    r->op_type = CS_TYPE_NUM;
    switch (op) {
    case CS_OP_EQUAL: r->n = n1 == n2; break;
    case CS_OP_NEQUAL: r->n = n1 != n2; break;
    case CS_OP_LT: r->n = n1 < n2; break;
    case CS_OP_LTE: r->n = n1 <= n2; break;
    case CS_OP_GT: r->n = n1 > n2; break;
    case CS_OP_GTE: r->n = n1 >= n2; break;
    case CS_OP_ADD: r->n = (long)((unsigned long)n1 + (unsigned long)n2); break;
    case CS_OP_SUB: r->n = (long)((unsigned long)n1 - (unsigned long)n2); break;
    case CS_OP_MULT: r->n = (long)((unsigned long)n1 * (unsigned long)n2); break;
    case CS_OP_DIV: r->n = n2 == 0 ? (long)UINT_MAX : (n1 == LONG_MIN && n2 == -1) ? LONG_MIN : n1 / n2; break;
    case CS_OP_MOD: r->n = n2 == 0 || n2 == -1 ? 0 : n1 % n2; break;
    default: break;
    }
}

/* sprintf_alloc("%s.%s", a, b), without the formatter (a NULL prints as "(null)" there
 * too). */
static char *join_name(const char *a, const char *b)
{
    size_t na, nb;
    char *s;

    if (!a)
        a = "(null)";
    if (!b)
        b = "(null)";
    na = strlen(a);
    nb = strlen(b);
    if ((s = malloc(na + nb + 2)) != NULL) {
        memcpy(s, a, na);
        s[na] = '.';
        memcpy(s + na + 1, b, nb + 1);
    }
    return s;
}

/* The name "a.b" of a dotted or bracketed part: csparse.c's CS_OP_DOT / CS_OP_LBRACKET. */
static NEOERR *eval_member(CSPARSE *parse, CSTOKEN_TYPE op, struct val *a1, struct val *a2, struct val *r)
{
    char *s2;

    char num[24];

    r->op_type = CS_TYPE_VAR;
    r->alloc = 1;
    if ((op == CS_OP_DOT && (a2->op_type & CS_TYPES_VAR)))
        r->s = join_name(a1->s, a2->s);
    else if ((op == CS_OP_DOT && (a2->op_type & CS_TYPE_NUM)) ||
             (op == CS_OP_LBRACKET && (a2->op_type & (CS_TYPE_VAR_NUM | CS_TYPE_NUM)))) {
        long_str(rx_val_num(parse, a2), num);
        r->s = join_name(a1->s, num);
    } else if ((s2 = rx_val_str(parse, a2)) != NULL && s2[0])
        r->s = join_name(a1->s, s2);
    else {
        r->s = "";
        r->alloc = 0;
        return STATUS_OK;
    }
    if (r->s == NULL) {
        r->alloc = 0;
        return nerr_raise(NERR_NOMEM, "Unable to allocate memory to concatenate varnames");
    }
    return STATUS_OK;
}

/* cell(row, "column") read in place: the row a number or a number local, the column's
 * index found once per table. 0 when the call must be made instead (no such local or
 * column: the function raises the error). */
int rx_eval_cell(CSPARSE *parse, struct fexpr *e, struct val *r)
{
    const struct render_table *t = rx_run_table;
    CSARG res; /* render_table_cell sets what is read of it */
    NEOERR *err;
    long row;

    if (e->cell_row->op_type == CS_TYPE_NUM) {
        row = e->cell_row->n;
    } else {
        const char *name = e->cell_row->s;
        CS_LOCAL_MAP *m;

        /* The first local of that name (an inner one hides an outer). Its name is nearly
         * always the same string as last time (the loop's or the macro's, in the parse
         * tree, which outlives this program): the pointer compare spares the strcmp. */
        for (m = parse->locals; m && m->name != e->cell_local && strcmp(m->name, name) != 0; m = m->next)
            ;
        if (!m || m->type != CS_TYPE_NUM)
            return 0;
        e->cell_local = m->name;
        row = m->n;
    }
    /* The index found in this array last time: a table's columns are a static array
     * (render.h), so its address stands for its names. */
    if (e->cell_columns != t->columns) {
        if ((e->cell_index = render_table_column(t, e->cell_column)) < 0)
            return 0;
        e->cell_columns = t->columns;
    }
    if ((err = render_table_cell(t, row, e->cell_index, &res)) != STATUS_OK) {
        nerr_ignore(&err); /* the call, made instead, raises it again */
        return 0;
    }
    parse->escaping.current |= e->function->escape;
    r->op_type = res.op_type;
    r->s = res.s;
    r->n = 0;
    r->alloc = res.alloc;
    r->from = NULL;
    return 1;
}

NEOERR *rx_eval_op(CSPARSE *parse, struct fexpr *e, struct val *r)
{
    struct val a1, a2;
    NEOERR *err;

    memset(r, 0, sizeof *r);
    if (!e)
        return nerr_raise(NERR_ASSERT, "expr is NULL");
    a1.alloc = a2.alloc = 0;
    if (e->op_type & CS_OP_LPAREN)
        return nerr_pass(eval(parse, e->expr1, r));
    if (e->op_type & CS_TYPE_FUNCTION) {
        CSARG res;

        if (!e->function || !e->function->function)
            return nerr_raise(NERR_ASSERT, "Function is NULL in attempt to evaluate function call %s",
                              e->function ? e->function->name : "");
        memset(&res, 0, sizeof res);
        if ((err = e->function->function(parse, e->function, e->fargs, &res)) != STATUS_OK)
            return nerr_pass(err);
        parse->escaping.current |= e->function->escape;
        r->op_type = res.op_type;
        r->s = res.s;
        r->n = res.n;
        r->alloc = res.alloc;
        return STATUS_OK;
    }
    if ((err = eval(parse, e->expr1, &a1)) != STATUS_OK)
        return nerr_pass(err);
    if (e->op_type & CS_OPS_UNARY) {
        r->op_type = CS_TYPE_NUM;
        switch (e->op_type) {
        case CS_OP_NOT:
            r->n = rx_val_bool(parse, &a1) ? 0 : 1;
            break;
        case CS_OP_EXISTS:
            r->n = (a1.op_type & (CS_TYPE_VAR | CS_TYPE_VAR_NUM)) ? rx_val_str(parse, &a1) != NULL : 1;
            break;
        case CS_OP_NUM:
            r->n = rx_val_num(parse, &a1);
            break;
        default:
            r->n = 0;
            break;
        }
    } else if (e->op_type == CS_OP_COMMA) {
        if (e->next) {
            if ((err = eval(parse, e->next, &a2)) != STATUS_OK) {
                rx_val_free(&a1);
                return nerr_pass(err);
            }
            rx_val_free(&a2);
        }
        *r = a1; /* the string changes hands */
        return STATUS_OK;
    } else {
        if ((err = eval(parse, e->expr2, &a2)) != STATUS_OK) {
            rx_val_free(&a1);
            return nerr_pass(err);
        }
        if (e->op_type == CS_OP_LBRACKET || e->op_type == CS_OP_DOT)
            err = eval_member(parse, e->op_type, &a1, &a2, r);
        else if (e->op_type & (CS_OP_AND | CS_OP_OR)) {
            long n1 = rx_val_bool(parse, &a1), n2 = rx_val_bool(parse, &a2);

            r->op_type = CS_TYPE_NUM;
            r->n = e->op_type == CS_OP_AND ? (n1 && n2) : e->op_type == CS_OP_OR ? (n1 || n2) : 0;
        } else if ((a1.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) || (a2.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) ||
                   (e->op_type & (CS_OP_SUB | CS_OP_MULT | CS_OP_DIV | CS_OP_MOD | CS_OP_GT | CS_OP_GTE |
                                  CS_OP_LT | CS_OP_LTE)))
            eval_num_op(parse, &a1, &a2, e->op_type, r);
        else {
            if (eval_string_op(parse, &a1, &a2, e->op_type, r) != 0)
                err = nerr_raise(NERR_NOMEM, "Unable to allocate memory to concatenate strings");
        }
    }
    rx_val_free(&a1);
    rx_val_free(&a2);
    return nerr_pass(err);
}

int render_table_column(const struct render_table *t, const char *column)
{
    int c;

    for (c = 0; t->columns[c] && strcmp(t->columns[c], column) != 0; c++)
        ;
    return t->columns[c] ? c : -1;
}

NEOERR *render_table_cell(const struct render_table *t, long row, int c, CSARG *result)
{
    const char *v;

    result->op_type = CS_TYPE_STRING;
    result->s = "";
    result->alloc = 0;
    if (row < 0 || row >= t->nrows)
        return STATUS_OK;
    if ((v = t->value(t->ctx, (int)row, c)) == NULL)
        v = "";
    if (!v[render_html_plain(v)]) {
        result->s = (char *)v;
        return STATUS_OK;
    }
    if (neos_html_escape(v, (int)strlen(v), &result->s) == STATUS_OK) {
        result->alloc = 1;
        return STATUS_OK;
    }
    result->s = "";
    return nerr_raise(NERR_NOMEM, "cell(%ld, %d): cannot escape", row, c);
}
