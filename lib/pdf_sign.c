/* pdf_sign.c — see pdf_sign.h.
 *
 * The original bytes are kept as they are; the update appended to them holds
 *   N+0  the signature dictionary (/ByteRange, /Contents <placeholder>, /M, /Reason...)
 *   N+1  the field and its widget in one dictionary (/FT /Sig, /V N+0, /P page, /Rect)
 *   N+2  the widget's appearance: an empty form XObject (the seal is drawn on the page)
 *   the page again, with /Annots [... N+1 0 R]
 *   the catalog again, with /AcroForm << /Fields [N+1 0 R] /SigFlags 3 >>
 * then an xref section for these objects and a trailer with /Prev. /ByteRange is written
 * as a fixed-width placeholder, filled in place once the offsets are known; the CMS
 * SignedData goes into the /Contents placeholder as hex. The parser below reads only what
 * cairo writes (a classic xref table and trailer), but bounded and checked everywhere. */
#include "pdf_sign.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "log.h"

/* Bytes of DER the /Contents placeholder holds (twice as many hex digits): a signature
 * with a chain of two or three certificates fits with room to spare. */
#define SIG_MAX_DER 8192
/* "[0 a b c]" padded with spaces to this width. */
#define BYTERANGE_W 48

struct pdf_signer {
    X509 *cert;
    EVP_PKEY *key;
    STACK_OF(X509) *chain;
};

static void log_ssl(const char *what)
{
    unsigned long e = ERR_get_error();
    char buf[256];

    ERR_error_string_n(e, buf, sizeof buf);
    log_error("pdf_sign: %s: %s", what, e ? buf : "failed");
    ERR_clear_error();
}

/* ---- signer ---- */

void pdf_signer_free(struct pdf_signer *s)
{
    if (!s)
        return;
    X509_free(s->cert);
    EVP_PKEY_free(s->key);
    sk_X509_pop_free(s->chain, X509_free);
    free(s);
}

struct pdf_signer *pdf_signer_load(const char *cert_pem_path, const char *key_pem_path,
                                   const char *chain_pem_path)
{
    struct pdf_signer *s = calloc(1, sizeof *s);
    FILE *f = NULL;
    X509 *x;

    if (!s) {
        log_error("pdf_sign: out of memory");
        return NULL;
    }
    if (!cert_pem_path || !key_pem_path || !chain_pem_path) {
        log_error("pdf_sign: certificate, key and chain paths are required");
        goto fail;
    }
    if (!(f = fopen(cert_pem_path, "r")) || !(s->cert = PEM_read_X509(f, NULL, NULL, NULL))) {
        log_error("pdf_sign: cannot read the certificate %s", cert_pem_path);
        goto fail;
    }
    fclose(f);
    f = NULL;
    if (!(f = fopen(key_pem_path, "r")) ||
        !(s->key = PEM_read_PrivateKey(f, NULL, NULL, NULL))) {
        log_error("pdf_sign: cannot read the private key %s", key_pem_path);
        goto fail;
    }
    fclose(f);
    f = NULL;
    if (X509_check_private_key(s->cert, s->key) != 1) {
        log_error("pdf_sign: %s is not the key of %s", key_pem_path, cert_pem_path);
        goto fail;
    }
    if (!(s->chain = sk_X509_new_null()) || !(f = fopen(chain_pem_path, "r"))) {
        log_error("pdf_sign: cannot read the chain %s", chain_pem_path);
        goto fail;
    }
    while ((x = PEM_read_X509(f, NULL, NULL, NULL)))
        if (!sk_X509_push(s->chain, x)) {
            X509_free(x);
            log_error("pdf_sign: out of memory");
            goto fail;
        }
    ERR_clear_error(); /* the end of the file reads as an error */
    fclose(f);
    f = NULL;
    if (sk_X509_num(s->chain) < 1) {
        log_error("pdf_sign: no certificate in the chain %s", chain_pem_path);
        goto fail;
    }
    return s;
fail:
    ERR_clear_error();
    if (f)
        fclose(f);
    pdf_signer_free(s);
    return NULL;
}

/* ---- a growing buffer ---- */

struct buf {
    unsigned char *p;
    size_t len, cap;
    int failed;
};

static void buf_add(struct buf *b, const void *data, size_t n)
{
    if (b->failed)
        return;
    if (n > SIZE_MAX / 2 - b->len) {
        b->failed = 1;
        return;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        unsigned char *p;
        while (cap < b->len + n)
            cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
}

__attribute__((format(printf, 2, 3))) static void buf_printf(struct buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->failed = 1;
        return;
    }
    buf_add(b, tmp, (size_t)n);
}

/* A PDF text string: UTF-16BE with a byte order mark, as hex (no escaping needed). */
static void buf_text(struct buf *b, const char *utf8)
{
    gunichar2 *u;
    glong n = 0;

    if (!(u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL))) {
        b->failed = 1;
        return;
    }
    buf_add(b, "<FEFF", 5);
    for (glong i = 0; i < n; i++)
        buf_printf(b, "%04X", (unsigned)u[i]);
    buf_add(b, ">", 1);
    g_free(u);
}

/* ---- reading the original ---- */

struct src {
    const unsigned char *p;
    size_t len;
};

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int is_delim(unsigned char c)
{
    return is_ws(c) || strchr("()<>[]{}/%", c) != NULL;
}

/* Skips whitespace and comments from i. */
static size_t skip_ws(const struct src *s, size_t i)
{
    while (i < s->len) {
        if (is_ws(s->p[i]))
            i++;
        else if (s->p[i] == '%')
            while (i < s->len && s->p[i] != '\n' && s->p[i] != '\r')
                i++;
        else
            break;
    }
    return i;
}

/* A non-negative integer at i (after whitespace); -1 when none or too large. */
static long long read_uint(const struct src *s, size_t *i)
{
    long long v = 0;
    size_t j = skip_ws(s, *i), start = j;

    while (j < s->len && s->p[j] >= '0' && s->p[j] <= '9') {
        if (v > (LLONG_MAX - 9) / 10)
            return -1;
        v = v * 10 + (s->p[j] - '0');
        j++;
    }
    if (j == start)
        return -1;
    *i = j;
    return v;
}

/* Whether the keyword kw is at i (followed by a delimiter). */
static int at_word(const struct src *s, size_t i, const char *kw)
{
    size_t n = strlen(kw);
    return i <= s->len && n <= s->len - i && memcmp(s->p + i, kw, n) == 0 &&
           (i + n == s->len || is_delim(s->p[i + n]) || kw[n - 1] == '<');
}

/* The end of the dictionary that opens at i ("<<"): the index just after its ">>".
 * Strings, hex strings and comments are skipped. 0 on malformed input. */
static size_t dict_end(const struct src *s, size_t i)
{
    int depth = 0;

    while (i < s->len) {
        unsigned char c = s->p[i];
        if (c == '%') {
            i = skip_ws(s, i);
        } else if (c == '<' && i + 1 < s->len && s->p[i + 1] == '<') {
            depth++;
            i += 2;
        } else if (c == '>' && i + 1 < s->len && s->p[i + 1] == '>') {
            i += 2;
            if (--depth == 0)
                return i;
        } else if (c == '<') {
            while (i < s->len && s->p[i] != '>')
                i++;
            i++;
        } else if (c == '(') {
            int paren = 0;
            for (; i < s->len; i++) {
                if (s->p[i] == '\\')
                    i++;
                else if (s->p[i] == '(')
                    paren++;
                else if (s->p[i] == ')' && --paren == 0)
                    break;
            }
            i++;
        } else {
            i++;
        }
    }
    return 0;
}

/* The value after /key at the top level of the dictionary [start, end): index of the
 * value's first byte, or 0 when the key is absent. */
static size_t dict_get(const struct src *s, size_t start, size_t end, const char *key)
{
    struct src d = {s->p, end};
    size_t i = skip_ws(&d, start);
    size_t klen = strlen(key);

    if (!at_word(&d, i, "<<"))
        return 0;
    i += 2;
    for (;;) {
        size_t v;
        i = skip_ws(&d, i);
        if (i >= end || d.p[i] != '/')
            return 0;
        /* the key */
        v = i + 1;
        while (v < end && !is_delim(d.p[v]))
            v++;
        if (v - i - 1 == klen && memcmp(d.p + i + 1, key, klen) == 0)
            return skip_ws(&d, v);
        /* skip the value: a dictionary, an array, a string, or tokens up to the next key */
        i = skip_ws(&d, v);
        if (at_word(&d, i, "<<")) {
            if (!(i = dict_end(&d, i)))
                return 0;
        } else if (i < end && d.p[i] == '[') {
            int depth = 0;
            for (; i < end; i++) {
                if (d.p[i] == '[')
                    depth++;
                else if (d.p[i] == ']' && --depth == 0)
                    break;
            }
            i++;
        } else if (i < end && (d.p[i] == '(' || d.p[i] == '<')) {
            unsigned char close = d.p[i] == '(' ? ')' : '>';
            while (i < end && d.p[i] != close)
                i += d.p[i] == '\\' ? 2 : 1;
            i++;
        } else {
            if (i < end && d.p[i] == '/')
                i++;
            while (i < end && d.p[i] != '/' && !(d.p[i] == '>' && i + 1 < end && d.p[i + 1] == '>'))
                i++;
        }
    }
}

/* "N G R" at i: the object number, or -1. */
static long long read_ref(const struct src *s, size_t i)
{
    long long num = read_uint(s, &i), gen;
    if (num < 0 || (gen = read_uint(s, &i)) < 0)
        return -1;
    i = skip_ws(s, i);
    return i < s->len && s->p[i] == 'R' ? num : -1;
}

/* The classic xref table(s) of the original: offset of object n, or 0. Follows /Prev. */
struct xref {
    size_t xref_at;   /* offset of the last "xref" */
    size_t trailer;   /* offset of the last trailer's "<<" */
    size_t trailer_end;
    long long size;   /* /Size */
};

static size_t obj_offset(const struct src *s, size_t xref_at, long long n)
{
    for (int hops = 0; hops < 32 && xref_at; hops++) {
        size_t i = xref_at + 4, t;
        long long prev;

        if (!at_word(s, xref_at, "xref"))
            return 0;
        for (;;) {
            long long first, count;
            size_t j = skip_ws(s, i);
            if (at_word(s, j, "trailer")) {
                i = j + 7;
                break;
            }
            if ((first = read_uint(s, &i)) < 0 || (count = read_uint(s, &i)) < 0)
                return 0;
            i = skip_ws(s, i);
            if (count > (long long)((s->len - i) / 20))
                return 0;
            if (n >= first && n < first + count) {
                size_t e = i + (size_t)(n - first) * 20, k = e;
                long long off = read_uint(s, &k);
                if (off < 0 || e + 17 >= s->len || s->p[e + 17] != 'n')
                    return 0;
                return (size_t)off < s->len ? (size_t)off : 0;
            }
            i += (size_t)count * 20;
        }
        t = skip_ws(s, i);
        if (!dict_end(s, t) || !(i = dict_get(s, t, dict_end(s, t), "Prev")))
            return 0;
        if ((prev = read_uint(s, &i)) < 0 || (size_t)prev >= s->len)
            return 0;
        xref_at = (size_t)prev;
    }
    return 0;
}

/* The dictionary of object n: [*start, *end) from "<<" to just after ">>". */
static int obj_dict(const struct src *s, size_t xref_at, long long n, size_t *start, size_t *end)
{
    size_t i = obj_offset(s, xref_at, n);
    long long num;

    if (!i || (num = read_uint(s, &i)) != n || read_uint(s, &i) < 0)
        return -1;
    i = skip_ws(s, i);
    if (!at_word(s, i, "obj"))
        return -1;
    i = skip_ws(s, i + 3);
    if (!at_word(s, i, "<<") || !(*end = dict_end(s, i)))
        return -1;
    *start = i;
    return 0;
}

static int read_xref(const struct src *s, struct xref *x)
{
    size_t tail = s->len > 1024 ? s->len - 1024 : 0, i = 0;
    long long off;
    int found = 0;

    for (size_t j = s->len; j-- > tail;)
        if (s->len - j >= 9 && memcmp(s->p + j, "startxref", 9) == 0) {
            i = j + 9;
            found = 1;
            break;
        }
    if (!found || (off = read_uint(s, &i)) <= 0 || (size_t)off >= s->len)
        return -1;
    x->xref_at = (size_t)off;
    if (!at_word(s, x->xref_at, "xref")) /* a cross-reference stream: not what cairo writes */
        return -1;
    /* the trailer after the table */
    for (i = x->xref_at; i + 7 <= s->len; i++)
        if (memcmp(s->p + i, "trailer", 7) == 0)
            break;
    if (i + 7 > s->len)
        return -1;
    x->trailer = skip_ws(s, i + 7);
    if (!(x->trailer_end = dict_end(s, x->trailer)))
        return -1;
    i = dict_get(s, x->trailer, x->trailer_end, "Size");
    if (!i || (x->size = read_uint(s, &i)) <= 0 || x->size > 8000000)
        return -1;
    return 0;
}

/* The object number of page `index` (0-based): a walk of the page tree from /Pages. */
static long long page_ref(const struct src *s, size_t xref_at, long long node, int *index, int depth)
{
    size_t a, b, i;

    if (depth > 16 || obj_dict(s, xref_at, node, &a, &b) < 0)
        return -1;
    i = dict_get(s, a, b, "Type");
    if (i && at_word(s, i, "/Page")) {
        return (*index)-- == 0 ? node : -2;
    }
    if (!(i = dict_get(s, a, b, "Kids")) || s->p[i] != '[')
        return -1;
    i++;
    for (;;) {
        long long kid, r;
        size_t j = skip_ws(s, i);
        if (j >= b || s->p[j] == ']')
            return -2;
        if ((kid = read_ref(s, j)) < 0)
            return -1;
        r = page_ref(s, xref_at, kid, index, depth + 1);
        if (r != -2)
            return r;
        /* past "N G R" */
        read_uint(s, &j);
        read_uint(s, &j);
        i = skip_ws(s, j) + 1;
    }
}

/* The page's MediaBox height in points (for /Rect); 0 when not found. */
static double page_height(const struct src *s, size_t a, size_t b)
{
    size_t i = dict_get(s, a, b, "MediaBox");
    double v[4];
    char tmp[128];
    size_t n;

    if (!i || s->p[i] != '[')
        return 0;
    for (n = 0; i + n < b && s->p[i + n] != ']' && n < sizeof tmp - 1; n++)
        tmp[n] = (char)s->p[i + n];
    tmp[n] = '\0';
    if (sscanf(tmp + 1, "%lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3]) != 4)
        return 0;
    return v[3] - v[1];
}

/* ---- writing the update ---- */

/* Copies dictionary [a, b) with " /Key value" added before its closing ">>". When the
 * dictionary already has /Annots as an inline array, the reference joins that array. */
static int dict_with(struct buf *o, const struct src *s, size_t a, size_t b, const char *key,
                     const char *value, const char *array_item)
{
    size_t i = array_item ? dict_get(s, a, b, key) : 0;

    if (i && s->p[i] == '[') {
        buf_add(o, s->p + a, i + 1 - a);
        buf_printf(o, " %s ", array_item);
        buf_add(o, s->p + i + 1, b - i - 1);
        return 0;
    }
    if (i || dict_get(s, a, b, key)) {
        log_error("pdf_sign: the document already has /%s in a form this signer cannot extend", key);
        return -1;
    }
    buf_add(o, s->p + a, b - 2 - a);
    buf_printf(o, "\n   /%s %s\n>>", key, value);
    return 0;
}

static void pdf_date(time_t t, char *out, size_t n)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(out, n, "D:%Y%m%d%H%M%S+00'00'", &tm))
        snprintf(out, n, "D:19700101000000+00'00'");
}

/* The detached CMS SignedData over data: SHA-256, the given signing time, the signer's
 * certificate and the chain. DER (malloc'd) or NULL. */
static unsigned char *cms_sign(const struct pdf_signer *s, const unsigned char *data, size_t n,
                               time_t when, int *der_len)
{
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
    CMS_ContentInfo *cms = NULL;
    CMS_SignerInfo *si;
    ASN1_TIME *t = NULL;
    BIO *in = NULL;
    unsigned char *der = NULL;
    int len;

    *der_len = 0;
    if (n > INT_MAX || !(in = BIO_new_mem_buf(data, (int)n)) ||
        !(cms = CMS_sign(NULL, NULL, s->chain, NULL, flags)) ||
        !(si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags)) ||
        !(t = ASN1_TIME_set(NULL, when)) ||
        !CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1) ||
        !CMS_final(cms, in, NULL, flags)) {
        log_ssl("CMS signature");
        goto out;
    }
    if ((len = i2d_CMS_ContentInfo(cms, &der)) <= 0) {
        log_ssl("CMS encoding");
        der = NULL;
        goto out;
    }
    *der_len = len;
out:
    ASN1_TIME_free(t);
    CMS_ContentInfo_free(cms);
    BIO_free(in);
    return der;
}

int pdf_sign(const struct pdf_signer *s, const unsigned char *pdf, size_t len,
             const struct pdf_sig_field *f, time_t signing_time,
             unsigned char **out, size_t *out_len)
{
    struct src src = {pdf, len};
    struct xref x;
    struct buf o = {0};
    size_t pa, pb, ca, cb, i, offs[5], br_at = 0, contents_at = 0, contents_end;
    long long root, page, n;
    unsigned char *signed_bytes = NULL, *der = NULL;
    int der_len = 0, rc = -1, index;
    double ph;
    char date[32], ref[32];

    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!s || !pdf || !f || !out || !out_len || f->page < 0 || !f->name ||
        f->w_mm <= 0 || f->h_mm <= 0) {
        log_error("pdf_sign: bad arguments");
        return -1;
    }
    if (!g_utf8_validate(f->name, -1, NULL) || (f->reason && !g_utf8_validate(f->reason, -1, NULL)) ||
        (f->location && !g_utf8_validate(f->location, -1, NULL))) {
        log_error("pdf_sign: field texts are not UTF-8");
        return -1;
    }
    if (len < 16 || memcmp(pdf, "%PDF-", 5) != 0 || read_xref(&src, &x) < 0) {
        log_error("pdf_sign: not a PDF with a classic xref table and trailer");
        return -1;
    }
    i = dict_get(&src, x.trailer, x.trailer_end, "Root");
    if (!i || (root = read_ref(&src, i)) < 0 || obj_dict(&src, x.xref_at, root, &ca, &cb) < 0 ||
        !(i = dict_get(&src, ca, cb, "Pages"))) {
        log_error("pdf_sign: no catalog or page tree");
        return -1;
    }
    index = f->page;
    if ((page = page_ref(&src, x.xref_at, read_ref(&src, i), &index, 0)) < 0 ||
        obj_dict(&src, x.xref_at, page, &pa, &pb) < 0 || !(ph = page_height(&src, pa, pb))) {
        log_error("pdf_sign: no page %d", f->page + 1);
        return -1;
    }
    n = x.size;
    if (signing_time == 0)
        signing_time = time(NULL);
    pdf_date(signing_time, date, sizeof date);

    buf_add(&o, pdf, len);
    if (pdf[len - 1] != '\n')
        buf_add(&o, "\n", 1);
    /* N+0: the signature */
    offs[0] = o.len;
    buf_printf(&o, "%lld 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached\n"
                   "   /ByteRange ", n);
    br_at = o.len;
    buf_printf(&o, "%-*s", BYTERANGE_W, "[0 0 0 0]");
    buf_add(&o, "\n   /Contents ", 14);
    contents_at = o.len;
    buf_add(&o, "<", 1);
    for (int k = 0; k < SIG_MAX_DER * 2 / 64; k++)
        buf_add(&o, "0000000000000000000000000000000000000000000000000000000000000000", 64);
    buf_add(&o, ">", 1);
    contents_end = o.len;
    buf_printf(&o, "\n   /M (%s)", date);
    if (f->reason) {
        buf_add(&o, "\n   /Reason ", 12);
        buf_text(&o, f->reason);
    }
    if (f->location) {
        buf_add(&o, "\n   /Location ", 14);
        buf_text(&o, f->location);
    }
    buf_add(&o, "\n>>\nendobj\n", 11);
    /* N+1: field and widget */
    offs[1] = o.len;
    buf_printf(&o, "%lld 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Sig /F 132\n   /T ", n + 1);
    buf_text(&o, f->name);
    buf_printf(&o, "\n   /V %lld 0 R /P %lld 0 R\n   /Rect [%.2f %.2f %.2f %.2f]\n"
                   "   /AP << /N %lld 0 R >>\n>>\nendobj\n",
               n, page, f->x_mm * 72 / 25.4, ph - (f->y_mm + f->h_mm) * 72 / 25.4,
               (f->x_mm + f->w_mm) * 72 / 25.4, ph - f->y_mm * 72 / 25.4, n + 2);
    /* N+2: its (empty) appearance */
    offs[2] = o.len;
    buf_printf(&o, "%lld 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Length 0 >>\n"
                   "stream\n\nendstream\nendobj\n",
               n + 2, f->w_mm * 72 / 25.4, f->h_mm * 72 / 25.4);
    /* the page with the widget */
    offs[3] = o.len;
    buf_printf(&o, "%lld 0 obj\n", page);
    snprintf(ref, sizeof ref, "%lld 0 R", n + 1);
    {
        char arr[48];
        snprintf(arr, sizeof arr, "[%s]", ref);
        if (dict_with(&o, &src, pa, pb, "Annots", arr, ref) < 0)
            goto out;
    }
    buf_add(&o, "\nendobj\n", 8);
    /* the catalog with the form */
    offs[4] = o.len;
    buf_printf(&o, "%lld 0 obj\n", root);
    {
        char form[96];
        snprintf(form, sizeof form, "<< /Fields [%s] /SigFlags 3 >>", ref);
        if (dict_with(&o, &src, ca, cb, "AcroForm", form, NULL) < 0)
            goto out;
    }
    buf_add(&o, "\nendobj\n", 8);
    /* xref and trailer */
    {
        size_t xref_at = o.len;
        const long long nums[5] = {n, n + 1, n + 2, page, root};
        buf_add(&o, "xref\n", 5);
        for (int k = 0; k < 5; k++)
            buf_printf(&o, "%lld 1\n%010zu 00000 n \n", nums[k], offs[k]);
        buf_printf(&o, "trailer\n<< /Size %lld /Root %lld 0 R", n + 3, root);
        if ((i = dict_get(&src, x.trailer, x.trailer_end, "Info")) && read_ref(&src, i) >= 0)
            buf_printf(&o, " /Info %lld 0 R", read_ref(&src, i));
        buf_printf(&o, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", x.xref_at, xref_at);
    }
    if (o.failed) {
        log_error("pdf_sign: out of memory");
        goto out;
    }
    /* the byte range: everything but the /Contents hex string */
    {
        char br[BYTERANGE_W + 1];
        int w = snprintf(br, sizeof br, "[0 %zu %zu %zu]", contents_at, contents_end,
                         o.len - contents_end);
        if (w < 0 || w > BYTERANGE_W) {
            log_error("pdf_sign: document too large");
            goto out;
        }
        memset(o.p + br_at, ' ', BYTERANGE_W);
        memcpy(o.p + br_at, br, (size_t)w);
    }
    if (!(signed_bytes = malloc(o.len - (contents_end - contents_at)))) {
        log_error("pdf_sign: out of memory");
        goto out;
    }
    memcpy(signed_bytes, o.p, contents_at);
    memcpy(signed_bytes + contents_at, o.p + contents_end, o.len - contents_end);
    if (!(der = cms_sign(s, signed_bytes, o.len - (contents_end - contents_at), signing_time,
                         &der_len)))
        goto out;
    if (der_len > SIG_MAX_DER) {
        log_error("pdf_sign: signature of %d bytes does not fit in %d", der_len, SIG_MAX_DER);
        goto out;
    }
    for (int k = 0; k < der_len; k++) {
        static const char hex[] = "0123456789ABCDEF";
        o.p[contents_at + 1 + 2 * (size_t)k] = (unsigned char)hex[der[k] >> 4];
        o.p[contents_at + 2 + 2 * (size_t)k] = (unsigned char)hex[der[k] & 15];
    }
    *out = o.p;
    *out_len = o.len;
    o.p = NULL;
    rc = 0;
out:
    OPENSSL_free(der);
    free(signed_bytes);
    free(o.p);
    return rc;
}
