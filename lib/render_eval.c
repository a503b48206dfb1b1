/* render_eval.c — renders a ClearSilver parse tree without ClearSilver's evaluator
 * (render_eval.h). Each function below names the csparse.c function (ClearSilver 0.10.5)
 * whose rules it follows; where it departs from them it says so and why. */
#include "render_eval.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ClearSilver's command table (csparse.c, exported by libneo_cs): a node's cmd indexes
 * it, and its eval_handler says what the node does. Declared here with the same layout;
 * render_learn checks the table before anything relies on it. */
struct cs_command {
    char *cmd;
    int cmdlen;
    int allowed_state;
    int next_state;
    NEOERR *(*parse_handler)(CSPARSE *parse, int cmd, char *arg);
    NEOERR *(*eval_handler)(CSPARSE *parse, CSTREE *node, CSTREE **next);
    int has_arg;
};
extern struct cs_command Commands[];

enum fop {
    OP_UNKNOWN, OP_SKIP, OP_LITERAL, OP_NAME, OP_VAR, OP_IF, OP_EACH, OP_WITH, OP_CALL,
    OP_SET, OP_LOOP, OP_ALT, OP_ESCAPE
};

/* A name the program looks up in the HDF, one for all its uses ("List.Name" is in a
 * dozen expressions of the list page): per run, its value and node are looked up once,
 * and a node below another one the program names is looked up under that one's node
 * ("User.Can.x" under "User.Can"), not from the top. */
struct fname {
    char *s;
    struct fname *parent;       /* s without its last part, or NULL for a one-part name */
    const char *last;           /* s's last part */
    unsigned value_gen, obj_gen;/* the run the value and the node below were found in */
    char *value;
    HDF *obj;
    struct fname *next;
};

/* A compiled expression: ClearSilver's CSARG plus what the evaluator would otherwise
 * work out on every evaluation. */
struct fexpr {
    CSTOKEN_TYPE op_type;
    char *s;
    long n;
    size_t head;                /* VAR/VAR_NUM: length of the name's first part */
    struct fname *name;         /* VAR/VAR_NUM: the name's shared lookups (or NULL) */
    CS_FUNCTION *function;
    CSARG *fargs;               /* a function's arguments: ClearSilver's, it reads them */
    struct fexpr *expr1, *expr2, *next;
    /* cell(row, "column") with row a number or a plain name: read here, not called */
    int cell;
    CSARG *cell_row;
    const char *cell_column;
    const char *const *cell_columns; /* the table the index below was found in */
    int cell_index;
    const char *cell_local;     /* the name of the local last found for the row */
};

struct fmacro;

struct fnode {
    enum fop op;
    NEOS_ESCAPE escape;
    const char *text;           /* LITERAL; NAME: the variable */
    size_t len;
    char *local;                /* EACH, WITH, LOOP: the local's name */
    struct fexpr *arg1, *arg2, *vargs;
    struct fmacro *macro;
    struct fnode *case_0, *case_1, *next;
};

struct fmacro {
    CS_MACRO *cs;
    struct fnode *body;
    struct fmacro *next;
};

/* Everything a program allocates, freed together. */
struct chunk {
    struct chunk *next;
    size_t used;
    max_align_t data[];
};
#define CHUNK_BYTES 16384

struct render_program {
    size_t last_len;            /* the size of its last page: the next gets that room at once */
    CSFUNCTION cell;
    struct fname *names;
    struct fnode *tree;
    struct fmacro *macros;
    struct chunk *chunks;
    int failed;
};

/* A value being evaluated: ClearSilver's CSARG result, plus the compiled name it came
 * from (its split and memo) when it is one. */
struct val {
    CSTOKEN_TYPE op_type;
    char *s;
    long n;
    int alloc;
    struct fexpr *from;
};

struct run {
    CSPARSE *parse;
    STRING *out;
};

/* ---- learning ClearSilver's tables ------------------------------------------------- */

static int learnt;               /* 1 ok, -1 failed */
static size_t ncommands;
static void *handler_of[OP_ESCAPE + 1];
static char html_reject[32];     /* the bytes the HTML escaper changes, for strcspn */

static void *handler_named(const char *name)
{
    for (size_t i = 0; i < ncommands; i++)
        if (strcmp(Commands[i].cmd, name) == 0)
            return (void *)Commands[i].eval_handler;
    return NULL;
}

static int learn_commands(void)
{
    static const struct {
        enum fop op;
        const char *name;
    } known[] = {
        {OP_SKIP, "else"}, {OP_LITERAL, "literal"}, {OP_NAME, "name"}, {OP_VAR, "var"},
        {OP_IF, "if"}, {OP_EACH, "each"}, {OP_WITH, "with"}, {OP_CALL, "call"},
        {OP_SET, "set"}, {OP_LOOP, "loop"}, {OP_ALT, "alt"}, {OP_ESCAPE, "escape"},
    };

    /* The layout check: literal first (cs_parse_string hard-codes Commands[0]), names
     * whose cmdlen is their length, a NULL end within reach. */
    if (!Commands[0].cmd || strcmp(Commands[0].cmd, "literal") != 0 || Commands[0].cmdlen != 7)
        return -1;
    for (ncommands = 0; ncommands < 64 && Commands[ncommands].cmd; ncommands++)
        if (!Commands[ncommands].eval_handler)
            return -1;
    if (ncommands == 64 || !handler_named("uvar") || handler_named("uvar") != handler_named("var") ||
        handler_named("elif") != handler_named("if"))
        return -1;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if ((handler_of[known[i].op] = handler_named(known[i].name)) == NULL)
            return -1;
    return 0;
}

int render_html_learn(void)
{
    size_t n = 0;

    if (learnt)
        return learnt > 0 ? 0 : -1;
    learnt = -1;
    for (int b = 1; b < 256; b++) {
        char in[2] = {(char)b, '\0'}, *out = NULL;
        NEOERR *err = neos_html_escape(in, 1, &out);

        if (err != STATUS_OK) {
            nerr_ignore(&err);
            return -1;
        }
        if (!out || strcmp(out, in) != 0) {
            if (n + 1 >= sizeof html_reject) {
                free(out);
                return -1;
            }
            html_reject[n++] = (char)b;
        }
        free(out);
    }
    html_reject[n] = '\0';
    if (learn_commands() != 0)
        return -1;
    learnt = 1;
    return 0;
}

size_t render_html_plain(const char *s)
{
    return strcspn(s, html_reject);
}

/* ---- compiling ------------------------------------------------------------------- */

static void *prog_alloc(struct render_program *p, size_t size)
{
    struct chunk *c = p->chunks;

    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size > CHUNK_BYTES) {
        p->failed = 1;
        return NULL;
    }
    if (!c || c->used + size > CHUNK_BYTES) {
        if ((c = calloc(1, sizeof *c + CHUNK_BYTES)) == NULL) {
            p->failed = 1;
            return NULL;
        }
        c->next = p->chunks;
        p->chunks = c;
    }
    void *at = (char *)c->data + c->used;
    c->used += size;
    return at;
}

/* The program's slot for name, made on first use; NULL for a name with an empty part
 * ("a..b", ".a", "a."), which is looked up as it is each time. */
static struct fname *intern_name(struct render_program *p, const char *name, size_t len)
{
    struct fname *n;
    const char *dot;

    if (len == 0 || name[0] == '.' || name[len - 1] == '.' || memmem(name, len, "..", 2))
        return NULL;
    for (n = p->names; n; n = n->next)
        if (strlen(n->s) == len && memcmp(n->s, name, len) == 0)
            return n;
    if ((n = prog_alloc(p, sizeof *n)) == NULL || (n->s = prog_alloc(p, len + 1)) == NULL)
        return NULL;
    memcpy(n->s, name, len);
    n->s[len] = '\0';
    for (dot = n->s + len; dot > n->s && dot[-1] != '.'; dot--)
        ;
    n->last = dot;
    n->next = p->names;
    p->names = n;
    if (dot > n->s && (n->parent = intern_name(p, n->s, (size_t)(dot - 1 - n->s))) == NULL)
        p->failed = 1;
    return n;
}

static struct fexpr *compile_expr(struct render_program *p, CSARG *a)
{
    struct fexpr *e;

    if (!a)
        return NULL;
    if ((e = prog_alloc(p, sizeof *e)) == NULL)
        return NULL;
    e->op_type = a->op_type;
    e->s = a->s;
    e->n = a->n;
    if ((a->op_type & (CS_TYPE_VAR | CS_TYPE_VAR_NUM)) && a->s) {
        e->head = strcspn(a->s, ".");
        e->name = intern_name(p, a->s, strlen(a->s));
    }
    if (a->op_type & CS_TYPE_FUNCTION) {
        CSARG *row = a->expr1, *column = row ? row->next : NULL;

        e->function = a->function;
        e->fargs = a->expr1;
        e->cell = p->cell && a->function && a->function->function == p->cell && column && !column->next &&
                  column->op_type == CS_TYPE_STRING && column->s &&
                  (row->op_type == CS_TYPE_NUM || (row->op_type == CS_TYPE_VAR && row->s && !strchr(row->s, '.')));
        e->cell_row = row;
        e->cell_column = column ? column->s : NULL;
        e->cell_index = -1;
    } else {
        e->expr1 = compile_expr(p, a->expr1);
        e->expr2 = compile_expr(p, a->expr2);
    }
    e->next = compile_expr(p, a->next);
    return e;
}

static enum fop classify(CSTREE *node)
{
    void *h;

    if (node->cmd < 0 || (size_t)node->cmd >= ncommands)
        return OP_UNKNOWN;
    h = (void *)Commands[node->cmd].eval_handler;
    for (int op = OP_SKIP; op <= OP_ESCAPE; op++)
        if (handler_of[op] == h)
            return (enum fop)op;
    return OP_UNKNOWN; /* lvar:, linclude: */
}

static struct fnode *compile_chain(struct render_program *p, CSTREE *node);

static struct fmacro *compile_macro(struct render_program *p, CS_MACRO *m)
{
    struct fmacro *fm;

    for (fm = p->macros; fm; fm = fm->next)
        if (fm->cs == m)
            return fm;
    if (!m || !m->tree || (fm = prog_alloc(p, sizeof *fm)) == NULL) {
        p->failed = 1;
        return NULL;
    }
    fm->cs = m;
    fm->next = p->macros;
    p->macros = fm; /* listed before its body compiles: a macro may call itself */
    fm->body = compile_chain(p, m->tree->case_0);
    return fm;
}

static struct fnode *compile_chain(struct render_program *p, CSTREE *node)
{
    struct fnode *head = NULL, **tail = &head, *f;

    for (; node && !p->failed; node = node->next) {
        enum fop op = classify(node);

        if (op == OP_UNKNOWN) {
            p->failed = 1;
            break;
        }
        if (op == OP_SKIP || (op == OP_LITERAL && !node->arg1.s))
            continue;
        if ((f = prog_alloc(p, sizeof *f)) == NULL)
            break;
        f->op = op;
        f->escape = node->escape;
        switch (op) {
        case OP_LITERAL:
            f->text = node->arg1.s;
            f->len = strlen(node->arg1.s);
            break;
        case OP_NAME:
            f->text = node->arg1.op_type == CS_TYPE_VAR ? node->arg1.s : NULL;
            break;
        case OP_VAR:
            f->arg1 = compile_expr(p, &node->arg1);
            break;
        case OP_IF:
            f->arg1 = compile_expr(p, &node->arg1);
            f->case_0 = compile_chain(p, node->case_0);
            f->case_1 = compile_chain(p, node->case_1);
            break;
        case OP_ALT:
            f->arg1 = compile_expr(p, &node->arg1);
            f->case_0 = compile_chain(p, node->case_0);
            break;
        case OP_EACH:
        case OP_WITH:
            f->local = node->arg1.s;
            f->arg2 = compile_expr(p, &node->arg2);
            f->case_0 = compile_chain(p, node->case_0);
            break;
        case OP_LOOP:
            if (!node->vargs) { /* loop_eval's "No arguments" error, at compile time */
                p->failed = 1;
                break;
            }
            f->local = node->arg1.s;
            f->vargs = compile_expr(p, node->vargs);
            f->case_0 = compile_chain(p, node->case_0);
            break;
        case OP_CALL:
            if (node->arg1.op_type != CS_TYPE_MACRO || !node->arg1.macro) {
                p->failed = 1;
                break;
            }
            f->macro = compile_macro(p, node->arg1.macro);
            f->vargs = compile_expr(p, node->vargs);
            break;
        case OP_SET:
            f->arg1 = compile_expr(p, &node->arg1);
            f->arg2 = compile_expr(p, &node->arg2);
            break;
        case OP_ESCAPE:
            f->case_0 = compile_chain(p, node->case_0);
            break;
        default:
            p->failed = 1;
            break;
        }
        *tail = f;
        tail = &f->next;
    }
    return head;
}

void render_program_free(struct render_program *p)
{
    if (!p)
        return;
    while (p->chunks) {
        struct chunk *c = p->chunks;
        p->chunks = c->next;
        free(c);
    }
    free(p);
}

struct render_program *render_program_build(CSPARSE *cs, CSFUNCTION cell)
{
    struct render_program *p;

    if (!cs || !cs->tree || render_html_learn() != 0 || (p = calloc(1, sizeof *p)) == NULL)
        return NULL;
    p->cell = cell;
    p->tree = compile_chain(p, cs->tree);
    if (p->failed) {
        render_program_free(p);
        return NULL;
    }
    return p;
}

/* ---- variables (var_lookup, var_lookup_obj, var_set_value) ------------------------ */

/* The rows cell() reads in the render under way (evaluation is single-threaded). */
static const struct render_table *run_table;

/* The run a memo belongs to: a set: starts a new one (it may change any value). Never 0,
 * the value of a memo never filled. */
static unsigned run_gen = 1;

static void new_gen(void)
{
    if (++run_gen == 0)
        run_gen = 1;
}

/* lookup_map: the local named by name's first head bytes. */
static CS_LOCAL_MAP *find_local(CSPARSE *parse, const char *name, size_t head)
{
    for (CS_LOCAL_MAP *m = parse->locals; m; m = m->next)
        if (m->name[0] == name[0] && strncmp(m->name, name, head) == 0 && m->name[head] == '\0')
            return m;
    return NULL;
}

static size_t head_of(const struct val *v)
{
    return v->from && v->from->s == v->s ? v->from->head : strcspn(v->s, ".");
}

/* n's node in the request's HDF (not the global one), looked up once per memo run: under
 * its parent's node when it has a parent. hdf_get_obj(hdf, "a.b.c") walks the same steps
 * as hdf_get_obj(hdf_get_obj(hdf, "a.b"), "c"), links included. */
static HDF *name_obj(CSPARSE *parse, struct fname *n)
{
    HDF *under;

    if (n->obj_gen == run_gen)
        return n->obj;
    under = n->parent ? name_obj(parse, n->parent) : parse->hdf;
    n->obj = under ? hdf_get_obj(under, n->last) : NULL;
    n->obj_gen = run_gen;
    return n->obj;
}

/* var_lookup's HDF part for an interned name: the request's HDF, then the global one;
 * once per memo run. */
static char *name_value(CSPARSE *parse, struct fname *n)
{
    HDF *under;
    char *r;

    if (n->value_gen == run_gen)
        return n->value;
    under = n->parent ? name_obj(parse, n->parent) : parse->hdf;
    r = under ? hdf_get_value(under, n->last, NULL) : NULL;
    if (r == NULL && parse->global_hdf != NULL)
        r = hdf_get_value(parse->global_hdf, n->s, NULL);
    n->value = r;
    n->value_gen = run_gen;
    return r;
}

/* var_lookup. Unlike csparse.c, a name that is no local is looked up in the HDF once
 * per memo run (the values cannot change until a set:), under its parent's node. */
static char *lookup_value(CSPARSE *parse, const struct val *v)
{
    const char *name = v->s;
    size_t head = head_of(v);
    CS_LOCAL_MAP *map = find_local(parse, name, head);
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
static HDF *lookup_obj(CSPARSE *parse, const struct val *v)
{
    const char *name = v->s;
    size_t head = head_of(v);
    CS_LOCAL_MAP *map = find_local(parse, name, head);
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

/* var_set_value. value may be NULL (set: of a missing name), as there; where csparse.c
 * would strdup(NULL), the local becomes an empty string's absence (NULL) instead. */
static NEOERR *set_value(CSPARSE *parse, const struct val *v, const char *value)
{
    const char *name = v->s;
    size_t head = head_of(v);
    CS_LOCAL_MAP *map = find_local(parse, name, head);

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
        char *old = map->type == CS_TYPE_STRING && map->map_alloc ? map->s : NULL;

        map->type = CS_TYPE_STRING;
        map->map_alloc = 1;
        map->s = value ? strdup(value) : NULL;
        free(old);
        if (map->s == NULL && value != NULL)
            return nerr_raise(NERR_NOMEM, "Unable to allocate memory to set var");
    }
    return STATUS_OK; /* a part of a local that is no HDF node: ignored, as there */
}

/* ---- values (arg_eval, arg_eval_num, arg_eval_bool) -------------------------------- */

static char *val_str(CSPARSE *parse, const struct val *v)
{
    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
        return v->s;
    case CS_TYPE_VAR:
        return lookup_value(parse, v);
    default:
        return NULL;
    }
}

static long val_num(CSPARSE *parse, const struct val *v)
{
    char *s;

    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
        return v->s ? strtol(v->s, NULL, 0) : 0;
    case CS_TYPE_NUM:
        return v->n;
    case CS_TYPE_VAR:
    case CS_TYPE_VAR_NUM: /* var_int_lookup */
        s = lookup_value(parse, v);
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
    for (p = s; *p >= '0' && *p <= '9'; p++) {
        unsigned long d = (unsigned long)(*p - '0');

        if (d >= base)
            return 1; /* an 8 or 9 after a leading 0: octal stops there */
        v = v > ((unsigned long)LONG_MAX - d) / base ? (unsigned long)LONG_MAX + 1 : v * base + d;
    }
    if (*p == '\0')
        return v > (unsigned long)LONG_MAX ? LONG_MAX : (long)v;
    r = strtol(s, &end, 0);
    return *end == '\0' ? r : 1;
}

static long val_bool(CSPARSE *parse, const struct val *v)
{
    char *s;

    switch (v->op_type & CS_TYPES) {
    case CS_TYPE_STRING:
    case CS_TYPE_VAR:
        s = v->op_type == CS_TYPE_VAR ? lookup_value(parse, v) : v->s;
        return s ? str_bool(s) : 0;
    case CS_TYPE_NUM:
        return v->n;
    case CS_TYPE_VAR_NUM:
        s = lookup_value(parse, v);
        return s ? atoi(s) : 0;
    default:
        return 0;
    }
}

static void val_free(struct val *v)
{
    if (v->alloc)
        free(v->s);
    v->alloc = 0;
}

/* ---- expressions (eval_expr, eval_expr_string, eval_expr_num, eval_expr_bool) ----- */

static inline NEOERR *eval(CSPARSE *parse, struct fexpr *e, struct val *r);

static void eval_string_op(CSPARSE *parse, struct val *a1, struct val *a2, CSTOKEN_TYPE op, struct val *r)
{
    char *s1 = val_str(parse, a1), *s2 = val_str(parse, a2);
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
            r->s = s;
            if (s == a->s && a->alloc) {
                r->alloc = 1;
                a->alloc = 0;
            }
            break;
        }
        default: break;
        }
        return;
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
        if ((r->s = malloc(n1 + n2 + 1)) != NULL) {
            memcpy(r->s, s1, n1);
            memcpy(r->s + n1, s2, n2 + 1);
            r->alloc = 1;
        } /* else: NULL, the caller raises NOMEM */
        break;
    }
    default: break;
    }
}

static void eval_num_op(CSPARSE *parse, struct val *a1, struct val *a2, CSTOKEN_TYPE op, struct val *r)
{
    long n1 = val_num(parse, a1), n2 = val_num(parse, a2);

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
        long_str(val_num(parse, a2), num);
        r->s = join_name(a1->s, num);
    } else if ((s2 = val_str(parse, a2)) != NULL && s2[0])
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
static int eval_cell(CSPARSE *parse, struct fexpr *e, struct val *r)
{
    const struct render_table *t = run_table;
    CSARG res; /* render_table_cell sets what is read of it */
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
    if (e->cell_columns != t->columns) {
        if ((e->cell_index = render_table_column(t, e->cell_column)) < 0)
            return 0;
        e->cell_columns = t->columns;
    }
    if (render_table_cell(t, row, e->cell_index, &res) != STATUS_OK)
        return 0;
    parse->escaping.current |= e->function->escape;
    r->op_type = res.op_type;
    r->s = res.s;
    r->n = 0;
    r->alloc = res.alloc;
    r->from = NULL;
    return 1;
}

static NEOERR *eval_op(CSPARSE *parse, struct fexpr *e, struct val *r);

/* eval_expr. A constant or a name (most expressions) is a copy, and a table cell a read,
 * here, inline. */
static inline NEOERR *eval(CSPARSE *parse, struct fexpr *e, struct val *r)
{
    if (e && (e->op_type & CS_TYPES)) {
        r->op_type = e->op_type;
        r->s = e->s;
        r->n = e->n;
        r->alloc = 0;
        r->from = e;
        return STATUS_OK;
    }
    if (e && e->cell && run_table && eval_cell(parse, e, r))
        return STATUS_OK;
    return eval_op(parse, e, r);
}

static NEOERR *eval_op(CSPARSE *parse, struct fexpr *e, struct val *r)
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
            r->n = val_bool(parse, &a1) ? 0 : 1;
            break;
        case CS_OP_EXISTS:
            r->n = (a1.op_type & (CS_TYPE_VAR | CS_TYPE_VAR_NUM)) ? val_str(parse, &a1) != NULL : 1;
            break;
        case CS_OP_NUM:
            r->n = val_num(parse, &a1);
            break;
        default:
            r->n = 0;
            break;
        }
    } else if (e->op_type == CS_OP_COMMA) {
        if (e->next) {
            if ((err = eval(parse, e->next, &a2)) != STATUS_OK) {
                val_free(&a1);
                return nerr_pass(err);
            }
            val_free(&a2);
        }
        *r = a1; /* the string changes hands */
        return STATUS_OK;
    } else {
        if ((err = eval(parse, e->expr2, &a2)) != STATUS_OK) {
            val_free(&a1);
            return nerr_pass(err);
        }
        if (e->op_type == CS_OP_LBRACKET || e->op_type == CS_OP_DOT)
            err = eval_member(parse, e->op_type, &a1, &a2, r);
        else if (e->op_type & (CS_OP_AND | CS_OP_OR)) {
            long n1 = val_bool(parse, &a1), n2 = val_bool(parse, &a2);

            r->op_type = CS_TYPE_NUM;
            r->n = e->op_type == CS_OP_AND ? (n1 && n2) : e->op_type == CS_OP_OR ? (n1 || n2) : 0;
        } else if ((a1.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) || (a2.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) ||
                   (e->op_type & (CS_OP_SUB | CS_OP_MULT | CS_OP_DIV | CS_OP_MOD | CS_OP_GT | CS_OP_GTE |
                                  CS_OP_LT | CS_OP_LTE)))
            eval_num_op(parse, &a1, &a2, e->op_type, r);
        else {
            eval_string_op(parse, &a1, &a2, e->op_type, r);
            if (r->op_type == CS_TYPE_STRING && !r->s && e->op_type == CS_OP_ADD)
                err = nerr_raise(NERR_NOMEM, "Unable to allocate memory to concatenate strings");
        }
    }
    val_free(&a1);
    val_free(&a2);
    return nerr_pass(err);
}

/* ---- nodes --------------------------------------------------------------------------- */

static NEOERR *run_chain(struct run *x, struct fnode *f);

/* The page grows by doubling; it is NUL-terminated when the run ends. */
static NEOERR *grow(STRING *o, size_t n)
{
    size_t need = (size_t)o->len + n + 1, max = o->max > 0 ? (size_t)o->max : 16384;
    char *grown;

    while (max < need)
        max *= 2;
    if (max > INT_MAX || (grown = realloc(o->buf, max)) == NULL)
        return nerr_raise(NERR_NOMEM, "page of %zu bytes", need);
    o->buf = grown;
    o->max = (int)max;
    return STATUS_OK;
}

static inline NEOERR *put(struct run *x, const char *s, size_t n)
{
    STRING *o = x->out;

    if ((size_t)o->len + n >= (size_t)o->max) {
        NEOERR *err = grow(o, n);
        if (err != STATUS_OK)
            return err;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += (int)n;
    return STATUS_OK;
}

static NEOERR *put_num(struct run *x, long n)
{
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld", n);

    return put(x, buf, (size_t)len);
}

/* A var:'s string in its escape context (var_eval, neos_var_escape). */
static NEOERR *put_escaped(struct run *x, NEOS_ESCAPE mode, const char *s)
{
    char *escaped = NULL;
    NEOERR *err;
    size_t plain;

    if (mode == NEOS_ESCAPE_NONE || mode == NEOS_ESCAPE_FUNCTION)
        return put(x, s, strlen(s));
    if (!(mode & (NEOS_ESCAPE_URL | NEOS_ESCAPE_SCRIPT)) && (mode & NEOS_ESCAPE_HTML)) {
        plain = render_html_plain(s);
        if (!s[plain])
            return put(x, s, plain);
        err = neos_html_escape(s, (int)strlen(s), &escaped);
    } else {
        err = neos_var_escape(mode, s, &escaped);
    }
    if (escaped) {
        nerr_ignore(&err); /* as var_eval: the output's result replaces it */
        err = put(x, escaped, strlen(escaped));
        free(escaped);
    }
    return nerr_pass(err);
}

static NEOERR *run_var(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    struct val v;
    NEOERR *err;

    parse->escaping.current = NEOS_ESCAPE_NONE;
    if ((err = eval(parse, f->arg1, &v)) != STATUS_OK)
        return nerr_pass(err);
    if (v.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) {
        err = put_num(x, val_num(parse, &v));
    } else {
        char *s = val_str(parse, &v);

        if (s && parse->escaping.current == NEOS_ESCAPE_NONE)
            err = put_escaped(x, f->escape == NEOS_ESCAPE_UNDEF ? parse->escaping.when_undef : f->escape, s);
        else if (s)
            err = put(x, s, strlen(s));
    }
    val_free(&v);
    return nerr_pass(err);
}

static NEOERR *run_alt(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    struct val v;
    NEOERR *err;
    int truth; /* an int, as alt_eval's eval_true */

    if ((err = eval(parse, f->arg1, &v)) != STATUS_OK)
        return nerr_pass(err);
    if ((truth = (int)val_bool(parse, &v)) != 0) {
        if (v.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) {
            err = put_num(x, val_num(parse, &v));
        } else {
            char *s = val_str(parse, &v);
            if (s)
                err = put(x, s, strlen(s));
        }
    }
    val_free(&v);
    if (truth == 0) {
        nerr_ignore(&err); /* as alt_eval: the body's result replaces it */
        err = run_chain(x, f->case_0);
    }
    return nerr_pass(err);
}

static NEOERR *run_each(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    CS_LOCAL_MAP map;
    NEOERR *err;
    struct val v;
    HDF *var;

    memset(&map, 0, sizeof map);
    if ((err = eval(parse, f->arg2, &v)) != STATUS_OK)
        return nerr_pass(err);
    if (v.op_type == CS_TYPE_VAR && (var = lookup_obj(parse, &v)) != NULL) {
        map.type = CS_TYPE_VAR;
        map.name = f->local;
        map.next = parse->locals;
        map.first = 1;
        parse->locals = &map;
        for (HDF *child = hdf_obj_child(var); child; child = hdf_obj_next(child)) {
            map.h = child;
            err = run_chain(x, f->case_0);
            if (map.map_alloc) {
                free(map.s);
                map.s = NULL;
            }
            map.first = 0;
            if (err != STATUS_OK)
                break;
        }
        parse->locals = map.next;
    }
    val_free(&v);
    return nerr_pass(err);
}

static NEOERR *run_with(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    CS_LOCAL_MAP map;
    NEOERR *err;
    struct val v;
    HDF *var;

    memset(&map, 0, sizeof map);
    if ((err = eval(parse, f->arg2, &v)) != STATUS_OK)
        return nerr_pass(err);
    if (v.op_type == CS_TYPE_VAR && (var = lookup_obj(parse, &v)) != NULL) {
        map.type = CS_TYPE_VAR;
        map.name = f->local;
        map.next = parse->locals;
        map.h = var;
        parse->locals = &map;
        err = run_chain(x, f->case_0);
        if (map.map_alloc)
            free(map.s);
        parse->locals = map.next;
    }
    val_free(&v);
    return nerr_pass(err);
}

__attribute__((noinline)) static NEOERR *run_loop(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    int start = 0, end, step = 1, iter;
    struct fexpr *a = f->vargs;
    CS_LOCAL_MAP map;
    NEOERR *err;
    struct val v;

    memset(&map, 0, sizeof map);
    if ((err = eval(parse, a, &v)) != STATUS_OK)
        return nerr_pass(err);
    end = (int)val_num(parse, &v);
    val_free(&v);
    if (a->next) {
        start = end;
        a = a->next;
        if ((err = eval(parse, a, &v)) != STATUS_OK)
            return nerr_pass(err);
        end = (int)val_num(parse, &v);
        val_free(&v);
        if (a->next) {
            if ((err = eval(parse, a->next, &v)) != STATUS_OK)
                return nerr_pass(err);
            step = (int)val_num(parse, &v);
            val_free(&v);
        }
    }
    if ((step < 0 && start < end) || (step > 0 && end < start) || step == 0)
        iter = 0;
    else
        iter = abs((end - start) / step + 1);
    if (iter <= 0)
        return STATUS_OK;
    map.type = CS_TYPE_NUM;
    map.name = f->local;
    map.next = parse->locals;
    map.first = 1;
    parse->locals = &map;
    for (int i = 0, var = start; i < iter; i++, var += step) {
        if (i == iter - 1)
            map.last = 1;
        map.n = var;
        err = run_chain(x, f->case_0);
        if (map.map_alloc) {
            free(map.s);
            map.s = NULL;
        }
        map.first = 0;
        if (err != STATUS_OK)
            break;
    }
    parse->locals = map.next;
    return nerr_pass(err);
}

/* call_eval: the arguments are evaluated among the caller's locals, then become the
 * macro's locals (a name maps to its HDF node, a local string or number is copied). */
static NEOERR *run_call(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    CS_MACRO *macro = f->macro->cs;
    CS_LOCAL_MAP stack_maps[8], *maps = stack_maps, *saved;
    CSARG *darg = macro->args;
    struct fexpr *carg = f->vargs;
    NEOERR *err = STATUS_OK;
    int n = macro->n_args;

    if (f->escape != NEOS_ESCAPE_UNDEF)
        parse->escaping.when_undef = f->escape;
    if (n > (int)(sizeof stack_maps / sizeof stack_maps[0]) &&
        (maps = calloc((size_t)n, sizeof *maps)) == NULL)
        return nerr_raise(NERR_NOMEM, "Unable to allocate memory for call_map in call_eval of %s", macro->name);
    if (n > 0)
        memset(maps, 0, (size_t)n * sizeof *maps);
    for (int i = 0; i < n; i++) {
        CS_LOCAL_MAP *map = &maps[i];
        struct val v;

        if (i)
            maps[i - 1].next = map;
        if (!darg || !carg) {
            err = nerr_raise(NERR_ASSERT, "call of %s: arguments missing", macro->name);
            break;
        }
        map->name = darg->s;
        if ((err = eval(parse, carg, &v)) != STATUS_OK)
            break;
        if (v.op_type & CS_TYPE_STRING) {
            map->s = v.s;
            map->type = v.op_type;
            map->map_alloc = v.alloc;
            v.alloc = 0;
        } else if (v.op_type & CS_TYPE_NUM) {
            map->n = v.n;
            map->type = CS_TYPE_NUM;
        } else if (v.op_type & (CS_TYPE_VAR | CS_TYPE_VAR_NUM)) {
            CS_LOCAL_MAP *lmap = find_local(parse, v.s, head_of(&v));

            if (lmap && lmap->type != CS_TYPE_VAR && lmap->type != CS_TYPE_VAR_NUM) {
                if (lmap->type == CS_TYPE_NUM)
                    map->n = lmap->n;
                else
                    map->s = lmap->s;
                map->type = lmap->type;
            } else {
                map->h = lookup_obj(parse, &v);
                map->type = CS_TYPE_VAR;
                map->s = v.s;
                map->map_alloc = v.alloc;
                v.alloc = 0;
            }
        }
        val_free(&v);
        map->next = parse->locals;
        darg = darg->next;
        carg = carg->next;
    }
    if (err == STATUS_OK) {
        saved = parse->locals;
        if (n)
            parse->locals = maps;
        err = run_chain(x, f->macro->body);
        parse->locals = saved;
    }
    for (int i = 0; i < n; i++)
        if (maps[i].map_alloc)
            free(maps[i].s);
    if (maps != stack_maps)
        free(maps);
    return nerr_pass(err);
}

static NEOERR *run_set(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    struct val set, v;
    NEOERR *err;

    if ((err = eval(parse, f->arg1, &set)) != STATUS_OK)
        return nerr_pass(err);
    if ((err = eval(parse, f->arg2, &v)) != STATUS_OK) {
        val_free(&set);
        return nerr_pass(err);
    }
    if (set.op_type != CS_TYPE_NUM) {
        if (!set.s) {
            err = nerr_raise(NERR_ASSERT, "lvalue is NULL/empty in attempt to evaluate set");
        } else if (v.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) {
            char buf[32];

            snprintf(buf, sizeof buf, "%ld", val_num(parse, &v));
            err = set_value(parse, &set, buf);
        } else {
            err = set_value(parse, &set, val_str(parse, &v));
        }
    }
    val_free(&set);
    val_free(&v);
    new_gen(); /* any value looked up so far may have changed */
    return nerr_pass(err);
}

static NEOERR *run_chain(struct run *x, struct fnode *f)
{
    NEOERR *err = STATUS_OK;

    for (; f && err == STATUS_OK; f = f->next) {
        switch (f->op) {
        case OP_LITERAL:
            err = put(x, f->text, f->len);
            break;
        case OP_VAR:
            err = run_var(x, f);
            break;
        case OP_IF: {
            struct val v;
            int truth; /* an int, as if_eval's eval_true: 4294967296 is false */

            if ((err = eval(x->parse, f->arg1, &v)) != STATUS_OK)
                break;
            truth = (int)val_bool(x->parse, &v);
            val_free(&v);
            if (truth)
                err = run_chain(x, f->case_0);
            else if (f->case_1)
                err = run_chain(x, f->case_1);
            break;
        }
        case OP_EACH:
            err = run_each(x, f);
            break;
        case OP_WITH:
            err = run_with(x, f);
            break;
        case OP_LOOP:
            err = run_loop(x, f);
            break;
        case OP_CALL:
            err = run_call(x, f);
            break;
        case OP_SET:
            err = run_set(x, f);
            break;
        case OP_ALT:
            err = run_alt(x, f);
            break;
        case OP_ESCAPE:
            err = run_chain(x, f->case_0);
            break;
        case OP_NAME:
            if (f->text) {
                struct val v = {CS_TYPE_VAR, (char *)f->text, 0, 0, NULL};
                HDF *obj = lookup_obj(x->parse, &v);
                char *name = obj ? hdf_obj_name(obj) : NULL;

                if (name)
                    err = put(x, name, strlen(name));
            }
            break;
        default:
            err = nerr_raise(NERR_ASSERT, "render: node %d cannot run", (int)f->op);
            break;
        }
    }
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

NEOERR *render_program_run(struct render_program *p, CSPARSE *cs, void *ctx, STRING *out,
                           const struct render_table *table)
{
    struct run x = {cs, out};
    NEOERR *err;
    size_t start;

    if (!p || !cs)
        return nerr_raise(NERR_ASSERT, "render: no program");
    new_gen();
    run_table = table;
    start = (size_t)out->len;
    if ((size_t)out->max < start + p->last_len + 1 && (err = grow(out, p->last_len)) != STATUS_OK)
        return nerr_pass(err);
    cs->output_ctx = ctx;
    cs->locals = NULL;
    cs->escaping.current = NEOS_ESCAPE_NONE;
    err = run_chain(&x, p->tree);
    if (out->buf)
        out->buf[out->len] = '\0'; /* put leaves room for it */
    p->last_len = (size_t)out->len - start;
    cs->locals = NULL; /* the maps were on this render's stack */
    run_table = NULL;
    return nerr_pass(err);
}
