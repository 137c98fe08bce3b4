// SPDX-License-Identifier: MIT
/*
 * Tests of the exit fields hv may trust (arch/x86/vmx_exit_info.h) and of
 * the control-register writes that flush translations (arch/x86/tlb.c):
 * EPT violations and misconfigurations define no instruction length, a
 * length of 0 or over 15 is never used, and the CR0/CR4 bits of SDM Vol.
 * 3A, 4.10.4.1 make hv flush while the others do not.
 */
#include "unit.h"
#include "arch/x86/regs.h"
#include "arch/x86/tlb.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_exit_info.h"

static void test_instruction_len_defined(void **state)
{
	static const u32 defined[] = {
		EXIT_REASON_CPUID, EXIT_REASON_HLT, EXIT_REASON_INVD, EXIT_REASON_VMCALL,
		EXIT_REASON_CR_ACCESS, EXIT_REASON_IO_INSTRUCTION, EXIT_REASON_MSR_READ,
		EXIT_REASON_MSR_WRITE, EXIT_REASON_WBINVD, EXIT_REASON_XSETBV, EXIT_REASON_VMXON,
		EXIT_REASON_INVEPT, EXIT_REASON_INVVPID, EXIT_REASON_RDTSCP,
	};
	static const u32 undefined[] = {
		EXIT_REASON_EPT_VIOLATION, EXIT_REASON_EPT_MISCONFIG, EXIT_REASON_EXCEPTION_NMI,
		EXIT_REASON_EXTERNAL_INTERRUPT, EXIT_REASON_TRIPLE_FAULT, EXIT_REASON_INIT,
		EXIT_REASON_SIPI, EXIT_REASON_TASK_SWITCH, EXIT_REASON_APIC_ACCESS,
		EXIT_REASON_INVALID_GUEST_STATE, EXIT_REASON_PREEMPTION_TIMER,
		EXIT_REASON_VMFUNC, EXIT_REASON_MAX, 0xffffffffu,
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(defined); i++)
		assert_true(vmx_exit_has_instruction_len(defined[i]));
	for (size_t i = 0; i < ARRAY_SIZE(undefined); i++)
		assert_false(vmx_exit_has_instruction_len(undefined[i]));
}

static void test_instruction_len_range(void **state)
{
	(void)state;
	assert_false(vmx_instruction_len_valid(0));
	assert_true(vmx_instruction_len_valid(1));
	assert_true(vmx_instruction_len_valid(15));
	assert_false(vmx_instruction_len_valid(16));
	assert_false(vmx_instruction_len_valid(0xffffffffu));
}

static void test_cr0_flush(void **state)
{
	u64 on = CR0_PE | CR0_PG | CR0_WP | CR0_NE | CR0_ET;

	(void)state;
	assert_true(tlb_cr0_write_flushes(on, on & ~CR0_PG));  /* the architectural case */
	assert_true(tlb_cr0_write_flushes(on & ~CR0_PG, on));
	assert_true(tlb_cr0_write_flushes(on, on & ~CR0_WP));
	assert_true(tlb_cr0_write_flushes(on, on | CR0_CD));
	assert_false(tlb_cr0_write_flushes(on, on));
	assert_false(tlb_cr0_write_flushes(on, on & ~CR0_NE));  /* the bit VMX fixes: no flush */
	assert_false(tlb_cr0_write_flushes(on, on | CR0_MP | BIT_ULL(3) /* TS */));
}

static void test_cr4_flush(void **state)
{
	u64 base = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;

	(void)state;
	assert_true(tlb_cr4_write_flushes(base, base | CR4_PGE));
	assert_true(tlb_cr4_write_flushes(base | CR4_PGE, base));
	assert_true(tlb_cr4_write_flushes(base, base & ~CR4_PAE));
	assert_true(tlb_cr4_write_flushes(base, base | BIT_ULL(20)));          /* SMEP 0 -> 1 */
	assert_true(tlb_cr4_write_flushes(base | BIT_ULL(17), base));          /* PCIDE 1 -> 0 */
	assert_true(tlb_cr4_write_flushes(base, base | BIT_ULL(4)));           /* PSE */
	assert_false(tlb_cr4_write_flushes(base, base | CR4_VMXE));
	assert_false(tlb_cr4_write_flushes(base, base | CR4_OSXSAVE));
	assert_false(tlb_cr4_write_flushes(base, base));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_instruction_len_defined),
		cmocka_unit_test(test_instruction_len_range),
		cmocka_unit_test(test_cr0_flush),
		cmocka_unit_test(test_cr4_flush),
	};
	return RUN_TESTS(tests);
}
