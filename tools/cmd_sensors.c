/* SPDX-License-Identifier: MIT */
/* cmd_sensors.c: the sensors_temperatures, sensors_fans, sensors_battery
 * and sensors subcommands. JSON follows psutil's shapes: a chip name maps
 * to its sensors, in the order the library lists them. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fields.h"
#include "json.h"
#include "out.h"

/* Every element of a sensor list, copied before anything is printed so
 * that a failure leaves no half-written document. */
struct sensors {
    struct ostat_sensors_temperature *temps;
    size_t ntemps;
    struct ostat_sensors_fan *fans;
    size_t nfans;
    ostat_list *temp_list, *fan_list; /* own the strings */
    struct ostat_sensors_battery battery;
    int have_battery;
};

static void sensors_free(struct sensors *s)
{
    free(s->temps);
    free(s->fans);
    ostat_list_free(s->temp_list);
    ostat_list_free(s->fan_list);
}

static int get_temp(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_sensors_temperature(l, i, out);
}

static int get_fan(const ostat_list *l, size_t i, void *out)
{
    return ostat_list_sensors_fan(l, i, out);
}

/* OSTAT_ENOTSUP is no sensors of that kind: psutil's {} and None. */
static int read_temps(ostat_ctx *ctx, struct sensors *s)
{
    static const struct ostat_sensors_temperature init =
        OSTAT_SENSORS_TEMPERATURE_INIT;
    int rc = ostat_sensors_temperatures(ctx, &s->temp_list);

    if (rc == 0) {
        s->temps = fields_copy_list(s->temp_list, get_temp, &init, sizeof(init),
                                    &s->ntemps, &rc);
    }
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return out_error("sensors_temperatures", rc);
    }
    return 0;
}

static int read_fans(ostat_ctx *ctx, struct sensors *s)
{
    static const struct ostat_sensors_fan init = OSTAT_SENSORS_FAN_INIT;
    int rc = ostat_sensors_fans(ctx, &s->fan_list);

    if (rc == 0) {
        s->fans = fields_copy_list(s->fan_list, get_fan, &init, sizeof(init),
                                   &s->nfans, &rc);
    }
    if (rc != 0 && rc != OSTAT_ENOTSUP) {
        return out_error("sensors_fans", rc);
    }
    return 0;
}

static int read_battery(ostat_ctx *ctx, struct sensors *s)
{
    struct ostat_sensors_battery init = OSTAT_SENSORS_BATTERY_INIT;
    int rc;

    s->battery = init;
    rc = ostat_sensors_battery(ctx, &s->battery);
    if (rc == OSTAT_ENOTSUP) {
        return 0;
    }
    if (rc != 0) {
        return out_error("sensors_battery", rc);
    }
    s->have_battery = 1;
    return 0;
}

/* A string of a list element, "" when not valid. */
static const char *str_or_empty(const char *s, uint64_t valid, uint64_t bit)
{
    return (valid & bit) && s != NULL ? s : "";
}

static const char *temp_chip(const struct ostat_sensors_temperature *t)
{
    return str_or_empty(t->chip, t->valid, OSTAT_SENSORS_TEMPERATURE_CHIP);
}

static const char *temp_label(const struct ostat_sensors_temperature *t)
{
    return str_or_empty(t->label, t->valid, OSTAT_SENSORS_TEMPERATURE_LABEL);
}

static const char *fan_chip(const struct ostat_sensors_fan *f)
{
    return str_or_empty(f->chip, f->valid, OSTAT_SENSORS_FAN_CHIP);
}

static const char *fan_label(const struct ostat_sensors_fan *f)
{
    return str_or_empty(f->label, f->valid, OSTAT_SENSORS_FAN_LABEL);
}

/* The distinct chip names of the temperatures (with @temps), then of the
 * fans (with @fans), in the order they first appear (pointers into the
 * lists; free() the array). */
static const char **
chips(const struct sensors *s, int temps, int fans, size_t *n)
{
    size_t nt = temps ? s->ntemps : 0, nf = fans ? s->nfans : 0;
    const char **v = out_malloc((nt + nf) * sizeof(*v));
    size_t i, j, k = 0;

    for (i = 0; i < nt + nf; i++) {
        const char *c =
            i < nt ? temp_chip(&s->temps[i]) : fan_chip(&s->fans[i - nt]);

        for (j = 0; j < k && strcmp(v[j], c) != 0; j++) {
        }
        if (j == k) {
            v[k++] = c;
        }
    }
    *n = k;
    return v;
}

/* ---- JSON ----------------------------------------------------------------
 */

/* The numbers after the label (the temperatures only in JSON: tables
 * show them with one decimal). */
static const struct field temp_fields[] = {
    FIELD(ostat_sensors_temperature,
          current,
          FK_DOUBLE2,
          OSTAT_SENSORS_TEMPERATURE_CURRENT),
    FIELD(ostat_sensors_temperature,
          high,
          FK_DOUBLE2,
          OSTAT_SENSORS_TEMPERATURE_HIGH),
    FIELD(ostat_sensors_temperature,
          critical,
          FK_DOUBLE2,
          OSTAT_SENSORS_TEMPERATURE_CRITICAL),
};
static const struct fieldset fs_temp = SET(temp_fields);

static const struct field fan_fields[] = {
    FIELD(ostat_sensors_fan, current, FK_COUNT, OSTAT_SENSORS_FAN_CURRENT),
};
static const struct fieldset fs_fan = SET(fan_fields);

static void json_temp(struct json *j, const struct ostat_sensors_temperature *t)
{
    json_begin_object(j);
    json_key(j, "label");
    json_string(j, temp_label(t));
    fields_members(j, &fs_temp, t, t->valid);
    json_end_object(j);
}

static void json_fan(struct json *j, const struct ostat_sensors_fan *f)
{
    json_begin_object(j);
    json_key(j, "label");
    json_string(j, fan_label(f));
    fields_members(j, &fs_fan, f, f->valid);
    json_end_object(j);
}

/* psutil's dict of chip -> list: {"coretemp": [{...}, ...], ...}, of the
 * temperatures (with @temps) or else of the fans. */
static void json_by_chip(struct json *j, const struct sensors *s, int temps)
{
    size_t n, c, i, count = temps ? s->ntemps : s->nfans;
    const char **names = chips(s, temps, !temps, &n);

    json_begin_object(j);
    for (c = 0; c < n; c++) {
        json_key_string(j, names[c]);
        json_begin_array(j);
        for (i = 0; i < count; i++) {
            if (temps && strcmp(temp_chip(&s->temps[i]), names[c]) == 0) {
                json_temp(j, &s->temps[i]);
            } else if (!temps && strcmp(fan_chip(&s->fans[i]), names[c]) == 0) {
                json_fan(j, &s->fans[i]);
            }
        }
        json_end_array(j);
    }
    json_end_object(j);
    free(names);
}

static void json_temps(struct json *j, const struct sensors *s)
{
    json_by_chip(j, s, 1);
}

static void json_fans(struct json *j, const struct sensors *s)
{
    json_by_chip(j, s, 0);
}

/* psutil's sbattery, or null without a battery. */
static void json_battery(struct json *j, const struct sensors *s)
{
    const struct ostat_sensors_battery *b = &s->battery;

    if (!s->have_battery) {
        json_null(j);
        return;
    }
    json_begin_object(j);
    json_key(j, "percent");
    if (b->valid & OSTAT_SENSORS_BATTERY_PERCENT) {
        json_double(j, b->percent);
    } else {
        json_null(j);
    }
    json_key(j, "secsleft");
    if (b->valid & OSTAT_SENSORS_BATTERY_SECSLEFT) {
        json_double(j, b->secsleft);
    } else {
        json_null(j);
    }
    json_key(j, "power_plugged");
    if (b->valid & OSTAT_SENSORS_BATTERY_POWER_PLUGGED) {
        json_bool(j, b->power_plugged != 0);
    } else {
        json_null(j);
    }
    json_end_object(j);
}

/* ---- tables ---------------------------------------------------------------
 */

/* A temperature cell: one decimal, or "-" when not valid. */
static void add_celsius(struct table *t, double v, uint64_t valid, uint64_t bit)
{
    if (valid & bit) {
        table_addf(t, "%.1f", v);
    } else {
        table_add(t, "-");
    }
}

static void print_temps(const struct sensors *s)
{
    struct table t;
    size_t i;

    if (s->ntemps == 0) {
        puts("no temperature sensors");
        return;
    }
    table_init(&t, 5, 1u | 2u);
    table_add(&t, "chip");
    table_add(&t, "label");
    table_add(&t, "current");
    table_add(&t, "high");
    table_add(&t, "critical");
    for (i = 0; i < s->ntemps; i++) {
        const struct ostat_sensors_temperature *e = &s->temps[i];

        table_add_text(&t, temp_chip(e));
        table_add_text(&t, temp_label(e));
        add_celsius(&t, e->current, e->valid,
                    OSTAT_SENSORS_TEMPERATURE_CURRENT);
        add_celsius(&t, e->high, e->valid, OSTAT_SENSORS_TEMPERATURE_HIGH);
        add_celsius(&t, e->critical, e->valid,
                    OSTAT_SENSORS_TEMPERATURE_CRITICAL);
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

static void print_fans(const struct sensors *s)
{
    struct table t;
    size_t i;

    if (s->nfans == 0) {
        puts("no fans");
        return;
    }
    table_init(&t, 3, 1u | 2u);
    table_add(&t, "chip");
    table_add(&t, "label");
    table_add(&t, "current");
    for (i = 0; i < s->nfans; i++) {
        const struct ostat_sensors_fan *e = &s->fans[i];

        table_add_text(&t, fan_chip(e));
        table_add_text(&t, fan_label(e));
        fields_row(&t, &fs_fan, e, e->valid);
    }
    table_print(&t, stdout, 0);
    table_free(&t);
}

/* What secsleft means, in words: "2:05", "unlimited", "unknown". */
static char *time_left(const struct ostat_sensors_battery *b)
{
    char buf[64];

    if (!(b->valid & OSTAT_SENSORS_BATTERY_SECSLEFT)) {
        return out_strdup("-");
    }
    if (b->secsleft == OSTAT_POWER_TIME_UNLIMITED) {
        return out_strdup("unlimited");
    }
    if (b->secsleft == OSTAT_POWER_TIME_UNKNOWN || b->secsleft < 0) {
        return out_strdup("unknown");
    }
    out_duration(b->secsleft, buf, sizeof(buf));
    return out_strdup(buf);
}

static const char *plugged_text(const struct ostat_sensors_battery *b)
{
    if (!(b->valid & OSTAT_SENSORS_BATTERY_POWER_PLUGGED)) {
        return "-";
    }
    return b->power_plugged ? "yes" : "no";
}

/* psutil's field names with their values and a gloss. */
static void print_battery(const struct sensors *s)
{
    const struct ostat_sensors_battery *b = &s->battery;
    struct table t;
    char *left;

    if (!s->have_battery) {
        puts("no battery");
        return;
    }
    left = time_left(b);
    table_init(&t, 3, 1u | 4u);
    table_add(&t, "percent");
    if (b->valid & OSTAT_SENSORS_BATTERY_PERCENT) {
        table_addf(&t, "%.1f", b->percent);
    } else {
        table_add(&t, "-");
    }
    table_add(&t, "");
    table_add(&t, "secsleft");
    if (b->valid & OSTAT_SENSORS_BATTERY_SECSLEFT) {
        table_addf(&t, "%.0f", b->secsleft);
    } else {
        table_add(&t, "-");
    }
    table_add(&t, left);
    table_add(&t, "power_plugged");
    table_add(&t, plugged_text(b));
    table_add(&t, "");
    table_print(&t, stdout, 0);
    table_free(&t);
    free(left);
}

/* As psutil's scripts/sensors.py: each chip with its temperatures and
 * fans, then the battery. */
static void print_all(const struct sensors *s)
{
    size_t n, c, i;
    const char **names = chips(s, 1, 1, &n);
    const struct ostat_sensors_battery *b = &s->battery;

    if (n == 0 && !s->have_battery) {
        puts("no temperatures, fans or battery");
        free(names);
        return;
    }
    for (c = 0; c < n; c++) {
        struct table t;
        char *chip = out_sanitize(names[c]);

        puts(chip);
        free(chip);
        table_init(&t, 4, 1u | 4u | 8u);
        for (i = 0; i < s->ntemps; i++) {
            const struct ostat_sensors_temperature *e = &s->temps[i];
            const char *label = temp_label(e);

            if (strcmp(temp_chip(e), names[c]) != 0) {
                continue;
            }
            /* A sensor without a label goes by its chip's name. */
            table_add_text(&t, label[0] != '\0' ? label : names[c]);
            if (e->valid & OSTAT_SENSORS_TEMPERATURE_CURRENT) {
                table_addf(&t, "%.1f °C", e->current);
            } else {
                table_add(&t, "unreadable");
            }
            if (e->valid & OSTAT_SENSORS_TEMPERATURE_HIGH) {
                table_addf(&t, "high %.1f °C", e->high);
            } else {
                table_add(&t, "");
            }
            if (e->valid & OSTAT_SENSORS_TEMPERATURE_CRITICAL) {
                table_addf(&t, "critical %.1f °C", e->critical);
            } else {
                table_add(&t, "");
            }
        }
        for (i = 0; i < s->nfans; i++) {
            const struct ostat_sensors_fan *e = &s->fans[i];
            const char *label = fan_label(e);

            if (strcmp(fan_chip(e), names[c]) != 0) {
                continue;
            }
            table_add_text(&t, label[0] != '\0' ? label : names[c]);
            if (e->valid & OSTAT_SENSORS_FAN_CURRENT) {
                table_addf(&t, "%llu RPM", (unsigned long long)e->current);
            } else {
                table_add(&t, "unreadable");
            }
            table_add(&t, "");
            table_add(&t, "");
        }
        table_print(&t, stdout, 4);
        table_free(&t);
    }
    if (s->have_battery) {
        struct table t;
        char *left = time_left(b);

        puts("battery");
        table_init(&t, 2, 1u | 2u);
        table_add(&t, "charge");
        if (b->valid & OSTAT_SENSORS_BATTERY_PERCENT) {
            table_addf(&t, "%.1f%%", b->percent);
        } else {
            table_add(&t, "-");
        }
        table_add(&t, "time left");
        table_add(&t, left);
        table_add(&t, "plugged in");
        table_add(&t, plugged_text(b));
        table_print(&t, stdout, 4);
        table_free(&t);
        free(left);
    }
    free(names);
}

/* ---- the subcommands ----------------------------------------------------
 */

/* One kind of sensor: read it, then show it as JSON or as a table. */
static int run_one(ostat_ctx *ctx,
                   const struct opts *o,
                   int (*fetch)(ostat_ctx *, struct sensors *),
                   void (*show_json)(struct json *, const struct sensors *),
                   void (*show_table)(const struct sensors *))
{
    struct sensors s;
    struct json j;
    int rc;

    memset(&s, 0, sizeof(s));
    if ((rc = fetch(ctx, &s)) == 0) {
        if (o->json) {
            json_init(&j, stdout);
            show_json(&j, &s);
            json_finish(&j);
        } else {
            show_table(&s);
        }
    }
    sensors_free(&s);
    return rc;
}

int sensors_temperatures_run(ostat_ctx *ctx, const struct opts *o)
{
    return run_one(ctx, o, read_temps, json_temps, print_temps);
}

int sensors_fans_run(ostat_ctx *ctx, const struct opts *o)
{
    return run_one(ctx, o, read_fans, json_fans, print_fans);
}

int sensors_battery_run(ostat_ctx *ctx, const struct opts *o)
{
    return run_one(ctx, o, read_battery, json_battery, print_battery);
}

int sensors_run(ostat_ctx *ctx, const struct opts *o)
{
    struct sensors s;
    struct json j;
    int rc;

    memset(&s, 0, sizeof(s));
    if ((rc = read_temps(ctx, &s)) == 0 && (rc = read_fans(ctx, &s)) == 0 &&
        (rc = read_battery(ctx, &s)) == 0) {
        if (o->json) {
            json_init(&j, stdout);
            json_begin_object(&j);
            json_key(&j, "temperatures");
            json_temps(&j, &s);
            json_key(&j, "fans");
            json_fans(&j, &s);
            json_key(&j, "battery");
            json_battery(&j, &s);
            json_end_object(&j);
            json_finish(&j);
        } else {
            print_all(&s);
        }
    }
    sensors_free(&s);
    return rc;
}
