/* SPDX-License-Identifier: MIT */
/* main.c: the unit suite runner; TAP on stdout via CK_ENV (see
 * tests/meson.build). */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

static Suite *unit_suite(void)
{
    Suite *s = suite_create("unit");

    suite_add_tcase(s, ut_errors_tcase());
    suite_add_tcase(s, ut_version_tcase());
    suite_add_tcase(s, ut_ctx_tcase());
    suite_add_tcase(s, ut_struct_tcase());
    suite_add_tcase(s, ut_args_tcase());
    suite_add_tcase(s, ut_utf8_tcase());
    suite_add_tcase(s, ut_human_tcase());
    suite_add_tcase(s, ut_process_args_tcase());
    suite_add_tcase(s, ut_counter_tcase());
    suite_add_tcase(s, ut_disk_tcase());
    suite_add_tcase(s, ut_net_tcase());
    suite_add_tcase(s, ut_connections_tcase());
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (ut_fixture_setup() != 0) {
        ut_fixture_teardown();
        fprintf(stderr, "unit: cannot create the fixture tree\n");
        return 99; /* a hard error for meson test */
    }
    sr = srunner_create(unit_suite());
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    ut_fixture_teardown();
    return failed ? 1 : 0;
}
