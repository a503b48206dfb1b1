/* test_render_eval.c — lib/render_eval.c's evaluator renders every template exactly as
 * cs_render does: the same bytes, and a render that fails with one fails with the other.
 *
 * Each comparison renders one template with one HDF four times, from a fresh parse each
 * time unless said: RENDER_CLEARSILVER; RENDER_FAST; RENDER_FAST again over the parse the
 * previous render kept (a kept parse must render as a fresh one); RENDER_VERIFY (0 when
 * the two agree, -1 when they do not). What is compared:
 *  - test_inline_cases: small templates written to a temporary directory, one construct
 *    each, among them the ones tests/lint-templates.sh keeps out of templates/ (uvar:,
 *    name:, alt: without html_escape(), lvar:, evar:) and other escape modes;
 *  - test_eval_templates: templates/test/eval_*.cs, with the HDFs below;
 *  - test_all_templates: every .cs under templates/, through layout.cs (Page.Template)
 *    and on its own, with the HDFs below and a table for its cell() columns;
 *  - test_cells: cell() (render.h) over a render_table.
 * The HDFs: none; every name the template mentions set to tricky values (4 rotations);
 * the same as lists (children 0..2 with every field a local reads, and for a name
 * followed by [ ] a child per string literal); HTML specials; names in the shared
 * (global) HDF, some also in the request's; and the Ev.* data set below.
 * Every divergence is printed (first differing byte, both outputs around it); the test
 * fails at the end. TEST_RENDER_EVAL_VERBOSE=1 keeps the renders' log lines on stderr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"

#define EVIL "<script>alert('x')</script>\" onmouseover=\"x&amp;\r\n"

/* ---- name/value lists --------------------------------------------------------------- */

struct kv {
    char *name, *value;
    int shared; /* 1: in the shared (global) HDF */
};

struct kvs {
    struct kv *v;
    size_t n, cap;
};

static void kvs_add(struct kvs *s, const char *name, const char *value, int shared)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
        assert_non_null(s->v);
    }
    s->v[s->n].name = strdup(name);
    s->v[s->n].value = strdup(value);
    s->v[s->n].shared = shared;
    assert_non_null(s->v[s->n].name);
    assert_non_null(s->v[s->n].value);
    s->n++;
}

/* "name=value" lines ('@' first: shared). */
static void kvs_lines(struct kvs *s, const char *lines)
{
    char *copy = strdup(lines), *line, *save = NULL;

    assert_non_null(copy);
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        kvs_add(s, line[0] == '@' ? line + 1 : line, eq + 1, line[0] == '@');
    }
    free(copy);
}

static void kvs_free(struct kvs *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].value);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* ---- one render ------------------------------------------------------------------ */

struct render_case {
    const char *dir;    /* template directory (hdf.loadpaths.0) */
    const char *file;   /* rendered file */
    const char *page;   /* Page.Template, or NULL */
    const struct kvs *hdf;
    const struct render_table *table;
    const char *label;  /* for the report */
};

struct rendered {
    int rc;
    STRING out;
};

static void render_once(const struct render_case *c, enum render_engine e, int clear, struct rendered *r)
{
    HDF *hdf = NULL, *shared = NULL;
    int any_shared = 0;

    if (clear)
        render_cache_clear();
    render_set_engine(e);
    assert_null(hdf_init(&hdf));
    assert_int_equal(render_prepare(hdf, c->dir), 0);
    if (c->page)
        assert_null(hdf_set_value(hdf, "Page.Template", c->page));
    for (size_t i = 0; c->hdf && i < c->hdf->n; i++)
        any_shared |= c->hdf->v[i].shared;
    if (any_shared)
        assert_null(hdf_init(&shared));
    for (size_t i = 0; c->hdf && i < c->hdf->n; i++)
        assert_null(hdf_set_value(c->hdf->v[i].shared ? shared : hdf, c->hdf->v[i].name, c->hdf->v[i].value));
    string_init(&r->out);
    r->rc = render_file(hdf, shared, c->table, c->file, &r->out);
    hdf_destroy(&hdf);
    hdf_destroy(&shared);
    render_set_engine(RENDER_FAST);
}

static int same(const struct rendered *a, const struct rendered *b)
{
    if (a->rc != b->rc)
        return 0;
    if (a->rc != 0)
        return 1; /* both failed: render_file's page is dropped */
    return a->out.len == b->out.len && (a->out.len == 0 || memcmp(a->out.buf, b->out.buf, (size_t)a->out.len) == 0);
}

static void show_bytes(const char *buf, int len, int from, int n)
{
    putchar('"');
    for (int i = from; i < len && i < from + n; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if (ch == '\n')
            fputs("\\n", stdout);
        else if (ch == '\r')
            fputs("\\r", stdout);
        else if (ch == '"' || ch == '\\')
            printf("\\%c", ch);
        else
            putchar(ch);
    }
    putchar('"');
}

static int divergences, reported;

static void report(const struct render_case *c, const char *what, const struct rendered *want, const struct rendered *got)
{
    int at = 0, from;

    divergences++;
    if (++reported > 40)
        return;
    while (want->rc == 0 && got->rc == 0 && at < want->out.len && at < got->out.len && want->out.buf[at] == got->out.buf[at])
        at++;
    from = at > 60 ? at - 60 : 0;
    printf("DIVERGENCE %s: %s (file %s, page %s)\n", what, c->label, c->file, c->page ? c->page : "-");
    printf("  cs_render rc %d, %d bytes; other rc %d, %d bytes; first difference at byte %d\n", want->rc,
           want->out.len, got->rc, got->out.len, at);
    if (want->rc == 0 && got->rc == 0) {
        printf("  cs_render: ");
        show_bytes(want->out.buf, want->out.len, from, 160);
        printf("\n  other:     ");
        show_bytes(got->out.buf, got->out.len, from, 160);
        printf("\n");
    }
}

/* The four renders of one case; 0 when they agree. */
static int compare(const struct render_case *c)
{
    struct rendered cs, fast, kept, verify;
    int bad = 0;

    render_once(c, RENDER_CLEARSILVER, 1, &cs);
    render_once(c, RENDER_FAST, 1, &fast);
    render_once(c, RENDER_FAST, 0, &kept);
    render_once(c, RENDER_VERIFY, 1, &verify);
    if (!same(&cs, &fast)) {
        report(c, "fast", &cs, &fast);
        bad = 1;
    }
    if (!same(&cs, &kept)) {
        report(c, "fast over a kept parse", &cs, &kept);
        bad = 1;
    }
    /* verify: the evaluator's page when both agree, a failure when they differ */
    if (bad ? verify.rc != -1 : !same(&cs, &verify)) {
        report(c, bad ? "verify did not fail" : "verify", &cs, &verify);
        bad = 1;
    }
    string_clear(&cs.out);
    string_clear(&fast.out);
    string_clear(&kept.out);
    string_clear(&verify.out);
    render_cache_clear();
    return bad;
}

/* ---- the log, quiet unless asked for --------------------------------------------- */

static int saved_stderr = -1;

static void quiet(void)
{
    int null;

    if (getenv("TEST_RENDER_EVAL_VERBOSE") || saved_stderr >= 0)
        return;
    fflush(stderr);
    saved_stderr = dup(2);
    null = open("/dev/null", O_WRONLY);
    if (saved_stderr >= 0 && null >= 0)
        dup2(null, 2);
    if (null >= 0)
        close(null);
}

static void loud(void)
{
    if (saved_stderr < 0)
        return;
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
}

static void begin(void)
{
    divergences = reported = 0;
    quiet();
}

static void finish(const char *what, int cases)
{
    loud();
    printf("%s: %d comparisons, %d divergences\n", what, cases, divergences);
    fflush(stdout);
    if (divergences)
        fail_msg("%s: the evaluator and cs_render differ in %d of %d comparisons (listed above)", what,
                 divergences, cases);
}

/* ---- what a template mentions ------------------------------------------------------ */

struct words {
    char **v;
    size_t n, cap;
};

static int words_has(const struct words *w, const char *s, size_t len)
{
    for (size_t i = 0; i < w->n; i++)
        if (strlen(w->v[i]) == len && memcmp(w->v[i], s, len) == 0)
            return 1;
    return 0;
}

static void words_add(struct words *w, const char *s, size_t len)
{
    if (len == 0 || words_has(w, s, len))
        return;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 32;
        w->v = realloc(w->v, w->cap * sizeof *w->v);
        assert_non_null(w->v);
    }
    w->v[w->n] = strndup(s, len);
    assert_non_null(w->v[w->n]);
    w->n++;
}

static void words_free(struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
    memset(w, 0, sizeof *w);
}

struct mentions {
    struct words names;    /* dotted names read (A.b.c) */
    struct words locals;   /* each:/with:/loop: locals and macro arguments */
    struct words literals; /* string literals (cell() columns among them) */
    struct words bases;    /* names followed by [ */
    struct words fields;   /* what follows "local." in a name */
};

static int is_name_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(int c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '.';
}

static void scan_expr(struct mentions *m, const char *p, const char *end)
{
    while (p < end) {
        if (*p == '"' || *p == '\'') {
            const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
            if (!q)
                return;
            words_add(&m->literals, p + 1, (size_t)(q - p - 1));
            p = q + 1;
        } else if (*p >= '0' && *p <= '9') {
            while (p < end && (is_name_char((unsigned char)*p)))
                p++;
        } else if (is_name_start((unsigned char)*p)) {
            const char *s = p, *after;
            size_t len;
            while (p < end && is_name_char((unsigned char)*p))
                p++;
            len = (size_t)(p - s);
            while (len && s[len - 1] == '.')
                len--;
            for (after = p; after < end && (*after == ' ' || *after == '\t'); after++)
                ;
            if (after < end && *after == '(')
                continue; /* a function */
            words_add(&m->names, s, len);
            if (after < end && *after == '[')
                words_add(&m->bases, s, len);
        } else {
            p++;
        }
    }
}

static void scan_text(struct mentions *m, const char *text)
{
    const char *p = text;

    while ((p = strstr(p, "<?cs")) != NULL) {
        const char *end = strstr(p, "?>"), *cmd, *arg;
        size_t clen;

        if (!end)
            return;
        for (cmd = p + 4; cmd < end && (*cmd == ' ' || *cmd == '\t' || *cmd == '\n'); cmd++)
            ;
        for (arg = cmd; arg < end && *arg != ':' && *arg != ' ' && *arg != '\t' && *arg != '\n'; arg++)
            ;
        clen = (size_t)(arg - cmd);
        if (arg < end && *arg == ':')
            arg++;
        if (clen >= 1 && cmd[0] == '#') {
            /* a comment */
        } else if (clen == 3 && memcmp(cmd, "def", 3) == 0) {
            const char *a = memchr(arg, '(', (size_t)(end - arg));
            while (a && a < end) {
                const char *s;
                a++;
                while (a < end && (*a == ' ' || *a == ','))
                    a++;
                s = a;
                while (a < end && is_name_char((unsigned char)*a))
                    a++;
                words_add(&m->locals, s, (size_t)(a - s));
                if (a >= end || *a == ')')
                    break;
            }
        } else if ((clen == 4 && (memcmp(cmd, "each", 4) == 0 || memcmp(cmd, "with", 4) == 0 ||
                                  memcmp(cmd, "loop", 4) == 0))) {
            const char *s, *eq = memchr(arg, '=', (size_t)(end - arg));
            for (s = arg; s < end && *s == ' '; s++)
                ;
            const char *e = s;
            while (e < end && is_name_char((unsigned char)*e))
                e++;
            words_add(&m->locals, s, (size_t)(e - s));
            if (eq)
                scan_expr(m, eq + 1, end);
        } else if (clen == 4 && memcmp(cmd, "call", 4) == 0) {
            const char *a = memchr(arg, '(', (size_t)(end - arg));
            if (a)
                scan_expr(m, a + 1, end);
        } else if (clen == 7 && memcmp(cmd, "include", 7) == 0) {
            /* include:"literal" or Page.Template: the file is scanned by the caller */
        } else {
            scan_expr(m, arg, end);
        }
        p = end + 2;
    }
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void scan_file(struct mentions *m, const char *dir, const char *file)
{
    char path[1024];
    char *text;

    snprintf(path, sizeof path, "%s/%s", dir, file);
    if ((text = read_text(path)) == NULL)
        return;
    scan_text(m, text);
    free(text);
}

static void fields_from_locals(struct mentions *m)
{
    for (size_t i = 0; i < m->names.n; i++) {
        const char *n = m->names.v[i], *dot = strchr(n, '.');
        if (dot && words_has(&m->locals, n, (size_t)(dot - n)))
            words_add(&m->fields, dot + 1, strlen(dot + 1));
    }
}

static void mentions_free(struct mentions *m)
{
    words_free(&m->names);
    words_free(&m->locals);
    words_free(&m->literals);
    words_free(&m->bases);
    words_free(&m->fields);
}

/* ---- the HDFs ------------------------------------------------------------------------ */

/* atoi of each is small (loops over them stay short) and none makes string.slice read
 * before its string (a ClearSilver bug both engines share). */
static const char *const TRICKY[] = {
    "", "0", "00", "09", "0x10", "  5", "-1", "+0", "12abc", "abc", "31010012345678901234",
    "4294967296", "-99999999999999999999", "0x100000000", "1", "3", "2", "-0", " ", "1.5",
    "<b>&amp;\"x\"'y'\r\n", "中文电梯 No.1", "4294967297", "18446744073709551616", "0x", "08", "010",
    "7 ", "\t7", "0000000000000000000001", "9223372036854775807",
};
#define NTRICKY (sizeof TRICKY / sizeof TRICKY[0])

static const char *const HTMLISH[] = {
    EVIL, "a<b", "x&y", "\"quoted\"", "'single'", "cr\rlf\r\n", "中文<电梯>&", "&lt;already&gt;", "\r",
};
#define NHTMLISH (sizeof HTMLISH / sizeof HTMLISH[0])

static unsigned hash(const char *s)
{
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static int settable(const char *name)
{
    return strncmp(name, "Config.", 7) != 0 && strncmp(name, "hdf.", 4) != 0 && strcmp(name, "Config") != 0 &&
           strcmp(name, "hdf") != 0 && strcmp(name, "Page.Template") != 0 && strcmp(name, "Page") != 0;
}

/* The Ev.* data set of templates/test/eval_*.cs. */
static const char DATASET[] =
    "Ev.A=abc\nEv.B=<b>&\"'\r x\nEv.N1=7\nEv.N2=-3\nEv.Big=31010012345678901234\nEv.Hex=0x1F\n"
    "Ev.Oct=017\nEv.Zh=中文电梯\nEv.Idx=1\nEv.Key=k1\nEv.Ptr=List\nEv.Empty=\nEv.Leaf=leaf\n"
    "Ev.Map.k1=v1\nEv.Map.k2=v<2>\nEv.Map.k3=\nEv.List.0=zero\nEv.List.0.name=甲<&>\nEv.List.0.n=3\n"
    "Ev.List.0.sub.a=x\nEv.List.0.sub.b=y\"\nEv.List.0.sub.b.deep=d\nEv.List.1=one\nEv.List.1.name=乙\n"
    "Ev.List.1.n=0\nEv.List.1.sub.a=1\nEv.List.2=two\n"
    "Ev.Text=see http://example.com/?a=1&b=<2> now\nEv.Url=https://example.com/a?b=c&d=<e>\n"
    "Ev.Specials=<>&\"'\r\nEv.Cr=a\rb\r\n"
    "Ev.Truth.missing_value=\nEv.Truth.empty=\nEv.Truth.zero=0\nEv.Truth.zeros=00\nEv.Truth.oct9=09\n"
    "Ev.Truth.hex=0x10\nEv.Truth.space5=  5\nEv.Truth.minus1=-1\nEv.Truth.plus0=+0\nEv.Truth.num_abc=12abc\n"
    "Ev.Truth.abc=abc\nEv.Truth.long=31010012345678901234\nEv.Truth.two32=4294967296\n"
    "Ev.Truth.minus_two32=-4294967296\nEv.Truth.hex_two32=0x100000000\nEv.Truth.oct_two32=040000000000\n"
    "Ev.Truth.long_min=-99999999999999999999\nEv.Truth.two64=18446744073709551616\n"
    "Ev.Truth.two32_1=4294967297\nEv.Truth.float=1.5\nEv.Truth.blank= \nEv.Truth.minus0=-0\n"
    "Ev.Truth.ox=0x\nEv.Truth.plus=+\nEv.Truth.minus=-\nEv.Truth.oct8=08\nEv.Truth.oct10=010\n"
    "Ev.Truth.tab7=\t7\nEv.Truth.seven_space=7 \nEv.Truth.zh=中文\nEv.Truth.html=<&>\n"
    "Ev.Truth.lmax=9223372036854775807\nEv.Truth.lmax1=9223372036854775808\n"
    "Ev.Truth.lmin=-9223372036854775808\nEv.Truth.two31=2147483648\nEv.Truth.minus_two31=-2147483648\n"
    "Ev.Truth.one=0000000000000000000000000001\nEv.Truth.cr=\r\n"
    "Ev.Truth.lim=922337203685477580\nEv.Truth.lmax3=9223372036854775810\nEv.Truth.two96=79228162514264337593543950336\n"
    "Ev.Truth.octmax=0777777777777777777777\nEv.Truth.octmax1=01000000000000000000000\n";

enum variant { V_EMPTY, V_TRICKY0, V_TRICKY1, V_TRICKY2, V_TRICKY3, V_LISTS, V_HTML, V_SHARED, V_DATASET, V_DATASET_LISTS, NVARIANTS };
static const char *const VARIANT_NAME[NVARIANTS] = {
    "empty HDF", "tricky values (0)", "tricky values (1)", "tricky values (2)", "tricky values (3)",
    "lists", "HTML specials", "shared HDF", "Ev data set", "Ev data set over lists",
};

static void add_lists(struct kvs *s, const struct mentions *m)
{
    for (size_t i = 0; i < m->names.n; i++) {
        const char *n = m->names.v[i];
        unsigned h = hash(n);
        char name[512];

        if (!settable(n))
            continue;
        kvs_add(s, n, TRICKY[h % NTRICKY], 0);
        for (int k = 0; k < 3; k++) {
            snprintf(name, sizeof name, "%s.%d", n, k);
            kvs_add(s, name, TRICKY[(h + (unsigned)k * 5 + 1) % NTRICKY], 0);
            for (size_t f = 0; f < m->fields.n && f < 80; f++) {
                snprintf(name, sizeof name, "%s.%d.%s", n, k, m->fields.v[f]);
                kvs_add(s, name, TRICKY[(h + (unsigned)(k * 7 + f * 3) + 2) % NTRICKY], 0);
            }
        }
    }
    for (size_t i = 0; i < m->bases.n; i++)
        for (size_t l = 0; l < m->literals.n && l < 60; l++) {
            char name[512];
            const char *lit = m->literals.v[l];
            if (!*lit || strpbrk(lit, " .<>\"'=&?") || !settable(m->bases.v[i]))
                continue;
            snprintf(name, sizeof name, "%s.%s", m->bases.v[i], lit);
            kvs_add(s, name, TRICKY[(hash(name)) % NTRICKY], 0);
            for (size_t f = 0; f < m->fields.n && f < 40; f++) {
                char sub[600];
                snprintf(sub, sizeof sub, "%s.%s", name, m->fields.v[f]);
                kvs_add(s, sub, TRICKY[hash(sub) % NTRICKY], 0);
            }
        }
}

static void make_variant(struct kvs *s, enum variant v, const struct mentions *m)
{
    memset(s, 0, sizeof *s);
    switch (v) {
    case V_EMPTY:
        break;
    case V_TRICKY0:
    case V_TRICKY1:
    case V_TRICKY2:
    case V_TRICKY3:
        for (size_t i = 0; i < m->names.n; i++)
            if (settable(m->names.v[i]))
                kvs_add(s, m->names.v[i], TRICKY[(hash(m->names.v[i]) + (unsigned)(v - V_TRICKY0) * 11) % NTRICKY], 0);
        break;
    case V_LISTS:
        add_lists(s, m);
        break;
    case V_HTML:
        for (size_t i = 0; i < m->names.n; i++)
            if (settable(m->names.v[i]))
                kvs_add(s, m->names.v[i], HTMLISH[hash(m->names.v[i]) % NHTMLISH], 0);
        break;
    case V_SHARED:
        for (size_t i = 0; i < m->names.n; i++) {
            unsigned h = hash(m->names.v[i]);
            if (!settable(m->names.v[i]))
                continue;
            kvs_add(s, m->names.v[i], TRICKY[(h + 3) % NTRICKY], 1);
            if (h % 3 == 0)
                kvs_add(s, m->names.v[i], TRICKY[(h + 4) % NTRICKY], 0);
        }
        break;
    case V_DATASET:
        kvs_lines(s, DATASET);
        break;
    case V_DATASET_LISTS:
        add_lists(s, m);
        kvs_lines(s, DATASET);
        break;
    default:
        break;
    }
}

/* A table with a column per string literal the template has (cell()'s columns among
 * them), 3 rows of tricky and HTML values. */
struct lit_table {
    const char **columns;
    int ncolumns;
};

static const char *lit_value(const void *ctx, int row, int column)
{
    const struct lit_table *t = ctx;
    assert_true(row >= 0 && row < 3 && column >= 0 && column < t->ncolumns);
    if ((row + column) % 3 == 0)
        return HTMLISH[(unsigned)(row * 7 + column) % NHTMLISH];
    return TRICKY[(unsigned)(row * 13 + column * 5) % NTRICKY];
}

/* ---- test_inline_cases ------------------------------------------------------------ */

struct inline_case {
    const char *name;
    const char *hdf;      /* "name=value" lines; '@': the shared HDF */
    const char *tmpl;
};

static const struct inline_case INLINE[] = {
    /* if: and alt: keep an int of arg_eval_bool's long (csparse.c if_eval, alt_eval) */
    {"if: a string that is 2^32", "V=4294967296", "<?cs if:V ?>T<?cs else ?>F<?cs /if ?>"},
    {"if: a number literal 2^32", "", "<?cs if:4294967296 ?>T<?cs else ?>F<?cs /if ?>"},
    {"if: a product that is 2^32", "V=65536", "<?cs if:V * V ?>T<?cs else ?>F<?cs /if ?>"},
    {"if: hex 2^32", "V=0x100000000", "<?cs if:V ?>T<?cs else ?>F<?cs /if ?>"},
    {"if: a string below LONG_MIN", "V=-99999999999999999999", "<?cs if:V ?>T<?cs else ?>F<?cs /if ?>"},
    {"alt: a string that is 2^32", "V=4294967296", "[<?cs alt:V ?>empty<?cs /alt ?>]"},
    {"alt: a number that is 2^32", "", "[<?cs alt:4294967296 ?>empty<?cs /alt ?>]"},
    {"elif: a string that is 2^32", "V=4294967296", "<?cs if:0 ?>a<?cs elif:V ?>b<?cs else ?>c<?cs /if ?>"},
    {"!, && and || keep the long", "V=4294967296",
     "<?cs if:!V ?>n<?cs /if ?><?cs if:V && 1 ?>a<?cs /if ?><?cs if:V || 0 ?>o<?cs /if ?>"},
    /* var_set_value leaves "a.b" cut to "a" when a is a local that is no HDF node */
    {"set: a member of a loop local", "", "<?cs loop:i = 1, 3 ?><?cs set:i.x = \"a\" ?><?cs var:i ?>,<?cs /loop ?>"},
    {"set: a member of a string macro argument", "",
     "<?cs def:m(a) ?><?cs set:a.x = \"v\" ?>[<?cs var:a ?>]<?cs /def ?><?cs call:m(\"s\") ?><?cs call:m(\"t\") ?>"},
    {"set: a member of a number macro argument, once", "",
     "<?cs def:m(a) ?><?cs set:a.x = \"v\" ?>[<?cs var:a ?>]<?cs /def ?><?cs call:m(1) ?>"},
    /* a string lvalue names a local as a name does (var_set_value looks up locals first) */
    {"set: a string naming a loop local", "", "<?cs loop:i = 1, 2 ?><?cs set:\"i\" = \"s\" ?><?cs var:i ?><?cs /loop ?>|<?cs var:i ?>"},
    {"set: a string naming a member of an each local", "Rows.0=a\nRows.1=b",
     "<?cs each:r = Rows ?><?cs set:\"r.mark\" = \"m\" ?><?cs var:r.mark ?><?cs /each ?>|<?cs var:r.mark ?>|<?cs var:Rows.0.mark ?>"},
    /* eval_expr_string: the sum of two missing strings is a missing string, no error */
    {"var: two missing names added", "", "[<?cs var:A + B ?>]"},
    {"set: two missing names added", "", "<?cs set:C = A + B ?>[<?cs var:C ?>][<?cs var:?C ?>]"},
    /* a set: through a local onto a node of the shared HDF writes the shared HDF: the
     * renders RENDER_VERIFY makes are not independent (render_both copies only the
     * request's HDF) */
    {"set: onto the shared HDF through a macro argument", "@S=shared\nA=x",
     "<?cs def:m(t) ?><?cs set:t = t + \"!\" ?><?cs /def ?><?cs call:m(S) ?>[<?cs var:S ?>]"},
    {"set: onto the shared HDF through with:", "@S.a=shared",
     "<?cs with:w = S ?><?cs set:w.a = w.a + \"!\" ?><?cs /with ?>[<?cs var:S.a ?>]"},
    /* what tests/lint-templates.sh keeps out of templates/ */
    {"uvar:", "E=<b>&\"'\r x\nZ=中文", "[<?cs uvar:E ?>][<?cs uvar:Z ?>][<?cs uvar:Missing ?>][<?cs uvar:html_escape(E) ?>][<?cs uvar:1 + 2 ?>]"},
    {"name:", "N.0=a\nN.1=b\nN.1.x=c",
     "[<?cs name:N ?>][<?cs name:N.1 ?>][<?cs name:N.1.x ?>][<?cs name:Missing ?>]<?cs each:x = N ?>(<?cs name:x ?>)<?cs /each ?><?cs with:w = N.1 ?><?cs name:w ?><?cs name:w.x ?><?cs /with ?><?cs loop:i = 1, 2 ?><?cs name:i ?><?cs /loop ?>"},
    {"name: of macro arguments", "N.0=a",
     "<?cs def:m(a, b, c) ?>[<?cs name:a ?>|<?cs name:b ?>|<?cs name:c ?>]<?cs /def ?><?cs call:m(N.0, \"s\", 3) ?><?cs call:m(Missing, N, N.0) ?>"},
    {"alt: unescaped", "E=<b>&\"'\r\nZ=0\nN=12abc",
     "[<?cs alt:E ?>x<?cs /alt ?>][<?cs alt:Missing ?>d<?cs /alt ?>][<?cs alt:\"\" ?>e<?cs /alt ?>][<?cs alt:0 ?>z<?cs /alt ?>][<?cs alt:7 ?>n<?cs /alt ?>][<?cs alt:Z ?>zero<?cs /alt ?>][<?cs alt:N ?>-<?cs /alt ?>][<?cs alt:#N ?>-<?cs /alt ?>][<?cs alt:N + 1 ?>-<?cs /alt ?>][<?cs alt:Missing ?><?cs var:E ?><?cs alt:E ?>in<?cs /alt ?><?cs /alt ?>]"},
    {"lvar: (cs_render renders it)", "T=<?cs var:E ?>[<?cs var:#1 + 1 ?>]\nE=<&>", "a<?cs lvar:T ?>b"},
    {"evar: (read while parsing)", "T=<?cs var:E ?>|<?cs if:E ?>y<?cs /if ?>\nE=<&>", "a<?cs evar:T ?>b"},
    {"linclude: of a missing file (cs_render renders it)", "", "a<?cs linclude:\"no-such-file.cs\" ?>b"},
    /* escape modes */
    {"VarEscapeMode none", "Config.VarEscapeMode=none\nE=<b>&\"'\r\nZ=中文",
     "[<?cs var:E ?>][<?cs var:Z ?>][<?cs var:html_escape(E) ?>]<?cs def:m(a) ?>(<?cs var:a ?>)<?cs /def ?><?cs call:m(E) ?><?cs escape:\"html\" ?><?cs var:E ?><?cs call:m(E) ?><?cs /escape ?>"},
    {"VarEscapeMode js", "Config.VarEscapeMode=js\nE=<b>&\"'\r\n\\x\nZ=中文",
     "[<?cs var:E ?>][<?cs var:Z ?>][<?cs var:js_escape(E) ?>][<?cs var:1 + 1 ?>]<?cs def:m(a) ?>(<?cs var:a ?>)<?cs /def ?><?cs call:m(E) ?>"},
    {"VarEscapeMode url", "Config.VarEscapeMode=url\nE=<b>&\"'\r x/?=\nZ=中文",
     "[<?cs var:E ?>][<?cs var:Z ?>][<?cs var:url_escape(E) ?>]<?cs def:m(a) ?>(<?cs var:a ?>)<?cs /def ?><?cs call:m(E) ?>"},
    {"escape: blocks and macros", "E=<b>&\"'\r x",
     "<?cs def:m(a) ?>(<?cs var:a ?><?cs call:n(a) ?>)<?cs /def ?><?cs def:n(b) ?>{<?cs var:b ?>}<?cs /def ?><?cs escape:\"js\" ?><?cs call:m(E) ?><?cs /escape ?><?cs call:m(E) ?><?cs escape:\"url\" ?><?cs call:n(E) ?><?cs escape:\"none\" ?><?cs call:m(E) ?><?cs /escape ?><?cs call:m(E) ?><?cs /escape ?>"},
    {"def: inside escape:", "E=<&>",
     "<?cs escape:\"none\" ?><?cs def:m() ?>[<?cs var:E ?>]<?cs /def ?><?cs /escape ?><?cs call:m() ?><?cs escape:\"js\" ?><?cs call:m() ?><?cs /escape ?>"},
    {"WhiteSpaceStrip", "Config.WhiteSpaceStrip=1\nE=a  b",
     "  <p>\n   <?cs var:E ?>   x  \n\n  <?cs if:E ?>  y  <?cs /if ?>\n</p>  "},
    {"TagStart", "Config.TagStart=tj\nE=<&>", "<?tj var:E ?><?cs var:E ?>"},
    /* the shared (global) HDF */
    {"shared HDF below the request's", "@G=g<\n@B=shared\nB=request\n@L.0=s0\n@L.1=s1\nL.0=r0\n@D.x.y=dxy\nD.z=dz",
     "[<?cs var:G ?>][<?cs var:B ?>][<?cs var:L.0 ?>][<?cs var:L.1 ?>][<?cs var:D.x.y ?>][<?cs var:D.z ?>]<?cs each:x = L ?>(<?cs var:x ?>)<?cs /each ?><?cs each:x = D ?>(<?cs var:name(x) ?>)<?cs /each ?><?cs with:w = D.x ?><?cs var:w.y ?><?cs /with ?>[<?cs var:?G ?><?cs var:subcount(L) ?><?cs var:name(G) ?>]<?cs set:G = \"set\" ?>[<?cs var:G ?>]<?cs def:m(a) ?>(<?cs var:a ?><?cs var:a.y ?>)<?cs /def ?><?cs call:m(G) ?><?cs call:m(D.x) ?>"},
    /* names, locals and their lookups */
    {"a local hides an HDF name", "N=top\nN.x=topx\nN.0=a\nN.0.x=ax\ni=hdf-i\ni.x=hdf-ix",
     "<?cs each:N = N ?>[<?cs var:N ?>|<?cs var:N.x ?>]<?cs /each ?><?cs loop:i = 1, 2 ?>[<?cs var:i ?>|<?cs var:i.x ?>|<?cs var:#i ?>|<?cs var:?i.x ?>]<?cs /loop ?>[<?cs var:i ?>|<?cs var:i.x ?>]"},
    {"a local with an empty name", "", "<?cs loop:=2 ?>[<?cs var:$.x ?>|<?cs var:$. ?>]<?cs /loop ?><?cs each:=N ?>(<?cs var:$.x ?>)<?cs /each ?>"},
    {"dotted local names", "a.b=hdf\nN.0=x", "<?cs each:a.b = N ?>[<?cs var:a.b ?>]<?cs /each ?><?cs loop:c.d = 1, 2 ?>[<?cs var:c.d ?>]<?cs /loop ?>"},
    {"a name looked up before and after a set:", "A=1\nB.c=2",
     "<?cs var:A ?><?cs var:B.c ?><?cs var:B.d ?><?cs set:A = \"x\" ?><?cs set:B.d = \"new\" ?><?cs var:A ?><?cs var:B.c ?><?cs var:B.d ?><?cs with:w = B ?><?cs set:w.c = \"w\" ?><?cs /with ?><?cs var:B.c ?><?cs each:x = B ?><?cs set:x = \"e\" + name(x) ?><?cs var:B.c ?><?cs /each ?>"},
    {"a name under a node a set: makes", "",
     "[<?cs var:P.q.r ?>]<?cs set:P.q = \"pq\" ?>[<?cs var:P.q.r ?>]<?cs set:P.q.r = \"pqr\" ?>[<?cs var:P.q.r ?>][<?cs var:P.q ?>]"},
    {"each: over a list it grows", "N.0=a\nN.1=b",
     "<?cs each:x = N ?><?cs set:N.extra = \"e\" ?><?cs set:x.child = \"g\" ?><?cs var:name(x) ?>=<?cs var:x ?><?cs var:x.child ?>,<?cs /each ?>"},
    {"set: of a computed name", "N.k=v\nK=k",
     "<?cs set:N[K] = \"by-key\" ?><?cs var:N.k ?><?cs set:N[Missing] = \"root\" ?>[<?cs var:N[Missing] ?>]<?cs set:\"S\" = \"str\" ?><?cs var:S ?><?cs set:5 = \"n\" ?><?cs set:N[#2] = \"two\" ?><?cs var:N.2 ?>"},
    {"set: a missing value", "A=a",
     "<?cs set:A = Missing ?>[<?cs var:A ?>][<?cs var:?A ?>]<?cs set:B = Missing ?>[<?cs var:?B ?>]"},
    {"macro arguments", "N.0=a\nN.0.x=ax\nS=str",
     "<?cs def:m(a) ?>(<?cs var:a ?>|<?cs var:a.x ?>|<?cs each:c = a ?><?cs var:c ?><?cs /each ?>|<?cs with:w = a ?>w<?cs var:w ?><?cs /with ?>)<?cs /def ?><?cs call:m(N.0) ?><?cs call:m(\"N\") ?><?cs call:m(S) ?><?cs call:m(N) ?><?cs call:m(N[0]) ?><?cs call:m(Missing) ?><?cs call:m(1 + 1) ?><?cs call:m(\"a\" + S) ?>"},
    {"macro arguments in the caller's scope", "A=hdfA\nB=hdfB",
     "<?cs def:m(a, b) ?>[<?cs var:a ?>|<?cs var:b ?>]<?cs call:n(b, a) ?><?cs /def ?><?cs def:n(a, b) ?>{<?cs var:a ?>|<?cs var:b ?>}<?cs /def ?><?cs call:m(A, B) ?><?cs call:m(B, A) ?><?cs loop:a = 1, 2 ?><?cs call:m(a, \"x\") ?><?cs /loop ?>"},
    {"set: through macro arguments", "N.0=a",
     "<?cs def:m(a) ?><?cs set:a = \"set\" ?><?cs set:a.sub = \"sub\" ?>[<?cs var:a ?>|<?cs var:a.sub ?>]<?cs /def ?><?cs call:m(N.0) ?><?cs call:m(New.Node) ?><?cs call:m(N) ?>[<?cs var:N.0 ?>|<?cs var:N.0.sub ?>|<?cs var:New.Node ?>|<?cs var:New.Node.sub ?>|<?cs var:N ?>|<?cs var:N.sub ?>]<?cs each:x = N ?><?cs call:m(x) ?><?cs /each ?><?cs loop:i = 1, 1 ?><?cs call:m(i) ?><?cs var:i ?><?cs /loop ?>"},
    {"set: of an argument that is an each local with no node yet", "N.0=a",
     "<?cs def:m(a) ?><?cs set:a = \"v\" ?><?cs var:a ?>|<?cs /def ?><?cs each:x = N ?><?cs call:m(x.missing) ?><?cs /each ?>[<?cs var:x.missing ?>][<?cs var:N.0.missing ?>]"},
    {"bounded recursion", "N=4",
     "<?cs def:r(n, acc) ?><?cs if:n > 0 ?><?cs call:r(n - 1, acc + n) ?><?cs else ?>[<?cs var:acc ?>]<?cs /if ?><?cs /def ?><?cs call:r(N, \"\") ?><?cs call:r(3, 0) ?><?cs call:r(#N, \"s\") ?>"},
    {"first() and last()", "N.0=a\nN.1=b\nN.2=c",
     "<?cs each:x = N ?>[<?cs var:first(x) ?><?cs var:last(x) ?>]<?cs /each ?><?cs loop:i = 1, 3 ?>[<?cs var:first(i) ?><?cs var:last(i) ?>]<?cs /loop ?><?cs loop:i = 3, 1, -1 ?>[<?cs var:first(i) ?><?cs var:last(i) ?>]<?cs /loop ?><?cs with:w = N.1 ?>[<?cs var:first(w) ?><?cs var:last(w) ?>]<?cs /with ?><?cs def:m(a) ?>[<?cs var:first(a) ?><?cs var:last(a) ?>]<?cs /def ?><?cs each:x = N ?><?cs call:m(x) ?><?cs /each ?><?cs loop:i = 1, 2 ?><?cs call:m(i) ?><?cs /loop ?>"},
    {"loop bounds", "A=3\nB=-2\nH=0x10",
     "<?cs loop:i = A ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = B, A ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = A, B, -2 ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = H ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = 4294967297 ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = 0, 4294967298, 1 ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = \"2\", \"0x3\" ?><?cs var:i ?><?cs /loop ?>|<?cs loop:i = 2, 2, 0 ?>z<?cs /loop ?>|<?cs loop:i = 0, 3, 4294967297 ?><?cs var:i ?><?cs /loop ?>"},
    {"numbers print", "",
     "[<?cs var:9223372036854775807 + 1 ?>][<?cs var:-9223372036854775807 - 2 ?>][<?cs var:4294967296 * 4294967296 ?>][<?cs var:1 / 0 ?>][<?cs var:-1 / 0 ?>][<?cs var:5 % 0 ?>][<?cs var:-9223372036854775807 % -1 ?>][<?cs var:7 % -3 ?>][<?cs var:#99999999999999999999 ?>][<?cs var:\"99999999999999999999\" - 0 ?>]"},
    {"string + with a missing side", "A=abc\nN.k=v\nK=k",
     "[<?cs var:A + Missing ?>][<?cs var:Missing + A ?>][<?cs var:Missing + Missing ?>][<?cs var:html_escape(A) + Missing ?>][<?cs var:Missing + html_escape(A) ?>][<?cs var:(Missing + A) + Missing ?>][<?cs var:Missing + \"\" ?>][<?cs var:N[K] + A ?>][<?cs if:Missing + Missing ?>t<?cs else ?>f<?cs /if ?>]"},
    {"html escaper edge bytes", "E=\x01\x7f\xff<\r>&\"'\t\nZ=中文\r",
     "[<?cs var:E ?>][<?cs var:Z ?>][<?cs var:E + Z ?>][<?cs var:html_escape(E) ?>]"},
    {"empty template", "", ""},
    {"only a comment", "", "<?cs # nothing ?>"},
    {"a long value", "", "<?cs set:L = \"0123456789abcdef<&>\" ?><?cs loop:i = 1, 11 ?><?cs set:L = L + L ?><?cs /loop ?><?cs var:string.length(L) ?><?cs var:L ?><?cs var:L ?>"},
};

static char inline_dir[64];

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[512];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void test_inline_cases(void **state)
{
    int n = 0;

    (void)state;
    strcpy(inline_dir, "/tmp/test_render_eval.XXXXXX");
    assert_non_null(mkdtemp(inline_dir));
    begin();
    for (size_t i = 0; i < sizeof INLINE / sizeof INLINE[0]; i++) {
        char file[32], label[512];
        struct kvs hdf = {0};
        struct render_case c;
        int before = divergences;

        snprintf(file, sizeof file, "case%zu.cs", i);
        write_file(inline_dir, file, INLINE[i].tmpl);
        kvs_lines(&hdf, INLINE[i].hdf);
        snprintf(label, sizeof label, "inline case \"%s\"", INLINE[i].name);
        c = (struct render_case){inline_dir, file, NULL, &hdf, NULL, label};
        compare(&c);
        n++;
        if (divergences > before && reported <= 40)
            printf("  template: %s\n  HDF: %s\n", INLINE[i].tmpl, INLINE[i].hdf);
        kvs_free(&hdf);
    }
    remove_dir(inline_dir);
    finish("inline cases", n);
}

/* ---- test_eval_templates / test_all_templates -------------------------------------- */

static int compare_variants(const char *file, const char *page, int with_layout)
{
    struct mentions m;
    const char **columns;
    struct lit_table lt;
    struct render_table table;
    int n = 0;

    memset(&m, 0, sizeof m);
    scan_file(&m, TEMPLATE_DIR, page ? page : file);
    if (with_layout) {
        scan_file(&m, TEMPLATE_DIR, "layout.cs");
        scan_file(&m, TEMPLATE_DIR, "macros.cs");
    }
    fields_from_locals(&m);
    columns = calloc(m.literals.n + 4, sizeof *columns);
    assert_non_null(columns);
    lt.ncolumns = 0;
    for (size_t i = 0; i < m.literals.n; i++)
        columns[lt.ncolumns++] = m.literals.v[i];
    columns[lt.ncolumns++] = "a";
    columns[lt.ncolumns] = NULL;
    lt.columns = columns;
    table = (struct render_table){3, columns, lit_value, &lt};
    for (int v = 0; v < NVARIANTS; v++) {
        struct kvs hdf;
        char label[256];
        struct render_case c;

        make_variant(&hdf, (enum variant)v, &m);
        snprintf(label, sizeof label, "%s, %s", VARIANT_NAME[v], "with a table");
        c = (struct render_case){TEMPLATE_DIR, file, page, &hdf, &table, label};
        compare(&c);
        n++;
        if (v == V_EMPTY || v == V_TRICKY0 || v == V_DATASET) {
            snprintf(label, sizeof label, "%s, %s", VARIANT_NAME[v], "no table");
            c.table = NULL;
            c.label = label;
            compare(&c);
            n++;
        }
        kvs_free(&hdf);
    }
    free(columns);
    mentions_free(&m);
    return n;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .cs under dir (relative names, sorted). */
static void find_templates(const char *root, const char *rel, struct words *out)
{
    char path[1024];
    DIR *d;
    struct dirent *e;

    snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
    assert_non_null(d = opendir(path));
    while ((e = readdir(d)) != NULL) {
        char sub[1024], full[2048];
        struct stat st;
        size_t len = strlen(e->d_name);

        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", root, sub);
        if (stat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            find_templates(root, sub, out);
        else if (len > 3 && strcmp(e->d_name + len - 3, ".cs") == 0)
            words_add(out, sub, strlen(sub));
    }
    closedir(d);
    qsort(out->v, out->n, sizeof *out->v, by_name);
}

static void test_eval_templates(void **state)
{
    struct words all = {0};
    int n = 0, found = 0;

    (void)state;
    find_templates(TEMPLATE_DIR, "", &all);
    begin();
    for (size_t i = 0; i < all.n; i++) {
        if (strncmp(all.v[i], "test/eval_", 10) != 0)
            continue;
        found++;
        n += compare_variants(all.v[i], NULL, 0);
    }
    words_free(&all);
    loud();
    assert_true(found >= 5); /* templates/test/eval_*.cs */
    finish("templates/test/eval_*.cs", n);
}

static void test_all_templates(void **state)
{
    struct words all = {0};
    int n = 0;

    (void)state;
    find_templates(TEMPLATE_DIR, "", &all);
    assert_true(all.n > 20);
    begin();
    for (size_t i = 0; i < all.n; i++) {
        /* layout.cs as Page.Template would include itself without end */
        if (strcmp(all.v[i], "layout.cs") != 0)
            n += compare_variants("layout.cs", all.v[i], 1);
        n += compare_variants(all.v[i], NULL, 0);
    }
    words_free(&all);
    finish("every template under templates/", n);
}

/* ---- test_cells -------------------------------------------------------------------- */

static const char *const CELL_COLUMNS[] = {"id", "name", "note", "empty", NULL};
static const char *const CELL_VALUES[3][4] = {
    {"1", EVIL, "电梯 No.1", ""},
    {"2", "x&y", "a\rb", ""},
    {"3", "plain", "<b>", ""},
};

static const char *cell_value(const void *ctx, int row, int column)
{
    assert_ptr_equal(ctx, CELL_VALUES);
    assert_true(row >= 0 && row < 3 && column >= 0 && column < 4);
    return CELL_VALUES[row][column];
}

static const struct inline_case CELLS[] = {
    {"literal rows", "", "[<?cs var:cell(0, \"name\") ?>][<?cs var:cell(2, \"note\") ?>][<?cs var:cell(1, \"note\") ?>][<?cs var:cell(0, \"empty\") ?>]"},
    {"a loop local, out of range at both ends", "",
     "<?cs loop:i = -1, 3 ?>[<?cs var:cell(i, \"id\") ?>|<?cs var:cell(i, \"name\") ?>|<?cs if:cell(i, \"empty\") ?>e<?cs /if ?><?cs if:cell(i, \"id\") ?>i<?cs /if ?>]<?cs /loop ?>"},
    {"an each local (not a number: cell() reads its value)", "Rows.0=1\nRows.1=x\nRows.2=-1\nRows.3=2\nRows.3.n=0",
     "<?cs each:r = Rows ?>[<?cs var:cell(r, \"name\") ?>|<?cs var:cell(r.n, \"id\") ?>]<?cs /each ?>"},
    {"macro arguments", "R=2",
     "<?cs def:c(n) ?>[<?cs var:cell(n, \"name\") ?>]<?cs /def ?><?cs call:c(1) ?><?cs call:c(\"2\") ?><?cs call:c(R) ?><?cs call:c(Missing) ?><?cs loop:i = 0, 2 ?><?cs call:c(i) ?><?cs /loop ?><?cs call:c(1 + 1) ?>"},
    {"a loop local a set: made a string", "",
     "<?cs loop:i = 0, 2 ?><?cs set:i = \"1\" ?>[<?cs var:cell(i, \"name\") ?>]<?cs /loop ?>"},
    {"computed rows and columns", "Col=note\nR=1",
     "[<?cs var:cell(0 + 1, \"name\") ?>][<?cs var:cell(R, Col) ?>][<?cs var:cell(#R + 1, \"id\") ?>][<?cs var:cell(\"2\", \"id\") ?>][<?cs var:cell(4294967297, \"id\") ?>][<?cs var:cell(-4294967295, \"id\") ?>][<?cs var:cell(99, \"id\") ?>]"},
    {"where the value goes", "",
     "[<?cs var:cell(0, \"name\") + \"<x>\" ?>][<?cs var:\"<x>\" + cell(1, \"name\") ?>][<?cs var:string.length(cell(0, \"name\")) ?>][<?cs alt:cell(1, \"name\") ?>none<?cs /alt ?>][<?cs alt:cell(0, \"empty\") ?>none<?cs /alt ?>][<?cs uvar:cell(1, \"name\") ?>][<?cs escape:\"js\" ?><?cs var:cell(1, \"name\") ?><?cs /escape ?>][<?cs escape:\"url\" ?><?cs var:cell(1, \"note\") ?><?cs /escape ?>][<?cs var:html_escape(cell(1, \"name\")) ?>][<?cs set:Copied = cell(0, \"name\") ?><?cs var:Copied ?>][<?cs if:cell(0, \"id\") == \"1\" ?>one<?cs /if ?>]"},
    {"shadowed row locals", "",
     "<?cs def:c(i) ?><?cs loop:i = 2, 2 ?>[<?cs var:cell(i, \"id\") ?>]<?cs /loop ?>[<?cs var:cell(i, \"id\") ?>]<?cs /def ?><?cs loop:i = 0, 1 ?><?cs call:c(i) ?><?cs call:c(\"x\") ?>[<?cs var:cell(i, \"id\") ?>]<?cs /loop ?>"},
    {"an unknown column", "", "[<?cs var:cell(0, \"id\") ?>][<?cs var:cell(0, \"nope\") ?>]"},
    {"an unknown column in a loop", "", "<?cs loop:i = 0, 1 ?>[<?cs var:cell(i, \"nope\") ?>]<?cs /loop ?>"},
    {"an unknown computed column", "Col=nope", "[<?cs var:cell(0, Col) ?>]"},
    {"an unknown column out of range", "", "[<?cs var:cell(7, \"nope\") ?>]"},
    {"an unknown column not reached", "", "<?cs if:0 ?><?cs var:cell(0, \"nope\") ?><?cs /if ?>ok"},
};

static void test_cells(void **state)
{
    struct render_table t = {3, CELL_COLUMNS, cell_value, CELL_VALUES};
    int n = 0;

    (void)state;
    strcpy(inline_dir, "/tmp/test_render_eval.XXXXXX");
    assert_non_null(mkdtemp(inline_dir));
    begin();
    for (size_t i = 0; i < sizeof CELLS / sizeof CELLS[0]; i++) {
        char file[32], label[512];
        struct kvs hdf = {0};
        struct render_case c;
        int before = divergences;

        snprintf(file, sizeof file, "cells%zu.cs", i);
        write_file(inline_dir, file, CELLS[i].tmpl);
        kvs_lines(&hdf, CELLS[i].hdf);
        for (int with_table = 1; with_table >= 0; with_table--) {
            snprintf(label, sizeof label, "cell() case \"%s\", %s", CELLS[i].name, with_table ? "with the table" : "no table");
            c = (struct render_case){inline_dir, file, NULL, &hdf, with_table ? &t : NULL, label};
            compare(&c);
            n++;
        }
        if (divergences > before && reported <= 40)
            printf("  template: %s\n  HDF: %s\n", CELLS[i].tmpl, CELLS[i].hdf);
        kvs_free(&hdf);
    }
    /* what the cases are meant to show, in the page cs_render makes */
    {
        struct kvs hdf = {0};
        struct render_case c = {inline_dir, "cells1.cs", NULL, &hdf, &t, "loop"};
        struct rendered r;

        render_once(&c, RENDER_CLEARSILVER, 1, &r);
        loud();
        assert_int_equal(r.rc, 0);
        assert_string_equal(r.out.buf, "[||][1|&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onmouseover=&quot;x&amp;amp;\n|i][2|x&amp;y|i][3|plain|i][||]");
        string_clear(&r.out);
        for (size_t i = 0; i < sizeof CELLS / sizeof CELLS[0]; i++)
            if (strstr(CELLS[i].name, "unknown column") && !strstr(CELLS[i].name, "not reached")) {
                char file[32];
                snprintf(file, sizeof file, "cells%zu.cs", i);
                c.file = file;
                quiet();
                render_once(&c, RENDER_CLEARSILVER, 1, &r);
                loud();
                assert_int_equal(r.rc, -1);
                string_clear(&r.out);
            }
        render_cache_clear();
    }
    remove_dir(inline_dir);
    finish("cell()", n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_cases),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_eval_templates),
        cmocka_unit_test(test_all_templates),
    };
    return cmocka_run_group_tests_name("render_eval", tests, NULL, NULL);
}
