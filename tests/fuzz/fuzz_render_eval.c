/* fuzz_render_eval.c — libFuzzer target: lib/render_eval.c's evaluator against
 * ClearSilver's own cs_render, byte for byte (render_eval.h promises the same output and
 * the same success for every template and HDF).
 *
 * Input: HDF assignments, one "name=value" per line (a line starting with '@' sets the
 * global HDF, cs->global_hdf, instead), then a line "--", then the template. Without a
 * "--" line the whole input is the template. The assignments apply over a fixed HDF of
 * tricky values (base_hdf below) and Config.VarEscapeMode=html (render_prepare's), so
 * a bare template already has something to read; a line may override either.
 *
 * The template is parsed twice (two CSPARSE, registered as render.c's parse_new does:
 * cgi_register_strfuncs, without cell()). cs_render renders one over a copy of the HDF
 * (a set: writes to it), the evaluator (render_program_build/run) the other over another
 * copy (hdf_copy leaves out the root node's own value, which an empty name sets).
 * abort() when one fails and the other does not, or when both succeed with different
 * bytes (both pages are printed first). FUZZ_RENDER_EVAL_SHOW=1 prints them always.
 *
 * Inputs skipped (return 0, not compared):
 *  - over 4 KB, a NUL byte, include:/linclude: (they read files), a parse error, a tree
 *    the evaluator does not compile (lvar:), a def:/call: name of 250 bytes or more
 *    (ClearSilver's parser overflows a 256-byte stack buffer);
 *  - unbounded work: a macro that calls itself (directly or not); a loop: whose
 *    arguments are not known before the render (literals; with no set: in the
 *    template, also HDF names that are no local's, +/- a number), that runs more than
 *    1000 times or whose counter would overflow an int; more than 20000 node
 *    evaluations in all (loops and each: multiplied out); strings that set: could
 *    grow more than 2^4 times;
 *  - ClearSilver's own faults, which the evaluator is right not to copy: cs_render
 *    crashing (strdup(NULL) in var_set_value for `set:local = Missing`, strtol(NULL)
 *    for the number of a missing+missing sum, LONG_MIN / -1) is caught by a
 *    SIGSEGV/SIGFPE guard around cs_render and the input skipped; `Missing + A[x]`
 *    (eval_expr_string hands a looked-up HDF value's ownership to the sum: cs_render
 *    frees the HDF's own string, a double free ASan cannot let pass) is refused before
 *    rendering; `<?cs name: ?>` (cs_render writes NULL, the root's name) is skipped.
 *    string.slice(s, b, e) with b < -strlen(s) reads before s (csparse.c's
 *    _builtin_str_slice): both engines call the builtin, so it is wrapped here to fail
 *    instead, in both.
 * ClearSilver's allocations while it parses and renders are kept out of LeakSanitizer's
 * report (__lsan_disable): it leaks on some error paths, and a caught fault leaks
 * whatever it held. The evaluator's own run is checked for leaks as usual. */
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/lsan_interface.h>

#include <ClearSilver.h>

#include "render.h"
#include "render_eval.h"
#include "render_eval_internal.h" /* Commands */


#define MAX_IN 4096
#define MAX_OUTPUT (4 << 20)
#define MAX_WORK 20000L
#define MAX_LOOP 1000L
#define MAX_GROWTH_BITS 4

static const char base_hdf[] =
    "A=1\nB=0\nC=\nD=abc\nE=<a href=\"x\">&'\r\nF=4294967296\nG=-1\nH=0x10\nI=  5\n"
    "J=012\nK=09\nL=中文 电梯\nM=31010012345678901234\nN.0=a\nN.1=b\nN.2=c\nN.2.x=<x>\n"
    "N.2.y=2\nO.a.b=deep\nO.a=oa\nP=00\nQ=+0\nR=12abc\nS=-99999999999999999999\n"
    "T=0x100000000\nU= \nV=1.5\nW=4294967297\nX=N\nY=2\nZ=a.b\nx=1\ny=y\ni=3\n"
    "Rows.0.name=甲<&>\nRows.0.n=1\nRows.1.name=乙\"'\nRows.1.n=0\nRows.2.name=\nRows.2.n=-1\n";

/* ---- output ------------------------------------------------------------------------ */

struct out {
    char *buf;
    size_t len, max;
};

static NEOERR *out_add(struct out *o, const char *s, size_t n)
{
    if (o->len + n > MAX_OUTPUT) {
        o->len = MAX_OUTPUT + 1; /* cs_render's page too long to compare */
        return nerr_raise(NERR_ASSERT, "fuzz: output over %d bytes", MAX_OUTPUT);
    }
    if (o->len + n + 1 > o->max) {
        size_t max = o->max ? o->max : 256;
        while (max < o->len + n + 1)
            max *= 2;
        char *b = realloc(o->buf, max);
        if (!b)
            abort();
        o->buf = b;
        o->max = max;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
    return STATUS_OK;
}

static int cs_out_null;

/* cs_render's output; NULL comes from name: of a node without a name (the HDF's root,
 * `<?cs name: ?>`): a real callback would read it, render.c's strlen() crashes. */
static NEOERR *cs_out(void *ctx, char *s)
{
    if (!s) {
        cs_out_null = 1;
        return nerr_raise(NERR_ASSERT, "fuzz: cs_render wrote NULL");
    }
    return out_add(ctx, s, strlen(s));
}

/* ---- ClearSilver's faults -------------------------------------------------------- */

static sigjmp_buf guard_env;
static volatile sig_atomic_t guarding;

static void on_fault(int sig)
{
    if (guarding)
        siglongjmp(guard_env, sig);
    signal(sig, SIG_DFL);
    raise(sig);
}

static CSFUNCTION builtin_slice;

/* string.slice, failing where _builtin_str_slice would read before its string. */
static NEOERR *safe_slice(CSPARSE *parse, CS_FUNCTION *csf, CSARG *args, CSARG *result)
{
    char *s = NULL;
    long b = 0, e = 0;
    NEOERR *err = cs_arg_parse(parse, args, "sii", &s, &b, &e);

    if (err)
        return nerr_pass(err);
    if (s) {
        long len = (long)strlen(s);
        if (b < 0 && e == 0)
            e = len;
        if (b < 0)
            b += len;
        free(s);
        if (b < 0) {
            result->op_type = CS_TYPE_STRING;
            result->s = "";
            return nerr_raise(NERR_ASSERT, "fuzz: string.slice would read before its string");
        }
    }
    return nerr_pass(builtin_slice(parse, csf, args, result));
}

static CSPARSE *parse_new(HDF *hdf, const char *tmpl, size_t len)
{
    CSPARSE *cs = NULL;
    char *buf;
    NEOERR *err;

    if ((err = cs_init(&cs, hdf)) != STATUS_OK) {
        nerr_ignore(&err);
        return NULL;
    }
    if ((err = cgi_register_strfuncs(cs)) != STATUS_OK) {
        nerr_ignore(&err);
        cs_destroy(&cs);
        return NULL;
    }
    for (CS_FUNCTION *f = cs->functions; f; f = f->next)
        if (strcmp(f->name, "string.slice") == 0) {
            builtin_slice = f->function;
            f->function = safe_slice;
        }
    if ((buf = malloc(len + 1)) == NULL)
        abort();
    memcpy(buf, tmpl, len);
    buf[len] = '\0';
    if ((err = cs_parse_string(cs, buf, len)) != STATUS_OK) { /* it owns buf either way */
        nerr_ignore(&err);
        cs_destroy(&cs);
        return NULL;
    }
    return cs;
}

/* ---- what is fuzzed: bounded work, no ClearSilver double free --------------------- */

struct walk {
    HDF *hdf, *global;
    int names_ok; /* loop: bounds may read the HDF: no set: anywhere, the name no local's */
    const char *locals[64];
    int nlocals;
    long work;
    long growth_bits;
    long each_max;
    int ncmd;
    int bad;
    CS_MACRO *stack[64];
    int depth;
};

/* The value of a loop: argument as arg_eval_num gives it, when it is known before the
 * render: a literal, or (names_ok) an HDF name (atoi of its value), or one of those
 * plus or minus a number. */
static int bound_num(const struct walk *w, const CSARG *a, long *v)
{
    long l, r;

    if (a->op_type == CS_TYPE_NUM) {
        *v = a->n;
        return 1;
    }
    if (a->op_type == CS_TYPE_STRING && a->s) {
        *v = strtol(a->s, NULL, 0);
        return 1;
    }
    if ((a->op_type == CS_TYPE_VAR || a->op_type == CS_TYPE_VAR_NUM) && a->s && w->names_ok) {
        size_t head = strcspn(a->s, ".");
        const char *value;
        for (int i = 0; i < w->nlocals; i++)
            if (strlen(w->locals[i]) == head && strncmp(w->locals[i], a->s, head) == 0)
                return 0;
        value = hdf_get_value(w->hdf, a->s, NULL);
        if (!value)
            value = hdf_get_value(w->global, a->s, NULL);
        *v = value ? atoi(value) : 0;
        return 1;
    }
    if ((a->op_type == CS_OP_ADD || a->op_type == CS_OP_SUB) && a->expr1 && a->expr2 &&
        (a->expr1->op_type == CS_TYPE_NUM || a->expr2->op_type == CS_TYPE_NUM) && /* numeric */
        bound_num(w, a->expr1, &l) && bound_num(w, a->expr2, &r) && l > -1000000 && l < 1000000 &&
        r > -1000000 && r < 1000000) {
        *v = a->op_type == CS_OP_ADD ? l + r : l - r;
        return 1;
    }
    return 0;
}

/* A name the evaluation allocated ("A.b" of A[b] or A.#1): an operand of + whose
 * ownership cs_render hands on with a looked-up value (eval_expr_string). */
static int owned_name(const CSARG *a)
{
    while (a && (a->op_type == CS_OP_LPAREN || a->op_type == CS_OP_COMMA))
        a = a->expr1;
    return a && (a->op_type & (CS_OP_DOT | CS_OP_LBRACKET));
}

static void check_expr(struct walk *w, const CSARG *a, long *adds)
{
    for (; a && !w->bad; a = a->next) {
        if (a->op_type == CS_OP_ADD) {
            ++*adds;
            if (owned_name(a->expr1) || owned_name(a->expr2))
                w->bad = 1;
        }
        if (a->op_type & (CS_TYPE_FUNCTION | ~CS_TYPES)) {
            check_expr(w, a->expr1, adds);
            check_expr(w, a->expr2, adds);
        }
    }
}

static void walk_chain(struct walk *w, CSTREE *n, long mult);

static void add_work(struct walk *w, long mult)
{
    w->work += mult;
    if (w->work > MAX_WORK)
        w->bad = 1;
}

static void walk_node(struct walk *w, CSTREE *n, long mult)
{
    const char *cmd;
    long adds = 0;

    if (n->cmd < 0 || n->cmd >= w->ncmd) {
        w->bad = 1;
        return;
    }
    cmd = Commands[n->cmd].cmd;
    if (strcmp(cmd, "def") == 0)
        return; /* its body runs where it is called */
    add_work(w, mult);
    if (n->arg1.op_type != CS_TYPE_MACRO)
        check_expr(w, &n->arg1, &adds);
    check_expr(w, &n->arg2, &adds);
    check_expr(w, n->vargs, &adds);
    if (w->bad)
        return;
    if (strcmp(cmd, "set") == 0 && adds) {
        long bits = 0;
        while ((1L << bits) < adds + 1)
            bits++;
        if (mult > MAX_GROWTH_BITS || (w->growth_bits += bits * mult) > MAX_GROWTH_BITS)
            w->bad = 1;
    }
    if (strcmp(cmd, "loop") == 0) {
        long v[3];
        int k = 0;
        for (const CSARG *a = n->vargs; a; a = a->next) {
            if (k == 3 || !bound_num(w, a, &v[k])) {
                w->bad = 1;
                return;
            }
            k++;
        }
        if (k == 0) {
            w->bad = 1;
            return;
        }
        int start = 0, end = (int)v[0], step = 1;
        long long iter;
        if (k > 1) {
            start = end;
            end = (int)v[1];
            if (k > 2)
                step = (int)v[2];
        }
        if ((step < 0 && start < end) || (step > 0 && end < start) || step == 0) {
            iter = 0;
        } else {
            long long d = (long long)end - start, q;
            if (d > INT_MAX || d < INT_MIN) {
                w->bad = 1; /* (end - start) overflows an int in both: undefined */
                return;
            }
            q = d / step + 1;
            if (q > INT_MAX || q < INT_MIN) {
                w->bad = 1;
                return;
            }
            iter = q < 0 ? -q : q;
        }
        if (iter > MAX_LOOP || (long long)start + iter * step > INT_MAX || (long long)start + iter * step < INT_MIN) {
            w->bad = 1; /* too long, or the counter's last += step overflows */
            return;
        }
        if (iter > 0)
            walk_chain(w, n->case_0, mult * iter);
        return;
    }
    if (strcmp(cmd, "each") == 0) {
        walk_chain(w, n->case_0, mult * w->each_max);
        return;
    }
    if (strcmp(cmd, "call") == 0) {
        CS_MACRO *m = n->arg1.macro;
        if (!m || !m->tree || w->depth == 64) {
            w->bad = 1;
            return;
        }
        for (int i = 0; i < w->depth; i++)
            if (w->stack[i] == m) {
                w->bad = 1; /* recursion: unbounded for all this walk knows */
                return;
            }
        w->stack[w->depth++] = m;
        walk_chain(w, m->tree->case_0, mult);
        w->depth--;
        return;
    }
    walk_chain(w, n->case_0, mult);
    walk_chain(w, n->case_1, mult);
}

static void walk_chain(struct walk *w, CSTREE *n, long mult)
{
    for (; n && !w->bad; n = n->next)
        walk_node(w, n, mult);
}

static long max_children(HDF *h)
{
    long n = 0, m = 0;
    for (HDF *c = hdf_obj_child(h); c; c = hdf_obj_next(c)) {
        long k = max_children(c);
        n++;
        if (k > m)
            m = k;
    }
    return n > m ? n : m;
}

static long count_nodes(CSTREE *n, const char *cmd)
{
    long k = 0;
    for (; n; n = n->next)
        k += (strcmp(Commands[n->cmd].cmd, cmd) == 0) + count_nodes(n->case_0, cmd) + count_nodes(n->case_1, cmd);
    return k;
}

static void collect_locals(struct walk *w, CSTREE *n)
{
    for (; n; n = n->next) {
        const char *cmd = Commands[n->cmd].cmd;
        if ((strcmp(cmd, "each") == 0 || strcmp(cmd, "with") == 0 || strcmp(cmd, "loop") == 0) && n->arg1.s) {
            if (w->nlocals == 64)
                w->names_ok = 0;
            else
                w->locals[w->nlocals++] = n->arg1.s;
        }
        collect_locals(w, n->case_0);
        collect_locals(w, n->case_1);
    }
}

static int bounded(CSPARSE *cs, HDF *hdf, HDF *global)
{
    struct walk w;
    long g = max_children(global), h = max_children(hdf);

    memset(&w, 0, sizeof w);
    while (Commands[w.ncmd].cmd)
        w.ncmd++;
    for (CS_MACRO *m = cs->macros; m; m = m->next) /* macro bodies hang off their def */
        if (!m->tree)
            return 0;
    w.hdf = hdf;
    w.global = global;
    w.names_ok = count_nodes(cs->tree, "set") == 0;
    collect_locals(&w, cs->tree); /* def: bodies hang off the def node: walked too */
    for (CS_MACRO *m = cs->macros; m; m = m->next)
        for (CSARG *a = m->args; a; a = a->next) {
            if (w.nlocals == 64)
                w.names_ok = 0;
            else if (a->s)
                w.locals[w.nlocals++] = a->s;
        }
    /* each: runs over children the HDF has, plus any a set: adds while it runs */
    w.each_max = (g > h ? g : h) + count_nodes(cs->tree, "set") + 1;
    walk_chain(&w, cs->tree, 1);
    return !w.bad;
}

/* ---- the input -------------------------------------------------------------------- */

/* A macro name of 250 bytes or more after "def"/"call": def_parse copies the name into
 * char name[256] without a bound, call_parse writes its NUL one past the end (csparse.c):
 * ClearSilver's parser overflows its stack. */
static int long_macro_name(const char *t)
{
    for (const char *p = t; (p = strpbrk(p, "dc")) != NULL; p++) {
        size_t skip = strncmp(p, "def", 3) == 0 ? 4 : strncmp(p, "call", 4) == 0 ? 5 : 0;
        if (skip && strnlen(p, skip) == skip && strcspn(p + skip, " #(") >= 250)
            return 1;
    }
    return 0;
}

static void set_lines(HDF *hdf, HDF *global, char *text)
{
    char *line = text, *next, *eq;

    for (; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if ((eq = strchr(line, '=')) == NULL)
            continue;
        *eq = '\0';
        NEOERR *err = line[0] == '@' ? hdf_set_value(global, line + 1, eq + 1) : hdf_set_value(hdf, line, eq + 1);
        nerr_ignore(&err);
    }
}

static void show(const char *who, NEOERR *err, const char *buf, size_t len)
{
    fprintf(stderr, "%s: %s, %zu bytes:\n", who, err ? "FAILED" : "ok", len);
    if (err) {
        STRING s;
        string_init(&s);
        nerr_error_string(err, &s);
        fprintf(stderr, "  error: %s\n", s.buf ? s.buf : "?");
        string_clear(&s);
    }
    fprintf(stderr, "[");
    if (buf)
        fwrite(buf, 1, len, stderr);
    fprintf(stderr, "]\n");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HDF *hdf = NULL, *global = NULL, *copy = NULL, *copy2 = NULL;
    CSPARSE *theirs = NULL, *ours = NULL;
    struct render_program *program = NULL;
    struct out a = {0};
    STRING b;
    char *text, *tmpl, *lines = NULL, *sep;
    NEOERR *cs_err = STATUS_OK, *err = STATUS_OK;
    struct sigaction fault, old_segv, old_fpe, old_bus;
    size_t tlen;
    int sig;

    string_init(&b);
    if (size > MAX_IN || memchr(data, '\0', size))
        return 0;
    if ((text = malloc(size + 1)) == NULL)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    if (strncmp(text, "--\n", 3) == 0) {
        lines = "";
        tmpl = text + 3;
    } else if ((sep = strstr(text, "\n--\n")) != NULL) {
        *sep = '\0';
        lines = text;
        tmpl = sep + 4;
    } else {
        tmpl = text;
    }
    tlen = strlen(tmpl);
    if (strstr(tmpl, "include") || long_macro_name(tmpl)) {
        free(text);
        return 0;
    }
    __lsan_disable();
    if (hdf_init(&hdf) != STATUS_OK || hdf_init(&global) != STATUS_OK || hdf_init(&copy) != STATUS_OK ||
        hdf_init(&copy2) != STATUS_OK)
        abort();
    {
        char base[sizeof base_hdf];
        memcpy(base, base_hdf, sizeof base);
        set_lines(hdf, global, base);
    }
    if (hdf_set_value(hdf, "Config.VarEscapeMode", "html") != STATUS_OK)
        abort();
    if (lines)
        set_lines(hdf, global, lines);
    theirs = parse_new(hdf, tmpl, tlen);
    ours = theirs ? parse_new(hdf, tmpl, tlen) : NULL;
    __lsan_enable();
    if (!ours || !bounded(ours, hdf, global) || (program = render_program_build(ours, NULL)) == NULL)
        goto done;
    if (hdf_copy(copy, "", hdf) != STATUS_OK || hdf_copy(copy2, "", hdf) != STATUS_OK)
        abort();

    /* cs_render, over the copy, a fault in it caught */
    theirs->hdf = copy;
    theirs->global_hdf = global;
    memset(&fault, 0, sizeof fault);
    fault.sa_handler = on_fault;
    fault.sa_flags = SA_ONSTACK | SA_NODEFER;
    sigemptyset(&fault.sa_mask);
    sigaction(SIGSEGV, &fault, &old_segv);
    sigaction(SIGFPE, &fault, &old_fpe);
    sigaction(SIGBUS, &fault, &old_bus);
    __lsan_disable();
    cs_out_null = 0;
    if ((sig = sigsetjmp(guard_env, 1)) == 0) {
        guarding = 1;
        cs_err = cs_render(theirs, &a, cs_out);
    }
    guarding = 0;
    __lsan_enable();
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGFPE, &old_fpe, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
    if (!sig && (a.len == MAX_OUTPUT + 1 || cs_out_null))
        sig = -1; /* cut off, or a NULL written: not compared */
    if (sig) {
        if (getenv("FUZZ_RENDER_EVAL_SHOW"))
            fprintf(stderr, "cs_render crashed (signal %d) or cannot be compared: input skipped\n", sig);
        if (sig > 0)
            theirs = NULL; /* its parse may point at locals of the frames left: not destroyed */
        goto done;
    }

    /* the evaluator, over another copy (hdf_copy leaves out the root's own value) */
    ours->hdf = copy2;
    ours->global_hdf = global;
    ours->output_cb = cs_out;
    err = render_program_run(program, ours, &b, &b, NULL);

    if (getenv("FUZZ_RENDER_EVAL_SHOW")) {
        show("cs_render", cs_err, a.buf, a.len);
        show("evaluator", err, b.buf, (size_t)b.len);
    }
    if ((cs_err == STATUS_OK) != (err == STATUS_OK) ||
        (err == STATUS_OK && (a.len != (size_t)b.len || (a.len && memcmp(a.buf, b.buf, a.len) != 0)))) {
        size_t at = 0;
        while (at < a.len && at < (size_t)b.len && a.buf[at] == b.buf[at])
            at++;
        fprintf(stderr, "render_eval: the evaluator and cs_render differ (at byte %zu)\ntemplate: [%s]\n", at, tmpl);
        show("cs_render", cs_err, a.buf, a.len);
        show("evaluator", err, b.buf, (size_t)b.len);
        abort();
    }
done:
    nerr_ignore(&cs_err);
    nerr_ignore(&err);
    render_program_free(program);
    __lsan_disable();
    if (theirs)
        cs_destroy(&theirs);
    if (ours)
        cs_destroy(&ours);
    hdf_destroy(&copy);
    __lsan_enable();
    hdf_destroy(&copy2);
    hdf_destroy(&hdf);
    hdf_destroy(&global);
    free(a.buf);
    string_clear(&b);
    free(text);
    return 0;
}
