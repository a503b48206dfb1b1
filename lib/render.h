/* render.h — ClearSilver rendering with HTML auto-escaping forced on. */
#ifndef TEJIAN_RENDER_H
#define TEJIAN_RENDER_H

#include <ClearSilver.h>
#include <stddef.h>

/* Prepares hdf for rendering: html escape mode for every var:, no time footer, and
 * the template directory as load path. Call once per request HDF. */
int render_prepare(HDF *hdf, const char *template_dir);
/* Rows the template reads cell by cell, straight from where they are (a query's result),
 * instead of copied into the HDF: <?cs var:cell(i, "name") ?> is row i's value of the
 * column "name", "" when empty or when i is out of range, HTML-escaped like every var:.
 * A column the table does not have is a render error (a template's typo fails loudly).
 * Copying a 20-row list into HDF nodes and freeing them again cost more than rendering it. */
struct render_table {
    int nrows;
    const char *const *columns;  /* NULL-terminated, static: its address stands for its names */
    const char *(*value)(const void *ctx, int row, int column); /* never NULL */
    const void *ctx;
};

/* Renders template file (relative to the template dir) into out. 0 or -1 (logged).
 * The parse is kept for the process's life, per (template dir, file, Page.Template):
 * see render.c. shared (or NULL): a worker-kept HDF read for names hdf lacks. table (or
 * NULL): the rows cell() reads. */
int render_file(HDF *hdf, HDF *shared, const struct render_table *table, const char *file, STRING *out);
/* How templates are evaluated. RENDER_FAST (the default): by render_eval.c's evaluator
 * over ClearSilver's parse (cs_render for a tree it does not run); RENDER_CLEARSILVER:
 * by cs_render always; RENDER_VERIFY (test stacks): both, and a page on which they
 * differ by one byte fails to render, logged with where they part. */
enum render_engine { RENDER_FAST, RENDER_CLEARSILVER, RENDER_VERIFY };
void render_set_engine(enum render_engine e);
/* Drops every kept parse (tests; a worker never needs it). */
void render_cache_clear(void);
/* Logs a NEOERR chain (never shown to clients) and frees it. */
void render_log_error(const char *what, NEOERR *err);

#endif
