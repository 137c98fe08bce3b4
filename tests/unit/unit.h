/* SPDX-License-Identifier: MIT */
/*
 * Common includes and helpers for hv's host unit tests (cmocka, built with
 * -DHV_HOSTED under ASan and UBSan). cmocka needs <stdarg.h>, <stddef.h> and
 * <setjmp.h> before its own header; every test includes this file instead.
 */
#ifndef HV_TESTS_UNIT_UNIT_H
#define HV_TESTS_UNIT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define RUN_TESTS(tests) cmocka_run_group_tests(tests, NULL, NULL)

#endif
