/* SPDX-License-Identifier: MIT */
/* ostat/sensors.h: hardware temperatures, fan speeds and the battery (psutil
 * sensors_temperatures(), sensors_fans() and sensors_battery()). */
#ifndef OSTAT_SENSORS_H
#define OSTAT_SENSORS_H

#include "common.h"
#include "list.h"

/** ostat_sensors_battery() secsleft: the time left cannot be told. */
#define OSTAT_POWER_TIME_UNKNOWN (-1)
/** ostat_sensors_battery() secsleft: on external power, no limit. */
#define OSTAT_POWER_TIME_UNLIMITED (-2)

/**
 * One temperature sensor (psutil's shwtemp, with the chip that psutil uses
 * as the dictionary key). Temperatures are in degrees Celsius. A sensor the
 * kernel lists but cannot read now (the driver answers EIO or ENODATA, as
 * some do while a device sleeps) is still listed, with current not valid;
 * a threshold the driver does not offer is not valid either, never 0.
 * Strings belong to the list.
 */
struct ostat_sensors_temperature {
    uint32_t size;
    uint64_t valid;
    const char *chip;  /**< the hwmon name ("coretemp") or thermal zone type */
    const char *label; /**< the sensor's label, "" if it has none */
    double current;    /**< degrees Celsius */
    double high;       /**< the alarm threshold (temp*_max, a "hot" trip) */
    double critical;   /**< the critical threshold (temp*_crit) */
};

#define OSTAT_SENSORS_TEMPERATURE_CHIP OSTAT_BIT(0)
#define OSTAT_SENSORS_TEMPERATURE_LABEL OSTAT_BIT(1)
#define OSTAT_SENSORS_TEMPERATURE_CURRENT OSTAT_BIT(2)
#define OSTAT_SENSORS_TEMPERATURE_HIGH OSTAT_BIT(3)
#define OSTAT_SENSORS_TEMPERATURE_CRITICAL OSTAT_BIT(4)
#define OSTAT_SENSORS_TEMPERATURE_INIT                                         \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_sensors_temperature), 0, 0, 0, 0, 0, 0   \
    }

/** One fan (psutil's sfan, with its chip). Strings belong to the list. */
struct ostat_sensors_fan {
    uint32_t size;
    uint64_t valid;
    const char *chip;  /**< the hwmon name, e.g. "thinkpad" */
    const char *label; /**< the fan's label, "" if it has none */
    uint64_t current;  /**< revolutions per minute */
};

#define OSTAT_SENSORS_FAN_CHIP OSTAT_BIT(0)
#define OSTAT_SENSORS_FAN_LABEL OSTAT_BIT(1)
#define OSTAT_SENSORS_FAN_CURRENT OSTAT_BIT(2)
#define OSTAT_SENSORS_FAN_INIT                                                 \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_sensors_fan), 0, 0, 0, 0                 \
    }

/**
 * The battery (psutil's sbattery). secsleft is always valid: the seconds
 * left on battery, or OSTAT_POWER_TIME_UNLIMITED on external power, or
 * OSTAT_POWER_TIME_UNKNOWN.
 */
struct ostat_sensors_battery {
    uint32_t size;
    uint64_t valid;
    double percent;        /**< charge left, 0..100 */
    double secsleft;       /**< seconds, or an OSTAT_POWER_TIME_* value */
    int32_t power_plugged; /**< 1 on external power, 0 on battery */
};

#define OSTAT_SENSORS_BATTERY_PERCENT OSTAT_BIT(0)
#define OSTAT_SENSORS_BATTERY_SECSLEFT OSTAT_BIT(1)
#define OSTAT_SENSORS_BATTERY_POWER_PLUGGED OSTAT_BIT(2)
#define OSTAT_SENSORS_BATTERY_INIT                                             \
    {                                                                          \
        (uint32_t)sizeof(struct ostat_sensors_battery), 0, 0, 0, 0             \
    }

OSTAT_BEGIN_DECLS

/**
 * Temperature sensors (psutil sensors_temperatures()): every temp*_input of
 * the hwmon devices, in hwmon and sensor number order; when no hwmon device
 * has one, the thermal zones instead. An empty list is not an error: the
 * kernel can report sensors but this machine has none. @p ctx may be NULL.
 * @param out receives a list to free with ostat_list_free().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_ENOTSUP (sysfs has neither
 * the hwmon nor the thermal class), OSTAT_EACCES, OSTAT_EPARSE (a value
 * that is not a number; the detail names the file).
 * @since 1.2
 */
OSTAT_API int ostat_sensors_temperatures(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list from ostat_sensors_temperatures().
 * @return 0, OSTAT_EINVAL (NULL argument, index out of range, or a list of
 * another kind).
 * @since 1.2
 */
OSTAT_API int
ostat_list_sensors_temperature(const ostat_list *list,
                               size_t index,
                               struct ostat_sensors_temperature *out);

/**
 * Fans (psutil sensors_fans()): every fan*_input of the hwmon devices, in
 * hwmon and fan number order. An empty list is not an error. @p ctx may be
 * NULL.
 * @param out receives a list to free with ostat_list_free().
 * @return 0, OSTAT_EINVAL, OSTAT_ENOMEM, OSTAT_ENOTSUP (sysfs has no hwmon
 * class), OSTAT_EACCES, OSTAT_EPARSE.
 * @since 1.2
 */
OSTAT_API int ostat_sensors_fans(ostat_ctx *ctx, ostat_list **out);

/**
 * Copy element @p index of a list from ostat_sensors_fans().
 * @return 0, OSTAT_EINVAL.
 * @since 1.2
 */
OSTAT_API int ostat_list_sensors_fan(const ostat_list *list,
                                     size_t index,
                                     struct ostat_sensors_fan *out);

/**
 * The system battery (psutil sensors_battery()): of the batteries present,
 * the one whose name sorts first. @p ctx may be NULL.
 * @return 0, OSTAT_EINVAL, OSTAT_ENOTSUP (no battery: psutil's None),
 * OSTAT_EACCES, OSTAT_EPARSE.
 * @since 1.2
 */
OSTAT_API int ostat_sensors_battery(ostat_ctx *ctx,
                                    struct ostat_sensors_battery *out);

OSTAT_END_DECLS

#endif
