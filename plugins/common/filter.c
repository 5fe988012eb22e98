/* SPDX-License-Identifier: MIT */
/* filter.c: include and exclude lists of instance names, as collectd's
 * ignorelists: exact names, or extended regexes written "/regex/". */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

struct oc_filter_entry {
    char *name; /* NULL for a regex */
    regex_t re;
};

int oc_filter_add(struct oc_filter *f,
                  const char *entry,
                  char *err,
                  size_t errlen)
{
    struct oc_filter_entry e, *p;
    size_t n;
    int rc;

    if (f == NULL || entry == NULL || entry[0] == '\0') {
        if (err != NULL && errlen > 0) {
            snprintf(err, errlen, "an empty name selects nothing");
        }
        return OSTAT_EINVAL;
    }
    memset(&e, 0, sizeof(e));
    n = strlen(entry);
    if (n >= 2 && entry[0] == '/' && entry[n - 1] == '/') {
        char *pat = strdup(entry + 1);

        if (pat == NULL) {
            return OSTAT_ENOMEM;
        }
        pat[n - 2] = '\0';
        rc = regcomp(&e.re, pat, REG_EXTENDED | REG_NOSUB);
        free(pat);
        if (rc != 0) {
            char msg[256];

            regerror(rc, &e.re, msg, sizeof(msg));
            if (err != NULL && errlen > 0) {
                snprintf(err, errlen,
                         "the regular expression %s does not compile: %s",
                         entry, msg);
            }
            return OSTAT_EINVAL;
        }
    } else if ((e.name = strdup(entry)) == NULL) {
        return OSTAT_ENOMEM;
    }
    p = realloc(f->entries, (f->count + 1) * sizeof(*p));
    if (p == NULL) {
        if (e.name != NULL) {
            free(e.name);
        } else {
            regfree(&e.re);
        }
        return OSTAT_ENOMEM;
    }
    f->entries = p;
    f->entries[f->count++] = e;
    return 0;
}

int oc_filter_pass(const struct oc_filter *f, const char *name)
{
    size_t i;
    int listed = 0;

    if (f == NULL || f->count == 0 || name[0] == '\0') {
        return 1; /* nothing to compare, as in collectd's ignorelists */
    }
    for (i = 0; i < f->count && !listed; i++) {
        const struct oc_filter_entry *e = &f->entries[i];

        listed = e->name != NULL ? strcmp(e->name, name) == 0
                                 : regexec(&e->re, name, 0, NULL, 0) == 0;
    }
    return f->ignore_selected ? !listed : listed;
}

void oc_filter_clear(struct oc_filter *f)
{
    size_t i;

    if (f == NULL) {
        return;
    }
    for (i = 0; i < f->count; i++) {
        if (f->entries[i].name != NULL) {
            free(f->entries[i].name);
        } else {
            regfree(&f->entries[i].re);
        }
    }
    free(f->entries);
    f->entries = NULL;
    f->count = 0;
}
