/* SPDX-License-Identifier: MIT */
/* version.c: compile-time and run-time versions against the Meson project
 * version. */
#include <stdio.h>

#include "unit.h"

/* tests/unit/meson.build passes the project version: UT_PROJECT_VERSION
 * ("1.0.0") and its parts UT_VERSION_MAJOR/MINOR/PATCH. */
#if !defined(UT_PROJECT_VERSION) || !defined(UT_VERSION_MAJOR) ||              \
    !defined(UT_VERSION_MINOR) || !defined(UT_VERSION_PATCH)
#error "tests/unit/meson.build must pass the project version"
#endif

START_TEST(test_header_is_project_version)
{
    char s[64];

    ck_assert_int_eq(OSTAT_VERSION_MAJOR, UT_VERSION_MAJOR);
    ck_assert_int_eq(OSTAT_VERSION_MINOR, UT_VERSION_MINOR);
    ck_assert_int_eq(OSTAT_VERSION_PATCH, UT_VERSION_PATCH);
    ck_assert_str_eq(OSTAT_VERSION_STRING, UT_PROJECT_VERSION);
    snprintf(s, sizeof(s), "%d.%d.%d", OSTAT_VERSION_MAJOR, OSTAT_VERSION_MINOR,
             OSTAT_VERSION_PATCH);
    ck_assert_str_eq(s, OSTAT_VERSION_STRING);
    ck_assert_int_eq(OSTAT_VERSION_NUMBER, UT_VERSION_MAJOR * 10000 +
                                               UT_VERSION_MINOR * 100 +
                                               UT_VERSION_PATCH);
}
END_TEST

START_TEST(test_runtime_is_header_version)
{
    ck_assert_uint_eq(ostat_version(), (uint32_t)OSTAT_VERSION_NUMBER);
    ck_assert_ptr_nonnull(ostat_version_string());
    ck_assert_str_eq(ostat_version_string(), OSTAT_VERSION_STRING);
    ck_assert_str_eq(ostat_version_string(), UT_PROJECT_VERSION);
    /* Static storage: the same string every time. */
    ck_assert_ptr_eq(ostat_version_string(), ostat_version_string());
}
END_TEST

START_TEST(test_version_check_macro)
{
    ck_assert(OSTAT_VERSION_CHECK(UT_VERSION_MAJOR, UT_VERSION_MINOR,
                                  UT_VERSION_PATCH));
    ck_assert(!OSTAT_VERSION_CHECK(UT_VERSION_MAJOR, UT_VERSION_MINOR,
                                   UT_VERSION_PATCH + 1));
    ck_assert(!OSTAT_VERSION_CHECK(UT_VERSION_MAJOR, UT_VERSION_MINOR + 1, 0));
    ck_assert(!OSTAT_VERSION_CHECK(UT_VERSION_MAJOR + 1, 0, 0));
    ck_assert(OSTAT_VERSION_CHECK(0, 0, 0));
    ck_assert(OSTAT_VERSION_CHECK(UT_VERSION_MAJOR - 1, 99, 99));
    ck_assert(OSTAT_VERSION_CHECK(UT_VERSION_MAJOR, 0, 0));
#if !OSTAT_VERSION_CHECK(1, 0, 0)
    ck_abort_msg("OSTAT_VERSION_CHECK is not usable in #if");
#endif
}
END_TEST

TCase *ut_version_tcase(void)
{
    TCase *tc = tcase_create("version");

    tcase_add_test(tc, test_header_is_project_version);
    tcase_add_test(tc, test_runtime_is_header_version);
    tcase_add_test(tc, test_version_check_macro);
    return tc;
}
