/* render.c — ClearSilver rendering with HTML auto-escaping forced on. */
#include "render.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

void render_log_error(const char *what, NEOERR *err)
{
    STRING s;

    string_init(&s);
    nerr_error_string(err, &s);
    log_error("%s: %s", what, s.buf ? s.buf : "(no detail)");
    string_clear(&s);
    nerr_ignore(&err);
}

int render_prepare(HDF *hdf, const char *template_dir)
{
    NEOERR *err;

    /* Escaping is the template layer's job: every var: is HTML-escaped. */
    if ((err = hdf_set_value(hdf, "Config.VarEscapeMode", "html")) ||
        (err = hdf_set_value(hdf, "Config.TimeFooter", "0")) ||
        (err = hdf_set_value(hdf, "Config.WhiteSpaceStrip", "0")) ||
        (err = hdf_set_value(hdf, "hdf.loadpaths.0", template_dir))) {
        render_log_error("render_prepare", err);
        return -1;
    }
    return 0;
}

/* Where cell() found each literal column name during this render: a list page asks
 * ~200 times for a dozen names, and finding one among the table's columns by strcmp was
 * a third of cell()'s time. Keyed by the literal's address in the parse tree, which
 * neither the tree nor the table can change while one render runs. */
#define COLUMN_HINTS 32
struct column_hint {
    const char *literal;
    int index;
};

/* cs_render's output context: the page being written, the rows cell() reads, and where
 * cell() found their columns. */
struct render_out {
    STRING *out;
    const struct render_table *table;
    struct column_hint hints[COLUMN_HINTS];
};

/* Appends a piece of the page: called for every literal and value (about a thousand a
 * list page), so it grows the buffer by doubling and copies, where string_append
 * measured and re-checked the buffer through two more calls each time. The STRING stays
 * ClearSilver's (string_clear frees it). */
static NEOERR *append_cb(void *ctx, char *buf)
{
    STRING *s = ((struct render_out *)ctx)->out;
    size_t n = strlen(buf), need = (size_t)s->len + n + 1;

    if (need > (size_t)s->max) {
        size_t max = s->max > 0 ? (size_t)s->max : 4096;
        char *grown;

        while (max < need)
            max *= 2;
        if (max > INT_MAX || (grown = realloc(s->buf, max)) == NULL)
            return nerr_raise(NERR_NOMEM, "page of %zu bytes", need);
        s->buf = grown;
        s->max = (int)max;
    }
    memcpy(s->buf + s->len, buf, n + 1);
    s->len += (int)n;
    return STATUS_OK;
}

/* The row number of cell()'s first argument when it is a number or a loop/macro local
 * holding one (the usual `cell(i, ...)`): cs_arg_parse would print the local into a
 * string and parse it back for every cell. 0, or -1 for any other expression. */
static int row_arg(CSPARSE *parse, const CSARG *a, long *row)
{
    if (a->op_type == CS_TYPE_NUM) {
        *row = a->n;
        return 0;
    }
    if (a->op_type == CS_TYPE_VAR && a->s && !strchr(a->s, '.'))
        for (const CS_LOCAL_MAP *m = parse->locals; m; m = m->next)
            if (strcmp(m->name, a->s) == 0) {
                if (m->type != CS_TYPE_NUM)
                    return -1;
                *row = m->n;
                return 0;
            }
    return -1;
}

/* The bytes ClearSilver's HTML escaper changes, learnt from the escaper itself (each byte
 * alone through neos_html_escape, once per process): a value without any of them is its
 * own escape, and cell() hands it out as it is instead of an escaped copy. */
static unsigned char html_special[256];
static int html_special_ready;

static int html_special_learn(void)
{
    for (int b = 1; b < 256; b++) {
        char in[2] = {(char)b, '\0'}, *out = NULL;
        NEOERR *err = neos_html_escape(in, 1, &out);

        if (err != STATUS_OK) {
            render_log_error("neos_html_escape", err);
            return -1;
        }
        html_special[b] = !out || strcmp(out, in) != 0;
        free(out);
    }
    html_special_ready = 1;
    return 0;
}

/* The index of column among t's columns, or -1. */
static int column_index(const struct render_table *t, const char *column)
{
    int c;

    for (c = 0; t->columns[c] && strcmp(t->columns[c], column) != 0; c++)
        ;
    return t->columns[c] ? c : -1;
}

/* cell(row, "column"): see render.h. cell() is registered as escaping its own result
 * (like html_escape()): the value, HTML-escaped by ClearSilver's escaper when it holds a
 * byte the escaper changes, else the table's own string (alloc 0, it outlives the
 * render). Skipping the copy for the plain values (nearly all: names, dates, codes) saves
 * an allocation and a scan for each of a list page's ~200 cells. */
static NEOERR *cell_fn(CSPARSE *parse, CS_FUNCTION *csf, CSARG *args, CSARG *result)
{
    struct render_out *o = parse->output_ctx;
    const struct render_table *t = o->table;
    struct column_hint *hint = NULL;
    long row = -1;
    char *column = NULL, *owned = NULL;
    NEOERR *err = STATUS_OK;
    int c;

    (void)csf;
    result->op_type = CS_TYPE_STRING;
    result->s = "";
    result->alloc = 0;
    if (args && args->next && args->next->op_type == CS_TYPE_STRING && row_arg(parse, args, &row) == 0) {
        column = args->next->s; /* a literal column name: the parse tree's own string */
        hint = &o->hints[((uintptr_t)column >> 4) % COLUMN_HINTS];
    } else if ((err = cs_arg_parse(parse, args, "is", &row, &owned)) != STATUS_OK)
        return nerr_pass(err);
    else
        column = owned;
    if (!t || !column) {
        err = nerr_raise(NERR_ASSERT, "cell(%ld, %s): no table for this page", row, column ? column : "?");
        goto out;
    }
    if (hint && hint->literal == column) {
        c = hint->index;
    } else if ((c = column_index(t, column)) < 0) {
        err = nerr_raise(NERR_ASSERT, "cell(%ld, %s): no such column", row, column);
        goto out;
    } else if (hint) {
        hint->literal = column;
        hint->index = c;
    }
    if (row >= 0 && row < t->nrows) {
        const char *v = t->value(t->ctx, (int)row, c), *p;

        if (!v)
            v = "";
        for (p = v; *p && !html_special[(unsigned char)*p]; p++)
            ;
        if (!*p) {
            result->s = (char *)v;
        } else if ((err = neos_html_escape(v, (int)strlen(v), &result->s)) == STATUS_OK) {
            result->alloc = 1;
        } else {
            result->s = "";
            err = nerr_pass(err);
        }
    }
out:
    free(owned);
    return err;
}

/* Parsed templates, kept for the life of the process (a worker re-executes on SIGHUP, so
 * a deploy brings new templates). ClearSilver resolves include: while parsing, with the
 * HDF at hand: layout.cs includes Page.Template, so a parse is one (directory, file,
 * Page.Template) and the lint (tests/lint-templates.sh) allows no other variable after
 * include:. Rendering reads only the parse tree and the HDF it is given (parse->hdf,
 * swapped in per request; set: and each: write there or in locals that are gone when
 * the render returns); a parse whose render failed is dropped, never reused.
 * shared (may be NULL) is a worker-kept HDF the template reads below the request's:
 * ClearSilver's global_hdf, consulted for a name the request's HDF lacks. */
#define PARSE_CACHE_MAX 64
static struct parsed {
    char *key;
    CSPARSE *cs;
} parses[PARSE_CACHE_MAX];
static int nparses;

static CSPARSE *parse_new(HDF *hdf, const char *file)
{
    CSPARSE *cs = NULL;
    NEOERR *err;

    if ((err = cs_init(&cs, hdf)) != STATUS_OK) {
        render_log_error("cs_init", err);
        return NULL;
    }
    if ((err = cgi_register_strfuncs(cs)) != STATUS_OK ||
        (err = cs_register_function(cs, "cell", 2, cell_fn)) != STATUS_OK) {
        render_log_error("cs_register_function", err);
        cs_destroy(&cs);
        return NULL;
    }
    /* cell() escapes its own result: var: must not escape it again (ClearSilver's own
     * cs_register_esc_strfunc marks its functions the same way; the newest is first). */
    if (!cs->functions || strcmp(cs->functions->name, "cell") != 0 ||
        (!html_special_ready && html_special_learn() != 0)) {
        log_error("render: cannot set up cell()");
        cs_destroy(&cs);
        return NULL;
    }
    cs->functions->escape = NEOS_ESCAPE_FUNCTION;
    if ((err = cs_parse_file(cs, file)) != STATUS_OK) {
        render_log_error(file, err);
        cs_destroy(&cs);
        return NULL;
    }
    return cs;
}

/* The cached parse for key, parsing and caching it on first use; *owned = 1 when the
 * cache is full and the caller must destroy the parse after rendering. */
static CSPARSE *parse_get(HDF *hdf, const char *file, const char *key, int *owned, int *slot)
{
    CSPARSE *cs;

    *owned = 0;
    for (int i = 0; i < nparses; i++)
        if (strcmp(parses[i].key, key) == 0) {
            *slot = i;
            parses[i].cs->hdf = hdf;
            return parses[i].cs;
        }
    if ((cs = parse_new(hdf, file)) == NULL)
        return NULL;
    if (nparses < PARSE_CACHE_MAX && (parses[nparses].key = strdup(key)) != NULL) {
        parses[nparses].cs = cs;
        *slot = nparses++;
    } else {
        *owned = 1;
        *slot = -1;
    }
    return cs;
}

static void parse_drop(int slot)
{
    cs_destroy(&parses[slot].cs);
    free(parses[slot].key);
    parses[slot] = parses[--nparses];
}

int render_file(HDF *hdf, HDF *shared, const struct render_table *table, const char *file, STRING *out)
{
    struct render_out ctx = {out, table, {{NULL, 0}}};
    char key[512];
    CSPARSE *cs;
    NEOERR *err;
    int owned, slot, n;

    n = snprintf(key, sizeof key, "%s|%s|%s", hdf_get_value(hdf, "hdf.loadpaths.0", ""), file,
                 hdf_get_value(hdf, "Page.Template", ""));
    if (n < 0 || (size_t)n >= sizeof key) {
        log_error("render: template key too long");
        return -1;
    }
    if ((cs = parse_get(hdf, file, key, &owned, &slot)) == NULL)
        return -1;
    /* ClearSilver looks a name up in the request's HDF first, then here ("global hdf"). */
    cs->global_hdf = shared;
    err = cs_render(cs, &ctx, append_cb);
    if (owned)
        cs_destroy(&cs);
    if (err != STATUS_OK) {
        render_log_error(file, err);
        if (slot >= 0)
            parse_drop(slot);
        return -1;
    }
    if (slot >= 0)
        cs->hdf = cs->global_hdf = NULL; /* the request's HDF is about to go */
    return 0;
}

void render_cache_clear(void)
{
    while (nparses > 0)
        parse_drop(nparses - 1);
}
