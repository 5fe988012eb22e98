/* SPDX-License-Identifier: MIT */
/* main.c: the live suite, run with CK_ENV (TAP output set by meson). */
#include <stdlib.h>

#include "live.h"

int main(void)
{
    Suite *s = suite_create("live");
    SRunner *sr;
    int failed;

    live_add_cpu(s);
    live_add_disk(s);
    live_add_memory(s);
    live_add_net(s);
    live_add_process(s);
    live_add_proc_iter(s);
    live_add_proc_files(s);
    live_add_sensors(s);
    live_add_system(s);
    live_add_users(s);
    live_add_wait_procs(s);
    live_add_connections(s);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
