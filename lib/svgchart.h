/* svgchart.h — a small server-rendered horizontal stacked bar chart (counts per category,
 * split by state), as an SVG string to put into a page.
 *
 * Every piece of caller text (title, labels, series names, colours, unit, hrefs) is
 * XML-escaped here, so the result may be emitted unescaped into HTML. Links are kept only
 * when they point into the site ("/…" but not "//…", or "?…"); any other href — a
 * javascript: URL, another host — drops the link, not the row. No style attributes or
 * <style> (the CSP forbids inline style): presentation attributes only. */
#ifndef TEJIAN_SVGCHART_H
#define TEJIAN_SVGCHART_H

#define SVGCHART_MAX_SERIES 4
#define SVGCHART_WIDTH 640

struct svgchart_row {
    const char *label;                  /* e.g. "电梯" */
    const char *href;                   /* the row's link, or NULL */
    long values[SVGCHART_MAX_SERIES];   /* per series; negatives count as 0 */
};

struct svgchart_series {
    const char *name;   /* e.g. "在用" */
    const char *colour; /* fill, e.g. "#2e7d32"; NULL = a default of the palette */
};

/* The chart: title (accessible name and <title>), one bar per row, segments in series
 * order, a legend, the count in each segment wide enough for it and the total after each
 * bar; every segment's tooltip reads "<label> · <series> <value> <unit>" (unit may be
 * NULL, e.g. "台"). nrows may be 0 (the chart then says so). malloc'd, NULL on error
 * (bad arguments or out of memory). */
char *svgchart_bars(const char *title, const struct svgchart_row *rows, int nrows,
                    const struct svgchart_series *series, int nseries, const char *unit);

#endif
