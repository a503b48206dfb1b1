/* upload.c — size and libmagic type checks for uploads. */
#include "upload.h"

#include <magic.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

const char *const UPLOAD_DOCUMENT_TYPES[] = {"application/pdf", "image/jpeg", "image/png", NULL};

/* One libmagic handle per process: loading its database costs milliseconds. */
static magic_t cookie;

static int ensure_magic(void)
{
    if (cookie)
        return 0;
    cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
    if (!cookie)
        return -1;
    if (magic_load(cookie, NULL) != 0) {
        log_error("libmagic: %s", magic_error(cookie));
        magic_close(cookie);
        cookie = NULL;
        return -1;
    }
    return 0;
}

int upload_check(const void *data, size_t len, size_t max, const char *const *allowed,
                 char mime[64], const char **msg)
{
    const char *type;

    mime[0] = '\0';
    if (len == 0) {
        *msg = "上传的文件是空的。";
        return -1;
    }
    if (len > max) {
        *msg = "文件过大，请压缩后重新上传（单个文件不超过 5 MB）。";
        return -1;
    }
    if (ensure_magic() || (type = magic_buffer(cookie, data, len)) == NULL) {
        *msg = "无法识别文件类型，请稍后重试。";
        return -1;
    }
    snprintf(mime, 64, "%s", type);
    for (int i = 0; allowed[i]; i++)
        if (strcmp(type, allowed[i]) == 0)
            return 0;
    *msg = "文件类型不支持：请上传 PDF、JPG 或 PNG 格式的扫描件或照片。";
    return -1;
}
