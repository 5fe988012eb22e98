/* SPDX-License-Identifier: MIT */
/* test_stat_parser.c: the /proc/PID/stat parser (backends/linux/proc.c),
 * tuned for speed, against a plain reading of the same rules written here
 * with every bound checked:
 *
 * - comm lies between the first '(' and the last ')', cut to the buffer;
 * - the state is the byte two after the ')', the numbers follow, one space
 *   apart, up to field 42 (index 39);
 * - a field the backend uses is an optional '-' and at least one digit,
 *   saturating to INT64_MAX past 18 digits; a field it does not use is
 *   passed over (any bytes above ' ') and reads as 0;
 * - the text ends at a newline, the end of the buffer, or the space before
 *   a further field; at least the start time must be there.
 *
 * Inputs: every live process's stat, numbers of every length from 1 to 21
 * digits at every used and unused position, the text cut at every length,
 * and random bytes put in at random places. This program links the
 * library's static copy. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fx.h"
#include "linux/proc.h"

struct parsed {
    int rc;
    char comm[80];
    size_t comm_len;
    char state;
    int64_t sf[SF_COUNT];
    int nsf;
};

/* The rules above, a byte at a time. */
static int reference(const char *data, size_t len, struct parsed *out)
{
    const char *end = data + len, *open = NULL, *close = NULL, *p;
    int i;

    for (p = data; p < end; p++) {
        if (*p == '(' && open == NULL) {
            open = p;
        }
        if (*p == ')') {
            close = p;
        }
    }
    if (open == NULL || close == NULL || close < open || end - close < 4) {
        return -1;
    }
    out->comm_len = (size_t)(close - open - 1);
    if (out->comm_len >= sizeof(out->comm)) {
        out->comm_len = sizeof(out->comm) - 1;
    }
    memcpy(out->comm, open + 1, out->comm_len);
    out->comm[out->comm_len] = '\0';
    out->state = close[2];
    p = close + 3;
    out->sf[0] = 0;
    for (i = 1; i < SF_COUNT && p < end && *p == ' '; i++) {
        p++;
        if (SF_USED & (1ull << i)) {
            int neg = 0, ndig = 0;
            uint64_t v = 0;

            if (p < end && *p == '-') {
                neg = 1;
                p++;
            }
            while (p < end && *p >= '0' && *p <= '9') {
                if (ndig < 19) {
                    v = v * 10 + (uint64_t)(*p - '0');
                }
                ndig++;
                p++;
            }
            if (ndig == 0) {
                return -1;
            }
            if (ndig > 18) {
                v = INT64_MAX;
            }
            out->sf[i] = neg ? -(int64_t)v : (int64_t)v;
        } else {
            while (p < end && (unsigned char)*p > ' ') {
                p++;
            }
            out->sf[i] = 0;
        }
    }
    if (p < end && *p != '\n' && !(i == SF_COUNT && *p == ' ')) {
        return -1;
    }
    out->nsf = i;
    return i > SF_STARTTIME ? 0 : -1;
}

/* Both parsers on the @len bytes at @text (copied into a buffer of their
 * own with the NUL the backend's buffers end with), which must agree. */
static void agree(const char *text, size_t len, const char *what)
{
    char *buf = malloc(len + 1);
    struct parsed a, b;

    ck_assert_ptr_nonnull(buf);
    memcpy(buf, text, len);
    buf[len] = '\0';
    memset(&a, 0x5a, sizeof(a));
    memset(&b, 0x5a, sizeof(b));
    a.rc = ostat__lproc_parse_stat(buf, len, a.comm, sizeof(a.comm),
                                   &a.comm_len, &a.state, a.sf, &a.nsf);
    b.rc = reference(buf, len, &b);
    ck_assert_msg(a.rc == b.rc, "%s: rc %d, reference %d: [%.*s]", what, a.rc,
                  b.rc, (int)len, text);
    if (a.rc == 0) {
        ck_assert_msg(a.comm_len == b.comm_len &&
                          memcmp(a.comm, b.comm, a.comm_len + 1) == 0,
                      "%s: comm", what);
        ck_assert_msg(a.state == b.state, "%s: state", what);
        ck_assert_msg(a.nsf == b.nsf, "%s: %d fields, reference %d", what,
                      a.nsf, b.nsf);
        for (int i = 0; i < a.nsf; i++) {
            ck_assert_msg(a.sf[i] == b.sf[i],
                          "%s: field %d: %lld, reference %lld: [%.*s]", what, i,
                          (long long)a.sf[i], (long long)b.sf[i], (int)len,
                          text);
        }
    }
    free(buf);
}

/* A stat line as the kernel writes it, with field @at (index after the
 * ")", 1..) replaced by @value when @at > 0. */
static size_t
make_line(char *out, size_t cap, const char *comm, int at, const char *value)
{
    size_t n = (size_t)snprintf(out, cap, "4242 (%s) S", comm);

    for (int i = 1; i <= 49; i++) {
        char num[32];

        snprintf(num, sizeof(num), "%d", i * 37 % 1000 + (i == 19) * 123456);
        n += (size_t)snprintf(out + n, cap - n, " %s", i == at ? value : num);
    }
    n += (size_t)snprintf(out + n, cap - n, "\n");
    return n;
}

START_TEST(live_processes)
{
    DIR *d = opendir("/proc");
    struct dirent *de;
    int seen = 0;

    ck_assert_ptr_nonnull(d);
    while ((de = readdir(d)) != NULL) {
        char path[300], text[4096];
        ssize_t n;
        int fd;

        if (de->d_name[0] < '1' || de->d_name[0] > '9') {
            continue;
        }
        snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
        if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
            continue;
        }
        n = read(fd, text, sizeof(text));
        close(fd);
        if (n <= 0) {
            continue;
        }
        agree(text, (size_t)n, path);
        if (seen < 40) {
            /* Every cut of the text too, for the first ones. */
            for (ssize_t cut = 0; cut < n; cut += 3) {
                agree(text, (size_t)cut, "cut");
            }
        }
        seen++;
    }
    closedir(d);
    ck_assert_int_gt(seen, 0);
}
END_TEST

START_TEST(every_length_everywhere)
{
    static const char *const values[] = {
        "-",
        "-0",
        "--1",
        "1-",
        "1a",
        "a1",
        "",
        "0x10",
        "+5",
        "99 ",
        "1\t2",
        "\xff\xfe",
        "12345678\xff",
        "123456789012345678",
        "1234567890123456789",
        "18446744073709551615",
        "99999999999999999999",
        "-9223372036854775807",
    };
    char line[2048], digits[32];

    for (int at = 1; at <= 45; at++) {
        for (int len = 1; len <= 21; len++) {
            for (int k = 0; k < len; k++) {
                digits[k] = (char)('1' + (k * 7 + at) % 9);
            }
            digits[len] = '\0';
            agree(line, make_line(line, sizeof(line), "x", at, digits),
                  "digits");
            digits[len - 1] = '0';
            agree(line, make_line(line, sizeof(line), "x", at, digits),
                  "digits0");
        }
        for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
            agree(line, make_line(line, sizeof(line), "x", at, values[v]),
                  values[v]);
        }
    }
}
END_TEST

START_TEST(names_and_cuts)
{
    static const char *const names[] = {
        "",
        "a",
        "a b",
        ") (",
        "(",
        ")",
        "x) S 1 2 3 (y",
        "123456789012345",
        "\n",
        "0123456789abcdef0123456789abcdef0123456789"
        "abcdef0123456789abcdef0123456789abcdef0123",
    };
    char line[2048];

    for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
        size_t n = make_line(line, sizeof(line), names[k], 0, "");

        for (size_t cut = 0; cut <= n; cut++) {
            agree(line, cut, names[k]);
        }
    }
}
END_TEST

START_TEST(random_damage)
{
    static const char bytes[] = "0123456789 -\n\t)(\xff\x01!~\x7f\x80:/";
    char line[2048];
    unsigned seed = 12345;

    for (int round = 0; round < 6000; round++) {
        size_t n = make_line(line, sizeof(line), "bash", 0, "");
        int hits = 1 + (int)(seed % 3);

        for (int h = 0; h < hits; h++) {
            seed = seed * 1103515245u + 12345u;
            line[(seed >> 8) % n] = bytes[(seed >> 20) % (sizeof(bytes) - 1)];
        }
        seed = seed * 1103515245u + 12345u;
        agree(line, (seed >> 4) % 4 == 0 ? (seed >> 8) % n : n, "random");
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stat-parser");
    TCase *tc = tcase_create("stat-parser");

    tcase_add_test(tc, live_processes);
    tcase_add_test(tc, every_length_everywhere);
    tcase_add_test(tc, names_and_cuts);
    tcase_add_test(tc, random_damage);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    return fx_run(s);
}
