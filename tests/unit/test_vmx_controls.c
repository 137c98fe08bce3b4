// SPDX-License-Identifier: MIT
/*
 * Tests of arch/x86/vmx_controls.c against hand-built capability MSR values:
 * forced bits are added, unsupported wanted bits are reported, a forced bit
 * hv needs clear is an error, and the predicates read the right halves.
 */
#include "unit.h"
#include "arch/x86/vmx_controls.h"
#include "lib/errno.h"

/* A capability MSR: must1 in bits 31:0, may1 in bits 63:32. */
static u64 cap(u32 must1, u32 may1)
{
	return ((u64)may1 << 32) | must1;
}

static void test_plain(void **state)
{
	u32 out = 0xdead, missing = 0xdead;

	(void)state;
	/* Typical pin-based MSR: bits 1, 2, 4 default to 1 (0x16). */
	assert_int_equal(vmx_adjust_controls(cap(0x16, 0x7f), BIT_ULL(0) | BIT_ULL(3), 0, &out,
					     &missing),
			 0);
	assert_int_equal(out, 0x16 | 0x1 | 0x8);
	assert_int_equal(missing, 0);
	/* Nothing wanted: only the forced bits. */
	assert_int_equal(vmx_adjust_controls(cap(0x16, 0x7f), 0, 0, &out, &missing), 0);
	assert_int_equal(out, 0x16);
}

static void test_want1_unsupported(void **state)
{
	u32 out, missing;

	(void)state;
	assert_int_equal(vmx_adjust_controls(cap(0x1, 0x0f), 0x30 | 0x2, 0, &out, &missing),
			 -EOPNOTSUPP);
	assert_int_equal(missing, 0x30);
	assert_int_equal(out, 0x3); /* still computed: forced bit 0 + supported bit 1 */
}

static void test_want0_forced(void **state)
{
	u32 out, missing;

	(void)state;
	/* hv needs bit 7 clear (say, "CR3-load exiting") but the CPU forces it. */
	assert_int_equal(vmx_adjust_controls(cap(0x80, 0xff), 0x1, 0x80 | 0x40, &out, &missing),
			 -EOPNOTSUPP);
	assert_int_equal(missing, 0x80);
	assert_int_equal(out, 0x81);
	/* With the TRUE MSR the bit may be 0: fine. */
	assert_int_equal(vmx_adjust_controls(cap(0x00, 0xff), 0x1, 0x80, &out, &missing), 0);
	assert_int_equal(out, 0x1);
	/* Both kinds of trouble at once. */
	assert_int_equal(vmx_adjust_controls(cap(0x80, 0x80), 0x1, 0x80, &out, &missing),
			 -EOPNOTSUPP);
	assert_int_equal(missing, 0x81);
}

static void test_conflicting_request(void **state)
{
	u32 out, missing;

	(void)state;
	assert_int_equal(vmx_adjust_controls(cap(0, ~0u), 0x6, 0x4, &out, &missing), -EINVAL);
	assert_int_equal(missing, 0x4);
}

static void test_null_outputs(void **state)
{
	(void)state;
	assert_int_equal(vmx_adjust_controls(cap(0, 0), 0x1, 0, NULL, NULL), -EOPNOTSUPP);
	assert_int_equal(vmx_adjust_controls(cap(0, 1), 0x1, 0, NULL, NULL), 0);
}

static void test_secondary_all_zero_low(void **state)
{
	u32 out, missing;

	(void)state;
	/* Secondary controls: low half is 0 (SDM A.3.3), high half lists EPT (1), URG (7). */
	assert_int_equal(vmx_adjust_controls(cap(0, 0x82), 0x82, 0, &out, &missing), 0);
	assert_int_equal(out, 0x82);
	assert_int_equal(vmx_adjust_controls(cap(0, 0x02), 0x82, 0, &out, &missing), -EOPNOTSUPP);
	assert_int_equal(missing, 0x80);
	assert_int_equal(out, 0x02);
}

static void test_predicates(void **state)
{
	u64 c = cap(0x11, 0xf3);

	(void)state;
	assert_int_equal(vmx_control_must_be1(c), 0x11);
	assert_int_equal(vmx_control_may_be1(c), 0xf3);
	assert_true(vmx_control_allowed1(c, 0x1));
	assert_true(vmx_control_allowed1(c, 0x30));
	assert_false(vmx_control_allowed1(c, 0x4));
	assert_false(vmx_control_allowed1(c, 0x5));
	assert_true(vmx_control_allowed1(c, 0));
	assert_true(vmx_control_allowed0(c, 0x2));
	assert_false(vmx_control_allowed0(c, 0x10));
	assert_false(vmx_control_allowed0(c, 0x12));
	assert_true(vmx_control_allowed1(cap(0, ~0u), 0x80000000u));
	assert_false(vmx_control_allowed1(cap(~0u, 0x7fffffffu), 0x80000000u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_want1_unsupported),
		cmocka_unit_test(test_want0_forced),
		cmocka_unit_test(test_conflicting_request),
		cmocka_unit_test(test_null_outputs),
		cmocka_unit_test(test_secondary_all_zero_low),
		cmocka_unit_test(test_predicates),
	};

	return RUN_TESTS(tests);
}
