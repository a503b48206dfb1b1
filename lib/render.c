/* render.c — ClearSilver rendering with HTML auto-escaping forced on. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "render_eval.h"

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

/* cs_render's output context: the page being written and the rows cell() reads. */
struct render_out {
    STRING *out;
    const struct render_table *table;
};

/* cs_render's output: appends a piece of the page (string_append measured and re-checked
 * the buffer through two more calls each time). */
static NEOERR *append_cb(void *ctx, char *buf)
{
    STRING *s = ((struct render_out *)ctx)->out;
    size_t n = strlen(buf);
    NEOERR *err = render_reserve(s, n);

    if (err != STATUS_OK)
        return nerr_pass(err);
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

/* cell(row, "column"): see render.h; the value is render_table_cell's. cell() is
 * registered as escaping its own result (like html_escape()). render_eval.c reads the
 * usual form, cell(local, "literal"), without calling this; cs_render and any other form
 * of the call come here. */
static NEOERR *cell_fn(CSPARSE *parse, CS_FUNCTION *csf, CSARG *args, CSARG *result)
{
    const struct render_table *t = ((struct render_out *)parse->output_ctx)->table;
    long row = -1;
    char *column = NULL, *owned = NULL;
    NEOERR *err = STATUS_OK;
    int c;

    (void)csf;
    result->op_type = CS_TYPE_STRING;
    result->s = "";
    result->alloc = 0;
    if (args && args->next && args->next->op_type == CS_TYPE_STRING && row_arg(parse, args, &row) == 0)
        column = args->next->s; /* a literal column name: the parse tree's own string */
    else if ((err = cs_arg_parse(parse, args, "is", &row, &owned)) != STATUS_OK)
        return nerr_pass(err);
    else
        column = owned;
    if (!t || !column) {
        err = nerr_raise(NERR_ASSERT, "cell(%ld, %s): no table for this page", row, column ? column : "?");
        goto out;
    }
    if ((c = render_table_column(t, column)) < 0) {
        err = nerr_raise(NERR_ASSERT, "cell(%ld, %s): no such column", row, column);
        goto out;
    }
    err = render_table_cell(t, row, c, result);
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
    struct render_program *program; /* NULL: rendered by cs_render */
} parses[PARSE_CACHE_MAX];
static int nparses;

static enum render_engine engine = RENDER_FAST;

void render_set_engine(enum render_engine e)
{
    engine = e;
}

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
        render_html_learn() != 0) {
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

/* The cached parse for key, parsing and caching it (and its program) on first use;
 * *owned = 1 when the cache is full and the caller must destroy the parse after
 * rendering (such a parse gets no program: it renders with cs_render). */
static CSPARSE *parse_get(HDF *hdf, const char *file, const char *key, int *owned, int *slot,
                          struct render_program **program)
{
    CSPARSE *cs;

    *owned = 0;
    *program = NULL;
    for (int i = 0; i < nparses; i++)
        if (strcmp(parses[i].key, key) == 0) {
            *slot = i;
            *program = parses[i].program;
            parses[i].cs->hdf = hdf;
            return parses[i].cs;
        }
    if ((cs = parse_new(hdf, file)) == NULL)
        return NULL;
    if (nparses < PARSE_CACHE_MAX && (parses[nparses].key = strdup(key)) != NULL) {
        parses[nparses].cs = cs;
        if ((parses[nparses].program = render_program_build(cs, cell_fn)) == NULL)
            log_info("render: %s (%s) renders with cs_render: its tree holds a command the evaluator "
                     "does not run (lvar:, linclude:)", file, hdf_get_value(hdf, "Page.Template", "-"));
        *program = parses[nparses].program;
        *slot = nparses++;
    } else {
        *owned = 1;
        *slot = -1;
    }
    return cs;
}

static void parse_drop(int slot)
{
    render_program_free(parses[slot].program);
    cs_destroy(&parses[slot].cs);
    free(parses[slot].key);
    parses[slot] = parses[--nparses];
}

/* RENDER_VERIFY: cs_render over a fresh parse of the same file and copies of the HDFs
 * (a set: writes to them, and csparse.c can leave a set:'s name cut in its tree), then
 * the program over the request's; the page is the program's when both agree byte for
 * byte, else the render fails (logged with where they part). */
static NEOERR *render_both(CSPARSE *cs, struct render_program *program, struct render_out *ctx, const char *file)
{
    STRING expect;
    struct render_out ectx = {&expect, ctx->table};
    HDF *hdf = cs->hdf, *copy = NULL, *shared = NULL;
    CSPARSE *fresh = NULL;
    NEOERR *cs_err, *err;
    size_t at = 0;

    string_init(&expect);
    if ((err = hdf_init(&copy)) != STATUS_OK || (err = hdf_copy(copy, "", hdf)) != STATUS_OK ||
        (cs->global_hdf && ((err = hdf_init(&shared)) != STATUS_OK ||
                            (err = hdf_copy(shared, "", cs->global_hdf)) != STATUS_OK))) {
        hdf_destroy(&copy);
        hdf_destroy(&shared);
        return nerr_pass(err);
    }
    if ((fresh = parse_new(copy, file)) == NULL) {
        cs_err = nerr_raise(NERR_ASSERT, "render: %s does not parse again", file);
    } else {
        fresh->global_hdf = shared;
        cs_err = cs_render(fresh, &ectx, append_cb);
        cs_destroy(&fresh);
    }
    cs->output_cb = append_cb;
    err = render_program_run(program, cs, ctx, ctx->out, ctx->table);
    hdf_destroy(&copy);
    hdf_destroy(&shared);
    if ((cs_err == STATUS_OK) != (err == STATUS_OK)) {
        log_error("render: %s (%s): the evaluator %s where cs_render %s", file,
                  hdf_get_value(hdf, "Page.Template", "-"), err ? "failed" : "succeeded", cs_err ? "failed" : "succeeded");
        if (err == STATUS_OK)
            err = nerr_raise(NERR_ASSERT, "render: the evaluator and cs_render differ");
    } else if (err == STATUS_OK) {
        const char *got = ctx->out->buf ? ctx->out->buf : "", *want = expect.buf ? expect.buf : "";

        while (at < (size_t)ctx->out->len && at < (size_t)expect.len && got[at] == want[at])
            at++;
        if (ctx->out->len != expect.len || at < (size_t)expect.len) {
            size_t from = at > 40 ? at - 40 : 0;

            log_error("render: %s (%s): the evaluator and cs_render part at byte %zu: \"%.80s\" / \"%.80s\"",
                      file, hdf_get_value(hdf, "Page.Template", "-"), at, got + from, want + from);
            err = nerr_raise(NERR_ASSERT, "render: the evaluator and cs_render differ");
        }
    }
    nerr_ignore(&cs_err);
    string_clear(&expect);
    return err;
}

int render_file(HDF *hdf, HDF *shared, const struct render_table *table, const char *file, STRING *out)
{
    struct render_out ctx = {out, table};
    struct render_program *program;
    char key[512];
    CSPARSE *cs;
    NEOERR *err;
    int owned, slot;

    {
        const char *part[3] = {hdf_get_value(hdf, "hdf.loadpaths.0", ""), file, hdf_get_value(hdf, "Page.Template", "")};
        size_t at = 0;

        for (int i = 0; i < 3; i++) {
            size_t len = strlen(part[i]);
            if (at + len + 2 > sizeof key) {
                log_error("render: template key too long");
                return -1;
            }
            memcpy(key + at, part[i], len);
            at += len;
            key[at++] = i < 2 ? '|' : '\0';
        }
    }
    if ((cs = parse_get(hdf, file, key, &owned, &slot, &program)) == NULL)
        return -1;
    /* ClearSilver looks a name up in the request's HDF first, then here ("global hdf"). */
    cs->global_hdf = shared;
    if (program && engine == RENDER_VERIFY) {
        err = render_both(cs, program, &ctx, file);
    } else if (program && engine == RENDER_FAST) {
        cs->output_cb = append_cb; /* what a registered function would find there */
        err = render_program_run(program, cs, &ctx, out, table);
    } else {
        err = cs_render(cs, &ctx, append_cb);
    }
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
