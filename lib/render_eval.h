/* render_eval.h — renders a ClearSilver parse tree without ClearSilver's evaluator.
 *
 * ClearSilver still parses every template (its syntax, include:, def:, the escape
 * context of each var:); this walks the tree it built. Same output as cs_render, byte for
 * byte: it follows csparse.c's evaluation rules one by one (variables, locals, macros and
 * their arguments, string/number coercion, escaping) and calls the parse's registered
 * functions as cs_render does, with the same local variables in place. It is faster
 * because the tree is compiled once per parse into nodes that know their literal's
 * length, their variable's first name part and which evaluation they need, a name is
 * looked up in the HDF once per render until a set: writes, and a value that needs no
 * escaping is written as it is. A tree holding a command it does not know (lvar:,
 * linclude:) compiles to NULL and is rendered by cs_render. See render.c for when each
 * runs and for the verification mode that runs both. */
#ifndef TEJIAN_RENDER_EVAL_H
#define TEJIAN_RENDER_EVAL_H

#include <ClearSilver.h>
#include <stddef.h>

#include "render.h"

struct render_program;

/* Compiles cs's tree (after cs_parse_file); NULL when the tree holds a command this
 * evaluator does not run, or when out of memory (both: render with cs_render). cell is
 * the function registered as cell() (render.h): its usual call, cell(local, "literal"),
 * reads the table directly, with the column's index kept in the compiled call. */
struct render_program *render_program_build(CSPARSE *cs, CSFUNCTION cell);
void render_program_free(struct render_program *p);

/* Renders p over cs's hdf and global_hdf, the way cs_render(cs, ctx, ...) would, onto
 * the end of out, with cs->output_ctx = ctx while it runs (registered functions read
 * it); table: the rows cell() reads (or NULL). */
NEOERR *render_program_run(struct render_program *p, CSPARSE *cs, void *ctx, STRING *out,
                           const struct render_table *table);

/* Room for n more bytes and a NUL at the end of o (ClearSilver's STRING, which
 * string_clear frees), growing it by doubling from 16 KB. */
NEOERR *render_reserve(STRING *o, size_t n);

/* cell()'s parts, one definition for both evaluators: the index of column among t's
 * columns (or -1), and row's value of column c as cell() returns it: "" outside the rows,
 * else HTML-escaped by ClearSilver's escaper when it holds a byte the escaper changes,
 * else the table's own string (alloc 0: it outlives the render). Skipping the copy for
 * plain values (nearly all: names, dates, codes) saves an allocation per cell. */
int render_table_column(const struct render_table *t, const char *column);
NEOERR *render_table_cell(const struct render_table *t, long row, int c, CSARG *result);

/* The length of s's leading run of bytes that ClearSilver's HTML escaper leaves as they
 * are (learnt from the escaper once per process); s needs no escaping when it is
 * strlen(s). -1 before render_html_learn succeeded. */
int render_html_learn(void);
size_t render_html_plain(const char *s);

#endif
