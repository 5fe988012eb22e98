/* SPDX-License-Identifier: MIT */
/* sensors.c: the public temperature, fan and battery functions. */
#include "backend.h"

static int fill_sensors_temperatures(ostat_ctx *c, ostat_list *l, int32_t arg)
{
    (void)arg;
    return ostat__os_sensors_temperatures(c, l);
}

int ostat_sensors_temperatures(ostat_ctx *ctx, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_SENSORS_TEMPERATURE,
                              sizeof(struct ostat_sensors_temperature),
                              fill_sensors_temperatures, 0,
                              "ostat_sensors_temperatures");
}

int ostat_list_sensors_temperature(const ostat_list *list,
                                   size_t index,
                                   struct ostat_sensors_temperature *out)
{
    return ostat__list_copy(list, OSTAT__LIST_SENSORS_TEMPERATURE, index, out,
                            &ostat__layout_sensors_temperature);
}

static int fill_sensors_fans(ostat_ctx *c, ostat_list *l, int32_t arg)
{
    (void)arg;
    return ostat__os_sensors_fans(c, l);
}

int ostat_sensors_fans(ostat_ctx *ctx, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_SENSORS_FAN,
                              sizeof(struct ostat_sensors_fan),
                              fill_sensors_fans, 0, "ostat_sensors_fans");
}

int ostat_list_sensors_fan(const ostat_list *list,
                           size_t index,
                           struct ostat_sensors_fan *out)
{
    return ostat__list_copy(list, OSTAT__LIST_SENSORS_FAN, index, out,
                            &ostat__layout_sensors_fan);
}

static int fill_sensors_battery(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_sensors_battery(c, s);
}

int ostat_sensors_battery(ostat_ctx *ctx, struct ostat_sensors_battery *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_sensors_battery,
                           fill_sensors_battery, 0);
}
