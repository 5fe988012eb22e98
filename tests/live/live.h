/* SPDX-License-Identifier: MIT */
/* live.h: helpers shared by the live tests, which compare what the library
 * reports about this machine with independent tools and kernel files. The
 * helpers parse those sources themselves and never call the library. */
#ifndef OSTAT_TESTS_LIVE_H
#define OSTAT_TESTS_LIVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <check.h>
#include <ostat.h>

/* Tolerances shared by several tests. */
#define LIVE_MIB ((uint64_t)1024 * 1024)
#define LIVE_MEM_TOL (16 * LIVE_MIB) /* memory figures read moments apart */
#define LIVE_RETRIES 5 /* attempts for comparisons with moving values */

/* A new default context; fails the test if it cannot be made. */
ostat_ctx *live_ctx(void);

/* 1 if an executable called @name is on $PATH (or the usual directories). */
int live_have_tool(const char *name);

/* Run @cmd with /bin/sh, LC_ALL=C, LANG=C and stderr sent to /dev/null.
 * Returns its standard output (NUL-terminated, free() it), or NULL when it
 * could not be run or exited with a non-zero status. */
char *live_run(const char *cmd);

/* Turn the line breaks of @s into spaces, so that tool output can go into a
 * one-line test message (TAP); returns @s. */
char *live_flat(char *s);

/* The whole of the file at @path, NUL-terminated (free() it), or NULL with
 * errno set. */
char *live_read_file(const char *path);

/* Copy the line at *@pos into @buf (without the newline, cut to @size - 1
 * bytes) and move *@pos to the next line. Returns 0 at the end of the text:
 * const char *pos = text; while (live_next_line(&pos, buf, sizeof(buf)))...
 */
int live_next_line(const char **pos, char *buf, size_t size);

/* The columns of the /proc/stat line for CPU @cpu ("cpuN"), or of the total
 * line ("cpu") for @cpu < 0, in clock ticks. Returns the number of columns
 * read, 0 if there is no such line. */
int live_stat_cpu(const char *stat, int cpu, unsigned long long v[10]);

/* The CPU numbers of the "cpuN" lines of /proc/stat, into @ids (at most
 * @max); returns how many lines there are. */
int live_stat_cpu_ids(const char *stat, int *ids, int max);

/* The number after "<key> " on a line of /proc/stat or /proc/vmstat;
 * 0 on success, -1 if absent. */
int live_key_u64(const char *text, const char *key, uint64_t *out);

/* A line of `vmstat -s`: "<number> [K ]<label>". 0 on success, -1 if no
 * line has exactly that label. */
int live_vmstat_s(const char *out, const char *label, uint64_t *value);

/* The number of CPUs in a Linux CPU list such as "0-3,8\n"; -1 if it does
 * not parse. If @ids is not NULL, the ids go there (at most @max). */
int live_cpu_list(const char *s, int *ids, int max);

/* The online CPUs from /sys/devices/system/cpu/online, -1 if unreadable. */
int live_sysfs_online(int *ids, int max);

/* 1..12 for "Jan".."Dec" (the C locale's %b, as who prints dates), else
 * 0. */
int live_month(const char *s);

/* Seconds on CLOCK_MONOTONIC. */
double live_now(void);

/* Sleep @seconds, resuming after signals. */
void live_sleep(double seconds);

/* Fork a child that spins on CPU @cpu (no pinning if @cpu < 0) until
 * live_spin_stop(); it dies with us and after 60 s at the latest. Returns
 * once the child runs, or -1 on failure. */
pid_t live_spin_start(int cpu);
void live_spin_stop(pid_t pid);

/* A CPU the calling process may run on, or -1. */
int live_allowed_cpu(void);

/* |a - b| for unsigned values. */
uint64_t live_absdiff(uint64_t a, uint64_t b);

/* The test cases of each file. */
void live_add_cpu(Suite *s);
void live_add_disk(Suite *s);
void live_add_memory(Suite *s);
void live_add_net(Suite *s);
void live_add_process(Suite *s);
void live_add_proc_iter(Suite *s);
void live_add_proc_files(Suite *s);
void live_add_sensors(Suite *s);
void live_add_system(Suite *s);
void live_add_users(Suite *s);
void live_add_wait_procs(Suite *s);
void live_add_connections(Suite *s);

#endif
