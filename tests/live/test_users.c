/* SPDX-License-Identifier: MIT */
/* test_users.c: logged-in users against who(1): on this machine, and on a
 * utmp file written here with glibc's utmpx functions, which who reads as
 * an independent reader of the same file. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utmpx.h>

#include "live.h"

#define MAX_USERS 256

/* A session as "name\tterminal", the key both sides are compared by, and
 * its login time to the minute (year -1 when who did not print it). */
struct session {
    char key[320];
    int year, mon, mday, hour, min;
};

/* By key, then by time (without the year, which who may not print), so
 * that repeated keys line up. */
static int cmp_session(const void *pa, const void *pb)
{
    const struct session *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);

    if (c != 0) {
        return c;
    }
    c = a->mon != b->mon ? a->mon - b->mon : a->mday - b->mday;
    if (c != 0) {
        return c;
    }
    return a->hour != b->hour ? a->hour - b->hour : a->min - b->min;
}

static int is_iso_date(const char *s)
{
    int y, m, d;
    char c;

    return sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &c) == 3;
}

/* Parse who's default output into @out: "name line date time [(host)]",
 * where date time is "YYYY-MM-DD HH:MM", or "Mon DD HH:MM" in the C
 * locale. Returns the number of sessions, or -1 with the line it cannot
 * read in @bad. */
static int
parse_who(const char *text, struct session *out, int max, char *bad, size_t bsz)
{
    const char *pos = text;
    char line[1024], copy[1024];
    int n = 0;

    while (live_next_line(&pos, line, sizeof(line))) {
        char *tok[6], *save = NULL, *term = "";
        struct session *e = &out[n];
        int k = 0, t;

        snprintf(copy, sizeof(copy), "%s", line);
        tok[0] = strtok_r(line, " \t", &save);
        while (tok[k] != NULL && k < 5) {
            tok[++k] = strtok_r(NULL, " \t", &save);
        }
        if (k == 0) {
            continue;
        }
        if (n >= max || k < 3) {
            snprintf(bad, bsz, "%s", copy);
            return -1;
        }
        /* An empty terminal leaves a blank column: the date comes second. */
        t = 2;
        if (!is_iso_date(tok[1]) && !live_month(tok[1])) {
            term = tok[1];
            t = 3;
        }
        e->year = -1;
        if (t - 1 < k && is_iso_date(tok[t - 1]) && t < k &&
            sscanf(tok[t - 1], "%d-%d-%d", &e->year, &e->mon, &e->mday) == 3 &&
            sscanf(tok[t], "%d:%d", &e->hour, &e->min) == 2) {
            /* ISO date */
        } else if (t + 1 < k && (e->mon = live_month(tok[t - 1])) != 0 &&
                   sscanf(tok[t], "%d", &e->mday) == 1 &&
                   sscanf(tok[t + 1], "%d:%d", &e->hour, &e->min) == 2) {
            /* C locale date */
        } else {
            snprintf(bad, bsz, "%s", copy);
            return -1;
        }
        snprintf(e->key, sizeof(e->key), "%s\t%s", tok[0], term);
        n++;
    }
    return n;
}

/* Fill the time fields of @e from @t in local time, as who prints it. */
static void set_when(struct session *e, double t)
{
    time_t tt = (time_t)t;
    struct tm tm;

    memset(&tm, 0, sizeof(tm));
    localtime_r(&tt, &tm);
    e->year = tm.tm_year + 1900;
    e->mon = tm.tm_mon + 1;
    e->mday = tm.tm_mday;
    e->hour = tm.tm_hour;
    e->min = tm.tm_min;
}

/* ostat's sessions from @ctx; -1 if ostat_users() failed. */
static int ostat_sessions(ostat_ctx *ctx, struct session *out, int max)
{
    ostat_list *l = NULL;
    size_t i, n;

    if (ostat_users(ctx, &l) != 0) {
        return -1;
    }
    n = ostat_list_count(l);
    if (n > (size_t)max) {
        ostat_list_free(l);
        return -1;
    }
    for (i = 0; i < n; i++) {
        struct ostat_user u = OSTAT_USER_INIT;

        if (ostat_list_user(l, i, &u) != 0) {
            ostat_list_free(l);
            return -1;
        }
        snprintf(out[i].key, sizeof(out[i].key), "%s\t%s", u.name, u.terminal);
        set_when(&out[i], u.started);
    }
    ostat_list_free(l);
    return (int)n;
}

/* Compare as multisets of (name, terminal); 0 if equal, else -1 with @msg.
 * who prints the login time in local time to the minute (the year only
 * outside the C locale): the same fields as started, also required. */
static int same_sessions(struct session *a,
                         int na,
                         struct session *b,
                         int nb,
                         char *msg,
                         size_t size)
{
    int i;

    if (na != nb) {
        snprintf(msg, size, "ostat has %d sessions, who %d", na, nb);
        return -1;
    }
    qsort(a, (size_t)na, sizeof(*a), cmp_session);
    qsort(b, (size_t)nb, sizeof(*b), cmp_session);
    for (i = 0; i < na; i++) {
        if (strcmp(a[i].key, b[i].key) != 0) {
            snprintf(msg, size, "ostat \"%.300s\", who \"%.300s\"", a[i].key,
                     b[i].key);
            return -1;
        }
    }
    for (i = 0; i < na; i++) {
        if ((b[i].year >= 0 && b[i].year != a[i].year) ||
            b[i].mon != a[i].mon || b[i].mday != a[i].mday ||
            b[i].hour != a[i].hour || b[i].min != a[i].min) {
            snprintf(msg, size,
                     "%.300s: ostat %d-%02d-%02d %02d:%02d, who %d-%02d-%02d "
                     "%02d:%02d",
                     a[i].key, a[i].year, a[i].mon, a[i].mday, a[i].hour,
                     a[i].min, b[i].year, b[i].mon, b[i].mday, b[i].hour,
                     b[i].min);
            return -1;
        }
    }
    return 0;
}

START_TEST(users_vs_who)
{
    static struct session ours[MAX_USERS], theirs[MAX_USERS];
    ostat_ctx *ctx;
    struct stat st;
    char msg[768] = "";
    int attempt, ok = 0;

    ctx = live_ctx();
    if (stat(_PATH_UTMP, &st) != 0) {
        /* No utmp (containers, musl): nobody is logged in. */
        ck_assert_int_eq(ostat_sessions(ctx, ours, MAX_USERS), 0);
        ostat_ctx_free(ctx);
        return;
    }
    if (!live_have_tool("who")) {
        ostat_ctx_free(ctx);
        return; /* coreutils' who is missing */
    }
    /* who is given the file by name: without a file argument it also drops
     * sessions whose process is gone, which psutil (and we) keep. The same
     * multiset of (name, terminal) and login minutes; retried in case of a
     * login between the two reads. */
    for (attempt = 0; attempt < LIVE_RETRIES && !ok; attempt++) {
        char *out = live_run("who " _PATH_UTMP), bad[1024] = "";
        int nt, no;

        ck_assert_msg(out != NULL, "who " _PATH_UTMP " failed");
        nt = parse_who(out, theirs, MAX_USERS, bad, sizeof(bad));
        ck_assert_msg(nt >= 0, "cannot parse who: %s", bad);
        free(out);
        no = ostat_sessions(ctx, ours, MAX_USERS);
        ck_assert_int_ge(no, 0);
        ok = same_sessions(ours, no, theirs, nt, msg, sizeof(msg)) == 0;
        if (!ok) {
            live_sleep(0.2);
        }
    }
    ostat_ctx_free(ctx);
    ck_assert_msg(ok, "%s", msg);
}
END_TEST

/* ---- a utmp file of our own ---------------------------------------------- */

struct fake {
    short type;
    const char *user, *line, *host, *id;
    pid_t pid;
    int32_t sec;
    const char *want_host; /* what ostat should report */
};

#define NAME32 "abcdefghijklmnopqrstuvwxyz012345" /* fills ut_user */

static const struct fake fakes[] = {
    { USER_PROCESS, "alice", "pts/1", "example.org", "ts/1", 4242, 1700000000,
      "example.org" },
    /* An empty host and ":0" are local sessions (psutil). */
    { USER_PROCESS, "bob", "tty2", "", "2", 4243, 1700000600, "localhost" },
    { USER_PROCESS, "carol", "pts/7", ":0", "ts/7", 4244, 1700001200,
      "localhost" },
    /* A name with no NUL inside the field. */
    { USER_PROCESS, NAME32, "pts/12", "10.0.0.1", "s/12", 4245, 1700001800,
      "10.0.0.1" },
    /* Logged out: in the file, but not a user. */
    { DEAD_PROCESS, "dave", "pts/9", "old.example", "ts/9", 4246, 1699990000,
      NULL },
};

#define NFAKES (sizeof(fakes) / sizeof(fakes[0]))
#define NUSERS 4

/* Write the fakes to @path with utmpxname() and pututxline(); 0 or -1. */
static int write_utmp(const char *path)
{
    FILE *f = fopen(path, "w");
    size_t i;
    int rc = 0;

    if (f == NULL) {
        return -1;
    }
    fclose(f);
    if (utmpxname(path) != 0) {
        return -1;
    }
    setutxent();
    for (i = 0; i < NFAKES; i++) {
        struct utmpx u;

        memset(&u, 0, sizeof(u));
        u.ut_type = fakes[i].type;
        u.ut_pid = fakes[i].pid;
        strncpy(u.ut_line, fakes[i].line, sizeof(u.ut_line));
        strncpy(u.ut_id, fakes[i].id, sizeof(u.ut_id));
        /* The full field, without a NUL when the name fills it. */
        memcpy(u.ut_user, fakes[i].user,
               strlen(fakes[i].user) < sizeof(u.ut_user) ? strlen(fakes[i].user)
                                                         : sizeof(u.ut_user));
        strncpy(u.ut_host, fakes[i].host, sizeof(u.ut_host));
        u.ut_tv.tv_sec = fakes[i].sec;
        if (pututxline(&u) == NULL) {
            rc = -1;
        }
    }
    endutxent();
    utmpxname(_PATH_UTMPX);
    return rc;
}

START_TEST(users_own_utmp)
{
    static struct session ours[MAX_USERS], theirs[MAX_USERS];
    static struct ostat_user got[MAX_USERS];
    const char *tmp = getenv("TMPDIR");
    char dir[512], sub[600], path[640], cmd[700], msg[768] = "", bad[1024] = "";
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    ostat_list *l = NULL;
    char *who_out = NULL;
    int rc_ctx, rc_users, rc_write, rc_copy = 0, no, nt = -1, same;
    size_t i, j, n = 0;

    snprintf(dir, sizeof(dir), "%s/ostat-live-XXXXXX",
             tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sub, sizeof(sub), "%s/var", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    snprintf(sub, sizeof(sub), "%s/var/run", dir);
    ck_assert_int_eq(mkdir(sub, 0755), 0);
    snprintf(path, sizeof(path), "%s/var/run/utmp", dir);

    /* Gather everything first, then clean up, then compare. */
    rc_write = write_utmp(path);
    o.host_prefix = dir;
    o.procfs_root = "/proc";
    rc_ctx = ostat_ctx_new(&o, &ctx);
    rc_users = rc_ctx == 0 ? ostat_users(ctx, &l) : rc_ctx;
    n = ostat_list_count(l);
    for (i = 0; i < n && i < MAX_USERS; i++) {
        got[i].size = sizeof(got[i]);
        if (ostat_list_user(l, i, &got[i]) != 0) {
            rc_copy = -1;
        }
    }
    no = rc_ctx == 0 ? ostat_sessions(ctx, ours, MAX_USERS) : -1;
    if (live_have_tool("who")) {
        snprintf(cmd, sizeof(cmd), "who '%s'", path);
        who_out = live_run(cmd);
        nt = who_out ? parse_who(who_out, theirs, MAX_USERS, bad, sizeof(bad))
                     : -2;
    }
    unlink(path);
    rmdir(sub);
    snprintf(sub, sizeof(sub), "%s/var", dir);
    rmdir(sub);
    rmdir(dir);

    ck_assert_int_eq(rc_write, 0);
    ck_assert_int_eq(rc_ctx, 0);
    ck_assert_int_eq(rc_users, 0);
    ck_assert_int_eq(rc_copy, 0);
    /* The USER_PROCESS records, each with the values written: exact. */
    ck_assert_uint_eq(n, NUSERS);
    for (j = 0; j < NFAKES; j++) {
        int found = 0;

        if (fakes[j].type != USER_PROCESS) {
            continue;
        }
        for (i = 0; i < n; i++) {
            const struct ostat_user *u = &got[i];

            if (strcmp(u->name, fakes[j].user) != 0) {
                continue;
            }
            found++;
            ck_assert_uint_eq(
                u->valid &
                    (OSTAT_USER_NAME | OSTAT_USER_TERMINAL | OSTAT_USER_HOST |
                     OSTAT_USER_STARTED | OSTAT_USER_PID),
                OSTAT_USER_NAME | OSTAT_USER_TERMINAL | OSTAT_USER_HOST |
                    OSTAT_USER_STARTED | OSTAT_USER_PID);
            ck_assert_str_eq(u->terminal, fakes[j].line);
            ck_assert_str_eq(u->host, fakes[j].want_host);
            ck_assert(u->started == (double)fakes[j].sec);
            ck_assert_int_eq(u->pid, fakes[j].pid);
        }
        ck_assert_msg(found == 1, "%s found %d times", fakes[j].user, found);
    }
    ck_assert_int_eq(no, NUSERS);
    ostat_list_free(l);
    ostat_ctx_free(ctx);

    if (nt == -1 && who_out == NULL) {
        return; /* who is missing */
    }
    ck_assert_msg(who_out != NULL, "who %s failed", path);
    ck_assert_msg(nt >= 0, "cannot parse who: %s", bad);
    free(who_out);
    /* who reads the same file: the same names, terminals and login
     * minutes, as many. */
    same = same_sessions(ours, no, theirs, nt, msg, sizeof(msg));
    ck_assert_msg(same == 0, "%s", msg);
}
END_TEST

START_TEST(users_no_utmp)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx = NULL;
    ostat_list *l = NULL;
    int rc;

    snprintf(dir, sizeof(dir), "%s/ostat-live-XXXXXX",
             tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    o.host_prefix = dir;
    o.procfs_root = "/proc";
    rc = ostat_ctx_new(&o, &ctx);
    if (rc == 0) {
        rc = ostat_users(ctx, &l);
    }
    rmdir(dir);
    /* A host without a utmp file has nobody logged in: not an error. */
    ck_assert_int_eq(rc, 0);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(ostat_list_count(l), 0);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_users(Suite *s)
{
    TCase *tc = tcase_create("users");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, users_vs_who);
    tcase_add_test(tc, users_own_utmp);
    tcase_add_test(tc, users_no_utmp);
    suite_add_tcase(s, tc);
}
