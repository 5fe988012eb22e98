/* SPDX-License-Identifier: MIT */
/* pstree.c: the process tree from one scan of pid, ppid and name, drawn
 * as pstree -p draws it, one process per line, children by pid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "out.h"
#include "proclist.h"

/* The scan and, for each row, where its children start in kids. */
struct tree {
    struct rowset rs;
    size_t *kids;   /* row indexes, ordered by (parent row, pid) */
    size_t *first;  /* first[i]: the first of row i's children in kids */
    size_t *nkids;  /* nkids[i]: how many */
    size_t *parent; /* the parent's row, or (size_t)-1 */
    unsigned char *seen;
};

#define NO_ROW ((size_t)-1)

/* Box drawing, as pstree draws in a UTF-8 locale. */
#define BRANCH "\u251c\u2500" /* more children follow */
#define CORNER "\u2514\u2500" /* the last child */
#define TRUNK "\u2502 "       /* a branch continues below */

/* The row of @pid (rows are ascending by pid), or NO_ROW. */
static size_t find_row(const struct rowset *rs, ostat_pid_t pid)
{
    size_t lo = 0, hi = rs->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (rs->v[mid].pid < pid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < rs->n && rs->v[lo].pid == pid ? lo : NO_ROW;
}

static void tree_build(struct tree *t)
{
    size_t n = t->rs.n, i, pos = 0;

    t->kids = out_malloc(n * sizeof(size_t));
    t->first = out_malloc(n * sizeof(size_t));
    t->nkids = out_malloc(n * sizeof(size_t));
    t->parent = out_malloc(n * sizeof(size_t));
    t->seen = out_malloc(n);
    memset(t->nkids, 0, n * sizeof(size_t));
    memset(t->seen, 0, n);
    for (i = 0; i < n; i++) {
        const struct prow *r = &t->rs.v[i];

        t->parent[i] = NO_ROW;
        if (r->rc[A_PPID] == 0 && r->ppid != r->pid) {
            t->parent[i] = find_row(&t->rs, r->ppid);
        }
        if (t->parent[i] != NO_ROW) {
            t->nkids[t->parent[i]]++;
        }
    }
    for (i = 0; i < n; i++) {
        t->first[i] = pos;
        pos += t->nkids[i];
        t->nkids[i] = 0;
    }
    /* Rows are in pid order, so each parent's children are too. */
    for (i = 0; i < n; i++) {
        size_t p = t->parent[i];

        if (p != NO_ROW) {
            t->kids[t->first[p] + t->nkids[p]++] = i;
        }
    }
}

static void tree_free(struct tree *t)
{
    rows_free(&t->rs);
    free(t->kids);
    free(t->first);
    free(t->nkids);
    free(t->parent);
    free(t->seen);
}

/* "name(pid)", sanitized. */
static void put_label(FILE *f, const struct prow *r)
{
    char *name = r->rc[A_NAME] == 0 ? out_sanitize(r->name) : out_strdup("?");

    fprintf(f, "%s(%lld)\n", name, (long long)r->pid);
    free(name);
}

/* Row @i's children under the lines drawn so far in @prefix. */
static void draw_kids(struct tree *t, FILE *f, size_t i, char **prefix)
{
    size_t k, len = strlen(*prefix);

    for (k = 0; k < t->nkids[i]; k++) {
        size_t c = t->kids[t->first[i] + k];
        int last = k + 1 == t->nkids[i];
        char *next;

        if (t->seen[c]) {
            continue;
        }
        t->seen[c] = 1;
        fprintf(f, "%s%s", *prefix, last ? CORNER : BRANCH);
        put_label(f, &t->rs.v[c]);
        next = out_asprintf("%s%s", *prefix, last ? "  " : TRUNK);
        free(*prefix);
        *prefix = next;
        draw_kids(t, f, c, prefix);
        (*prefix)[len] = '\0';
    }
}

static void draw(struct tree *t, FILE *f, size_t root)
{
    char *prefix = out_strdup("");

    t->seen[root] = 1;
    put_label(f, &t->rs.v[root]);
    draw_kids(t, f, root, &prefix);
    free(prefix);
}

/* The JSON of row @i and its descendants, in the order drawn. */
static void json_rows(struct tree *t, struct json *j, size_t i, int depth)
{
    const struct prow *r = &t->rs.v[i];
    size_t k;

    t->seen[i] = 1;
    json_begin_object(j);
    json_key(j, "pid");
    json_i64(j, r->pid);
    json_key(j, "ppid");
    row_json(j, r, A_PPID);
    json_key(j, "name");
    row_json(j, r, A_NAME);
    json_key(j, "depth");
    json_i64(j, depth);
    json_key(j, "children");
    json_begin_array(j);
    for (k = 0; k < t->nkids[i]; k++) {
        json_i64(j, t->rs.v[t->kids[t->first[i] + k]].pid);
    }
    json_end_array(j);
    json_end_object(j);
    for (k = 0; k < t->nkids[i]; k++) {
        size_t c = t->kids[t->first[i] + k];

        if (!t->seen[c]) {
            json_rows(t, j, c, depth + 1);
        }
    }
}

/* Is row @i a root to show without a PID operand? Those whose parent is
 * not listed, but not the kernel threads' parent (pid 2, whose ppid is 0)
 * unless @all. */
static int is_root(const struct tree *t, size_t i, int all)
{
    const struct prow *r = &t->rs.v[i];

    if (t->parent[i] != NO_ROW) {
        return 0;
    }
    return all || !(r->pid == 2 && r->rc[A_PPID] == 0 && r->ppid == 0);
}

int pstree_run(ostat_ctx *ctx, const struct opts *o)
{
    const uint64_t want = ATTR_BIT(A_PPID) | ATTR_BIT(A_NAME);
    ostat_proc_iter *it = NULL;
    struct tree t;
    size_t i, root = NO_ROW;
    char *text = NULL;
    size_t size = 0;
    struct json j;
    int all, cols, rows, rc;
    FILE *f;

    memset(&t, 0, sizeof(t));
    if ((rc = ostat_proc_iter_new(ctx, attr_fields(want), &it)) != 0) {
        return out_error("process_iter", rc);
    }
    rc = rows_scan(it, want, &t.rs);
    ostat_proc_iter_free(it);
    if (rc != 0) {
        tree_free(&t);
        return rc;
    }
    tree_build(&t);
    /* pid 0 (not a process on Linux) asks for every tree. */
    all = o->has_pid && o->pid == 0;
    if (o->has_pid && !all) {
        root = find_row(&t.rs, o->pid);
        if (root == NO_ROW) {
            fprintf(stderr,
                    "ostat: pstree %lld: %s: no process with pid %lld\n",
                    (long long)o->pid, ostat_err_name(OSTAT_ENOPROC),
                    (long long)o->pid);
            tree_free(&t);
            return EXIT_RUNTIME;
        }
    }
    if (o->json) {
        json_init(&j, stdout);
        json_begin_array(&j);
        for (i = 0; i < t.rs.n; i++) {
            if (root != NO_ROW ? i == root : is_root(&t, i, all)) {
                json_rows(&t, &j, i, 0);
            }
        }
        json_end_array(&j);
        json_finish(&j);
    } else {
        if ((f = open_memstream(&text, &size)) == NULL) {
            out_fatal("out of memory");
        }
        for (i = 0; i < t.rs.n; i++) {
            if (root != NO_ROW ? i == root : is_root(&t, i, all)) {
                draw(&t, f, i);
            }
        }
        if (fclose(f) != 0 || text == NULL) {
            out_fatal("out of memory");
        }
        out_term_size(&cols, &rows);
        out_print_clipped(text, cols, stdout);
        free(text);
    }
    rc = t.rs.status;
    tree_free(&t);
    return rc;
}
