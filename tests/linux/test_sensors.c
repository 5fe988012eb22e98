/* SPDX-License-Identifier: MIT */
/* test_sensors.c: temperatures, fans and the battery against recorded sysfs
 * trees (tests/fixtures/linux: the sensors-, power-supply and malformed
 * scenarios) and trees built at run time. The expected values are the files'
 * contents worked out by hand: millidegrees / 1000, energy or charge now /
 * full. A directory standing where a value file belongs is a file whose read
 * fails (EISDIR here; EIO or ENODATA from real drivers). */
#include "fx.h"

#define T_CHIP OSTAT_SENSORS_TEMPERATURE_CHIP
#define T_LABEL OSTAT_SENSORS_TEMPERATURE_LABEL
#define T_CUR OSTAT_SENSORS_TEMPERATURE_CURRENT
#define T_HIGH OSTAT_SENSORS_TEMPERATURE_HIGH
#define T_CRIT OSTAT_SENSORS_TEMPERATURE_CRITICAL
#define T_ALL (T_CHIP | T_LABEL | T_CUR | T_HIGH | T_CRIT)
#define F_ALL                                                                  \
    (OSTAT_SENSORS_FAN_CHIP | OSTAT_SENSORS_FAN_LABEL |                        \
     OSTAT_SENSORS_FAN_CURRENT)
#define B_ALL                                                                  \
    (OSTAT_SENSORS_BATTERY_PERCENT | OSTAT_SENSORS_BATTERY_SECSLEFT |          \
     OSTAT_SENSORS_BATTERY_POWER_PLUGGED)

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A temperature as the test expects it. */
struct want_temp {
    const char *chip;
    const char *label;
    uint64_t valid;
    double current, high, critical;
};

struct want_fan {
    const char *chip;
    const char *label;
    uint64_t valid;
    uint64_t current;
};

static void check_temps(ostat_ctx *ctx, const struct want_temp *w, size_t n)
{
    ostat_list *l = NULL;
    size_t i;

    ck_assert_int_eq(ostat_sensors_temperatures(ctx, &l), 0);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(ostat_list_count(l), n);
    for (i = 0; i < n; i++) {
        struct ostat_sensors_temperature t = OSTAT_SENSORS_TEMPERATURE_INIT;

        ck_assert_int_eq(ostat_list_sensors_temperature(l, i, &t), 0);
        ck_assert_msg(t.valid == w[i].valid,
                      "temperature %zu (%s %s): valid 0x%llx, want 0x%llx", i,
                      w[i].chip, w[i].label, (unsigned long long)t.valid,
                      (unsigned long long)w[i].valid);
        ck_assert_str_eq(t.chip, w[i].chip);
        ck_assert_ptr_nonnull(t.label);
        ck_assert_str_eq(t.label, w[i].label);
        if (t.valid & T_CUR) {
            ck_assert_close(t.current, w[i].current);
        }
        if (t.valid & T_HIGH) {
            ck_assert_close(t.high, w[i].high);
        }
        if (t.valid & T_CRIT) {
            ck_assert_close(t.critical, w[i].critical);
        }
    }
    ostat_list_free(l);
}

static void check_fans(ostat_ctx *ctx, const struct want_fan *w, size_t n)
{
    ostat_list *l = NULL;
    size_t i;

    ck_assert_int_eq(ostat_sensors_fans(ctx, &l), 0);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(ostat_list_count(l), n);
    for (i = 0; i < n; i++) {
        struct ostat_sensors_fan f = OSTAT_SENSORS_FAN_INIT;

        ck_assert_int_eq(ostat_list_sensors_fan(l, i, &f), 0);
        ck_assert_msg(f.valid == w[i].valid,
                      "fan %zu (%s %s): valid 0x%llx, want 0x%llx", i,
                      w[i].chip, w[i].label, (unsigned long long)f.valid,
                      (unsigned long long)w[i].valid);
        ck_assert_str_eq(f.chip, w[i].chip);
        ck_assert_str_eq(f.label, w[i].label);
        if (f.valid & OSTAT_SENSORS_FAN_CURRENT) {
            ck_assert_uint_eq(f.current, w[i].current);
        }
    }
    ostat_list_free(l);
}

/* A call that must say OSTAT_ENOTSUP and leave no list. */
static void expect_no_temps(ostat_ctx *ctx)
{
    ostat_list *l = (ostat_list *)&l;

    ck_assert_int_eq(ostat_sensors_temperatures(ctx, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
}

static void expect_no_fans(ostat_ctx *ctx)
{
    ostat_list *l = (ostat_list *)&l;

    ck_assert_int_eq(ostat_sensors_fans(ctx, &l), OSTAT_ENOTSUP);
    ck_assert_ptr_null(l);
}

static void expect_no_battery(ostat_ctx *ctx)
{
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;

    b.valid = ~(uint64_t)0;
    ck_assert_int_eq(ostat_sensors_battery(ctx, &b), OSTAT_ENOTSUP);
    ck_assert_uint_eq(b.valid, 0);
}

/* ---- hwmon -------------------------------------------------------------- */

START_TEST(desktop_temperatures)
{
    /* hwmon0..8 and hwmon10 in class/hwmon, in number order (10 after 8);
     * then coretemp.1's hwmon9, which the class does not list. Thermal
     * zone 0 is not read: hwmon has temperatures. */
    static const struct want_temp w[] = {
        /* acpitz: temp1_input 27800, temp1_crit 119000, no max, no label */
        { "acpitz", "", T_CHIP | T_LABEL | T_CUR | T_CRIT, 27.8, 0, 119.0 },
        /* coretemp: temp1, 2, 3 and 10 (numeric order, not "temp10" < "temp2")
         */
        { "coretemp", "Package id 0", T_ALL, 45.0, 80.0, 100.0 },
        { "coretemp", "Core 0", T_ALL, 43.0, 80.0, 100.0 },
        { "coretemp", "Core 1", T_ALL, 44.0, 80.0, 100.0 },
        { "coretemp", "Core 8", T_ALL, 41.0, 80.0, 100.0 },
        /* it8728: no labels, no thresholds; temp3 below zero; temp4's read
         * fails; temp5 has a max but no input, so it is no sensor */
        { "it8728", "", T_CHIP | T_LABEL | T_CUR, 35.0, 0, 0 },
        { "it8728", "", T_CHIP | T_LABEL | T_CUR, 52.0, 0, 0 },
        { "it8728", "", T_CHIP | T_LABEL | T_CUR, -5.5, 0, 0 },
        { "it8728", "", T_CHIP | T_LABEL, 0, 0, 0 },
        /* k10temp: temp1 and temp3 (no temp2) */
        { "k10temp", "Tctl", T_CHIP | T_LABEL | T_CUR, 51.25, 0, 0 },
        { "k10temp", "Tccd1", T_CHIP | T_LABEL | T_CUR, 43.75, 0, 0 },
        /* hwmon4 (dell_smm) has fans only; hwmon5's attributes and name are
         * on its parent device, as before Linux 3.x */
        { "w83627ehf", "", T_CHIP | T_LABEL | T_CUR | T_HIGH, 36.0, 60.0, 0 },
        /* nvme: temp2 has a max and no crit */
        { "nvme", "Composite", T_ALL, 38.85, 81.85, 84.85 },
        { "nvme", "Sensor 1", T_CHIP | T_LABEL | T_CUR | T_HIGH, 38.85,
          65261.85, 0 },
        /* iwlwifi_1: temp1_input cannot be read */
        { "iwlwifi_1", "", T_CHIP | T_LABEL, 0, 0, 0 },
        /* hwmon8 has no name: left out, as psutil does */
        { "amdgpu", "edge", T_CHIP | T_LABEL | T_CUR | T_CRIT, 40.0, 0, 100.0 },
        { "amdgpu", "junction", T_CHIP | T_LABEL | T_CUR | T_CRIT, 42.0, 0,
          110.0 },
        { "coretemp", "Package id 1", T_ALL, 47.0, 80.0, 100.0 },
    };
    ostat_ctx *ctx = fx_ctx("sensors-desktop");

    check_temps(ctx, w, NELEM(w));
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(desktop_fans)
{
    static const struct want_fan w[] = {
        /* it8728: fan2 stopped (0 is a value), fan3's read fails */
        { "it8728", "", F_ALL, 1200 },
        { "it8728", "", F_ALL, 0 },
        { "it8728", "", F_ALL & ~(uint64_t)OSTAT_SENSORS_FAN_CURRENT, 0 },
        { "dell_smm", "Processor Fan", F_ALL, 2400 },
        { "dell_smm", "Video Fan", F_ALL, 0 },
        /* on hwmon5's parent device */
        { "w83627ehf", "", F_ALL, 1500 },
        { "amdgpu", "", F_ALL, 800 },
    };
    ostat_ctx *ctx = fx_ctx("sensors-desktop");

    check_fans(ctx, w, NELEM(w));
    /* The only battery is a mouse's (scope "Device"). */
    expect_no_battery(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(thermal_only)
{
    /* No hwmon class: the thermal zones, in number order; zone 3 has no
     * type and is left out; cooling_device0 is no zone. high is the first
     * "hot" trip point, critical the first "critical" one. */
    static const struct want_temp w[] = {
        { "acpitz", "", T_ALL, 40.0, 95.0, 105.0 },
        /* only passive trip points */
        { "x86_pkg_temp", "", T_CHIP | T_LABEL | T_CUR, 52.0, 0, 0 },
        /* temp cannot be read */
        { "iwlwifi_1", "", T_CHIP | T_LABEL, 0, 0, 0 },
        /* a second critical trip (130000) and an unreadable trip type */
        { "soc_thermal", "", T_ALL, -12.0, 100.0, 125.0 },
    };
    ostat_ctx *ctx = fx_ctx("sensors-thermal-only");

    check_temps(ctx, w, NELEM(w));
    expect_no_fans(ctx);
    expect_no_battery(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(fans_only)
{
    /* hwmon has fans and a battery's voltage, but no temperature: the
     * temperatures come from the thermal zones. */
    static const struct want_temp wt[] = {
        { "acpitz", "", T_CHIP | T_LABEL | T_CUR | T_CRIT, 48.0, 0, 99.0 },
    };
    static const struct want_fan wf[] = {
        { "thinkpad", "", F_ALL, 2900 },
        { "thinkpad", "", F_ALL, 0 },
    };
    ostat_ctx *ctx = fx_ctx("sensors-fans-only");

    check_temps(ctx, wt, NELEM(wt));
    check_fans(ctx, wf, NELEM(wf));
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(empty_classes)
{
    /* The classes are there, with nothing in them: empty lists. */
    ostat_ctx *ctx = fx_ctx("sensors-empty");

    check_temps(ctx, NULL, 0);
    check_fans(ctx, NULL, 0);
    expect_no_battery(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(no_classes)
{
    /* A sysfs without these classes (a kernel without hwmon, thermal and
     * power supply support): not supported, with the detail saying why. */
    char dir[FX_PATH_MAX];
    const ostat_error *e;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "sys/class/net/lo/mtu", "65536\n");
    ctx = fx_ctx_at(dir);
    expect_no_temps(ctx);
    e = ostat_error_last();
    ck_assert_ptr_nonnull(strstr(e->message, "neither hwmon nor thermal"));
    expect_no_fans(ctx);
    expect_no_battery(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- trees built at run time ------------------------------------------ */

START_TEST(read_errors)
{
    /* A real EIO: reading /proc/self/mem at offset 0, which nothing maps.
     * The sensor stays listed without a current value; a label or a name
     * that cannot be read is not valid, and a chip without a name is left
     * out. */
    char dir[FX_PATH_MAX], path[2 * FX_PATH_MAX];
    static const struct want_temp w[] = {
        { "k10temp", "Tctl", T_CHIP | T_LABEL | T_CRIT, 0, 0, 95.0 },
        { "k10temp", "", T_CHIP | T_CUR, 50.0, 0, 0 },
    };
    static const struct want_fan wf[] = {
        { "k10temp", "", F_ALL & ~(uint64_t)OSTAT_SENSORS_FAN_CURRENT, 0 },
    };
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "sys/class/hwmon/hwmon0/name", "k10temp\n");
    fx_write(dir, "sys/class/hwmon/hwmon0/temp1_label", "Tctl\n");
    fx_write(dir, "sys/class/hwmon/hwmon0/temp1_crit", "95000\n");
    fx_write(dir, "sys/class/hwmon/hwmon0/temp2_input", "50000\n");
    fx_write(dir, "sys/class/hwmon/hwmon0/temp2_label/.keep", "");
    fx_write(dir, "sys/class/hwmon/hwmon1/name/.keep", "");
    fx_write(dir, "sys/class/hwmon/hwmon1/temp1_input", "20000\n");
    snprintf(path, sizeof(path), "%s/sys/class/hwmon/hwmon0/temp1_input", dir);
    ck_assert_int_eq(symlink("/proc/self/mem", path), 0);
    snprintf(path, sizeof(path), "%s/sys/class/hwmon/hwmon0/fan1_input", dir);
    ck_assert_int_eq(symlink("/proc/self/mem", path), 0);
    {
        /* Only if this system gives EIO there, as Linux does. */
        char b[8];
        int fd = open("/proc/self/mem", O_RDONLY);
        ssize_t r = fd >= 0 ? read(fd, b, sizeof(b)) : 0;
        int err = errno;

        if (fd >= 0) {
            close(fd);
        }
        if (fd < 0 || r >= 0 || err != EIO) {
            return;
        }
    }
    ctx = fx_ctx_at(dir);
    check_temps(ctx, w, NELEM(w));
    check_fans(ctx, wf, NELEM(wf));
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(name_on_hwmon_for_device_attributes)
{
    /* Attributes on the parent device, the name only in hwmonN. */
    static const struct want_temp w[] = {
        { "lm75", "", T_CHIP | T_LABEL | T_CUR | T_HIGH, 31.5, 80.0, 0 },
    };
    char dir[FX_PATH_MAX];
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    fx_write(dir, "sys/class/hwmon/hwmon2/name", "lm75\n");
    fx_write(dir, "sys/class/hwmon/hwmon2/device/temp1_input", "31500\n");
    fx_write(dir, "sys/class/hwmon/hwmon2/device/temp1_max", "80000\n");
    /* not hwmon names as the kernel writes them: ignored */
    fx_write(dir, "sys/class/hwmon/hwmon02/temp1_input", "1000\n");
    fx_write(dir, "sys/class/hwmon/hwmonX/temp1_input", "1000\n");
    fx_write(dir, "sys/class/hwmon/hwmon99999999999/temp1_input", "1000\n");
    ctx = fx_ctx_at(dir);
    check_temps(ctx, w, NELEM(w));
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(odd_bytes_kept)
{
    /* Names and labels are the bytes the driver gave, but for the newline
     * that ends the file: spaces, quotes, a newline inside, control
     * characters and invalid UTF-8 alike. */
    static const char chip[] = "we\"ird \\ \x01 chip\xff";
    static const char label[] = " Core\n\t0 \xc3\x28 ";
    char dir[FX_PATH_MAX], text[64];
    ostat_list *l = NULL;
    struct ostat_sensors_temperature t = OSTAT_SENSORS_TEMPERATURE_INIT;
    struct ostat_sensors_fan f = OSTAT_SENSORS_FAN_INIT;
    ostat_ctx *ctx;

    fx_tmp_dir(dir);
    snprintf(text, sizeof(text), "%s\n", chip);
    fx_write(dir, "sys/class/hwmon/hwmon0/name", text);
    snprintf(text, sizeof(text), "%s\n", label);
    fx_write(dir, "sys/class/hwmon/hwmon0/temp1_label", text);
    fx_write(dir, "sys/class/hwmon/hwmon0/temp1_input", "1\n");
    fx_write(dir, "sys/class/hwmon/hwmon0/fan1_label", label);
    fx_write(dir, "sys/class/hwmon/hwmon0/fan1_input", "7");
    ctx = fx_ctx_at(dir);
    ck_assert_int_eq(ostat_sensors_temperatures(ctx, &l), 0);
    ck_assert_uint_eq(ostat_list_count(l), 1);
    ck_assert_int_eq(ostat_list_sensors_temperature(l, 0, &t), 0);
    ck_assert_str_eq(t.chip, chip);
    ck_assert_str_eq(t.label, label);
    ck_assert_close(t.current, 0.001);
    ostat_list_free(l);
    ck_assert_int_eq(ostat_sensors_fans(ctx, &l), 0);
    ck_assert_int_eq(ostat_list_sensors_fan(l, 0, &f), 0);
    ck_assert_str_eq(f.chip, chip);
    ck_assert_str_eq(f.label, label); /* written without a newline */
    ck_assert_uint_eq(f.current, 7);
    ostat_list_free(l);
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(list_accessors)
{
    ostat_ctx *ctx = fx_ctx("sensors-fans-only");
    ostat_list *temps = NULL, *fans = NULL;
    struct ostat_sensors_temperature t = OSTAT_SENSORS_TEMPERATURE_INIT;
    struct ostat_sensors_fan f = OSTAT_SENSORS_FAN_INIT;

    ck_assert_int_eq(ostat_sensors_temperatures(ctx, &temps), 0);
    ck_assert_int_eq(ostat_sensors_fans(ctx, &fans), 0);
    /* Another kind of list, an index out of range, NULL arguments. */
    ck_assert_int_eq(ostat_list_sensors_fan(temps, 0, &f), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_sensors_temperature(fans, 0, &t), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_sensors_temperature(temps, 1, &t),
                     OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_sensors_fan(fans, 2, &f), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_sensors_fan(NULL, 0, &f), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_list_sensors_fan(fans, 0, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_sensors_temperatures(ctx, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_sensors_fans(ctx, NULL), OSTAT_EINVAL);
    ck_assert_int_eq(ostat_sensors_battery(ctx, NULL), OSTAT_EINVAL);
    /* The strings live as long as the list, after the context is gone. */
    ck_assert_int_eq(ostat_list_sensors_fan(fans, 1, &f), 0);
    ostat_ctx_free(ctx);
    ck_assert_str_eq(f.chip, "thinkpad");
    ostat_list_free(temps);
    ostat_list_free(fans);
}
END_TEST

/* ---- batteries ---------------------------------------------------------- */

static ostat_ctx *supply_ctx(const char *name)
{
    char dir[FX_PATH_MAX];

    snprintf(dir, sizeof(dir), "%s/power-supply/%s", FIXTURES, name);
    return fx_ctx_at(dir);
}

/* The system battery of each power-supply tree, as psutil's sbattery. */
static const struct {
    const char *name;
    uint64_t valid;
    double percent, secsleft;
    int32_t plugged;
} batteries[] = {
    /* energy 30000000 of 50000000 uWh; AC online: no limit. */
    { "charging", B_ALL, 60.0, OSTAT_POWER_TIME_UNLIMITED, 1 },
    /* charge 2000000 of 4000000 uAh (capacity says 49: the gauge's own
     * rounding is not used when now and full are there); current_now is
     * -1000000 uA, signed by its direction: 2 h left. AC and the USB-C
     * source are offline; the mouse's battery (scope Device) is not the
     * system's, though its name sorts first. */
    { "discharging", B_ALL, 50.0, 7200.0, 0 },
    /* BAT1 alone, energy_now 49000000 above energy_full 48000000: 100, not
     * more. No external supply: status Full means plugged in. */
    { "full", B_ALL, 100.0, OSTAT_POWER_TIME_UNLIMITED, 1 },
    /* energy_now cannot be read: capacity 77. Status Unknown and no
     * external supply: power_plugged not valid, secsleft unknown. */
    { "unknown-status",
      OSTAT_SENSORS_BATTERY_PERCENT | OSTAT_SENSORS_BATTERY_SECSLEFT, 77.0,
      OSTAT_POWER_TIME_UNKNOWN, 0 },
    /* power_now 0 cannot give a time: time_to_empty_now, in seconds (the
     * power supply class's unit). */
    { "time-to-empty", B_ALL, 40.0, 5400.0, 0 },
    /* energy (uWh) with only current_now (uA): the units do not divide, so
     * the time left is unknown. ADP1 is a Mains supply, offline. */
    { "energy-with-current", B_ALL, 50.0, OSTAT_POWER_TIME_UNKNOWN, 0 },
    /* BAT0 is an empty bay (present 0); of BAT1 and BAT2, BAT1 sorts
     * first. Charging without an external supply listed: plugged in. */
    { "two-batteries", B_ALL, 66.0, OSTAT_POWER_TIME_UNLIMITED, 1 },
    /* No type files (old kernels): "battery" by its name; "ac" is not
     * known to be a supply, so the status tells: discharging, with
     * time_to_empty_now 3600 s. */
    { "no-type", B_ALL, 88.0, 3600.0, 0 },
};

/* @got against @want within FX_REL_TOL, naming the tree @name. */
static void
check_close(const char *name, const char *what, double got, double want)
{
    ck_assert_msg(fabs(got - want) <= FX_REL_TOL * fmax(1.0, fabs(want)),
                  "%s: %s %.17g, want %.17g", name, what, got, want);
}

START_TEST(battery_trees)
{
    const char *name = batteries[_i].name;
    ostat_ctx *ctx = supply_ctx(name);
    struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;
    uint64_t valid = batteries[_i].valid;

    ck_assert_int_eq(ostat_sensors_battery(ctx, &b), 0);
    ck_assert_msg(b.valid == valid, "%s: valid 0x%llx, want 0x%llx", name,
                  (unsigned long long)b.valid, (unsigned long long)valid);
    if (valid & OSTAT_SENSORS_BATTERY_PERCENT) {
        check_close(name, "percent", b.percent, batteries[_i].percent);
    }
    check_close(name, "secsleft", b.secsleft, batteries[_i].secsleft);
    if (valid & OSTAT_SENSORS_BATTERY_POWER_PLUGGED) {
        ck_assert_msg(b.power_plugged == batteries[_i].plugged,
                      "%s: power_plugged %d", name, (int)b.power_plugged);
    }
    ostat_ctx_free(ctx);
}
END_TEST

START_TEST(battery_ac_only)
{
    ostat_ctx *ctx = supply_ctx("ac-only");

    expect_no_battery(ctx);
    ostat_ctx_free(ctx);
}
END_TEST

/* ---- malformed ---------------------------------------------------------- */

START_TEST(malformed_temperatures)
{
    static const struct {
        const char *name, *rel;
    } cases[] = {
        { "hwmon-temp-garbage", "class/hwmon/hwmon0/temp1_input" },
        { "hwmon-temp-empty", "class/hwmon/hwmon0/temp1_input" },
        { "hwmon-temp-overflow", "class/hwmon/hwmon0/temp1_input" },
        { "hwmon-temp-long", "class/hwmon/hwmon0/temp1_input" },
        { "hwmon-temp-trailing", "class/hwmon/hwmon0/temp1_input" },
        { "hwmon-crit-garbage", "class/hwmon/hwmon0/temp1_crit" },
        { "thermal-temp-garbage", "class/thermal/thermal_zone0/temp" },
        { "thermal-trip-garbage",
          "class/thermal/thermal_zone0/trip_point_0_temp" },
    };
    size_t i;

    for (i = 0; i < NELEM(cases); i++) {
        char root[FX_PATH_MAX];
        ostat_ctx *ctx = fx_malformed_ctx(cases[i].name, "sys", root);
        ostat_list *l = (ostat_list *)&l;

        ostat_error_clear();
        fx_check_error(ostat_sensors_temperatures(ctx, &l), OSTAT_EPARSE, root,
                       cases[i].rel, 1);
        ck_assert_ptr_null(l);
        ostat_ctx_free(ctx);
    }
}
END_TEST

START_TEST(malformed_fans)
{
    static const char *const cases[] = { "hwmon-fan-garbage",
                                         "hwmon-fan-negative" };
    size_t i;

    for (i = 0; i < NELEM(cases); i++) {
        char root[FX_PATH_MAX];
        ostat_ctx *ctx = fx_malformed_ctx(cases[i], "sys", root);
        ostat_list *l = (ostat_list *)&l;

        ostat_error_clear();
        fx_check_error(ostat_sensors_fans(ctx, &l), OSTAT_EPARSE, root,
                       "class/hwmon/hwmon0/fan1_input", 1);
        ck_assert_ptr_null(l);
        /* The temperatures do not read the fans: none, and no error. */
        check_temps(ctx, NULL, 0);
        ostat_ctx_free(ctx);
    }
}
END_TEST

START_TEST(malformed_battery)
{
    static const struct {
        const char *name, *rel;
    } cases[] = {
        { "battery-energy-garbage", "class/power_supply/BAT0/energy_now" },
        { "battery-online-garbage", "class/power_supply/AC/online" },
        { "battery-capacity-overflow", "class/power_supply/BAT0/capacity" },
    };
    size_t i;

    for (i = 0; i < NELEM(cases); i++) {
        char root[FX_PATH_MAX];
        ostat_ctx *ctx = fx_malformed_ctx(cases[i].name, "sys", root);
        struct ostat_sensors_battery b = OSTAT_SENSORS_BATTERY_INIT;

        ostat_error_clear();
        b.valid = ~(uint64_t)0;
        fx_check_error(ostat_sensors_battery(ctx, &b), OSTAT_EPARSE, root,
                       cases[i].rel, 1);
        ck_assert_uint_eq(b.valid, 0);
        ostat_ctx_free(ctx);
    }
}
END_TEST

static Suite *sensors_suite(void)
{
    Suite *s = suite_create("linux-sensors");
    TCase *tc;

    tc = tcase_create("hwmon");
    tcase_add_unchecked_fixture(tc, fx_tmp_root_setup, fx_tmp_root_teardown);
    tcase_add_test(tc, desktop_temperatures);
    tcase_add_test(tc, desktop_fans);
    tcase_add_test(tc, thermal_only);
    tcase_add_test(tc, fans_only);
    tcase_add_test(tc, empty_classes);
    tcase_add_test(tc, no_classes);
    tcase_add_test(tc, read_errors);
    tcase_add_test(tc, name_on_hwmon_for_device_attributes);
    tcase_add_test(tc, odd_bytes_kept);
    tcase_add_test(tc, list_accessors);
    suite_add_tcase(s, tc);

    tc = tcase_create("battery");
    tcase_add_loop_test(tc, battery_trees, 0, (int)NELEM(batteries));
    tcase_add_test(tc, battery_ac_only);
    suite_add_tcase(s, tc);

    tc = tcase_create("malformed");
    tcase_add_test(tc, malformed_temperatures);
    tcase_add_test(tc, malformed_fans);
    tcase_add_test(tc, malformed_battery);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fx_run(sensors_suite());
}
