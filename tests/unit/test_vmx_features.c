// SPDX-License-Identifier: MIT
/*
 * Tests of arch/x86/vmx_features.c over synthetic capability MSR values, as
 * a nested hypervisor might mask them: every optional feature present, each
 * one missing, INVVPID and INVEPT without single-context (all-context used),
 * INVVPID with no usable type, the HLT and wait-for-SIPI activity states
 * hidden (HLT exiting off; the guest on the boot CPU only), and an AP that
 * differs from the boot CPU; and vmx_check_caps() refusing what hv cannot do
 * without.
 */
#include "unit.h"
#include "arch/x86/msr.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_features.h"

#define EPT_ALL (EPT_CAP_EXEC_ONLY | EPT_CAP_WALK_4 | EPT_CAP_MT_WB | EPT_CAP_PAGE_2M | \
		 EPT_CAP_PAGE_1G | EPT_CAP_INVEPT | EPT_CAP_ADV_EXIT_INFO | EPT_CAP_INVEPT_SINGLE | \
		 EPT_CAP_INVEPT_ALL | EPT_CAP_INVVPID | VPID_CAP_INVVPID_ADDRESS | \
		 VPID_CAP_INVVPID_SINGLE | VPID_CAP_INVVPID_ALL | VPID_CAP_INVVPID_SINGLE_GLOBALS)

/* A capability MSR that allows the `may1` bits (none forced). */
static u64 allow(u64 may1)
{
	return may1 << 32;
}

/* Every optional feature present (corei7_skylake_x in Bochs 3.0 reports these). */
static struct vmx_caps full_caps(void)
{
	return (struct vmx_caps){
		.procbased = allow(PROC_ACTIVATE_SECONDARY_CONTROLS | PROC_USE_MSR_BITMAPS |
				   PROC_HLT_EXITING | PROC_USE_IO_BITMAPS | VMX_PROC_EXITS_HV_AVOIDS),
		.procbased2 = allow(PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST | PROC2_ENABLE_VPID |
				    PROC2_MODE_BASED_EXECUTE_CONTROL),
		.exit = allow(EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT | EXIT_SAVE_IA32_EFER |
			      EXIT_LOAD_IA32_EFER | EXIT_HOST_ADDRESS_SPACE_SIZE),
		.entry = allow(ENTRY_LOAD_IA32_PAT | ENTRY_LOAD_IA32_EFER),
		.misc = VMX_MISC_ACTIVITY_HLT | VMX_MISC_ACTIVITY_SHUTDOWN | VMX_MISC_ACTIVITY_WAIT_SIPI,
		.ept_vpid = EPT_ALL,
		.true_ctls = true,
	};
}

static char line[512];

static const char *describe(const struct vmx_caps *c, struct vmx_features *f)
{
	vmx_features_from_caps(c, f);
	vmx_features_describe(f, line, sizeof(line));
	return line;
}

static void test_all_present(void **state)
{
	struct vmx_caps c = full_caps();
	struct vmx_features f;

	(void)state;
	assert_string_equal(describe(&c, &f), "all optional VMX features present");
	assert_true(f.mbec && f.vpid && f.vpid_control && f.ept_2m && f.ept_1g &&
		    f.ept_adv_info && f.pat_switch && f.hlt_state && f.wait_sipi_state);
	assert_int_equal(f.invvpid_type, INVVPID_SINGLE_CONTEXT);
	assert_int_equal(f.invept_type, INVEPT_SINGLE_CONTEXT);
}

/* One capability bit cleared at a time: exactly its words, nothing else. */
static void test_each_missing(void **state)
{
	static const struct {
		u64 proc2, ept, exit;
		const char *want;
	} cases[] = {
		{ PROC2_MODE_BASED_EXECUTE_CONTROL, 0, 0, "no MBEC (single execute bit)" },
		{ PROC2_ENABLE_VPID, 0, 0, "no VPID (guest TLB flushed on every exit)" },
		{ 0, EPT_CAP_PAGE_1G, 0, "no 1 GiB EPT pages (2 MiB pages)" },
		{ 0, EPT_CAP_PAGE_1G | EPT_CAP_PAGE_2M, 0,
		  "no 2 MiB or 1 GiB EPT pages (4 KiB pages)" },
		{ 0, EPT_CAP_ADV_EXIT_INFO, 0, "no advanced EPT-violation information "
					       "(reports without the guest page's U/S, R/W, XD)" },
		{ 0, EPT_CAP_INVEPT_SINGLE, 0, "no single-context INVEPT (all-context INVEPT)" },
		{ 0, VPID_CAP_INVVPID_SINGLE, 0, "no single-context INVVPID (all-context INVVPID)" },
		{ 0, 0, EXIT_LOAD_IA32_PAT,
		  "no IA32_PAT switching (the guest's PAT applies to hv too)" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct vmx_caps c = full_caps();
		struct vmx_features f;

		c.procbased2 &= ~allow(cases[i].proc2);
		c.ept_vpid &= ~cases[i].ept;
		c.exit &= ~allow(cases[i].exit);
		assert_string_equal(describe(&c, &f), cases[i].want);
	}
}

static void test_fallback_types(void **state)
{
	struct vmx_caps c = full_caps();
	struct vmx_features f;

	(void)state;
	c.ept_vpid &= ~(EPT_CAP_INVEPT_SINGLE | VPID_CAP_INVVPID_SINGLE);
	vmx_features_from_caps(&c, &f);
	assert_int_equal(f.invept_type, INVEPT_ALL_CONTEXT);
	assert_int_equal(f.invvpid_type, INVVPID_ALL_CONTEXT);
	assert_true(f.vpid);
	/* INVEPT without a type hv can use: none chosen (vmx_check_caps refuses the CPU). */
	c.ept_vpid &= ~EPT_CAP_INVEPT_ALL;
	vmx_features_from_caps(&c, &f);
	assert_int_equal(f.invept_type, 0);
}

/* The VPID control without a usable INVVPID: VPID off, and said why. */
static void test_invvpid_unusable(void **state)
{
	static const u64 masks[] = {
		EPT_CAP_INVVPID,                                   /* no INVVPID at all */
		VPID_CAP_INVVPID_SINGLE | VPID_CAP_INVVPID_ALL,    /* only address / globals types */
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(masks); i++) {
		struct vmx_caps c = full_caps();
		struct vmx_features f;

		c.ept_vpid &= ~masks[i];
		assert_string_equal(describe(&c, &f),
				    "no usable INVVPID type (VPID off: guest TLB flushed on every exit)");
		assert_true(f.vpid_control);
		assert_false(f.vpid);
		assert_int_equal(f.invvpid_type, 0);
	}
}

/* A nested hypervisor hiding several at once: one line, in a fixed order. */
static void test_several_missing(void **state)
{
	struct vmx_caps c = full_caps();
	struct vmx_features f;

	(void)state;
	c.procbased2 &= ~allow(PROC2_MODE_BASED_EXECUTE_CONTROL | PROC2_ENABLE_VPID);
	c.ept_vpid &= ~(EPT_CAP_PAGE_1G | EPT_CAP_ADV_EXIT_INFO);
	assert_string_equal(describe(&c, &f),
			    "no MBEC (single execute bit), no VPID (guest TLB flushed on every exit), "
			    "no 1 GiB EPT pages (2 MiB pages), no advanced EPT-violation information "
			    "(reports without the guest page's U/S, R/W, XD)");
	/* Truncation keeps the buffer terminated and reports the full length. */
	char small[16];
	int n = vmx_features_describe(&f, small, sizeof(small));

	assert_int_equal(n, (int)strlen(line));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

/*
 * KVM before its nested wait-for-SIPI support shows neither bit 6 nor 8 of
 * IA32_VMX_MISC set to some hosts: both fallbacks, named in one line, and
 * the other features untouched.
 */
static void test_activity_states_hidden(void **state)
{
	struct vmx_caps c = full_caps();
	struct vmx_features f;

	(void)state;
	c.misc &= ~VMX_MISC_ACTIVITY_HLT;
	assert_string_equal(describe(&c, &f), "no HLT activity state (guest HLT runs without an exit)");
	assert_true(!f.hlt_state && f.wait_sipi_state);
	c = full_caps();
	c.misc &= ~VMX_MISC_ACTIVITY_WAIT_SIPI;
	assert_string_equal(describe(&c, &f), "no wait-for-SIPI activity state "
					      "(the guest runs on the boot CPU only, APs parked in hv)");
	assert_true(f.hlt_state && !f.wait_sipi_state);
	/* Shutdown is a state hv never enters: not its concern. */
	c = full_caps();
	c.misc &= ~VMX_MISC_ACTIVITY_SHUTDOWN;
	assert_string_equal(describe(&c, &f), "all optional VMX features present");
	/* Both hidden at once. */
	c.misc &= ~(VMX_MISC_ACTIVITY_HLT | VMX_MISC_ACTIVITY_WAIT_SIPI);
	assert_string_equal(describe(&c, &f),
			    "no HLT activity state (guest HLT runs without an exit), "
			    "no wait-for-SIPI activity state (the guest runs on the boot CPU only, "
			    "APs parked in hv)");
	assert_false(f.hlt_state);
	assert_false(f.wait_sipi_state);
	assert_true(f.mbec && f.vpid && f.ept_1g && f.pat_switch);
	/* Only the activity-state bits count: the rest of the MSR (timer rate, CR3 targets) does not. */
	c.misc = VMX_MISC_ACTIVITY_WAIT_SIPI | 0x1f | (4ULL << 16);
	vmx_features_from_caps(&c, &f);
	assert_false(f.hlt_state);
	assert_true(f.wait_sipi_state);
}

static void test_ap_differs(void **state)
{
	struct vmx_caps boot_caps = full_caps(), ap_caps = full_caps();
	struct vmx_features boot, ap;

	(void)state;
	vmx_features_from_caps(&boot_caps, &boot);
	vmx_features_from_caps(&ap_caps, &ap);
	assert_int_equal(vmx_features_missing(&boot, &ap, line, sizeof(line)), 0);
	assert_string_equal(line, "");
	ap_caps.procbased2 &= ~allow(PROC2_ENABLE_VPID);
	vmx_features_from_caps(&ap_caps, &ap);
	assert_int_equal(vmx_features_missing(&boot, &ap, line, sizeof(line)), 1);
	assert_string_equal(line, "no VPID (guest TLB flushed on every exit)");
	/* An AP with more than the boot CPU is fine: hv uses only what the boot CPU has. */
	assert_int_equal(vmx_features_missing(&ap, &boot, line, sizeof(line)), 0);
	/* An AP without wait-for-SIPI cannot hold the vCPU the boot CPU's choice gives it. */
	ap_caps = full_caps();
	ap_caps.misc &= ~VMX_MISC_ACTIVITY_WAIT_SIPI;
	vmx_features_from_caps(&ap_caps, &ap);
	assert_int_equal(vmx_features_missing(&boot, &ap, line, sizeof(line)), 1);
	assert_string_equal(line, "no wait-for-SIPI activity state "
				  "(the guest runs on the boot CPU only, APs parked in hv)");
}

static void test_required(void **state)
{
	struct vmx_caps c = full_caps();
	char msg[160];

	(void)state;
	assert_int_equal(vmx_check_caps(&c, msg, sizeof(msg)), 0);
	c.ept_vpid &= ~(EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL);
	assert_int_not_equal(vmx_check_caps(&c, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "EPT: no single- or all-context INVEPT");
	/* Without the TRUE_* MSRs CR3-load/store exiting are default1: forced on. */
	c = full_caps();
	c.procbased |= PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING;
	assert_int_not_equal(vmx_check_caps(&c, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "VMX forces CR3, CR8, INVLPG, RDTSC, MOV-DR or I/O exiting on "
				 "(no IA32_VMX_TRUE_PROCBASED_CTLS)");
	/* Optional features are not required. */
	c = full_caps();
	c.procbased2 &= ~allow(PROC2_ENABLE_VPID | PROC2_MODE_BASED_EXECUTE_CONTROL);
	c.ept_vpid &= ~(EPT_CAP_PAGE_1G | EPT_CAP_PAGE_2M | EPT_CAP_INVVPID | EPT_CAP_INVEPT_SINGLE);
	c.misc = 0;
	assert_int_equal(vmx_check_caps(&c, msg, sizeof(msg)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_present),
		cmocka_unit_test(test_each_missing),
		cmocka_unit_test(test_fallback_types),
		cmocka_unit_test(test_invvpid_unusable),
		cmocka_unit_test(test_several_missing),
		cmocka_unit_test(test_activity_states_hidden),
		cmocka_unit_test(test_ap_differs),
		cmocka_unit_test(test_required),
	};
	return RUN_TESTS(tests);
}
