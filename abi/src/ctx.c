/* SPDX-License-Identifier: MIT */
/* ctx.c: creating and freeing contexts, oneshot sections, logging. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

int ostat_ctx_options_init(ostat_ctx_options *opts, size_t size)
{
    ostat_ctx_options defaults = OSTAT_CTX_OPTIONS_INIT;

    if (opts == NULL || size < sizeof(uint32_t)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_ctx_options_init: NULL options or size %zu "
                          "too small",
                          size);
    }
    memset(opts, 0, size);
    memcpy(opts, &defaults, size < sizeof(defaults) ? size : sizeof(defaults));
    opts->size = (uint32_t)size;
    return 0;
}

/* Copy @path without trailing slashes; "/" stays "/". */
static char *dup_root(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);

    if (s == NULL) {
        return NULL;
    }
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    la += lb;
    while (la > 1 && s[la - 1] == '/') {
        s[--la] = '\0';
    }
    return s;
}

static int check_path(const char *what, const char *p)
{
    if (p != NULL && p[0] != '/') {
        return ostat__err(OSTAT_EINVAL, 0, p,
                          "ostat_ctx_new: %s must be an absolute path, got "
                          "\"%s\"",
                          what, p);
    }
    return 0;
}

int ostat_ctx_new(const ostat_ctx_options *opts, ostat_ctx **out)
{
    ostat_ctx_options o = OSTAT_CTX_OPTIONS_INIT;
    ostat_ctx *ctx;
    const char *prefix;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_ctx_new: NULL out");
    }
    *out = NULL;
    if (opts != NULL) {
        if (opts->size < offsetof(ostat_ctx_options, procfs_root)) {
            return ostat__err(OSTAT_EINVAL, 0, NULL,
                              "ostat_ctx_new: options size %u too small; "
                              "use OSTAT_CTX_OPTIONS_INIT",
                              (unsigned)opts->size);
        }
        memcpy(&o, opts, opts->size < sizeof(o) ? opts->size : sizeof(o));
        o.size = (uint32_t)sizeof(o);
    }
    if (o.flags != 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_ctx_new: unknown flags 0x%x",
                          (unsigned)o.flags);
    }
    if ((rc = check_path("procfs_root", o.procfs_root)) != 0 ||
        (rc = check_path("sysfs_root", o.sysfs_root)) != 0) {
        return rc;
    }
    if (o.host_prefix != NULL && o.host_prefix[0] != '\0' &&
        (rc = check_path("host_prefix", o.host_prefix)) != 0) {
        return rc;
    }
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        return ostat__err(OSTAT_ENOMEM, 0, NULL,
                          "ostat_ctx_new: out of memory");
    }
    prefix = o.host_prefix ? o.host_prefix : "";
    ctx->host_prefix = dup_root(prefix, "");
    if (ctx->host_prefix != NULL && strcmp(ctx->host_prefix, "/") == 0) {
        ctx->host_prefix[0] = '\0';
    }
    ctx->procfs_root =
        o.procfs_root
            ? dup_root(o.procfs_root, "")
            : dup_root(ctx->host_prefix ? ctx->host_prefix : "", "/proc");
    ctx->sysfs_root =
        o.sysfs_root
            ? dup_root(o.sysfs_root, "")
            : dup_root(ctx->host_prefix ? ctx->host_prefix : "", "/sys");
    if (ctx->host_prefix == NULL || ctx->procfs_root == NULL ||
        ctx->sysfs_root == NULL) {
        ostat_ctx_free(ctx);
        return ostat__err(OSTAT_ENOMEM, 0, NULL,
                          "ostat_ctx_new: out of memory");
    }
    ctx->live = strcmp(ctx->procfs_root, "/proc") == 0 &&
                strcmp(ctx->sysfs_root, "/sys") == 0 &&
                ctx->host_prefix[0] == '\0';
    rc = ostat__os_ctx_init(ctx);
    if (rc != 0) {
        ostat_ctx_free(ctx);
        return rc;
    }
    *out = ctx;
    return 0;
}

static void free_base(struct ostat__cpu_base *b)
{
    free(b->percpu);
    memset(b, 0, sizeof(*b));
}

void ostat_ctx_free(ostat_ctx *ctx)
{
    if (ctx == NULL) {
        return;
    }
    ostat__os_ctx_fini(ctx);
    free_base(&ctx->pct);
    free_base(&ctx->pct_percpu);
    free_base(&ctx->tpct);
    free_base(&ctx->tpct_percpu);
    ostat__nowrap_free(ctx);
    free(ctx->procfs_root);
    free(ctx->sysfs_root);
    free(ctx->host_prefix);
    free(ctx);
}

void ostat_ctx_set_log(ostat_ctx *ctx, ostat_log_fn fn, void *payload)
{
    if (ctx != NULL) {
        ctx->log_fn = fn;
        ctx->log_payload = payload;
    }
}

int ostat_ctx_oneshot_begin(ostat_ctx *ctx)
{
    if (ctx == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_ctx_oneshot_begin: NULL context");
    }
    if (ctx->oneshot_depth++ == 0) {
        ctx->oneshot_gen++;
    }
    return 0;
}

int ostat_ctx_oneshot_end(ostat_ctx *ctx)
{
    if (ctx == NULL || ctx->oneshot_depth == 0) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_ctx_oneshot_end: %s",
                          ctx ? "no oneshot section is open" : "NULL context");
    }
    ctx->oneshot_depth--;
    return 0;
}

int ostat__ctx_use_default(ostat_ctx **use)
{
    struct ostat__err_state saved;
    ostat_ctx *ctx;
    int rc;

    ostat__err_save(&saved);
    if ((rc = ostat_ctx_new(NULL, &ctx)) != 0) {
        return rc;
    }
    ostat__err_restore(&saved);
    return ostat__ctx_use(ctx, use);
}

void ostat__log(ostat_ctx *ctx, int32_t level, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (ctx == NULL || ctx->log_fn == NULL) {
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ctx->log_fn(level, msg, ctx->log_payload);
}
