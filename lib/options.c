/* options.c — option lists rendered once (options.h). */
#include "options.h"

#include <ClearSilver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "render.h"

static const char SELECTED[] = " selected";

void options_free(struct options *o)
{
    for (int i = 0; o->values && i < o->n; i++)
        free(o->values[i]);
    free(o->values);
    free(o->mark);
    free(o->html);
    memset(o, 0, sizeof *o);
}

static int options_hdf(HDF *hdf, int n, const char *const *values, const char *const *labels,
                       const int *indent)
{
    char key[48];
    NEOERR *err = STATUS_OK;

    for (int i = 0; i < n && err == STATUS_OK; i++) {
        HDF *node = NULL;
        snprintf(key, sizeof key, "Options.%d", i);
        if ((err = hdf_get_node(hdf, key, &node)) == STATUS_OK &&
            (err = hdf_set_value(node, "value", values[i])) == STATUS_OK &&
            (err = hdf_set_value(node, "label", labels[i])) == STATUS_OK && indent && indent[i])
            err = hdf_set_value(node, "indent", "1");
    }
    if (err != STATUS_OK) {
        render_log_error("options", err);
        return -1;
    }
    return 0;
}

/* Each option's start tag ends at the first '>' after its "<option": values and labels
 * are escaped by the template layer, so neither can hold a raw '<' or '>'. */
static int find_marks(struct options *o)
{
    const char *p = o->html;
    int i = 0;

    while ((p = strstr(p, "<option")) != NULL) {
        const char *gt = strchr(p, '>');
        if (!gt || i >= o->n)
            return -1;
        o->mark[i++] = (size_t)(gt - o->html);
        p = gt;
    }
    return i == o->n ? 0 : -1;
}

int options_build(struct options *o, const char *template_dir, int n, const char *const *values,
                  const char *const *labels, const int *indent)
{
    HDF *hdf = NULL;
    STRING out;
    NEOERR *err;
    int rc = -1;

    memset(o, 0, sizeof *o);
    string_init(&out);
    if ((err = hdf_init(&hdf)) != STATUS_OK) {
        render_log_error("options", err);
        goto out;
    }
    if (render_prepare(hdf, template_dir) || options_hdf(hdf, n, values, labels, indent) ||
        render_file(hdf, NULL, NULL, "options.cs", &out))
        goto out;
    o->n = n;
    o->values = calloc((size_t)(n ? n : 1), sizeof *o->values);
    o->mark = calloc((size_t)(n ? n : 1), sizeof *o->mark);
    o->html = strdup(out.buf ? out.buf : "");
    if (!o->values || !o->mark || !o->html)
        goto out;
    o->len = strlen(o->html);
    for (int i = 0; i < n; i++)
        if ((o->values[i] = strdup(values[i])) == NULL)
            goto out;
    if (find_marks(o)) {
        log_error("options.cs: expected %d <option> tags", n);
        goto out;
    }
    rc = 0;
out:
    if (rc)
        options_free(o);
    string_clear(&out);
    hdf_destroy(&hdf);
    return rc;
}

char *options_select(const struct options *o, const char *value)
{
    char *copy;
    size_t at;
    int i;

    if (!value || !*value)
        return NULL;
    for (i = 0; i < o->n && strcmp(o->values[i], value) != 0; i++)
        ;
    if (i == o->n || (copy = malloc(o->len + sizeof SELECTED)) == NULL)
        return NULL;
    at = o->mark[i];
    memcpy(copy, o->html, at);
    memcpy(copy + at, SELECTED, sizeof SELECTED - 1);
    memcpy(copy + at + sizeof SELECTED - 1, o->html + at, o->len - at + 1);
    return copy;
}
