/* render_eval.c — renders a ClearSilver parse tree without ClearSilver's evaluator
 * (render_eval.h). Each function below names the csparse.c function (ClearSilver 0.10.5)
 * whose rules it follows; where it departs from them it says so and why. */
#include "render_eval.h"
#include "render_eval_internal.h"
#include "util.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fop {
    OP_UNKNOWN, OP_SKIP, OP_LITERAL, OP_NAME, OP_VAR, OP_IF, OP_EACH, OP_WITH, OP_CALL,
    OP_SET, OP_LOOP, OP_ALT, OP_ESCAPE
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

struct run {
    CSPARSE *parse;
    STRING *out;
    int depth; /* macro calls under way */
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
    /* A string's split too: set:"a.b" = … names a variable (var_set_value). */
    if (a->s)
        e->head = strcspn(a->s, ".");
    if ((a->op_type & (CS_TYPE_VAR | CS_TYPE_VAR_NUM)) && a->s)
        e->name = intern_name(p, a->s, strlen(a->s));
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

#define RENDER_CALL_DEPTH 1000

/* ---- nodes --------------------------------------------------------------------------- */

static NEOERR *run_chain(struct run *x, struct fnode *f);

NEOERR *render_reserve(STRING *o, size_t n)
{
    size_t need = (size_t)o->len + n + 1, max = o->max > 0 ? (size_t)o->max : 16384;
    char *grown;

    if (need <= (size_t)o->max)
        return STATUS_OK;
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
        NEOERR *err = render_reserve(o, n);
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
        err = put_num(x, rx_val_num(parse, &v));
    } else {
        char *s = rx_val_str(parse, &v);

        if (s && parse->escaping.current == NEOS_ESCAPE_NONE)
            err = put_escaped(x, f->escape == NEOS_ESCAPE_UNDEF ? parse->escaping.when_undef : f->escape, s);
        else if (s)
            err = put(x, s, strlen(s));
    }
    rx_val_free(&v);
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
    if ((truth = (int)rx_val_bool(parse, &v)) != 0) {
        if (v.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) {
            err = put_num(x, rx_val_num(parse, &v));
        } else {
            char *s = rx_val_str(parse, &v);
            if (s)
                err = put(x, s, strlen(s));
        }
    }
    rx_val_free(&v);
    if (truth == 0) {
        nerr_ignore(&err); /* as alt_eval: the body's result replaces it */
        err = run_chain(x, f->case_0);
    }
    return nerr_pass(err);
}

/* each: and with:'s start (each_eval, with_eval): arg2 evaluated into *v, and the HDF
 * node it names (NULL when it names none or is no name: nothing to render). */
static NEOERR *local_node(struct run *x, struct fnode *f, CS_LOCAL_MAP *map, struct val *v, HDF **var)
{
    NEOERR *err;

    memset(map, 0, sizeof *map);
    *var = NULL;
    if ((err = eval(x->parse, f->arg2, v)) != STATUS_OK)
        return nerr_pass(err);
    if (v->op_type == CS_TYPE_VAR && (*var = rx_lookup_obj(x->parse, v)) != NULL) {
        map->type = CS_TYPE_VAR;
        map->name = f->local;
        map->next = x->parse->locals;
    }
    return STATUS_OK;
}

static NEOERR *run_each(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    CS_LOCAL_MAP map;
    NEOERR *err;
    struct val v;
    HDF *var;

    if ((err = local_node(x, f, &map, &v, &var)) != STATUS_OK)
        return nerr_pass(err);
    if (var) {
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
    rx_val_free(&v);
    return nerr_pass(err);
}

static NEOERR *run_with(struct run *x, struct fnode *f)
{
    CSPARSE *parse = x->parse;
    CS_LOCAL_MAP map;
    NEOERR *err;
    struct val v;
    HDF *var;

    if ((err = local_node(x, f, &map, &v, &var)) != STATUS_OK)
        return nerr_pass(err);
    if (var) {
        map.h = var;
        parse->locals = &map;
        err = run_chain(x, f->case_0);
        if (map.map_alloc)
            free(map.s);
        parse->locals = map.next;
    }
    rx_val_free(&v);
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
    end = (int)rx_val_num(parse, &v);
    rx_val_free(&v);
    if (a->next) {
        start = end;
        a = a->next;
        if ((err = eval(parse, a, &v)) != STATUS_OK)
            return nerr_pass(err);
        end = (int)rx_val_num(parse, &v);
        rx_val_free(&v);
        if (a->next) {
            if ((err = eval(parse, a->next, &v)) != STATUS_OK)
                return nerr_pass(err);
            step = (int)rx_val_num(parse, &v);
            rx_val_free(&v);
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
    CS_LOCAL_MAP stack_maps[4], *maps = stack_maps, *saved;
    CSARG *darg = macro->args;
    struct fexpr *carg = f->vargs;
    NEOERR *err = STATUS_OK;
    int n = macro->n_args;

    /* A macro calling itself without end: an error, where it would exhaust the stack.
     * (cs_render goes on to a deeper one before it crashes.) */
    if (x->depth >= RENDER_CALL_DEPTH)
        return nerr_raise(NERR_ASSERT, "macro %s: calls nested deeper than %d", macro->name, RENDER_CALL_DEPTH);
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
            CS_LOCAL_MAP *lmap = rx_find_local(parse, v.s, rx_head_of(&v));

            if (lmap && lmap->type != CS_TYPE_VAR && lmap->type != CS_TYPE_VAR_NUM) {
                if (lmap->type == CS_TYPE_NUM)
                    map->n = lmap->n;
                else
                    map->s = lmap->s;
                map->type = lmap->type;
            } else {
                map->h = rx_lookup_obj(parse, &v);
                map->type = CS_TYPE_VAR;
                map->s = v.s;
                map->map_alloc = v.alloc;
                v.alloc = 0;
            }
        }
        rx_val_free(&v);
        map->next = parse->locals;
        darg = darg->next;
        carg = carg->next;
    }
    if (err == STATUS_OK) {
        saved = parse->locals;
        if (n)
            parse->locals = maps;
        x->depth++;
        err = run_chain(x, f->macro->body);
        x->depth--;
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
        rx_val_free(&set);
        return nerr_pass(err);
    }
    if (set.op_type != CS_TYPE_NUM) {
        if (!set.s) {
            err = nerr_raise(NERR_ASSERT, "lvalue is NULL/empty in attempt to evaluate set");
        } else if (v.op_type & (CS_TYPE_NUM | CS_TYPE_VAR_NUM)) {
            char buf[32];

            snprintf(buf, sizeof buf, "%ld", rx_val_num(parse, &v));
            err = rx_set_value(parse, &set, buf);
        } else {
            err = rx_set_value(parse, &set, rx_val_str(parse, &v));
        }
    }
    rx_val_free(&set);
    rx_val_free(&v);
    rx_new_gen(); /* any value looked up so far may have changed */
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
            truth = (int)rx_val_bool(x->parse, &v);
            rx_val_free(&v);
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
                HDF *obj = rx_lookup_obj(x->parse, &v);
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

NEOERR *render_program_run(struct render_program *p, CSPARSE *cs, void *ctx, STRING *out,
                           const struct render_table *table)
{
    struct run x = {cs, out, 0};
    NEOERR *err;
    size_t start;

    if (!p || !cs)
        return nerr_raise(NERR_ASSERT, "render: no program");
    rx_new_gen();
    if (++rx_render_id == 0)
        rx_render_id = 1;
    rx_run_table = table;
    start = (size_t)out->len;
    if ((size_t)out->max < start + p->last_len + 1 && (err = render_reserve(out, p->last_len)) != STATUS_OK)
        return nerr_pass(err);
    cs->output_ctx = ctx;
    cs->locals = NULL;
    cs->escaping.current = NEOS_ESCAPE_NONE;
    err = run_chain(&x, p->tree);
    if (out->buf)
        out->buf[out->len] = '\0'; /* put leaves room for it */
    p->last_len = (size_t)out->len - start;
    cs->locals = NULL; /* the maps were on this render's stack */
    rx_run_table = NULL;
    return nerr_pass(err);
}
