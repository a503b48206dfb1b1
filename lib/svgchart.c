/* svgchart.c — see svgchart.h. The text is built in a growing buffer whose errors are
 * sticky (checked once at the end); every caller string goes through put_esc, the one
 * escaping function of this file. */
#include "svgchart.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

/* Layout, in px. Labels end at LABEL_X; bars start at BAR_X and are at most BAR_MAX
 * long, leaving room after them for the total. */
#define LABEL_X 170
#define BAR_X 178
#define BAR_MAX (SVGCHART_WIDTH - BAR_X - 60)
#define LEGEND_H 30
#define ROW_H 28
#define BAR_H 18
#define LABEL_CHARS 12      /* longer labels are cut (with "…"); the tooltip has all */
#define VALUE_MAX 1000000000000000L /* counts above this are drawn as this */

static const char *const palette[SVGCHART_MAX_SERIES] = {"#2e7d32", "#b26a00", "#c62828",
                                                         "#757575"};

struct sb {
    char *s;
    size_t len, cap;
    int failed;
};

static void put(struct sb *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        p = realloc(b->s, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(struct sb *b, const char *s) { put(b, s, strlen(s)); }

/* Only for numbers and fixed markup: caller text goes through put_esc. */
__attribute__((format(printf, 2, 3))) static void putf(struct sb *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->failed = 1;
        return;
    }
    put(b, tmp, (size_t)n);
}

/* The escape: the first n bytes of s as XML text or attribute value. The five markup
 * characters become entities; control characters XML 1.0 does not allow become spaces.
 * Everything else (UTF-8 included) is copied as is. */
static void put_esc(struct sb *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': puts_(b, "&amp;"); break;
        case '<': puts_(b, "&lt;"); break;
        case '>': puts_(b, "&gt;"); break;
        case '"': puts_(b, "&quot;"); break;
        case '\'': puts_(b, "&#39;"); break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                c = ' ';
            put(b, (const char *)&c, 1);
        }
    }
}

static void esc(struct sb *b, const char *s)
{
    if (s)
        put_esc(b, s, strlen(s));
}

/* UTF-8 characters in s (continuation bytes not counted). */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The byte length of s's first max characters. */
static size_t prefix_bytes(const char *s, size_t max)
{
    size_t i = 0, n = 0;
    while (s[i] && n < max) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        n++;
    }
    return i;
}

/* A rough text width: CJK about one em, ASCII about half. */
static int text_width(const char *s, int em)
{
    int w = 0;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80)
            w += em * 55 / 100;
        else if ((c & 0xC0) != 0x80)
            w += em;
    }
    return w;
}

/* A link into the site only: "/path" (not "//host" or "/\host") or "?query", with no
 * whitespace, control characters or backslashes (browsers drop or reinterpret those). */
static int href_ok(const char *h)
{
    if (!h || !((h[0] == '/' && h[1] != '/') || h[0] == '?'))
        return 0;
    for (; *h; h++)
        if ((unsigned char)*h <= 0x20 || *h == 0x7f || *h == '\\')
            return 0;
    return 1;
}

static long clamp(long v)
{
    return v < 0 ? 0 : v > VALUE_MAX ? VALUE_MAX : v;
}

/* v rounded to one decimal (v ≥ 0), so that positions and widths add up as printed. */
static double r1(double v)
{
    return (double)(long long)(v * 10 + 0.5) / 10;
}

/* "<label> · <name> <value>[ <unit>]" */
static void tooltip(struct sb *b, const char *label, const char *name, long value,
                    const char *unit)
{
    puts_(b, "<title>");
    esc(b, label);
    if (name) {
        puts_(b, " · ");
        esc(b, name);
    }
    putf(b, " %ld", value);
    if (unit && unit[0]) {
        puts_(b, " ");
        esc(b, unit);
    }
    puts_(b, "</title>");
}

static void legend(struct sb *b, const struct svgchart_series *series, int nseries)
{
    int x = 8;

    puts_(b, "<g class=\"legend\">");
    for (int k = 0; k < nseries; k++) {
        const char *colour = series[k].colour ? series[k].colour : palette[k];
        putf(b, "<rect x=\"%d\" y=\"9\" width=\"12\" height=\"12\" fill=\"", x);
        esc(b, colour);
        putf(b, "\"/><text x=\"%d\" y=\"20\">", x + 16);
        esc(b, series[k].name);
        puts_(b, "</text>");
        x += 16 + text_width(series[k].name, 13) + 18;
    }
    puts_(b, "</g>\n");
}

static void row(struct sb *b, const struct svgchart_row *r, int i, double scale,
                const struct svgchart_series *series, int nseries, const char *unit)
{
    const char *label = r->label ? r->label : "";
    int y = LEGEND_H + i * ROW_H, link = href_ok(r->href);
    long total = 0, cum = 0;
    double end;

    if (r->href && !link)
        log_warn("svgchart: href of row %d is not a link into the site, dropped", i);
    for (int k = 0; k < nseries; k++)
        total += clamp(r->values[k]);

    puts_(b, "<g class=\"row\">");
    if (link) {
        puts_(b, "<a href=\"");
        esc(b, r->href);
        puts_(b, "\">");
    }
    /* the label, cut to LABEL_CHARS characters; its tooltip has the whole label */
    putf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_X, y + 18);
    put_esc(b, label, prefix_bytes(label, LABEL_CHARS));
    if (chars(label) > LABEL_CHARS)
        puts_(b, "…");
    tooltip(b, label, "合计", total, unit);
    puts_(b, "</text>");

    for (int k = 0; k < nseries; k++) {
        long v = clamp(r->values[k]);
        double x0 = r1(BAR_X + (double)cum * scale), x1 = r1(BAR_X + (double)(cum + v) * scale);
        char num[32];

        cum += v;
        if (v == 0)
            continue;
        putf(b, "<rect class=\"seg\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"",
             x0, y + 5, x1 - x0, BAR_H);
        esc(b, series[k].colour ? series[k].colour : palette[k]);
        puts_(b, "\">");
        tooltip(b, label, series[k].name ? series[k].name : "", v, unit);
        puts_(b, "</rect>");
        /* the count inside the segment when it fits; the rect keeps the hover */
        snprintf(num, sizeof num, "%ld", v);
        if (x1 - x0 >= 7.0 * (double)strlen(num) + 6)
            putf(b, "<text class=\"val\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
                    "font-size=\"11\" fill=\"#fff\" pointer-events=\"none\">%s</text>",
                 r1((x0 + x1) / 2), y + 18, num);
    }
    end = r1(BAR_X + (double)total * scale);
    putf(b, "<text class=\"total\" x=\"%.1f\" y=\"%d\">%ld</text>", end + 6, y + 18, total);
    if (link)
        puts_(b, "</a>");
    puts_(b, "</g>\n");
}

char *svgchart_bars(const char *title, const struct svgchart_row *rows, int nrows,
                    const struct svgchart_series *series, int nseries, const char *unit)
{
    struct sb b = {0};
    long max = 0;
    double scale;
    int height;

    if (nrows < 0 || (nrows > 0 && !rows) || nseries < 1 || nseries > SVGCHART_MAX_SERIES ||
        !series || nrows > 10000) {
        log_error("svgchart: bad arguments (%d rows, %d series)", nrows, nseries);
        return NULL;
    }
    for (int i = 0; i < nrows; i++) {
        long t = 0;
        for (int k = 0; k < nseries; k++)
            t += clamp(rows[i].values[k]);
        if (t > max)
            max = t;
    }
    scale = max > 0 ? (double)BAR_MAX / (double)max : 0; /* all zero: no bar has length */
    height = LEGEND_H + (nrows > 0 ? nrows : 1) * ROW_H + 6;

    putf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" "
             "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
         SVGCHART_WIDTH, height, SVGCHART_WIDTH, height);
    esc(&b, title);
    puts_(&b, "\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#222\">\n<title>");
    esc(&b, title);
    puts_(&b, "</title>\n");
    legend(&b, series, nseries);
    for (int i = 0; i < nrows; i++)
        row(&b, &rows[i], i, scale, series, nseries, unit);
    if (nrows == 0)
        putf(&b, "<text x=\"%d\" y=\"%d\">暂无数据</text>\n", BAR_X, LEGEND_H + 18);
    puts_(&b, "</svg>\n");

    if (b.failed) {
        log_error("svgchart: out of memory");
        free(b.s);
        return NULL;
    }
    return b.s;
}
