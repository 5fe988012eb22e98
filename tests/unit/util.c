/* SPDX-License-Identifier: MIT */
/* util.c: UTF-8 validation and repair (Unicode's "U+FFFD substitution of
 * maximal subparts") and psutil's bytes2human. */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#define R "\xEF\xBF\xBD" /* U+FFFD REPLACEMENT CHARACTER */

struct utf8_vector {
    const char *what;
    const char *in;
    size_t in_len;
    const char *out; /* the repaired bytes; equal to in when valid */
    size_t out_len;
};

#define V(what, in, out)                                                       \
    {                                                                          \
        what, in, sizeof(in) - 1, out, sizeof(out) - 1                         \
    }

/* Invalid input and its repair. The first five are the examples of The
 * Unicode Standard, chapter 3, "U+FFFD Substitution of Maximal Subparts"
 * (the example in the text and Tables 3-8 to 3-11). */
static const struct utf8_vector invalid[] = {
    V("chapter 3 example",
      "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64",
      "a" R R R "b" R "c" R R "d"),
    V("table 3-8, non-shortest forms",
      "\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41",
      R R R R R R R R "A"),
    V("table 3-9, surrogates",
      "\xED\xA0\x80\xED\xBF\xBF\xED\xAF\x41",
      R R R R R R R R "A"),
    V("table 3-10, other ill-formed",
      "\xF4\x91\x92\x93\xFF\x41\x80\xBF\x42",
      R R R R R "A" R R "B"),
    V("table 3-11, truncated",
      "\xE1\x80\xE2\xF0\x91\x92\xF1\xBF\x41",
      R R R R "A"),
    /* Overlong forms. */
    V("overlong NUL, 2 bytes", "\xC0\x80", R R),
    V("overlong '/', 2 bytes", "\xC1\xBF", R R),
    V("overlong NUL, 3 bytes", "\xE0\x80\x80", R R R),
    V("overlong U+07FF, 3 bytes", "\xE0\x9F\xBF", R R R),
    V("overlong NUL, 4 bytes", "\xF0\x80\x80\x80", R R R R),
    V("overlong U+FFFF, 4 bytes", "\xF0\x8F\xBF\xBF", R R R R),
    /* UTF-16 surrogates. */
    V("high surrogate U+D800", "\xED\xA0\x80", R R R),
    V("low surrogate U+DFFF", "\xED\xBF\xBF", R R R),
    V("surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", R R R R R R),
    /* Beyond U+10FFFF. */
    V("U+110000", "\xF4\x90\x80\x80", R R R R),
    V("F5 lead", "\xF5\x80\x80\x80", R R R R),
    V("5-byte form", "\xF8\x88\x80\x80\x80", R R R R R),
    V("FE and FF", "\xFE\xFF", R R),
    /* Stray continuation bytes. */
    V("lone continuation", "\x80", R),
    V("continuations between ASCII", "x\x80\xBFy", "x" R R "y"),
    /* Sequences cut short by the end of the input. */
    V("truncated 2-byte at end", "ab\xC3", "ab" R),
    V("truncated 3-byte at end", "a\xE2\x82", "a" R),
    V("truncated 4-byte at end", "\xF0\x9D\x84", R),
    V("truncated 4-byte, 1 byte", "z\xF4", "z" R),
    V("truncated then valid", "\xE2\x82\xE2\x82\xAC", R "\xE2\x82\xAC"),
    /* Invalid next to NUL bytes. */
    V("NUL after a cut sequence", "\xC3\0a", R "\0a"),
};

/* Valid input, which repair leaves untouched. */
static const struct utf8_vector valid[] = {
    V("empty", "", ""),
    V("ASCII", "hello, world", "hello, world"),
    V("embedded NUL", "a\0b", "a\0b"),
    V("only NUL", "\0", "\0"),
    V("e acute", "\xC3\xA9", "\xC3\xA9"),
    V("euro sign", "\xE2\x82\xAC", "\xE2\x82\xAC"),
    V("G clef U+1D11E", "\xF0\x9D\x84\x9E", "\xF0\x9D\x84\x9E"),
    V("mixed",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E!",
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E!"),
    V("U+0080", "\xC2\x80", "\xC2\x80"),
    V("U+07FF", "\xDF\xBF", "\xDF\xBF"),
    V("U+0800", "\xE0\xA0\x80", "\xE0\xA0\x80"),
    V("U+D7FF", "\xED\x9F\xBF", "\xED\x9F\xBF"),
    V("U+E000", "\xEE\x80\x80", "\xEE\x80\x80"),
    V("U+FFFD", R, R),
    V("U+FFFF", "\xEF\xBF\xBF", "\xEF\xBF\xBF"),
    V("U+10000", "\xF0\x90\x80\x80", "\xF0\x90\x80\x80"),
    V("U+10FFFF", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"),
    V("DEL", "\x7F", "\x7F"),
};

#define NINVALID (sizeof(invalid) / sizeof(invalid[0]))
#define NVALID (sizeof(valid) / sizeof(valid[0]))

static void check_repair(const struct utf8_vector *v)
{
    char buf[256];
    size_t len, need = v->out_len + 1, i;
    int rc;

    ck_assert_uint_lt(need + 16, sizeof(buf));

    /* A buffer of exactly the right size. */
    memset(buf, 0x5A, sizeof(buf));
    len = need;
    rc = ostat_utf8_repair(v->in, v->in_len, buf, &len);
    ck_assert_msg(rc == 0, "%s: %s", v->what, ostat_err_name(rc));
    ck_assert_msg(len == v->out_len, "%s: length %zu, want %zu", v->what, len,
                  v->out_len);
    ck_assert_msg(memcmp(buf, v->out, v->out_len) == 0, "%s: wrong bytes",
                  v->what);
    ck_assert_msg(buf[v->out_len] == '\0', "%s: not NUL-terminated", v->what);
    for (i = need; i < sizeof(buf); i++) {
        ck_assert_msg((unsigned char)buf[i] == 0x5A,
                      "%s: byte %zu past the buffer written", v->what, i);
    }
    ck_assert_int_eq(ostat_utf8_valid(buf, len), 1);

    /* One byte short: the needed size comes back, nothing past the buffer
     * is written, and a retry with it succeeds. */
    memset(buf, 0x5A, sizeof(buf));
    len = need - 1;
    rc = ostat_utf8_repair(v->in, v->in_len, buf, &len);
    ck_assert_msg(rc == OSTAT_EBUFS, "%s: short buffer: %s", v->what,
                  ostat_err_name(rc));
    ck_assert_msg(len == need, "%s: needs %zu, said %zu", v->what, need, len);
    for (i = need - 1; i < sizeof(buf); i++) {
        ck_assert_msg((unsigned char)buf[i] == 0x5A,
                      "%s: short buffer: byte %zu written", v->what, i);
    }
    rc = ostat_utf8_repair(v->in, v->in_len, buf, &len);
    ck_assert_msg(rc == 0, "%s: retry: %s", v->what, ostat_err_name(rc));
    ck_assert_uint_eq(len, v->out_len);
    ck_assert(memcmp(buf, v->out, v->out_len) == 0);

    /* A size query: no buffer at all. */
    len = 0;
    ut_assert_rc(ostat_utf8_repair(v->in, v->in_len, NULL, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, need);
}

static void check_repair_dup(const struct utf8_vector *v)
{
    char *s = NULL;
    size_t len = 12345;
    int rc;

    rc = ostat_utf8_repair_dup(v->in, v->in_len, &s, &len);
    ck_assert_msg(rc == 0, "%s: %s", v->what, ostat_err_name(rc));
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(len, v->out_len);
    ck_assert_msg(memcmp(s, v->out, v->out_len) == 0, "%s: wrong bytes",
                  v->what);
    ck_assert(s[v->out_len] == '\0');
    ostat_free(s);

    s = NULL;
    ut_assert_rc(ostat_utf8_repair_dup(v->in, v->in_len, &s, NULL), 0);
    ck_assert_ptr_nonnull(s);
    ck_assert(memcmp(s, v->out, v->out_len) == 0);
    ostat_free(s);
}

START_TEST(test_utf8_valid_vectors)
{
    size_t i;

    for (i = 0; i < NVALID; i++) {
        ck_assert_msg(ostat_utf8_valid(valid[i].in, valid[i].in_len) == 1,
                      "%s: not valid", valid[i].what);
    }
    for (i = 0; i < NINVALID; i++) {
        ck_assert_msg(ostat_utf8_valid(invalid[i].in, invalid[i].in_len) == 0,
                      "%s: valid", invalid[i].what);
    }
    ck_assert_int_eq(ostat_utf8_valid(NULL, 0), 1);
    /* Only the given length counts: a cut sequence is invalid, the bytes
     * after it are not looked at. */
    ck_assert_int_eq(ostat_utf8_valid("\xE2\x82\xAC", 2), 0);
    ck_assert_int_eq(ostat_utf8_valid("ab\xFF", 2), 1);
}
END_TEST

START_TEST(test_utf8_repair_invalid)
{
    size_t i;

    for (i = 0; i < NINVALID; i++) {
        check_repair(&invalid[i]);
    }
}
END_TEST

START_TEST(test_utf8_repair_valid_untouched)
{
    size_t i;

    for (i = 0; i < NVALID; i++) {
        ck_assert_uint_eq(valid[i].in_len, valid[i].out_len);
        check_repair(&valid[i]);
    }
}
END_TEST

START_TEST(test_utf8_repair_dup)
{
    size_t i;

    for (i = 0; i < NINVALID; i++) {
        check_repair_dup(&invalid[i]);
    }
    for (i = 0; i < NVALID; i++) {
        check_repair_dup(&valid[i]);
    }
}
END_TEST

START_TEST(test_utf8_bad_args)
{
    char buf[16];
    char *s = NULL;
    size_t len = sizeof(buf);

    ut_assert_rc(ostat_utf8_repair("abc", 3, buf, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_utf8_repair(NULL, 3, buf, &len), OSTAT_EINVAL);
    len = sizeof(buf);
    ut_assert_rc(ostat_utf8_repair("abc", 3, NULL, &len), OSTAT_EINVAL);
    /* NULL input of length 0 is the empty string. */
    len = sizeof(buf);
    ut_assert_rc(ostat_utf8_repair(NULL, 0, buf, &len), 0);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(buf, "");
    /* A zero-size buffer is short even for empty input. */
    len = 0;
    ut_assert_rc(ostat_utf8_repair("", 0, buf, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, 1);

    ut_assert_rc(ostat_utf8_repair_dup("abc", 3, NULL, NULL), OSTAT_EINVAL);
    ut_assert_rc(ostat_utf8_repair_dup(NULL, 3, &s, NULL), OSTAT_EINVAL);
    ck_assert_ptr_null(s);
    ut_assert_rc(ostat_utf8_repair_dup(NULL, 0, &s, &len), 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    ostat_free(s);
    ostat_free(NULL);
}
END_TEST

/* psutil's bytes2human: the largest of B K M G T P E (powers of 1024) not
 * above the value, "%.1f" of the value in that unit, then the symbol. */
static const struct {
    uint64_t n;
    const char *s;
} human[] = {
    { 0, "0.0B" },
    { 1, "1.0B" },
    { 1023, "1023.0B" },
    { 1024, "1.0K" },
    { 1280, "1.2K" }, /* 1.25: ties round to even */
    { 1792, "1.8K" }, /* 1.75 */
    { 10000, "9.8K" },
    { 1048575, "1024.0K" },
    { 1048576, "1.0M" },
    { 100001221, "95.4M" },
    { (uint64_t)1 << 30, "1.0G" },
    { (uint64_t)1 << 40, "1.0T" },
    { (uint64_t)1 << 50, "1.0P" },
    { (uint64_t)1 << 60, "1.0E" },
    { (uint64_t)3 << 59, "1.5E" },
    { UINT64_MAX, "16.0E" },
};

START_TEST(test_bytes2human_vectors)
{
    char buf[32];
    size_t i, len;

    for (i = 0; i < sizeof(human) / sizeof(human[0]); i++) {
        len = sizeof(buf);
        ut_assert_rc(ostat_bytes2human(human[i].n, buf, &len), 0);
        ck_assert_msg(strcmp(buf, human[i].s) == 0,
                      "bytes2human(%llu) = \"%s\", want \"%s\"",
                      (unsigned long long)human[i].n, buf, human[i].s);
        ck_assert_uint_eq(len, strlen(human[i].s));
    }
}
END_TEST

START_TEST(test_bytes2human_short_buffer)
{
    char buf[32];
    size_t len, i;

    /* "1023.0B" needs 8 bytes with the NUL. */
    memset(buf, 0x5A, sizeof(buf));
    len = 7;
    ut_assert_rc(ostat_bytes2human(1023, buf, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, 8);
    for (i = 7; i < sizeof(buf); i++) {
        ck_assert((unsigned char)buf[i] == 0x5A);
    }
    ut_assert_rc(ostat_bytes2human(1023, buf, &len), 0);
    ck_assert_str_eq(buf, "1023.0B");
    ck_assert_uint_eq(len, 7);

    len = 0;
    ut_assert_rc(ostat_bytes2human(UINT64_MAX, NULL, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, 6);
    ut_assert_rc(ostat_bytes2human(UINT64_MAX, buf, &len), 0);
    ck_assert_str_eq(buf, "16.0E");

    len = 4; /* "1.0K" fits without its NUL only */
    ut_assert_rc(ostat_bytes2human(1024, buf, &len), OSTAT_EBUFS);
    ck_assert_uint_eq(len, 5);

    ut_assert_rc(ostat_bytes2human(1, buf, NULL), OSTAT_EINVAL);
    len = sizeof(buf);
    ut_assert_rc(ostat_bytes2human(1, NULL, &len), OSTAT_EINVAL);
}
END_TEST

TCase *ut_utf8_tcase(void)
{
    TCase *tc = tcase_create("utf8");

    tcase_add_test(tc, test_utf8_valid_vectors);
    tcase_add_test(tc, test_utf8_repair_invalid);
    tcase_add_test(tc, test_utf8_repair_valid_untouched);
    tcase_add_test(tc, test_utf8_repair_dup);
    tcase_add_test(tc, test_utf8_bad_args);
    return tc;
}

TCase *ut_human_tcase(void)
{
    TCase *tc = tcase_create("bytes2human");

    tcase_add_test(tc, test_bytes2human_vectors);
    tcase_add_test(tc, test_bytes2human_short_buffer);
    return tc;
}
