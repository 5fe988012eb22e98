/* SPDX-License-Identifier: MIT */
/* api.c: the public memory, system, users and pressure functions. */
#include "backend.h"

static int fill_virtual_memory(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_virtual_memory(c, s);
}

int ostat_virtual_memory(ostat_ctx *ctx, struct ostat_virtual_memory *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_virtual_memory,
                           fill_virtual_memory, 0);
}

static int fill_swap_memory(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_swap_memory(c, s);
}

int ostat_swap_memory(ostat_ctx *ctx, struct ostat_swap_memory *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_swap_memory,
                           fill_swap_memory, 0);
}

static int fill_heap_info(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_heap_info(c, s);
}

int ostat_heap_info(ostat_ctx *ctx, struct ostat_heap_info *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_heap_info, fill_heap_info,
                           0);
}

static int fill_pressure(ostat_ctx *c, void *s, int32_t resource)
{
    if (resource < OSTAT_PRESSURE_CPU || resource > OSTAT_PRESSURE_IRQ) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_pressure: unknown resource %d", (int)resource);
    }
    return ostat__os_pressure(c, resource, s);
}

int ostat_pressure(ostat_ctx *ctx, int32_t resource, struct ostat_pressure *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_pressure, fill_pressure,
                           resource);
}

/* A function filling one double through the backend. */
static int scalar(ostat_ctx *ctx,
                  double *out,
                  int (*fn)(ostat_ctx *, double *),
                  const char *name)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "%s: NULL out", name);
    }
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = fn(c, out);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat_boot_time(ostat_ctx *ctx, double *out)
{
    return scalar(ctx, out, ostat__os_boot_time, "ostat_boot_time");
}

int ostat_uptime(ostat_ctx *ctx, double *out)
{
    return scalar(ctx, out, ostat__os_uptime, "ostat_uptime");
}

int ostat_heap_trim(ostat_ctx *ctx)
{
    ostat_ctx *c;
    int rc;

    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__os_heap_trim(c);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

static int fill_users(ostat_ctx *c, ostat_list *l, int32_t arg)
{
    (void)arg;
    return ostat__os_users(c, l);
}

int ostat_users(ostat_ctx *ctx, ostat_list **out)
{
    return ostat__list_result(ctx, out, OSTAT__LIST_USER,
                              sizeof(struct ostat_user), fill_users, 0,
                              "ostat_users");
}

int ostat_list_user(const ostat_list *list,
                    size_t index,
                    struct ostat_user *out)
{
    return ostat__list_copy(list, OSTAT__LIST_USER, index, out,
                            &ostat__layout_user);
}
