/* SPDX-License-Identifier: MIT */
/* sensors.c: the public temperature, fan and battery functions. */
#include "backend.h"

/* A list filled by the backend: the common path of both sensor lists. */
static int sensor_list(ostat_ctx *ctx,
                       ostat_list **out,
                       int32_t kind,
                       size_t elem_size,
                       int (*fill)(ostat_ctx *, ostat_list *),
                       const char *name)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    }
    *out = NULL;
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__list_new(kind, elem_size, out);
    if (rc == 0 && (rc = fill(c, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat_sensors_temperatures(ostat_ctx *ctx, ostat_list **out)
{
    return sensor_list(ctx, out, OSTAT__LIST_SENSORS_TEMPERATURE,
                       sizeof(struct ostat_sensors_temperature),
                       ostat__os_sensors_temperatures,
                       "ostat_sensors_temperatures");
}

int ostat_list_sensors_temperature(const ostat_list *list,
                                   size_t index,
                                   struct ostat_sensors_temperature *out)
{
    return ostat__list_copy(list, OSTAT__LIST_SENSORS_TEMPERATURE, index, out,
                            &ostat__layout_sensors_temperature);
}

int ostat_sensors_fans(ostat_ctx *ctx, ostat_list **out)
{
    return sensor_list(ctx, out, OSTAT__LIST_SENSORS_FAN,
                       sizeof(struct ostat_sensors_fan), ostat__os_sensors_fans,
                       "ostat_sensors_fans");
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
