/* captcha.h — image captcha: random code from a look-alike-free alphabet, FreeType glyphs and
 * cairo noise on a cairo image surface, PNG via libpng, hashed answers */
#ifndef TEJIAN_CAPTCHA_H
#define TEJIAN_CAPTCHA_H

#define CAPTCHA_LEN 5
#define CAPTCHA_WIDTH 160
#define CAPTCHA_HEIGHT 56
#define CAPTCHA_ANSWER_MAX 32       /* longest answer captcha_hash accepts (after trimming) */
#define CAPTCHA_ID_MAX 128          /* longest id captcha_hash accepts */
#define CAPTCHA_FONT_DEFAULT "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* Upper-case letters and digits without look-alikes (no 0 O Q D, 1 I L J, 5 S, 2 Z, 8 B,
 * U V): the 20 characters "ACEFGHKMNPRTWXY34679". */
extern const char CAPTCHA_ALPHABET[];

/* Makes a new code (CAPTCHA_LEN chars) into answer and renders it as a PNG
 * (CAPTCHA_WIDTH x CAPTCHA_HEIGHT, 8-bit RGB): each character drawn with FreeType from the
 * TrueType font at `font` (NULL: CAPTCHA_FONT_DEFAULT), unhinted and anti-aliased, with a
 * random size, rotation (±25°) and jitter, random dark colours, a light background, random
 * curved and straight noise lines across and a few hundred noise dots. Every random value
 * comes from random_bytes (util.h). If the font cannot be loaded, falls back to cairo's
 * built-in font (same sizes, rotation, jitter and noise; it needs no font file) rather than
 * failing. *png is malloc'd (free it with captcha_free_png). Returns 0, or -1 with answer ""
 * and *png NULL.
 * Not thread-safe: the font is opened once per process and kept (captcha_font_release). */
int captcha_new(const char *font, char answer[CAPTCHA_LEN + 1], void **png, int *png_len);
/* Frees a PNG from captcha_new (NULL is fine). */
void captcha_free_png(void *png);
/* Closes the font captcha_new keeps open (at exit, so that valgrind sees no leak). */
void captcha_font_release(void);

/* Expired captcha rows are deleted at most once every CAPTCHA_SWEEP_SECONDS per worker. */
#define CAPTCHA_SWEEP_SECONDS 60
/* 1 when the sweep of expired captcha rows is due at `now` (seconds on a monotonic clock):
 * when *last_sweep is negative (never swept) or CAPTCHA_SWEEP_SECONDS have passed since it;
 * then now is recorded in *last_sweep. 0 otherwise. */
int captcha_sweep_due(double now, double *last_sweep);

/* Hash stored for a captcha: lower-case hex SHA-256 of "<id>:<normalised answer>" (id = the
 * captcha's random id, so equal answers hash differently per captcha). Normalisation: trim
 * surrounding whitespace, upper-case ASCII. Returns 0, or -1 for a NULL/empty id or answer,
 * an id over CAPTCHA_ID_MAX or an answer over CAPTCHA_ANSWER_MAX chars. */
int captcha_hash(const char *id, const char *answer, char out[65]);
/* 1 when `given` (as typed by the user, any case, surrounding spaces allowed) matches
 * stored_hash for id; 0 otherwise (incl. NULL/empty/over-long input). Constant-time compare. */
int captcha_check(const char *id, const char *stored_hash, const char *given);

#endif
