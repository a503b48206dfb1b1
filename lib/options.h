/* options.h — a <select>'s option list rendered once by its template and kept.
 *
 * A filter form's long lists (the catalogue's kinds and classes, a region's districts)
 * are reference data: rendering them per request was a quarter of a list page's
 * instructions (bench/RESULTS.md). The template layer renders and escapes them once
 * (templates/options.cs); a request that has one chosen gets a copy with " selected"
 * inserted into that option's start tag. The kept HTML reaches a page through uvar: on
 * the names tests/lint-templates.sh lists. */
#ifndef TEJIAN_OPTIONS_H
#define TEJIAN_OPTIONS_H

#include <stddef.h>

struct options {
    char *html;       /* every <option>, none selected */
    size_t len;
    int n;
    char **values;    /* the raw values, in order */
    size_t *mark;     /* per option: where " selected" goes (its start tag's '>') */
};

/* Renders n options (values[i], labels[i]; indent[i] non-zero: a second-level entry,
 * shown indented; indent may be NULL) with templates/options.cs from template_dir.
 * 0 or -1 (logged; *o is then empty). */
int options_build(struct options *o, const char *template_dir, int n, const char *const *values,
                  const char *const *labels, const int *indent);
/* The list with the option whose value is exactly value selected: a malloc'd copy, or
 * NULL when no option has that value (or value is NULL/empty, or no memory) — then
 * o->html is the answer. */
char *options_select(const struct options *o, const char *value);
void options_free(struct options *o);

#endif
