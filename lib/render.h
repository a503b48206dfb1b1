/* render.h — ClearSilver rendering with HTML auto-escaping forced on. */
#ifndef TEJIAN_RENDER_H
#define TEJIAN_RENDER_H

#include <ClearSilver.h>
#include <stddef.h>

/* Prepares hdf for rendering: html escape mode for every var:, no time footer, and
 * the template directory as load path. Call once per request HDF. */
int render_prepare(HDF *hdf, const char *template_dir);
/* Renders template file (relative to the template dir) into out. 0 or -1 (logged).
 * The parse is kept for the process's life, per (template dir, file, Page.Template):
 * see render.c. shared (or NULL): a worker-kept HDF read for names hdf lacks. */
int render_file(HDF *hdf, HDF *shared, const char *file, STRING *out);
/* Drops every kept parse (tests; a worker never needs it). */
void render_cache_clear(void);
/* Logs a NEOERR chain (never shown to clients) and frees it. */
void render_log_error(const char *what, NEOERR *err);

#endif
