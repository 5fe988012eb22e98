/* SPDX-License-Identifier: MIT */
/* test_sensors.c: temperatures, fans and the battery of this machine
 * against /sys read here with glob(3), the way psutil finds them. A
 * machine without sensors (most virtual machines) must give what its /sys
 * shows: not supported without the class directories, empty lists with
 * them, and no battery. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "live.h"

/* Temperatures move between two reads: degrees Celsius allowed. */
#define TEMP_TOL 5.0
/* Fans too: RPM allowed, or a share of the speed. */
#define FAN_TOL 500.0
#define FAN_REL_TOL 0.3
/* A battery's charge from now / full against its capacity file. */
#define PERCENT_TOL 5.0

/* A sensor found here: its chip, label and input file. */
struct found {
    char chip[256];
    char label[256];
    char input[512];
    int used;
};

struct found_list {
    struct found *v;
    size_t n, cap;
};

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first line of @path into @buf, without the newline; -1 if it cannot
 * be read. */
static int read_line(const char *path, char *buf, size_t size)
{
    char *s = live_read_file(path);
    char *nl;

    if (s == NULL) {
        return -1;
    }
    nl = strchr(s, '\n');
    if (nl != NULL) {
        *nl = '\0';
    }
    snprintf(buf, size, "%s", s);
    free(s);
    return 0;
}

static int read_number(const char *path, double *out)
{
    char buf[64], *end;

    if (read_line(path, buf, sizeof(buf)) != 0) {
        return -1;
    }
    *out = strtod(buf, &end);
    return end == buf ? -1 : 0;
}

static void push_found(struct found_list *l, const struct found *f)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, l->cap * sizeof(*l->v));
        ck_assert_ptr_nonnull(l->v);
    }
    l->v[l->n++] = *f;
}

/* Add every file matching @pattern (".../temp*_input") whose chip has a
 * name: in its directory, or for a device/ directory in the hwmon one
 * above it. @skip_listed leaves out hwmonN that the class lists. */
static void
add_found(struct found_list *l, const char *pattern, int skip_listed)
{
    glob_t g;
    size_t i;

    if (glob(pattern, 0, NULL, &g) != 0) {
        return;
    }
    for (i = 0; i < g.gl_pathc; i++) {
        const char *path = g.gl_pathv[i];
        const char *file = strrchr(path, '/') + 1;
        size_t plen = strncmp(file, "temp", 4) == 0 ? 4 : 3;
        size_t digits = strspn(file + plen, "0123456789");
        char dir[512], name[600], label[600], listed[600];
        struct found f;

        /* <prefix><digits>_input only, as the kernel names them */
        if (digits == 0 || strcmp(file + plen + digits, "_input") != 0) {
            continue;
        }
        snprintf(dir, sizeof(dir), "%.*s", (int)(file - 1 - path), path);
        if (skip_listed) {
            snprintf(listed, sizeof(listed), "/sys/class/hwmon/%s",
                     strrchr(dir, '/') + 1);
            if (is_dir(listed)) {
                continue;
            }
        }
        memset(&f, 0, sizeof(f));
        snprintf(name, sizeof(name), "%s/name", dir);
        if (read_line(name, f.chip, sizeof(f.chip)) != 0) {
            size_t dl = strlen(dir);

            if (dl < 7 || strcmp(dir + dl - 7, "/device") != 0) {
                continue;
            }
            snprintf(name, sizeof(name), "%.*s/name", (int)(dl - 7), dir);
            if (read_line(name, f.chip, sizeof(f.chip)) != 0) {
                continue;
            }
        }
        snprintf(label, sizeof(label), "%s/%.*slabel", dir,
                 (int)(plen + digits + 1), file);
        if (read_line(label, f.label, sizeof(f.label)) != 0) {
            f.label[0] = '\0';
        }
        snprintf(f.input, sizeof(f.input), "%s", path);
        push_found(l, &f);
    }
    globfree(&g);
}

/* The found sensor with this chip and label not matched yet, or NULL. */
static struct found *
match(struct found_list *l, const char *chip, const char *label)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        if (!l->v[i].used && strcmp(l->v[i].chip, chip) == 0 &&
            strcmp(l->v[i].label, label) == 0) {
            l->v[i].used = 1;
            return &l->v[i];
        }
    }
    return NULL;
}

/* Each thermal zone with a type, as a sensor without a label. */
static void add_zones(struct found_list *l)
{
    glob_t g;
    size_t i;

    if (glob("/sys/class/thermal/thermal_zone[0-9]*", 0, NULL, &g) != 0) {
        return;
    }
    for (i = 0; i < g.gl_pathc; i++) {
        char path[600];
        struct found f;

        memset(&f, 0, sizeof(f));
        snprintf(path, sizeof(path), "%s/type", g.gl_pathv[i]);
        if (read_line(path, f.chip, sizeof(f.chip)) != 0) {
            continue;
        }
        snprintf(f.input, sizeof(f.input), "%s/temp", g.gl_pathv[i]);
        push_found(l, &f);
    }
    globfree(&g);
}

/* What a sensor list call gave (@rc, @l) against /sys: OSTAT_ENOTSUP and
 * no list without the @classes directories (@have 0), else as many @what
 * as /sys shows (@n). */
static void check_list(int rc,
                       const ostat_list *l,
                       int have,
                       const char *classes,
                       const char *what,
                       size_t n)
{
    if (!have) {
        ck_assert_msg(rc == OSTAT_ENOTSUP, "no %s class in /sys, yet %s",
                      classes, ostat_err_name(rc));
        ck_assert_ptr_null(l);
        return;
    }
    ck_assert_msg(rc == 0, "sensors_%s: %s", what, ostat_err_name(rc));
    ck_assert_msg(ostat_list_count(l) == n, "ostat lists %zu %s, /sys has %zu",
                  ostat_list_count(l), what, n);
}

START_TEST(temperatures_vs_sys)
{
    struct found_list want = { NULL, 0, 0 };
    int have_hwmon = is_dir("/sys/class/hwmon");
    int have_thermal = is_dir("/sys/class/thermal");
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t i;
    int rc;

    add_found(&want, "/sys/class/hwmon/hwmon[0-9]*/temp*_input", 0);
    add_found(&want, "/sys/class/hwmon/hwmon[0-9]*/device/temp*_input", 0);
    add_found(&want,
              "/sys/devices/platform/coretemp.*/hwmon/hwmon*/temp*_input", 1);
    if (want.n == 0) {
        add_zones(&want);
    }
    rc = ostat_sensors_temperatures(ctx, &l);
    check_list(rc, l, have_hwmon || have_thermal, "hwmon or thermal",
               "temperatures", want.n);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_sensors_temperature t = OSTAT_SENSORS_TEMPERATURE_INIT;
        struct found *f;
        double v;

        ck_assert_int_eq(ostat_list_sensors_temperature(l, i, &t), 0);
        f = match(&want, t.chip, t.label);
        ck_assert_msg(f != NULL, "%s \"%s\" is not in /sys", t.chip, t.label);
        if ((t.valid & OSTAT_SENSORS_TEMPERATURE_CURRENT) &&
            read_number(f->input, &v) == 0) {
            ck_assert_msg(fabs(t.current - v / 1000.0) <= TEMP_TOL,
                          "%s: ostat %.3f, then %.3f", f->input, t.current,
                          v / 1000.0);
        }
    }
    ostat_list_free(l);
    free(want.v);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fans_vs_sys)
{
    struct found_list want = { NULL, 0, 0 };
    ostat_ctx *ctx = live_ctx();
    ostat_list *l = NULL;
    size_t i;
    int rc;

    add_found(&want, "/sys/class/hwmon/hwmon[0-9]*/fan*_input", 0);
    add_found(&want, "/sys/class/hwmon/hwmon[0-9]*/device/fan*_input", 0);
    rc = ostat_sensors_fans(ctx, &l);
    check_list(rc, l, is_dir("/sys/class/hwmon"), "hwmon", "fans", want.n);
    for (i = 0; i < ostat_list_count(l); i++) {
        struct ostat_sensors_fan f = OSTAT_SENSORS_FAN_INIT;
        struct found *w;
        double v;

        ck_assert_int_eq(ostat_list_sensors_fan(l, i, &f), 0);
        w = match(&want, f.chip, f.label);
        ck_assert_msg(w != NULL, "%s \"%s\" is not in /sys", f.chip, f.label);
        if ((f.valid & OSTAT_SENSORS_FAN_CURRENT) &&
            read_number(w->input, &v) == 0) {
            ck_assert_msg(fabs((double)f.current - v) <=
                              fmax(FAN_TOL, FAN_REL_TOL * v),
                          "%s: ostat %llu RPM, then %.0f", w->input,
                          (unsigned long long)f.current, v);
        }
    }
    ostat_list_free(l);
    free(want.v);
    ostat_ctx_free(ctx);
}
END_TEST

/* The system battery as /sys shows it: the first by name of the present
 * "Battery" supplies that are not a device's; 0 if there is one. */
static int sys_battery(char *dir, size_t size)
{
    glob_t g;
    size_t i;
    int found = 0;

    if (glob("/sys/class/power_supply/*", 0, NULL, &g) != 0) {
        return -1;
    }
    /* glob sorts: the first match is the one. */
    for (i = 0; i < g.gl_pathc && !found; i++) {
        char path[600], buf[64];

        snprintf(path, sizeof(path), "%s/type", g.gl_pathv[i]);
        if (read_line(path, buf, sizeof(buf)) != 0 ||
            strcmp(buf, "Battery") != 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/scope", g.gl_pathv[i]);
        if (read_line(path, buf, sizeof(buf)) == 0 &&
            strcmp(buf, "Device") == 0) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/present", g.gl_pathv[i]);
        if (read_line(path, buf, sizeof(buf)) == 0 && strcmp(buf, "0") == 0) {
            continue;
        }
        snprintf(dir, size, "%s", g.gl_pathv[i]);
        found = 1;
    }
    globfree(&g);
    return found ? 0 : -1;
}

START_TEST(battery_vs_sys)
{
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;
    ostat_ctx *ctx = live_ctx();
    char dir[512], path[600];
    double cap;
    int rc;

    rc = ostat_sensors_battery(ctx, &b);
    ostat_ctx_free(ctx);
    if (sys_battery(dir, sizeof(dir)) != 0) {
        ck_assert_msg(rc == OSTAT_ENOTSUP, "no battery in /sys, yet %s",
                      ostat_err_name(rc));
        ck_assert_uint_eq(b.valid, 0);
        return;
    }
    ck_assert_msg(rc == 0, "sensors_battery: %s", ostat_err_name(rc));
    ck_assert(b.valid & OSTAT_SENSORS_BATTERY_SECSLEFT);
    ck_assert(b.secsleft >= 0 || b.secsleft == OSTAT_POWER_TIME_UNKNOWN ||
              b.secsleft == OSTAT_POWER_TIME_UNLIMITED);
    snprintf(path, sizeof(path), "%s/capacity", dir);
    if ((b.valid & OSTAT_SENSORS_BATTERY_PERCENT) &&
        read_number(path, &cap) == 0) {
        ck_assert_msg(fabs(b.percent - cap) <= PERCENT_TOL,
                      "percent %.2f, %s says %.0f", b.percent, path, cap);
    }
    if (b.valid & OSTAT_SENSORS_BATTERY_PERCENT) {
        ck_assert(b.percent >= 0 && b.percent <= 100);
    }
}
END_TEST

START_TEST(null_context_agrees)
{
    ostat_ctx *ctx = live_ctx();
    struct ostat_sensors_battery a = OSTAT_SENSORS_BATTERY_INIT;
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;
    ostat_list *l1 = NULL, *l2 = NULL;

    ck_assert_int_eq(ostat_sensors_temperatures(NULL, &l1),
                     ostat_sensors_temperatures(ctx, &l2));
    ck_assert_uint_eq(ostat_list_count(l1), ostat_list_count(l2));
    ostat_list_free(l1);
    ostat_list_free(l2);
    l1 = l2 = NULL;
    ck_assert_int_eq(ostat_sensors_fans(NULL, &l1),
                     ostat_sensors_fans(ctx, &l2));
    ck_assert_uint_eq(ostat_list_count(l1), ostat_list_count(l2));
    ostat_list_free(l1);
    ostat_list_free(l2);
    ck_assert_int_eq(ostat_sensors_battery(NULL, &a),
                     ostat_sensors_battery(ctx, &b));
    ck_assert_uint_eq(a.valid, b.valid);
    ostat_ctx_free(ctx);
}
END_TEST

void live_add_sensors(Suite *s)
{
    TCase *tc = tcase_create("sensors");

    tcase_add_test(tc, temperatures_vs_sys);
    tcase_add_test(tc, fans_vs_sys);
    tcase_add_test(tc, battery_vs_sys);
    tcase_add_test(tc, null_context_agrees);
    suite_add_tcase(s, tc);
}
