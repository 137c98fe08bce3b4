// SPDX-License-Identifier: MIT
/* Unit tests for arch/x86/ept_violation.c: exit-qualification decoding. */
#include "tests/unit/unit.h"
#include "arch/x86/ept_violation.h"

/* Under MBEC, XU comes from bit 6 and XS from bit 5, independently. */
static void test_mbec_xs_xu_bits(void **state)
{
	struct ept_violation v;

	ept_violation_decode(EPTV_FETCH | EPTV_ENTRY_EXEC_USER, true, false, &v);
	assert_true(v.fetch);
	assert_false(v.entry_xs);
	assert_true(v.entry_xu);
	ept_violation_decode(EPTV_FETCH | EPTV_ENTRY_EXEC, true, false, &v);
	assert_true(v.entry_xs);
	assert_false(v.entry_xu);
}

/* Without MBEC bit 6 is undefined: XU mirrors the single execute bit. */
static void test_no_mbec_ignores_bit6(void **state)
{
	struct ept_violation v;

	ept_violation_decode(EPTV_READ | EPTV_ENTRY_EXEC_USER, false, false, &v);
	assert_false(v.entry_xs);
	assert_false(v.entry_xu);
	ept_violation_decode(EPTV_READ | EPTV_ENTRY_EXEC, false, false, &v);
	assert_true(v.entry_xs);
	assert_true(v.entry_xu);
}

/* Advanced information only counts with the capability and bits 7 and 8 set. */
static void test_advanced_info(void **state)
{
	struct ept_violation v;
	u64 adv = EPTV_USER_ADDRESS | EPTV_WRITABLE_ADDRESS | EPTV_XD_ADDRESS;

	ept_violation_decode(EPTV_WRITE | EPTV_GLA_VALID | EPTV_GLA_TRANSLATION | adv, true, true, &v);
	assert_true(v.adv_valid && v.user_address && v.writable_address && v.xd_address);
	ept_violation_decode(EPTV_WRITE | EPTV_GLA_VALID | EPTV_GLA_TRANSLATION | adv, true, false, &v);
	assert_false(v.adv_valid || v.user_address);
	ept_violation_decode(EPTV_WRITE | EPTV_GLA_VALID | adv, true, true, &v);
	assert_false(v.translation || v.adv_valid || v.user_address);
}

static void test_format(void **state)
{
	struct ept_violation v;
	char buf[160];

	ept_violation_decode(EPTV_FETCH | EPTV_ENTRY_READ | EPTV_ENTRY_EXEC_USER | EPTV_GLA_VALID |
				     EPTV_GLA_TRANSLATION | EPTV_WRITABLE_ADDRESS,
			     true, true, &v);
	ept_violation_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "fetch (entry R--XU, linear, translation, supervisor writable)");
	ept_violation_decode(EPTV_READ, true, true, &v);
	ept_violation_format(&v, buf, sizeof(buf));
	assert_string_equal(buf, "read (entry ----, no linear address)");
	/* Truncation never overruns. */
	assert_true(ept_violation_format(&v, buf, 8) > 8);
	assert_int_equal(strlen(buf), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mbec_xs_xu_bits),
		cmocka_unit_test(test_no_mbec_ignores_bit6),
		cmocka_unit_test(test_advanced_info),
		cmocka_unit_test(test_format),
	};

	return RUN_TESTS(tests);
}
