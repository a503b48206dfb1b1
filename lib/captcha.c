/* captcha.c — image captcha: random code from a look-alike-free alphabet, PNG via libgd, hashed answers */
#include "captcha.h"

#include <gd.h>
#include <gdfontg.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

const char CAPTCHA_ALPHABET[] = "ACEFGHKMNPRTWXY34679";
#define ALPHABET_LEN ((int)sizeof CAPTCHA_ALPHABET - 1)

#define CELL_W (CAPTCHA_WIDTH / CAPTCHA_LEN)
#define FONT_PT_MIN 21.0        /* at gd's 96 dpi: capitals ~21..25 px tall in a 56 px image */
#define FONT_PT_SPAN 4
#define MAX_ANGLE 25            /* degrees either way */
#define JITTER_Y 6              /* px either way from the vertical centre */
#define JITTER_X 3
#define NOISE_DOTS 320
#define PI 3.14159265358979323846 /* M_PI is not ISO C; and no libm is linked */

/* Every random value comes from RAND_bytes. Buffered, because one image needs hundreds of
 * values; a failure is sticky (values become 0) and is checked before anything is returned. */
struct rnd {
    unsigned char buf[512];
    size_t pos;
    int failed;
};

static uint32_t rnd_u32(struct rnd *r)
{
    uint32_t v;

    if (r->failed)
        return 0;
    if (r->pos + 4 > sizeof r->buf) {
        if (RAND_bytes(r->buf, (int)sizeof r->buf) != 1) {
            r->failed = 1;
            return 0;
        }
        r->pos = 0;
    }
    v = (uint32_t)r->buf[r->pos] << 24 | (uint32_t)r->buf[r->pos + 1] << 16 |
        (uint32_t)r->buf[r->pos + 2] << 8 | r->buf[r->pos + 3];
    r->pos += 4;
    return v;
}

/* Uniform in [0, n): values from the incomplete top block of 2^32 are redrawn, so the code's
 * characters are exactly equally likely (a plain modulo would favour the first ones). */
static int rnd_below(struct rnd *r, int n)
{
    const uint64_t span = UINT64_C(1) << 32;
    const uint64_t limit = span - span % (uint64_t)n;
    uint32_t v;

    do
        v = rnd_u32(r);
    while (!r->failed && v >= limit);
    return (int)(v % (uint32_t)n);
}

/* Inclusive range [lo, hi]. */
static int rnd_range(struct rnd *r, int lo, int hi)
{
    return lo + rnd_below(r, hi - lo + 1);
}

static int dark_colour(struct rnd *r)
{
    return gdTrueColor(rnd_range(r, 0, 90), rnd_range(r, 0, 90), rnd_range(r, 0, 100));
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* One character with FreeType, rotated about its own centre and kept inside the image.
 * Returns 0 or -1 (gd could not render with this font). */
static int draw_char_ft(gdImagePtr im, const char *font, char ch, int cell, struct rnd *r)
{
    char s[2] = {ch, '\0'};
    int brect[8];
    double pt = FONT_PT_MIN + rnd_below(r, FONT_PT_SPAN + 1);
    double angle = (double)rnd_range(r, -MAX_ANGLE, MAX_ANGLE) * PI / 180.0;
    int colour = dark_colour(r);
    int minx, maxx, miny, maxy, cx, cy, x, y;

    /* A NULL image only measures: gd rotates about the text origin, so the bounding box is
     * needed to centre the rotated glyph on the spot chosen for it. */
    if (gdImageStringFT(NULL, brect, colour, font, pt, angle, 0, 0, s) != NULL)
        return -1;
    minx = maxx = brect[0];
    miny = maxy = brect[1];
    for (int i = 2; i < 8; i += 2) {
        minx = brect[i] < minx ? brect[i] : minx;
        maxx = brect[i] > maxx ? brect[i] : maxx;
        miny = brect[i + 1] < miny ? brect[i + 1] : miny;
        maxy = brect[i + 1] > maxy ? brect[i + 1] : maxy;
    }
    cx = cell * CELL_W + CELL_W / 2 + rnd_range(r, -JITTER_X, JITTER_X);
    cy = CAPTCHA_HEIGHT / 2 + rnd_range(r, -JITTER_Y, JITTER_Y);
    x = cx - (minx + maxx) / 2;
    y = cy - (miny + maxy) / 2;
    /* Jitter must not push a glyph off the edge, where it would become unreadable. */
    x = clamp(x, 1 - minx, CAPTCHA_WIDTH - 2 - maxx);
    y = clamp(y, 1 - miny, CAPTCHA_HEIGHT - 2 - maxy);
    if (gdImageStringFT(im, brect, colour, font, pt, angle, x, y, s) != NULL)
        return -1;
    return 0;
}

/* Without the TrueType font: gd's built-in Giant font (9x15), doubled so it stays legible at
 * this image size. Drawn on the plain background before any noise, so the copied background
 * block around the glyph is invisible. */
static void draw_char_builtin(gdImagePtr im, gdImagePtr glyph, int bg, char ch, int cell,
                              struct rnd *r)
{
    gdFontPtr f = gdFontGetGiant();
    int w = f->w * 2, h = f->h * 2;
    int x = cell * CELL_W + (CELL_W - w) / 2 + rnd_range(r, -JITTER_X, JITTER_X);
    int y = (CAPTCHA_HEIGHT - h) / 2 + rnd_range(r, -JITTER_Y, JITTER_Y);

    gdImageFilledRectangle(glyph, 0, 0, f->w - 1, f->h - 1, bg);
    gdImageChar(glyph, f, 0, 0, (unsigned char)ch, dark_colour(r));
    gdImageCopyResized(im, glyph, x, y, 0, 0, w, h, f->w, f->h);
}

/* Noise that crosses the text: cubic Bézier curves from edge to edge, a little thinner than
 * the glyph strokes (so the characters stay readable but cannot be separated by a simple
 * width filter), then thin straight lines, in the same dark colour range as the text.
 * Béziers rather than sine waves: plain arithmetic, the library does not link libm. */
static void draw_lines(gdImagePtr im, int max_thickness, struct rnd *r)
{
    int curves = rnd_range(r, 2, 3), lines = rnd_range(r, 2, 3);

    for (int i = 0; i < curves; i++) {
        double y0 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8), y3 = rnd_range(r, 8, CAPTCHA_HEIGHT - 8);
        /* Control points beyond the image's height make the curve swing up and down. */
        double y1 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double y2 = rnd_range(r, -CAPTCHA_HEIGHT / 2, CAPTCHA_HEIGHT * 3 / 2);
        double x1 = rnd_range(r, 0, CAPTCHA_WIDTH / 2);
        double x2 = rnd_range(r, CAPTCHA_WIDTH / 2, CAPTCHA_WIDTH);
        int colour = dark_colour(r), px = 0, py = (int)y0;
        const int steps = 40;

        gdImageSetThickness(im, rnd_range(r, 1, max_thickness));
        for (int k = 1; k <= steps; k++) {
            double t = (double)k / steps, u = 1.0 - t;
            double x = 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * (CAPTCHA_WIDTH - 1);
            double y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;
            int xi = (int)(x + 0.5), yi = (int)(y < 0 ? y - 0.5 : y + 0.5);
            gdImageLine(im, px, py, xi, yi, colour);
            px = xi;
            py = yi;
        }
    }
    gdImageSetThickness(im, 1);
    for (int i = 0; i < lines; i++)
        gdImageLine(im, 0, rnd_range(r, 0, CAPTCHA_HEIGHT - 1), CAPTCHA_WIDTH - 1,
                    rnd_range(r, 0, CAPTCHA_HEIGHT - 1), dark_colour(r));
}

static void draw_dots(gdImagePtr im, struct rnd *r)
{
    for (int i = 0; i < NOISE_DOTS; i++) {
        int c = gdTrueColor(rnd_range(r, 0, 200), rnd_range(r, 0, 200), rnd_range(r, 0, 200));
        gdImageSetPixel(im, rnd_below(r, CAPTCHA_WIDTH), rnd_below(r, CAPTCHA_HEIGHT), c);
    }
}

int captcha_new(const char *font, char answer[CAPTCHA_LEN + 1], void **png, int *png_len)
{
    struct rnd r = {.pos = sizeof r.buf};
    gdImagePtr im = NULL, glyph = NULL;
    void *data = NULL;
    int size = 0, bg, use_ft = 1, rc = -1;

    answer[0] = '\0';
    *png = NULL;
    *png_len = 0;
    if (!font)
        font = CAPTCHA_FONT_DEFAULT;
    for (int i = 0; i < CAPTCHA_LEN; i++)
        answer[i] = CAPTCHA_ALPHABET[rnd_below(&r, ALPHABET_LEN)];
    answer[CAPTCHA_LEN] = '\0';
    if (r.failed)
        goto out;

    /* True colour, so FreeType's anti-aliasing keeps the glyph edges smooth and legible. */
    if ((im = gdImageCreateTrueColor(CAPTCHA_WIDTH, CAPTCHA_HEIGHT)) == NULL)
        goto out;
    bg = gdTrueColor(rnd_range(&r, 232, 255), rnd_range(&r, 232, 255), rnd_range(&r, 232, 255));
    gdImageFilledRectangle(im, 0, 0, CAPTCHA_WIDTH - 1, CAPTCHA_HEIGHT - 1, bg);

    for (int i = 0; i < CAPTCHA_LEN; i++) {
        /* A missing or unreadable font fails on the first character (before anything is
         * drawn): then the built-in font draws them all, so an image never mixes the two. */
        if (use_ft && draw_char_ft(im, font, answer[i], i, &r) == 0)
            continue;
        if (use_ft && i > 0)
            goto out; /* the font worked for earlier characters: a real error, not a fallback */
        use_ft = 0;
        if (!glyph) {
            gdFontPtr f = gdFontGetGiant();
            if ((glyph = gdImageCreateTrueColor(f->w, f->h)) == NULL)
                goto out;
        }
        draw_char_builtin(im, glyph, bg, answer[i], i, &r);
    }
    /* The built-in font's strokes are only 2 px wide after scaling: 1 px noise then. */
    draw_lines(im, use_ft ? 2 : 1, &r);
    draw_dots(im, &r);
    if (r.failed)
        goto out;

    if ((data = gdImagePngPtr(im, &size)) == NULL || size <= 0)
        goto out;
    *png = data;
    *png_len = size;
    data = NULL;
    rc = 0;
out:
    if (rc != 0)
        answer[0] = '\0';
    gdFree(data);
    if (glyph)
        gdImageDestroy(glyph);
    if (im)
        gdImageDestroy(im);
    OPENSSL_cleanse(&r, sizeof r);
    return rc;
}

void captcha_free_png(void *png)
{
    gdFree(png);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int captcha_hash(const char *id, const char *answer, char out[65])
{
    char buf[CAPTCHA_ID_MAX + 1 + CAPTCHA_ANSWER_MAX + 1];
    size_t idlen, len;
    int n, rc = -1;

    out[0] = '\0';
    if (!id || !answer || (idlen = strlen(id)) == 0 || idlen > CAPTCHA_ID_MAX)
        goto out;
    while (is_space(*answer))
        answer++;
    len = strlen(answer);
    while (len > 0 && is_space(answer[len - 1]))
        len--;
    if (len == 0 || len > CAPTCHA_ANSWER_MAX)
        goto out;
    n = snprintf(buf, sizeof buf, "%s:%.*s", id, (int)len, answer);
    if (n < 0 || (size_t)n >= sizeof buf)
        goto out;
    /* ASCII only: toupper() would follow the locale, and the code alphabet is ASCII anyway. */
    for (char *p = buf + idlen + 1; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if (sha256_hex(buf, (size_t)n, out))
        goto out;
    rc = 0;
out:
    OPENSSL_cleanse(buf, sizeof buf);
    return rc;
}

int captcha_check(const char *id, const char *stored_hash, const char *given)
{
    char h[65];
    int ok = 0;

    if (!stored_hash || captcha_hash(id, given, h) != 0)
        goto out;
    ok = secure_streq(h, stored_hash);
out:
    OPENSSL_cleanse(h, sizeof h);
    return ok;
}
