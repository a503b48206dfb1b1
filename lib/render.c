/* render.c — ClearSilver rendering with HTML auto-escaping forced on. */
#include "render.h"

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

static NEOERR *append_cb(void *ctx, char *buf)
{
    return nerr_pass(string_append((STRING *)ctx, buf));
}

int render_file(HDF *hdf, const char *file, STRING *out)
{
    CSPARSE *cs = NULL;
    NEOERR *err;
    int rc = -1;

    if ((err = cs_init(&cs, hdf)) != STATUS_OK) {
        render_log_error("cs_init", err);
        goto out;
    }
    if ((err = cgi_register_strfuncs(cs)) != STATUS_OK) {
        render_log_error("cgi_register_strfuncs", err);
        goto out;
    }
    if ((err = cs_parse_file(cs, file)) != STATUS_OK) {
        render_log_error(file, err);
        goto out;
    }
    if ((err = cs_render(cs, out, append_cb)) != STATUS_OK) {
        render_log_error(file, err);
        goto out;
    }
    rc = 0;
out:
    cs_destroy(&cs);
    return rc;
}
