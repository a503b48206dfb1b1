/* test_password.c — scrypt hashing and its stored format, the strength rule, tokens and codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "password.h"
#include "util.h"

static void hex(const unsigned char *in, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", in[i]);
    out[2 * n] = '\0';
}

/* Builds a stored string by hand, for parameters password_hash would not choose. */
static void encode(char out[PASSWORD_HASH_MAX], const char *password, int logN, int r, int p)
{
    static const unsigned char salt[16] = "fixed-salt-16byt";
    unsigned char dk[32];
    char salt64[25], dk64[45];

    assert_int_equal(scrypt_raw(password, strlen(password), salt, sizeof salt, logN, r, p, dk, sizeof dk), 0);
    assert_int_equal(EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof salt), 24);
    assert_int_equal(EVP_EncodeBlock((unsigned char *)dk64, dk, sizeof dk), 44);
    snprintf(out, PASSWORD_HASH_MAX, "scrypt$%d$%d$%d$%s$%s", logN, r, p, salt64, dk64);
}

static void test_hash_then_verify(void **state)
{
    char h[PASSWORD_HASH_MAX];
    int rehash = -1;

    assert_int_equal(password_hash("Tejian#2024特检", h), 0);
    assert_true(strncmp(h, "scrypt$15$8$1$", 14) == 0);
    assert_int_equal(strlen(h), 14 + 24 + 1 + 44);
    assert_int_equal(password_verify("Tejian#2024特检", h, &rehash), 1);
    assert_int_equal(rehash, 0);
    assert_int_equal(password_verify("Tejian#2024特检", h, NULL), 1);
    /* The empty password hashes too (the strength rule, not the hash, refuses it). */
    assert_int_equal(password_hash("", h), 0);
    assert_int_equal(password_verify("", h, NULL), 1);
    assert_int_equal(password_verify("x", h, NULL), 0);
    assert_int_equal(password_hash(NULL, h), -1);
    assert_string_equal(h, "");
}

static void test_wrong_password(void **state)
{
    char h[PASSWORD_HASH_MAX];
    int rehash = -1;

    assert_int_equal(password_hash("Correct-Horse-9", h), 0);
    assert_int_equal(password_verify("correct-Horse-9", h, &rehash), 0);
    assert_int_equal(rehash, 0);
    assert_int_equal(password_verify("Correct-Horse-9 ", h, NULL), 0);
    assert_int_equal(password_verify("Correct-Horse-", h, NULL), 0);
    assert_int_equal(password_verify(NULL, h, NULL), 0);
}

static void test_salted(void **state)
{
    char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];

    assert_int_equal(password_hash("Same-Password-1", a), 0);
    assert_int_equal(password_hash("Same-Password-1", b), 0);
    assert_string_not_equal(a, b);
    /* Different salts, so the salt segments (after "scrypt$15$8$1$") differ. */
    assert_true(memcmp(a + 14, b + 14, 24) != 0);
    assert_int_equal(password_verify("Same-Password-1", a, NULL), 1);
    assert_int_equal(password_verify("Same-Password-1", b, NULL), 1);
}

/* RFC 7914 section 12 test vectors. */
static void test_scrypt_known_answer(void **state)
{
    unsigned char dk[64];
    char got[129];

    assert_int_equal(scrypt_raw("password", 8, (const unsigned char *)"NaCl", 4, 10, 8, 16, dk, sizeof dk), 0);
    hex(dk, sizeof dk, got);
    assert_string_equal(got, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                             "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    assert_int_equal(scrypt_raw("", 0, (const unsigned char *)"", 0, 4, 1, 1, dk, sizeof dk), 0);
    hex(dk, sizeof dk, got);
    assert_string_equal(got, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                             "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    /* Out of range for the raw KDF itself. */
    assert_int_equal(scrypt_raw("x", 1, (const unsigned char *)"s", 1, 0, 8, 1, dk, 32), -1);
    assert_int_equal(scrypt_raw("x", 1, (const unsigned char *)"s", 1, 63, 8, 1, dk, 32), -1);
    assert_int_equal(scrypt_raw("x", 1, (const unsigned char *)"s", 1, 10, 0, 1, dk, 32), -1);
    /* Beyond the memory ceiling: refused by OpenSSL (and logged), not allocated. */
    assert_int_equal(scrypt_raw("x", 1, (const unsigned char *)"s", 1, 22, 8, 1, dk, 32), -1);
}

static void test_malformed(void **state)
{
    char good[PASSWORD_HASH_MAX], bad[PASSWORD_HASH_MAX * 2];
    const char *salt, *dk;
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int rehash = -1;

    encode(good, "pw-Malformed-1", 10, 8, 1);
    assert_int_equal(password_verify("pw-Malformed-1", good, NULL), 1);
    salt = good + strlen("scrypt$10$8$1$");
    dk = salt + 25;

    static const char *const cases[] = {
        "",
        "scrypt",
        "scrypt$",
        "bcrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "$2b$12$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
        "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$",
        "scrypt$10$8$1$$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$10$8$1$!!!!AAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*=",
        "scrypt$10$8$1$AAAAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$10$8$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rehash = -1;
        assert_int_equal(password_verify("pw-Malformed-1", cases[i], &rehash), 0);
        assert_int_equal(rehash, 0);
    }
    assert_int_equal(password_verify("pw-Malformed-1", NULL, NULL), 0);

    /* The real salt and hash behind absurd or non-canonical parameters. */
    static const char *const params[] = {
        "40$8$1",  /* N = 2^40 */
        "9$8$1",   /* below the floor */
        "23$8$1",  /* above the ceiling */
        "22$8$1",  /* in range but 4 GiB: over the memory ceiling */
        "16$1$1",  /* RFC 7914: N must be below 2^(16r) */
        "10$0$1",  /* r = 0 */
        "10$33$1", /* r too big */
        "10$8$0",  /* p = 0 */
        "10$8$17", /* p too big */
        "010$8$1", /* leading zero */
        "+10$8$1", /* sign */
        "10$8$1$1", /* extra field */
        "1000$8$1",
        "99999999999999999999$8$1",
    };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        snprintf(bad, sizeof bad, "scrypt$%s$%s", params[i], salt);
        assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    }

    /* Trailing whitespace, which EVP_DecodeBlock itself would forgive. */
    snprintf(bad, sizeof bad, "%s\n", good);
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    snprintf(bad, sizeof bad, "%s ", good);
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    /* Truncated and extended hash. */
    snprintf(bad, sizeof bad, "%.*s", (int)strlen(good) - 1, good);
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    snprintf(bad, sizeof bad, "%sAAAA", good);
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    /* Non-canonical base64: the salt's last data character carries 4 unused bits; flipping
     * one decodes to the same bytes, so only the canonical-form check refuses it. */
    snprintf(bad, sizeof bad, "%s", good);
    char *c = bad + (salt - good) + 21;
    *c = b64[(strchr(b64, *c) - b64) ^ 1];
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    /* A flipped bit in the hash itself: well-formed, just not a match. */
    snprintf(bad, sizeof bad, "%s", good);
    c = bad + (dk - good) + 5;
    *c = b64[(strchr(b64, *c) - b64) ^ 1];
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
    /* Over PASSWORD_HASH_MAX. */
    memset(bad, 'A', sizeof bad - 1);
    bad[sizeof bad - 1] = '\0';
    memcpy(bad, "scrypt$10$8$1$", 14);
    assert_int_equal(password_verify("pw-Malformed-1", bad, NULL), 0);
}

static void test_needs_rehash(void **state)
{
    char h[PASSWORD_HASH_MAX];
    int rehash = -1;

    encode(h, "Old-Params-14", 14, 8, 1);
    assert_int_equal(password_verify("Old-Params-14", h, &rehash), 1);
    assert_int_equal(rehash, 1);
    rehash = -1;
    assert_int_equal(password_verify("wrong-Params-14", h, &rehash), 0);
    assert_int_equal(rehash, 0);
    /* Higher N but lower r is still below the current parameters. */
    encode(h, "Old-Params-r4", 15, 4, 1);
    assert_int_equal(password_verify("Old-Params-r4", h, &rehash), 1);
    assert_int_equal(rehash, 1);
}

static void test_strength(void **state)
{
    const char *msg = "unset";
    const char *m_short, *m_long, *m_classes, *m_login, *m_common;

    static const char *const ok[] = {
        "Tejian2024!", "abcDEF12", "abc-1234x", "ABC-1234X", "中文密码abc123", "correct horse Battery",
        "Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!", /* 64 bytes */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        msg = "unset";
        assert_int_equal(password_strength(ok[i], "zhangsan", &msg), 0);
        assert_null(msg);
    }
    assert_int_equal(password_strength("Zhangsan-2024", "", &msg), 0);
    assert_int_equal(password_strength("Zhangsan-2024", NULL, &msg), 0);
    assert_int_equal(password_strength("Tejian2024!", "zhangsan", NULL), 0);

    assert_int_equal(password_strength("Ab1!xyz", NULL, &m_short), -1);
    assert_string_equal(m_short, "密码至少 8 位，并包含大写字母、小写字母、数字、符号中的至少三类。");
    assert_int_equal(password_strength("", NULL, &msg), -1);
    assert_ptr_equal(msg, m_short);
    assert_int_equal(password_strength(NULL, NULL, &msg), -1);
    assert_ptr_equal(msg, m_short);
    assert_int_equal(password_strength("Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!Aa1!x", NULL,
                                       &m_long),
                     -1);
    assert_int_equal(password_strength("abcdefgh123", NULL, &m_classes), -1);
    assert_int_equal(password_strength("ABCDEFGH!!", NULL, &msg), -1);
    assert_ptr_equal(msg, m_classes);
    assert_int_equal(password_strength("中文密码中文密码", NULL, &msg), -1); /* "other" only */
    assert_ptr_equal(msg, m_classes);
    assert_int_equal(password_strength("ZhangSan-2024", "zhangsan", &m_login), -1);
    assert_int_equal(password_strength("x-2024-ZHANGSAN", "ZhangSan", &msg), -1);
    assert_ptr_equal(msg, m_login);
    assert_int_equal(password_strength("P@ssw0rd", NULL, &m_common), -1);
    static const char *const common[] = {"password1", "12345678", "QWERTY123", "admin123",
                                         "aA123456", "1qaz2wsx", "Admin@123", "1QAZ@wsx"};
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        assert_int_equal(password_strength(common[i], NULL, &msg), -1);
        assert_ptr_equal(msg, m_common);
    }
    /* Each rule has its own message. */
    const char *all[] = {m_short, m_long, m_classes, m_login, m_common};
    for (size_t i = 0; i < 5; i++) {
        assert_non_null(all[i]);
        for (size_t j = i + 1; j < 5; j++)
            assert_string_not_equal(all[i], all[j]);
    }
}

static int is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return s[n] == '\0';
}

static void test_token_new(void **state)
{
    char t1[65], h1[65], t2[65], h2[65], check[65], again[65];

    assert_int_equal(token_new(t1, h1), 0);
    assert_int_equal(token_new(t2, h2), 0);
    assert_true(is_lower_hex(t1, 64));
    assert_true(is_lower_hex(h1, 64));
    assert_int_equal(sha256_hex(t1, 64, check), 0);
    assert_string_equal(h1, check);
    assert_int_equal(token_hash(t1, again), 0);
    assert_string_equal(h1, again);
    assert_string_not_equal(t1, t2);
    assert_string_not_equal(h1, h2);
}

/* FIPS 180-2's examples: one block, empty, two blocks, and a million bytes. */
static void test_sha256_vectors(void **state)
{
    char out[65], *million = malloc(1000000);

    (void)state;
    assert_non_null(million);
    assert_int_equal(sha256_hex("abc", 3, out), 0);
    assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(sha256_hex("", 0, out), 0);
    assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_int_equal(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, out), 0);
    assert_string_equal(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(million, 'a', 1000000);
    assert_int_equal(sha256_hex(million, 1000000, out), 0);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

/* The kernel's generator: two draws differ, a large draw is filled past any one call's
 * share, and every byte value turns up in 64 KiB. */
static void test_random_bytes(void **state)
{
    unsigned char a[32] = {0}, b[32] = {0}, *big = calloc(1, 1 << 16);
    int seen[256] = {0}, distinct = 0;

    (void)state;
    assert_non_null(big);
    assert_int_equal(random_bytes(a, sizeof a), 0);
    assert_int_equal(random_bytes(b, sizeof b), 0);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(random_bytes(big, 1 << 16), 0);
    for (int i = 0; i < 1 << 16; i++)
        seen[big[i]]++;
    for (int i = 0; i < 256; i++)
        distinct += seen[i] > 0;
    assert_int_equal(distinct, 256);
    assert_int_equal(random_bytes(a, 0), 0);
    free(big);
}

static void test_token_hash_rejects(void **state)
{
    char t[66], h[65];

    memset(t, 'a', 64);
    t[64] = '\0';
    assert_int_equal(token_hash(t, h), 0);
    t[63] = '\0';
    assert_int_equal(token_hash(t, h), -1); /* 63 chars */
    assert_string_equal(h, "");
    t[63] = 'a';
    t[64] = 'b';
    t[65] = '\0';
    assert_int_equal(token_hash(t, h), -1); /* 65 chars */
    t[64] = '\0';
    t[10] = 'A';
    assert_int_equal(token_hash(t, h), -1); /* uppercase */
    t[10] = 'g';
    assert_int_equal(token_hash(t, h), -1); /* not hex */
    t[10] = ' ';
    assert_int_equal(token_hash(t, h), -1);
    assert_int_equal(token_hash("", h), -1);
    assert_int_equal(token_hash(NULL, h), -1);
}

static void test_numeric_code(void **state)
{
    char code[9];
    int seen[8][10] = {{0}};

    for (int n = 4; n <= 8; n++) {
        assert_int_equal(numeric_code(n, code), 0);
        assert_int_equal(strlen(code), n);
        assert_int_equal(strspn(code, "0123456789"), n);
    }
    assert_int_equal(numeric_code(3, code), -1);
    assert_int_equal(numeric_code(9, code), -1);
    assert_int_equal(numeric_code(-1, code), -1);
    assert_int_equal(numeric_code(6, NULL), -1);
    /* Every digit in every position (a missing one would mean a stuck bit or a bad
     * mapping; the chance of a miss by luck is about 80 * 0.9^10000). */
    for (int i = 0; i < 10000; i++) {
        assert_int_equal(numeric_code(8, code), 0);
        for (int pos = 0; pos < 8; pos++)
            seen[pos][code[pos] - '0']++;
    }
    for (int pos = 0; pos < 8; pos++)
        for (int d = 0; d < 10; d++)
            assert_true(seen[pos][d] > 0);
}

static void test_password_generate(void **state)
{
    char pw[13], prev[13] = "";
    const char *msg = NULL;

    for (int i = 0; i < 500; i++) {
        assert_int_equal(password_generate(pw), 0);
        assert_int_equal(strlen(pw), 12);
        assert_int_equal(password_strength(pw, NULL, &msg), 0);
        assert_null(strpbrk(pw, "0Oo1lI"));
        assert_non_null(strpbrk(pw, "abcdefghijkmnpqrstuvwxyz"));
        assert_non_null(strpbrk(pw, "ABCDEFGHJKLMNPQRSTUVWXYZ"));
        assert_non_null(strpbrk(pw, "23456789"));
        assert_non_null(strpbrk(pw, "!#%+-=?@"));
        assert_string_not_equal(pw, prev);
        memcpy(prev, pw, sizeof pw);
    }
}

/* Not an assertion: prints what one password_hash costs here, for capacity planning. */
static void test_hash_time(void **state)
{
    enum { RUNS = 5 };
    char h[PASSWORD_HASH_MAX];
    struct timespec a, b;
    double ms, best = 1e12, total = 0;

    for (int i = 0; i < RUNS; i++) {
        assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &a), 0);
        assert_int_equal(password_hash("Timing-Password-1", h), 0);
        assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &b), 0);
        ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        total += ms;
        if (ms < best)
            best = ms;
    }
    printf("password_hash (logN=%d r=%d p=%d): %.1f ms mean, %.1f ms best of %d\n",
           PASSWORD_SCRYPT_LOGN, PASSWORD_SCRYPT_R, PASSWORD_SCRYPT_P, total / RUNS, best, RUNS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_then_verify),
        cmocka_unit_test(test_wrong_password),
        cmocka_unit_test(test_salted),
        cmocka_unit_test(test_scrypt_known_answer),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_needs_rehash),
        cmocka_unit_test(test_strength),
        cmocka_unit_test(test_token_new),
        cmocka_unit_test(test_token_hash_rejects),
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_numeric_code),
        cmocka_unit_test(test_password_generate),
        cmocka_unit_test(test_hash_time),
    };
    return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}
