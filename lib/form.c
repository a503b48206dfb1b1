/* form.c — submitted fields into the request HDF. */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

int form_valid_name(const char *name)
{
    size_t n = strlen(name);

    /* HDF names are dotted paths: no leading/trailing/double dots, no odd bytes. */
    if (n == 0 || n > 100 || name[0] == '.' || name[n - 1] == '.' || strstr(name, ".."))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '[' || c == ']'))
            return 0;
    }
    return 1;
}

int form_set(HDF *hdf, const char *name, const char *value, size_t len)
{
    char key[128], idx[16];
    char *copy = NULL;
    HDF *obj;
    NEOERR *err = STATUS_OK;
    int rc = -1;

    if (!form_valid_name(name) || memchr(value, '\0', len))
        return -1;
    snprintf(key, sizeof key, "Query.%s", name);
    if ((copy = malloc(len + 1)) == NULL)
        return -1;
    memcpy(copy, value, len);
    copy[len] = '\0';

    obj = hdf_get_obj(hdf, key);
    if (obj) {
        /* Repeated name: keep every value as numbered children, as cgi_parse does. */
        int count = 0;
        HDF *child = hdf_obj_child(obj);
        if (!child) {
            if ((err = hdf_set_value(obj, "0", hdf_obj_value(obj))) != STATUS_OK)
                goto out;
            count = 1;
        } else {
            for (; child; child = hdf_obj_next(child))
                count++;
        }
        snprintf(idx, sizeof idx, "%d", count);
        if ((err = hdf_set_value(obj, idx, copy)) != STATUS_OK)
            goto out;
    }
    if ((err = hdf_set_value(hdf, key, copy)) != STATUS_OK)
        goto out;
    rc = 0;
out:
    if (err)
        render_log_error("form_set", err);
    free(copy);
    return rc;
}
