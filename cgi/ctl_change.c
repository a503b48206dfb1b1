/* ctl_change.c — tejianctl's demo status-change applications: a few open ones of the
 * demo company, each with a small PDF report, so the demo bureau has a queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "ctl_equipment.h"
#include "db.h"
#include "upload.h"
#include "workflow.h"

/* Each demo application: the device state it starts from, the state applied for, the
 * reason (also its key: a second seed finds it and adds nothing) and its age in days. */
static const struct {
    const char *from, *to, *reason, *title;
    int days;
} DEMO_CHANGES[] = {
    {"in_use", "stopped", "示范大厦东侧裙楼整体装修改造，该电梯自下月起停止使用，预计停用六个月，装修期间断电并设置警示标识。",
     "电梯停用报告", 3},
    {"in_use", "scrapped", "设备已使用十八年，主机及控制柜老化、故障频发，经评估不再具备修理价值，申请报废并拆除。",
     "电梯报废报告", 2},
    {"stopped", "in_use", "装修改造工程已竣工，电梯经维保单位全面检查保养，自检合格，申请恢复使用。",
     "电梯恢复使用申请", 1},
};

/* Writes up to max characters of UTF-8 text (BMP only) as big-endian UCS-2 hex for a PDF
 * string into out; returns where the text continues. */
static const char *ucs2_hex(const char *text, int max, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;

    out[0] = '\0';
    for (int n = 0; *s && n < max && o + 5 < cap; n++) {
        unsigned c;
        if (*s < 0x80)
            c = *s++;
        else if ((*s & 0xE0) == 0xC0 && s[1])
            c = (unsigned)(*s & 0x1F) << 6 | (s[1] & 0x3F), s += 2;
        else if ((*s & 0xF0) == 0xE0 && s[1] && s[2])
            c = (unsigned)(*s & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F), s += 3;
        else {
            s++;
            continue; /* outside the BMP or malformed: left out */
        }
        o += (size_t)snprintf(out + o, cap - o, "%04X", c);
    }
    return (const char *)s;
}

/* A one-page PDF with a title and a line of text in the standard Chinese font
 * STSong-Light (no embedded font), the text wrapped. Returns its length in buf, 0 when buf is too small. */
size_t demo_pdf(const char *title, const char *line, char *buf, size_t cap)
{
    char content[4096], hex[256];
    long offs[8];
    size_t n = 0, c;
    int k, y = 720;

    ucs2_hex(title, 40, hex, sizeof hex);
    c = (size_t)snprintf(content, sizeof content, "BT /F1 22 Tf 72 760 Td <%s> Tj ET\n", hex);
    while (*line && c < sizeof content - 400) { /* 36 characters of 12 points a line */
        line = ucs2_hex(line, 36, hex, sizeof hex);
        c += (size_t)snprintf(content + c, sizeof content - c, "BT /F1 12 Tf 72 %d Td <%s> Tj ET\n", y, hex);
        y -= 20;
    }
    const char *objs[7] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        NULL, /* the content stream */
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    };

#define PUT(...)                                                     \
    do {                                                             \
        k = snprintf(buf + n, cap - n, __VA_ARGS__);                 \
        if (k < 0 || (size_t)k >= cap - n)                           \
            return 0;                                                \
        n += (size_t)k;                                              \
    } while (0)
    PUT("%%PDF-1.4\n");
    for (int i = 0; i < 7; i++) {
        offs[i] = (long)n;
        if (objs[i])
            PUT("%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
        else
            PUT("%d 0 obj\n<< /Length %zu >>\nstream\n%sendstream\nendobj\n", i + 1, strlen(content), content);
    }
    offs[7] = (long)n;
    PUT("xref\n0 8\n0000000000 65535 f \n");
    for (int i = 0; i < 7; i++)
        PUT("%010ld 00000 n \n", offs[i]);
    PUT("trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", offs[7]);
#undef PUT
    return n;
}

int ctl_seed_demo_changes(long company, long applicant, const char *district, int *added)
{
    char org[24], acc[24], days[16], sha[65], mime[64], pdf[8192], name[96];
    const char *msg;
    PGresult *res = NULL;
    int rc = -1;

    *added = 0;
    snprintf(org, sizeof org, "%ld", company);
    snprintf(acc, sizeof acc, "%ld", applicant);
    for (size_t i = 0; i < sizeof DEMO_CHANGES / sizeof DEMO_CHANGES[0]; i++) {
        size_t len = demo_pdf(DEMO_CHANGES[i].title, DEMO_CHANGES[i].reason, pdf, sizeof pdf);
        if (!len || upload_check(pdf, len, 1u << 20, UPLOAD_DOCUMENT_TYPES, mime, &msg)) {
            fprintf(stderr, "seed: the demo change document is not a PDF\n");
            goto out;
        }
        if (!workflow_find_to(&WF_EQUIPMENT, DEMO_CHANGES[i].from, DEMO_CHANGES[i].to)) {
            fprintf(stderr, "seed: demo change %s -> %s is not a device transition\n", DEMO_CHANGES[i].from,
                    DEMO_CHANGES[i].to);
            goto out;
        }
        snprintf(days, sizeof days, "%d days", DEMO_CHANGES[i].days);
        const char *v[7] = {org, district, DEMO_CHANGES[i].from, acc, DEMO_CHANGES[i].to, DEMO_CHANGES[i].reason, days};
        /* The newest free device of the company in the district in that state. */
        res = db_exec("INSERT INTO change_application (equipment_id, org_id, applicant_id, from_state, to_state,"
                      " reason, district, created_at)"
                      " SELECT e.id, $1::bigint, $4::bigint, e.state, $5, $6, e.district, now() - $7::interval"
                      " FROM equipment e WHERE e.use_org_id = $1::bigint AND e.district = $2::bpchar AND e.state = $3"
                      " AND NOT EXISTS (SELECT 1 FROM change_application c WHERE c.equipment_id = e.id)"
                      " AND NOT EXISTS (SELECT 1 FROM change_application c WHERE c.org_id = $1::bigint AND c.reason = $6)"
                      " ORDER BY e.id DESC LIMIT 1 RETURNING id",
                      7, v);
        if (!res)
            goto out;
        if (PQntuples(res) == 1) {
            snprintf(name, sizeof name, "%s.pdf", DEMO_CHANGES[i].title);
            const char *dv[4] = {PQgetvalue(res, 0, 0), sha, name, days};
            if (blob_put(pdf, len, mime, sha) ||
                db_command("INSERT INTO change_application_document (application_id, blob_sha256, file_name, created_at)"
                           " VALUES ($1::bigint, $2, $3, now() - $4::interval)",
                           4, dv) ||
                db_command("INSERT INTO workflow_event (kind, entity_id, from_state, to_state, event, actor_id, reason, at)"
                           " SELECT 'change_application', c.id, NULL, 'submitted', 'submit', c.applicant_id, NULL, c.created_at"
                           " FROM change_application c WHERE c.id = $1::bigint",
                           1, dv))
                goto out;
            (*added)++;
        }
        PQclear(res);
        res = NULL;
    }
    rc = 0;
out:
    PQclear(res);
    return rc;
}
