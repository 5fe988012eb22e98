/* SPDX-License-Identifier: MIT */
/* cpu.c: the public CPU functions: argument checks, percentages from the
 * baselines held in the context, the frequency average. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* The fields of struct ostat_cpu_times that are times, in valid-bit order. */
static double *field(struct ostat_cpu_times *t, int i)
{
    double *f[10];

    f[0] = &t->user;
    f[1] = &t->system;
    f[2] = &t->idle;
    f[3] = &t->nice;
    f[4] = &t->iowait;
    f[5] = &t->irq;
    f[6] = &t->softirq;
    f[7] = &t->steal;
    f[8] = &t->guest;
    f[9] = &t->guest_nice;
    return f[i];
}

#define NTIMES 10

/* Clamped deltas between two samples; returns the elapsed total, which does
 * not count guest time twice (it is already in user and nice). */
static double deltas(const struct ostat_cpu_times *t1,
                     const struct ostat_cpu_times *t2,
                     struct ostat_cpu_times *d)
{
    double total = 0;
    int i;

    memset(d, 0, sizeof(*d));
    d->size = sizeof(*d);
    d->valid = t1->valid & t2->valid;
    for (i = 0; i < NTIMES; i++) {
        double v = 0;

        if (d->valid & OSTAT_BIT(i)) {
            v = *field((struct ostat_cpu_times *)t2, i) -
                *field((struct ostat_cpu_times *)t1, i);
            if (!(v > 0)) {
                v = 0;
            }
        }
        *field(d, i) = v;
        total += v;
    }
    return total - d->guest - d->guest_nice;
}

static double clamp100(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

double ostat__cpu_busy_percent(const struct ostat_cpu_times *t1,
                               const struct ostat_cpu_times *t2)
{
    struct ostat_cpu_times d;
    double total = deltas(t1, t2, &d);

    if (!(total > 0)) {
        return 0;
    }
    return clamp100((total - d.idle - d.iowait) / total * 100);
}

void ostat__cpu_fields_percent(const struct ostat_cpu_times *t1,
                               const struct ostat_cpu_times *t2,
                               struct ostat_cpu_times *out)
{
    double total = deltas(t1, t2, out);
    double scale = total > 0 ? 100 / total : 0;
    int i;

    for (i = 0; i < NTIMES; i++) {
        *field(out, i) = clamp100(*field(out, i) * scale);
    }
    out->cpu = t2->cpu;
    out->valid |= t2->valid & OSTAT_CPU_TIMES_CPU;
}

/* A total sample: its cpu field is -1, and valid. */
static void init_times(struct ostat_cpu_times *t)
{
    memset(t, 0, sizeof(*t));
    t->size = sizeof(*t);
    t->cpu = -1;
    t->valid = OSTAT_CPU_TIMES_CPU;
}

static int fill_cpu_times(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    init_times(s);
    return ostat__os_cpu_times(c, s, NULL);
}

int ostat_cpu_times(ostat_ctx *ctx, struct ostat_cpu_times *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_cpu_times, fill_cpu_times,
                           0);
}

static int read_percpu(ostat_ctx *c, ostat_list **out)
{
    int rc = ostat__list_new(OSTAT__LIST_CPU_TIMES,
                             sizeof(struct ostat_cpu_times), out);

    if (rc == 0 && (rc = ostat__os_cpu_times(c, NULL, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    return rc;
}

int ostat_cpu_times_percpu(ostat_ctx *ctx, ostat_list **out)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_cpu_times_percpu: NULL out");
    }
    *out = NULL;
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = read_percpu(c, out);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

int ostat_list_cpu_times(const ostat_list *list,
                         size_t index,
                         struct ostat_cpu_times *out)
{
    return ostat__list_copy(list, OSTAT__LIST_CPU_TIMES, index, out,
                            &ostat__layout_cpu_times);
}

static int check_interval(ostat_ctx *ctx, double interval, const char *fn)
{
    if (!(interval >= 0 && interval <= OSTAT_INTERVAL_MAX)) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "%s: interval must be between 0 and %d seconds", fn,
                          OSTAT_INTERVAL_MAX);
    }
    if (interval == 0 && ctx == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "%s: an interval of 0 compares with the previous "
                          "sample, which needs a context",
                          fn);
    }
    return 0;
}

/* Two total samples: t1 from the baseline (or a fresh read, or a read before
 * sleeping @interval), t2 now; t2 becomes the baseline. */
static int total_pair(ostat_ctx *c,
                      struct ostat__cpu_base *base,
                      double interval,
                      struct ostat_cpu_times *t1,
                      struct ostat_cpu_times *t2)
{
    int rc;

    init_times(t1);
    init_times(t2);
    if (interval == 0 && base->have) {
        *t1 = base->total;
    } else if ((rc = ostat__os_cpu_times(c, t1, NULL)) != 0) {
        return rc;
    }
    if (interval > 0) {
        ostat__os_sleep(interval);
    }
    if ((rc = ostat__os_cpu_times(c, t2, NULL)) != 0) {
        return rc;
    }
    base->total = *t2;
    base->have = 1;
    return 0;
}

int ostat_cpu_percent(ostat_ctx *ctx, double interval, double *out)
{
    struct ostat_cpu_times t1, t2;
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_cpu_percent: NULL out");
    }
    if ((rc = check_interval(ctx, interval, "ostat_cpu_percent")) != 0 ||
        (rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = total_pair(c, &c->pct, interval, &t1, &t2);
    ostat__ctx_done(ctx, c, rc);
    if (rc == 0) {
        *out = ostat__cpu_busy_percent(&t1, &t2);
    }
    return rc;
}

int ostat_cpu_times_percent(ostat_ctx *ctx,
                            double interval,
                            struct ostat_cpu_times *out)
{
    struct ostat_cpu_times t1, t2, p;
    ostat_ctx *c;
    int rc;

    if ((rc = ostat__check_out(out, &ostat__layout_cpu_times)) != 0) {
        return rc;
    }
    if ((rc = check_interval(ctx, interval, "ostat_cpu_times_percent")) != 0 ||
        (rc = ostat__ctx_use(ctx, &c)) != 0) {
        ostat__clear_out(out);
        return rc;
    }
    rc = total_pair(c, &c->tpct, interval, &t1, &t2);
    ostat__ctx_done(ctx, c, rc);
    if (rc != 0) {
        ostat__clear_out(out);
        return rc;
    }
    ostat__cpu_fields_percent(&t1, &t2, &p);
    ostat__copy_out(out, &p, &ostat__layout_cpu_times);
    return 0;
}

static const struct ostat_cpu_times *
find_cpu(const struct ostat__cpu_base *b, int32_t cpu, size_t hint)
{
    size_t i;

    if (hint < b->ncpu && b->percpu[hint].cpu == cpu) {
        return &b->percpu[hint];
    }
    for (i = 0; i < b->ncpu; i++) {
        if (b->percpu[i].cpu == cpu) {
            return &b->percpu[i];
        }
    }
    return NULL;
}

static int save_percpu(struct ostat__cpu_base *b, const ostat_list *l)
{
    size_t i, n = ostat_list_count(l);

    if (n > b->ncpu) {
        struct ostat_cpu_times *p = realloc(b->percpu, n * sizeof(*p));

        if (p == NULL) {
            b->have = 0;
            return ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        }
        b->percpu = p;
    }
    for (i = 0; i < n; i++) {
        b->percpu[i] = *(const struct ostat_cpu_times *)ostat__list_at(l, i);
    }
    b->ncpu = n;
    b->have = 1;
    return 0;
}

/* Per-CPU pairs: returns the current list in *now and, in *prev, a list
 * holding for each element of *now its baseline (a fresh read where the
 * baseline lacks that CPU). */
static int percpu_pair(ostat_ctx *c,
                       struct ostat__cpu_base *base,
                       double interval,
                       ostat_list **prev,
                       ostat_list **now)
{
    ostat_list *first = NULL;
    size_t i, n;
    int rc;

    *prev = *now = NULL;
    if (!(interval == 0 && base->have) && (rc = read_percpu(c, &first)) != 0) {
        return rc;
    }
    if (first != NULL && (rc = save_percpu(base, first)) != 0) {
        ostat_list_free(first);
        return rc;
    }
    ostat_list_free(first);
    if (interval > 0) {
        ostat__os_sleep(interval);
    }
    if ((rc = read_percpu(c, now)) != 0) {
        return rc;
    }
    rc = ostat__list_new(OSTAT__LIST_CPU_TIMES, sizeof(struct ostat_cpu_times),
                         prev);
    n = ostat_list_count(*now);
    for (i = 0; rc == 0 && i < n; i++) {
        const struct ostat_cpu_times *t2 = ostat__list_at(*now, i);
        const struct ostat_cpu_times *t1 = find_cpu(base, t2->cpu, i);
        struct ostat_cpu_times *e = ostat__list_push(*prev);

        if (e == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        } else {
            /* A CPU that came online since the baseline: no history, 0%. */
            *e = t1 ? *t1 : *t2;
        }
    }
    if (rc == 0) {
        rc = save_percpu(base, *now);
    }
    if (rc != 0) {
        ostat_list_free(*prev);
        ostat_list_free(*now);
        *prev = *now = NULL;
    }
    return rc;
}

int ostat_cpu_percent_percpu(ostat_ctx *ctx, double interval, ostat_list **out)
{
    ostat_list *prev, *now;
    ostat_ctx *c;
    size_t i, n;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_cpu_percent_percpu: NULL out");
    }
    *out = NULL;
    if ((rc = check_interval(ctx, interval, "ostat_cpu_percent_percpu")) != 0 ||
        (rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = percpu_pair(c, &c->pct_percpu, interval, &prev, &now);
    ostat__ctx_done(ctx, c, rc);
    if (rc != 0) {
        return rc;
    }
    rc = ostat__list_new(OSTAT__LIST_DOUBLE, sizeof(double), out);
    n = ostat_list_count(now);
    for (i = 0; rc == 0 && i < n; i++) {
        double *d = ostat__list_push(*out);

        if (d == NULL) {
            rc = ostat__err(OSTAT_ENOMEM, 0, NULL, "out of memory");
        } else {
            *d = ostat__cpu_busy_percent(ostat__list_at(prev, i),
                                         ostat__list_at(now, i));
        }
    }
    ostat_list_free(prev);
    ostat_list_free(now);
    if (rc != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    return rc;
}

int ostat_cpu_times_percent_percpu(ostat_ctx *ctx,
                                   double interval,
                                   ostat_list **out)
{
    ostat_list *prev, *now;
    ostat_ctx *c;
    size_t i, n;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_cpu_times_percent_percpu: NULL out");
    }
    *out = NULL;
    if ((rc = check_interval(ctx, interval,
                             "ostat_cpu_times_percent_percpu")) != 0 ||
        (rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = percpu_pair(c, &c->tpct_percpu, interval, &prev, &now);
    ostat__ctx_done(ctx, c, rc);
    if (rc != 0) {
        return rc;
    }
    /* Turn the current samples into percentages in place. */
    n = ostat_list_count(now);
    for (i = 0; i < n; i++) {
        struct ostat_cpu_times *t2 = ostat__list_at(now, i), p;

        ostat__cpu_fields_percent(ostat__list_at(prev, i), t2, &p);
        *t2 = p;
    }
    ostat_list_free(prev);
    *out = now;
    return 0;
}

int ostat_cpu_count(ostat_ctx *ctx, int logical, int32_t *out)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL, "ostat_cpu_count: NULL out");
    }
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = ostat__os_cpu_count(c, logical, out);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

static int fill_cpu_stats(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_cpu_stats(c, s);
}

int ostat_cpu_stats(ostat_ctx *ctx, struct ostat_cpu_stats *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_cpu_stats, fill_cpu_stats,
                           0);
}

static int read_freq(ostat_ctx *c, ostat_list **out)
{
    int rc = ostat__list_new(OSTAT__LIST_CPU_FREQ,
                             sizeof(struct ostat_cpu_freq), out);

    if (rc == 0 && (rc = ostat__os_cpu_freq(c, *out)) != 0) {
        ostat_list_free(*out);
        *out = NULL;
    }
    return rc;
}

int ostat_cpu_freq_percpu(ostat_ctx *ctx, ostat_list **out)
{
    ostat_ctx *c;
    int rc;

    if (out == NULL) {
        return ostat__err(OSTAT_EINVAL, 0, NULL,
                          "ostat_cpu_freq_percpu: NULL out");
    }
    *out = NULL;
    if ((rc = ostat__ctx_use(ctx, &c)) != 0) {
        return rc;
    }
    rc = read_freq(c, out);
    ostat__ctx_done(ctx, c, rc);
    return rc;
}

/* The average of the per-CPU frequencies, over the CPUs reporting each. */
static int fill_cpu_freq(ostat_ctx *c, void *s, int32_t arg)
{
    struct ostat_cpu_freq *avg = s;
    double sum[3] = { 0, 0, 0 };
    size_t cnt[3] = { 0, 0, 0 };
    ostat_list *l = NULL;
    size_t i, n;
    int rc, k;

    (void)arg;
    if ((rc = read_freq(c, &l)) != 0) {
        return rc;
    }
    n = ostat_list_count(l);
    for (i = 0; i < n; i++) {
        const struct ostat_cpu_freq *f = ostat__list_at(l, i);
        const double v[3] = { f->current, f->min, f->max };

        for (k = 0; k < 3; k++) {
            if (f->valid & OSTAT_BIT(k)) {
                sum[k] += v[k];
                cnt[k]++;
            }
        }
    }
    ostat_list_free(l);
    if (cnt[0] == 0) {
        return ostat__err(OSTAT_ENOTSUP, 0, NULL,
                          "no CPU reports its frequency");
    }
    avg->cpu = -1;
    avg->valid = OSTAT_CPU_FREQ_CPU;
    for (k = 0; k < 3; k++) {
        if (cnt[k] > 0) {
            avg->valid |= OSTAT_BIT(k);
        }
    }
    avg->current = sum[0] / (double)cnt[0];
    avg->min = cnt[1] ? sum[1] / (double)cnt[1] : 0;
    avg->max = cnt[2] ? sum[2] / (double)cnt[2] : 0;
    return 0;
}

int ostat_cpu_freq(ostat_ctx *ctx, struct ostat_cpu_freq *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_cpu_freq, fill_cpu_freq, 0);
}

int ostat_list_cpu_freq(const ostat_list *list,
                        size_t index,
                        struct ostat_cpu_freq *out)
{
    return ostat__list_copy(list, OSTAT__LIST_CPU_FREQ, index, out,
                            &ostat__layout_cpu_freq);
}

static int fill_loadavg(ostat_ctx *c, void *s, int32_t arg)
{
    (void)arg;
    return ostat__os_getloadavg(c, s);
}

int ostat_getloadavg(ostat_ctx *ctx, struct ostat_loadavg *out)
{
    return ostat__snapshot(ctx, out, &ostat__layout_loadavg, fill_loadavg, 0);
}
