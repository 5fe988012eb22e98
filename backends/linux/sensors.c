/* SPDX-License-Identifier: MIT */
/* sensors.c: temperatures and fans from the hwmon class (the thermal zones
 * when no hwmon device has a temperature) and the battery from the
 * power_supply class, all read under the context's sysfs root.
 *
 * Sensor drivers fail reads of values they cannot get now (EIO, ENODATA,
 * EAGAIN: a device asleep or gone, a bus timeout). Such a value is left
 * not valid, its sensor stays listed, and the other sensors are read; a
 * file that holds text that is not a number is OSTAT_EPARSE. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "linux.h"

/* The longest text attribute accepted: sysfs shows at most a page. */
#define TEXT_CAP 4097
/* The longest number attribute accepted. */
#define NUM_CAP 64
/* Relative paths built here: a directory and an attribute name. */
#define REL_CAP 1024

/* What reading one attribute found (a negative value is an OSTAT_E*). */
enum attr {
    ATTR_OK,        /* read */
    ATTR_ABSENT,    /* no such file */
    ATTR_UNREADABLE /* there, but its read failed */
};

/* Read "<sysfs>/<rel>" into @buf (@cap bytes), without its trailing
 * newline. Returns an enum attr or a negative OSTAT_E* code. */
static int
read_attr(ostat_ctx *ctx, const char *rel, char *buf, size_t cap, size_t *len)
{
    char path[OSTAT__PATH_MAX];
    int rc;

    rc = ostat__sysfs_attr(ctx, rel, path, buf, cap, len);
    if (rc <= 0) {
        return rc == 0 ? ATTR_OK : rc;
    }
    switch (rc) {
    case ENOENT:
    case ENOTDIR:
        return ATTR_ABSENT;
    case ENOMEM:
        return ostat__err_errno(ENOMEM, OSTAT_EOS, path);
    default:
        ostat__log(ctx, OSTAT_LOG_DEBUG, "%s: %s", path, strerror(rc));
        return ATTR_UNREADABLE;
    }
}

/* A decimal integer, optionally negative, that is the whole of the text
 * (blanks aside); 0 or -1. */
static int parse_i64(const char *s, size_t len, int64_t *out)
{
    const char *p = s, *end = s + len;
    uint64_t v;
    int neg = 0;

    ostat__skip_blanks(&p, end);
    if (p < end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p == end || *p < '0' || *p > '9' || ostat__scan_u64(&p, end, &v) != 0 ||
        !ostat__at_end(p, end) || v > (uint64_t)INT64_MAX + (uint64_t)neg) {
        return -1;
    }
    *out = neg ? (v == 0 ? 0 : -(int64_t)(v - 1) - 1) : (int64_t)v;
    return 0;
}

/* A number attribute: an enum attr, *out set for ATTR_OK, or a negative
 * code (OSTAT_EPARSE naming the file when it is not a number). */
static int read_num(ostat_ctx *ctx, const char *rel, int64_t *out)
{
    char buf[NUM_CAP];
    size_t len;
    int rc = read_attr(ctx, rel, buf, sizeof(buf), &len);

    if (rc == ATTR_OK && parse_i64(buf, len, out) != 0) {
        return ostat__parse_err(ctx->sysfs_root, rel, 1, "expected an integer");
    }
    return rc;
}

/* "<dir>/<name>" into @rel (REL_CAP bytes). */
static int join_rel(char *rel, const char *dir, const char *name)
{
    int n = snprintf(rel, REL_CAP, "%s/%s", dir, name);

    if (n < 0 || n >= REL_CAP) {
        return ostat__err(OSTAT_EINVAL, ENAMETOOLONG, dir,
                          "path too long: %s/%s", dir, name);
    }
    return 0;
}

/* ---- numbered directory entries ---------------------------------------- */

/* The numbers N of entries named <prefix>N<suffix>, ascending. */
struct nums {
    uint32_t *v;
    size_t n, cap;
};

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

/* The number in @s before @suffix, written as the kernel writes it (no
 * leading zeros, below 2^31); -1 if @s is not "<digits><suffix>". */
static int64_t entry_number(const char *s, const char *suffix)
{
    const char *p = s;
    int64_t v = 0;

    if (*p == '0' && p[1] >= '0' && p[1] <= '9') {
        return -1;
    }
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > INT32_MAX) {
            return -1;
        }
    }
    return p > s && strcmp(p, suffix) == 0 ? v : -1;
}

/* The entries of "<sysfs>/<dir>" named <prefix>N<suffix> into @out, sorted
 * by N. *exists tells whether the directory is there; a missing directory
 * is not an error. */
static int list_numbered(ostat_ctx *ctx,
                         const char *dir,
                         const char *prefix,
                         const char *suffix,
                         struct nums *out,
                         int *exists)
{
    char path[OSTAT__PATH_MAX];
    size_t plen = strlen(prefix);
    struct dirent *de;
    DIR *d;
    int rc;

    out->n = 0;
    *exists = 0;
    if ((rc = ostat__path(path, ctx->sysfs_root, dir)) != 0) {
        return rc;
    }
    d = opendir(path);
    if (d == NULL) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return 0;
        }
        return ostat__err_errno(errno, OSTAT_EOS, path);
    }
    *exists = 1;
    while ((de = readdir(d)) != NULL) {
        int64_t n;

        if (strncmp(de->d_name, prefix, plen) != 0 ||
            (n = entry_number(de->d_name + plen, suffix)) < 0) {
            continue;
        }
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 16;
            uint32_t *v = realloc(out->v, cap * sizeof(*v));

            if (v == NULL) {
                closedir(d);
                return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            }
            out->v = v;
            out->cap = cap;
        }
        out->v[out->n++] = (uint32_t)n;
    }
    closedir(d);
    if (out->n > 1) {
        qsort(out->v, out->n, sizeof(*out->v), cmp_u32);
    }
    return 0;
}

/* ---- hwmon ----------------------------------------------------------------
 */

enum kind { KIND_TEMP, KIND_FAN };

/* The chip name in @dir/@attr (a hwmon "name", a thermal zone "type"), or
 * else in @fallback_dir/@attr, copied into the list's storage. NULL with
 * *rc = 0 when there is none that can be read (psutil leaves such a chip
 * out), or with *rc < 0 on failure. */
static const char *chip_name(ostat_ctx *ctx,
                             const char *dir,
                             const char *attr,
                             const char *fallback_dir,
                             ostat_list *list,
                             int *rc)
{
    char rel[REL_CAP], buf[TEXT_CAP];
    const char *s;
    size_t len;

    if ((*rc = join_rel(rel, dir, attr)) != 0) {
        return NULL;
    }
    *rc = read_attr(ctx, rel, buf, sizeof(buf), &len);
    if (*rc == ATTR_ABSENT && fallback_dir != NULL) {
        return chip_name(ctx, fallback_dir, attr, NULL, list, rc);
    }
    if (*rc != ATTR_OK) {
        if (*rc > 0) {
            ostat__log(ctx, OSTAT_LOG_WARNING,
                       "%s/%s: no %s to name the chip; its sensors are "
                       "left out",
                       ctx->sysfs_root, dir, attr);
            *rc = 0;
        }
        return NULL;
    }
    s = ostat__list_str(list, buf, len);
    if (s == NULL) {
        *rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    return s;
}

/* "<dir>/<prefix>N_<attr>" into @rel. */
static int sensor_rel(char *rel,
                      const char *dir,
                      const char *prefix,
                      uint32_t n,
                      const char *attr)
{
    int len =
        snprintf(rel, REL_CAP, "%s/%s%u_%s", dir, prefix, (unsigned)n, attr);

    if (len < 0 || len >= REL_CAP) {
        return ostat__err(OSTAT_EINVAL, ENAMETOOLONG, dir,
                          "path too long: %s/%s%u_%s", dir, prefix, (unsigned)n,
                          attr);
    }
    return 0;
}

/* A threshold in millidegrees Celsius into *out and its bit into *valid. */
static int read_millideg(
    ostat_ctx *ctx, const char *rel, double *out, uint64_t *valid, uint64_t bit)
{
    int64_t v;
    int rc = read_num(ctx, rel, &v);

    if (rc == ATTR_OK) {
        *out = (double)v / 1000.0;
        *valid |= bit;
    }
    return rc < 0 ? rc : 0;
}

/* The label of a sensor: its text, or "" when it has none. The bit is
 * left clear when the file is there but cannot be read. */
static int read_label(ostat_ctx *ctx,
                      const char *rel,
                      ostat_list *list,
                      const char **out,
                      uint64_t *valid,
                      uint64_t bit)
{
    char buf[TEXT_CAP];
    size_t len = 0;
    int rc = read_attr(ctx, rel, buf, sizeof(buf), &len);

    if (rc < 0) {
        return rc;
    }
    if (rc != ATTR_OK) {
        len = 0;
    }
    *out = ostat__list_str(list, buf, len);
    if (*out == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    if (rc != ATTR_UNREADABLE) {
        *valid |= bit;
    }
    return 0;
}

/* One temperature: temp<n>_input and its optional max, crit and label. */
static int add_temp(ostat_ctx *ctx,
                    const char *dir,
                    uint32_t n,
                    const char *chip,
                    ostat_list *list)
{
    struct ostat_sensors_temperature *e;
    char rel[REL_CAP];
    int64_t v = 0;
    int rc;

    if ((rc = sensor_rel(rel, dir, "temp", n, "input")) != 0 ||
        (rc = read_num(ctx, rel, &v)) < 0) {
        return rc;
    }
    if (rc == ATTR_ABSENT) {
        return 0; /* gone since the directory was listed */
    }
    e = ostat__list_push(list);
    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = sizeof(*e);
    e->chip = chip;
    e->valid = OSTAT_SENSORS_TEMPERATURE_CHIP;
    if (rc == ATTR_OK) {
        e->current = (double)v / 1000.0;
        e->valid |= OSTAT_SENSORS_TEMPERATURE_CURRENT;
    }
    if ((rc = sensor_rel(rel, dir, "temp", n, "max")) != 0 ||
        (rc = read_millideg(ctx, rel, &e->high, &e->valid,
                            OSTAT_SENSORS_TEMPERATURE_HIGH)) != 0 ||
        (rc = sensor_rel(rel, dir, "temp", n, "crit")) != 0 ||
        (rc = read_millideg(ctx, rel, &e->critical, &e->valid,
                            OSTAT_SENSORS_TEMPERATURE_CRITICAL)) != 0 ||
        (rc = sensor_rel(rel, dir, "temp", n, "label")) != 0) {
        return rc;
    }
    return read_label(ctx, rel, list, &e->label, &e->valid,
                      OSTAT_SENSORS_TEMPERATURE_LABEL);
}

/* One fan: fan<n>_input in RPM and its optional label. */
static int add_fan(ostat_ctx *ctx,
                   const char *dir,
                   uint32_t n,
                   const char *chip,
                   ostat_list *list)
{
    struct ostat_sensors_fan *e;
    char rel[REL_CAP];
    int64_t rpm = 0;
    int rc;

    if ((rc = sensor_rel(rel, dir, "fan", n, "input")) != 0 ||
        (rc = read_num(ctx, rel, &rpm)) < 0) {
        return rc;
    }
    if (rc == ATTR_ABSENT) {
        return 0;
    }
    if (rc == ATTR_OK && rpm < 0) {
        return ostat__parse_err(ctx->sysfs_root, rel, 1,
                                "a fan speed below zero");
    }
    e = ostat__list_push(list);
    if (e == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
    }
    e->size = sizeof(*e);
    e->chip = chip;
    e->valid = OSTAT_SENSORS_FAN_CHIP;
    if (rc == ATTR_OK) {
        e->current = (uint64_t)rpm;
        e->valid |= OSTAT_SENSORS_FAN_CURRENT;
    }
    if ((rc = sensor_rel(rel, dir, "fan", n, "label")) != 0) {
        return rc;
    }
    return read_label(ctx, rel, list, &e->label, &e->valid,
                      OSTAT_SENSORS_FAN_LABEL);
}

/* The sensors of @kind in the hwmon directory @dir, whose chip name is in
 * @dir/name or else @fallback_dir/name. *seen counts the inputs found,
 * listed or not. */
static int hwmon_dir(ostat_ctx *ctx,
                     const char *dir,
                     const char *fallback_dir,
                     enum kind kind,
                     ostat_list *list,
                     size_t *seen)
{
    const char *prefix = kind == KIND_TEMP ? "temp" : "fan";
    struct nums idx = { NULL, 0, 0 };
    const char *chip;
    size_t i;
    int rc, exists;

    rc = list_numbered(ctx, dir, prefix, "_input", &idx, &exists);
    if (rc == 0 && idx.n > 0) {
        *seen += idx.n;
        chip = chip_name(ctx, dir, "name", fallback_dir, list, &rc);
        for (i = 0; chip != NULL && i < idx.n && rc == 0; i++) {
            rc = kind == KIND_TEMP ? add_temp(ctx, dir, idx.v[i], chip, list)
                                   : add_fan(ctx, dir, idx.v[i], chip, list);
        }
    }
    free(idx.v);
    return rc;
}

/* Every hwmon device of the class, in number order: the attributes in
 * hwmonN and, as older drivers put them, in hwmonN/device. */
static int hwmon_class(ostat_ctx *ctx,
                       enum kind kind,
                       ostat_list *list,
                       struct nums *hw,
                       int *exists,
                       size_t *seen)
{
    char dir[REL_CAP], devdir[REL_CAP];
    size_t i;
    int rc;

    rc = list_numbered(ctx, "class/hwmon", "hwmon", "", hw, exists);
    for (i = 0; i < hw->n && rc == 0; i++) {
        snprintf(dir, sizeof(dir), "class/hwmon/hwmon%u", (unsigned)hw->v[i]);
        snprintf(devdir, sizeof(devdir), "class/hwmon/hwmon%u/device",
                 (unsigned)hw->v[i]);
        if ((rc = hwmon_dir(ctx, dir, NULL, kind, list, seen)) == 0) {
            rc = hwmon_dir(ctx, devdir, dir, kind, list, seen);
        }
    }
    return rc;
}

/* coretemp devices whose hwmon directory the class does not list (psutil
 * #1708): devices/platform/coretemp.N/hwmon/hwmonM for each M not in
 * @listed. */
static int coretemp_unlisted(ostat_ctx *ctx,
                             const struct nums *listed,
                             ostat_list *list,
                             size_t *seen)
{
    struct nums cores = { NULL, 0, 0 }, hw = { NULL, 0, 0 };
    char dir[REL_CAP];
    size_t i, j;
    int rc, exists;

    rc = list_numbered(ctx, "devices/platform", "coretemp.", "", &cores,
                       &exists);
    for (i = 0; i < cores.n && rc == 0; i++) {
        snprintf(dir, sizeof(dir), "devices/platform/coretemp.%u/hwmon",
                 (unsigned)cores.v[i]);
        rc = list_numbered(ctx, dir, "hwmon", "", &hw, &exists);
        for (j = 0; j < hw.n && rc == 0; j++) {
            if (listed->n > 0 && bsearch(&hw.v[j], listed->v, listed->n,
                                         sizeof(*listed->v), cmp_u32) != NULL) {
                continue;
            }
            snprintf(dir, sizeof(dir),
                     "devices/platform/coretemp.%u/hwmon/hwmon%u",
                     (unsigned)cores.v[i], (unsigned)hw.v[j]);
            rc = hwmon_dir(ctx, dir, NULL, KIND_TEMP, list, seen);
        }
    }
    free(cores.v);
    free(hw.v);
    return rc;
}

/* ---- thermal zones --------------------------------------------------------
 */

/* The first trip points of type "critical" and "hot" of zone @dir. */
static int
zone_trips(ostat_ctx *ctx, const char *dir, struct ostat_sensors_temperature *e)
{
    struct nums trips = { NULL, 0, 0 };
    char rel[REL_CAP], type[TEXT_CAP];
    size_t i, len;
    int rc, exists;

    rc = list_numbered(ctx, dir, "trip_point_", "_type", &trips, &exists);
    for (i = 0; i < trips.n && rc == 0; i++) {
        uint64_t bit;

        if ((rc = sensor_rel(rel, dir, "trip_point_", trips.v[i], "type")) !=
                0 ||
            (rc = read_attr(ctx, rel, type, sizeof(type), &len)) != ATTR_OK) {
            rc = rc < 0 ? rc : 0;
            continue;
        }
        if (strcmp(type, "critical") == 0) {
            bit = OSTAT_SENSORS_TEMPERATURE_CRITICAL;
        } else if (strcmp(type, "hot") == 0) {
            bit = OSTAT_SENSORS_TEMPERATURE_HIGH;
        } else {
            continue;
        }
        if (e->valid & bit) {
            continue;
        }
        if ((rc = sensor_rel(rel, dir, "trip_point_", trips.v[i], "temp")) ==
            0) {
            rc = read_millideg(
                ctx, rel,
                bit == OSTAT_SENSORS_TEMPERATURE_HIGH ? &e->high : &e->critical,
                &e->valid, bit);
        }
    }
    free(trips.v);
    return rc;
}

/* Each thermal zone as a sensor without a label: its type is the chip,
 * its "critical" trip point the critical and its "hot" one the high
 * threshold. */
static int thermal_zones(ostat_ctx *ctx, ostat_list *list, int *exists)
{
    struct nums zones = { NULL, 0, 0 };
    char dir[REL_CAP], rel[REL_CAP];
    size_t i;
    int rc;

    rc =
        list_numbered(ctx, "class/thermal", "thermal_zone", "", &zones, exists);
    for (i = 0; i < zones.n && rc == 0; i++) {
        struct ostat_sensors_temperature *e;
        const char *chip;
        int64_t v = 0;
        int got;

        snprintf(dir, sizeof(dir), "class/thermal/thermal_zone%u",
                 (unsigned)zones.v[i]);
        if ((rc = join_rel(rel, dir, "temp")) != 0 ||
            (rc = got = read_num(ctx, rel, &v)) < 0) {
            break;
        }
        rc = 0;
        if (got == ATTR_ABSENT) {
            continue; /* gone since the directory was listed */
        }
        if ((chip = chip_name(ctx, dir, "type", NULL, list, &rc)) == NULL) {
            continue;
        }
        e = ostat__list_push(list);
        if (e == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
        e->size = sizeof(*e);
        e->chip = chip;
        e->label = ostat__list_str(list, "", 0);
        e->valid =
            OSTAT_SENSORS_TEMPERATURE_CHIP | OSTAT_SENSORS_TEMPERATURE_LABEL;
        if (e->label == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
            break;
        }
        if (got == ATTR_OK) {
            e->current = (double)v / 1000.0;
            e->valid |= OSTAT_SENSORS_TEMPERATURE_CURRENT;
        }
        rc = zone_trips(ctx, dir, e);
    }
    free(zones.v);
    return rc;
}

int ostat__os_sensors_temperatures(ostat_ctx *ctx, ostat_list *list)
{
    struct nums hw = { NULL, 0, 0 };
    size_t seen = 0;
    int rc, have_hwmon, have_thermal = 0;

    rc = hwmon_class(ctx, KIND_TEMP, list, &hw, &have_hwmon, &seen);
    if (rc == 0) {
        rc = coretemp_unlisted(ctx, &hw, list, &seen);
    }
    free(hw.v);
    if (rc != 0 || seen > 0) {
        return rc;
    }
    rc = thermal_zones(ctx, list, &have_thermal);
    if (rc == 0 && !have_hwmon && !have_thermal) {
        rc = ostat__err(OSTAT_ENOTSUP, 0, NULL,
                        "%s/class has neither hwmon nor thermal: the kernel "
                        "reports no temperatures",
                        ctx->sysfs_root);
    }
    return rc;
}

int ostat__os_sensors_fans(ostat_ctx *ctx, ostat_list *list)
{
    struct nums hw = { NULL, 0, 0 };
    size_t seen = 0;
    int rc, exists;

    rc = hwmon_class(ctx, KIND_FAN, list, &hw, &exists, &seen);
    free(hw.v);
    if (rc == 0 && !exists) {
        rc = ostat__err(OSTAT_ENOTSUP, 0, NULL,
                        "%s/class has no hwmon: the kernel reports no fans",
                        ctx->sysfs_root);
    }
    return rc;
}

/* ---- the battery ----------------------------------------------------------
 */

/* Attribute @attr of the supply directory @dir as text (TEXT_CAP bytes) or
 * as a number: an enum attr or a negative code, as read_attr(). */
static int supply_text(
    ostat_ctx *ctx, const char *dir, const char *attr, char *buf, size_t *len)
{
    char rel[REL_CAP];
    int rc;

    if ((rc = join_rel(rel, dir, attr)) != 0) {
        return rc;
    }
    return read_attr(ctx, rel, buf, TEXT_CAP, len);
}

static int
supply_num(ostat_ctx *ctx, const char *dir, const char *attr, int64_t *out)
{
    char rel[REL_CAP];
    int rc;

    if ((rc = join_rel(rel, dir, attr)) != 0) {
        return rc;
    }
    return read_num(ctx, rel, out);
}

/* psutil's rule, for a supply without a type: BAT* or *battery*. */
static int battery_by_name(const char *name)
{
    const char *p;

    if (strncmp(name, "BAT", 3) == 0) {
        return 1;
    }
    for (p = name; *p != '\0'; p++) {
        if (strncasecmp(p, "battery", 7) == 0) {
            return 1;
        }
    }
    return 0;
}

/* The types of the supplies that power the machine from outside. */
static int is_external(const char *type)
{
    return strcmp(type, "Mains") == 0 || strncmp(type, "USB", 3) == 0 ||
           strcmp(type, "Wireless") == 0 || strcmp(type, "BrickID") == 0;
}

/* What the power supplies say: the battery to read (of those present, the
 * first by name, psutil #1238) and whether an external supply is online. */
struct supplies {
    char battery[256];
    int have_battery;
    int online_known; /* an external supply has a readable "online" */
    int online;       /* one of them is online */
};

/* Look at the supply @name. */
static int classify(ostat_ctx *ctx, const char *name, struct supplies *s)
{
    char dir[REL_CAP], buf[TEXT_CAP];
    size_t len;
    int64_t v;
    int rc, battery;

    if ((rc = join_rel(dir, "class/power_supply", name)) != 0) {
        return rc;
    }
    /* The battery of a device (a mouse, a headset) is not the system's. */
    rc = supply_text(ctx, dir, "scope", buf, &len);
    if (rc < 0 || (rc == ATTR_OK && strcmp(buf, "Device") == 0)) {
        return rc < 0 ? rc : 0;
    }
    if ((rc = supply_text(ctx, dir, "type", buf, &len)) < 0) {
        return rc;
    }
    if (rc == ATTR_OK && is_external(buf)) {
        if ((rc = supply_num(ctx, dir, "online", &v)) == ATTR_OK) {
            s->online_known = 1;
            s->online |= v != 0;
        }
        return rc < 0 ? rc : 0;
    }
    battery =
        rc == ATTR_OK ? strcmp(buf, "Battery") == 0 : battery_by_name(name);
    if (!battery || strlen(name) >= sizeof(s->battery) ||
        (s->have_battery && strcmp(name, s->battery) >= 0)) {
        return 0;
    }
    /* An empty battery bay keeps its supply, with present 0. */
    rc = supply_num(ctx, dir, "present", &v);
    if (rc < 0 || (rc == ATTR_OK && v == 0)) {
        return rc < 0 ? rc : 0;
    }
    strcpy(s->battery, name);
    s->have_battery = 1;
    return 0;
}

static int scan_supplies(ostat_ctx *ctx, struct supplies *s)
{
    char path[OSTAT__PATH_MAX];
    struct dirent *de;
    DIR *d;
    int rc;

    memset(s, 0, sizeof(*s));
    if ((rc = ostat__path(path, ctx->sysfs_root, "class/power_supply")) != 0) {
        return rc;
    }
    d = opendir(path);
    if (d == NULL) {
        if (errno == ENOENT || errno == ENOTDIR) {
            return ostat__err(OSTAT_ENOTSUP, errno, path,
                              "%s: no power supply class, so no battery", path);
        }
        return ostat__err_errno(errno, OSTAT_EOS, path);
    }
    while (rc == 0 && (de = readdir(d)) != NULL) {
        if (de->d_name[0] != '.') {
            rc = classify(ctx, de->d_name, s);
        }
    }
    closedir(d);
    if (rc == 0 && !s->have_battery) {
        rc = ostat__err(OSTAT_ENOTSUP, 0, path, "%s: no battery", path);
    }
    return rc;
}

/* The battery's numbers, each with whether it could be read. */
enum bnum {
    B_ENERGY_NOW,        /* uWh */
    B_ENERGY_FULL,       /* uWh */
    B_POWER_NOW,         /* uW */
    B_CHARGE_NOW,        /* uAh */
    B_CHARGE_FULL,       /* uAh */
    B_CURRENT_NOW,       /* uA */
    B_CAPACITY,          /* percent */
    B_TIME_TO_EMPTY_NOW, /* seconds */
    B_COUNT
};

static const char *const bnum_names[B_COUNT] = {
    "energy_now",  "energy_full", "power_now", "charge_now",
    "charge_full", "current_now", "capacity",  "time_to_empty_now",
};

/* Seconds left at the present draw @rate (uW or uA) with @left (uWh or
 * uAh) left; -1 when that cannot be told. Some drivers sign the rate by
 * its direction. */
static double time_left(int64_t left, int64_t rate)
{
    if (rate == 0 || left < 0) {
        return -1;
    }
    return (double)left / fabs((double)rate) * 3600.0;
}

int ostat__os_sensors_battery(ostat_ctx *ctx, struct ostat_sensors_battery *out)
{
    struct supplies s;
    char dir[REL_CAP], status[TEXT_CAP];
    int64_t v[B_COUNT];
    int have[B_COUNT], i, rc;
    double secs = -1;
    size_t len;

    if ((rc = scan_supplies(ctx, &s)) != 0 ||
        (rc = join_rel(dir, "class/power_supply", s.battery)) != 0) {
        return rc;
    }
    for (i = 0; i < B_COUNT; i++) {
        v[i] = 0;
        if ((rc = supply_num(ctx, dir, bnum_names[i], &v[i])) < 0) {
            return rc;
        }
        have[i] = rc == ATTR_OK;
    }

    /* percent: what is left of the last full charge, in energy or in
     * charge, or else the driver's own capacity. */
    if (have[B_ENERGY_NOW] && have[B_ENERGY_FULL] && v[B_ENERGY_FULL] > 0) {
        out->percent =
            100.0 * (double)v[B_ENERGY_NOW] / (double)v[B_ENERGY_FULL];
        out->valid |= OSTAT_SENSORS_BATTERY_PERCENT;
    } else if (have[B_CHARGE_NOW] && have[B_CHARGE_FULL] &&
               v[B_CHARGE_FULL] > 0) {
        out->percent =
            100.0 * (double)v[B_CHARGE_NOW] / (double)v[B_CHARGE_FULL];
        out->valid |= OSTAT_SENSORS_BATTERY_PERCENT;
    } else if (have[B_CAPACITY]) {
        out->percent = (double)v[B_CAPACITY];
        out->valid |= OSTAT_SENSORS_BATTERY_PERCENT;
    }
    /* A gauge may count past its last full charge. */
    out->percent = out->percent > 100.0 ? 100.0
                   : out->percent < 0.0 ? 0.0
                                        : out->percent;

    /* power_plugged: an external supply online, or else the status. */
    if (s.online_known) {
        out->power_plugged = s.online;
        out->valid |= OSTAT_SENSORS_BATTERY_POWER_PLUGGED;
    } else if ((rc = supply_text(ctx, dir, "status", status, &len)) < 0) {
        return rc;
    } else if (rc == ATTR_OK && strcasecmp(status, "Discharging") == 0) {
        out->power_plugged = 0;
        out->valid |= OSTAT_SENSORS_BATTERY_POWER_PLUGGED;
    } else if (rc == ATTR_OK && (strcasecmp(status, "Charging") == 0 ||
                                 strcasecmp(status, "Full") == 0)) {
        out->power_plugged = 1;
        out->valid |= OSTAT_SENSORS_BATTERY_POWER_PLUGGED;
    }

    /* secsleft: unlimited on external power; else what is left at the
     * present draw, energy with power or charge with current (never one
     * with the other), or else the gauge's own estimate. */
    if ((out->valid & OSTAT_SENSORS_BATTERY_POWER_PLUGGED) &&
        out->power_plugged) {
        secs = OSTAT_POWER_TIME_UNLIMITED;
    } else {
        if (have[B_ENERGY_NOW] && have[B_POWER_NOW]) {
            secs = time_left(v[B_ENERGY_NOW], v[B_POWER_NOW]);
        }
        if (secs < 0 && have[B_CHARGE_NOW] && have[B_CURRENT_NOW]) {
            secs = time_left(v[B_CHARGE_NOW], v[B_CURRENT_NOW]);
        }
        if (secs < 0 && have[B_TIME_TO_EMPTY_NOW] &&
            v[B_TIME_TO_EMPTY_NOW] > 0) {
            secs = (double)v[B_TIME_TO_EMPTY_NOW];
        }
        if (secs < 0) {
            secs = OSTAT_POWER_TIME_UNKNOWN;
        }
    }
    out->secsleft = secs;
    out->valid |= OSTAT_SENSORS_BATTERY_SECSLEFT;
    return 0;
}
