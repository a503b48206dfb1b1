/* render_eval_internal.h — what render_eval.c (compiling, the commands) and
 * render_expr.c (names, values, expressions: csparse.c's eval_expr and its helpers)
 * share (and the fuzz target, which counts the tree's nodes by it). Others use render_eval.h. */
#ifndef TEJIAN_RENDER_EVAL_INTERNAL_H
#define TEJIAN_RENDER_EVAL_INTERNAL_H

#include <ClearSilver.h>
#include <stddef.h>

#include "render.h"

/* ClearSilver's command table (csparse.c, exported by libneo_cs): a node's cmd indexes
 * it, and its eval_handler says what the node does. Declared here with the same layout;
 * learn_commands (render_eval.c) checks it before anything relies on it. */
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
    size_t head;                /* the length of s's first part (up to a '.') */
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
    unsigned cut_render;        /* set: target cut at its first '.' in this render (rx_set_value) */
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

/* The rows cell() reads in the render under way (evaluation is single-threaded), and the
 * memo run the names' lookups belong to (never 0; rx_new_gen starts another: a render, a
 * set:). */
extern const struct render_table *rx_run_table;
extern unsigned rx_run_gen;
void rx_new_gen(void);
/* The render under way (render_program_run counts them; never 0). */
extern unsigned rx_render_id;

/* csparse.c's lookup_map, var_lookup, var_lookup_obj, var_set_value. */
CS_LOCAL_MAP *rx_find_local(CSPARSE *parse, const char *name, size_t head);
size_t rx_head_of(const struct val *v);
char *rx_lookup_value(CSPARSE *parse, const struct val *v);
HDF *rx_lookup_obj(CSPARSE *parse, const struct val *v);
NEOERR *rx_set_value(CSPARSE *parse, const struct val *v, const char *value);
/* arg_eval, arg_eval_num, arg_eval_bool; rx_val_free frees an owned string. */
char *rx_val_str(CSPARSE *parse, const struct val *v);
long rx_val_num(CSPARSE *parse, const struct val *v);
long rx_val_bool(CSPARSE *parse, const struct val *v);
void rx_val_free(struct val *v);
/* eval_expr for what eval() below does not do itself; rx_eval_cell: cell(row, "column")
 * read in place, 0 when the call must be made instead. */
NEOERR *rx_eval_op(CSPARSE *parse, struct fexpr *e, struct val *r);
int rx_eval_cell(CSPARSE *parse, struct fexpr *e, struct val *r);

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
    if (e && e->cell && rx_run_table && rx_eval_cell(parse, e, r))
        return STATUS_OK;
    return rx_eval_op(parse, e, r);
}

#endif
