// SPDX-License-Identifier: MIT
/*
 * RDMSR/WRMSR exits. The MSR bitmap (Intel SDM Vol. 3C, 25.6.9 "MSR-Bitmap
 * Address") intercepts only IA32_FEATURE_CONTROL and the VMX capability MSRs,
 * so the guest cannot see or change VMX: it reads FEATURE_CONTROL locked with
 * both VMX-enable bits clear (what a firmware that disabled VMX leaves), and
 * touching a VMX MSR raises #GP as on a CPU without VMX. MSRs outside the
 * bitmap's two ranges always exit (26.1.3 "Instructions That Cause VM Exits
 * Conditionally"); hv performs those on the guest's behalf and forwards a #GP.
 */
#include "vmm/exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "lib/panic.h"
#include "mm/pmm.h"

#define MSR_BITMAP_READ_LOW 0
#define MSR_BITMAP_READ_HIGH 1024
#define MSR_BITMAP_WRITE_LOW 2048
#define MSR_BITMAP_WRITE_HIGH 3072
#define MSR_HIGH_BASE 0xc0000000u
#define MSR_RANGE_SIZE 0x2000u

static void intercept(u8 *bitmap, u32 msr)
{
	u32 off = msr >= MSR_HIGH_BASE ? MSR_BITMAP_READ_HIGH : MSR_BITMAP_READ_LOW;
	u32 bit = msr & (MSR_RANGE_SIZE - 1);

	bitmap[off + bit / 8] |= (u8)(1u << (bit % 8));
	bitmap[off + MSR_BITMAP_WRITE_LOW + bit / 8] |= (u8)(1u << (bit % 8));
}

void exit_msr_bitmap_init(struct vm *vm)
{
	vm->msr_bitmap = pmm_alloc_page();
	if (!vm->msr_bitmap)
		panic("out of memory for the MSR bitmap");
	intercept(vm->msr_bitmap, MSR_IA32_FEATURE_CONTROL);
	for (u32 msr = MSR_VMX_FIRST; msr <= MSR_VMX_LAST; msr++)
		intercept(vm->msr_bitmap, msr);
}

static bool is_vmx_msr(u32 msr)
{
	return msr >= MSR_VMX_FIRST && msr <= MSR_VMX_LAST;
}

static void set_result(struct vcpu *v, u64 value)
{
	v->regs.gpr[REG_RAX] = (u32)value;
	v->regs.gpr[REG_RDX] = value >> 32;
}

enum exit_action exit_msr_read(struct vcpu *v)
{
	u32 msr = (u32)v->regs.gpr[REG_RCX];
	u64 value;

	if (msr == MSR_IA32_FEATURE_CONTROL) {
		value = rdmsr(msr) & ~(FEATURE_CONTROL_VMX_IN_SMX | FEATURE_CONTROL_VMX_OUTSIDE_SMX);
		set_result(v, value | FEATURE_CONTROL_LOCKED);
	} else if (is_vmx_msr(msr) || rdmsr_safe(msr, &value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	} else {
		set_result(v, value);
	}
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

enum exit_action exit_msr_write(struct vcpu *v)
{
	u32 msr = (u32)v->regs.gpr[REG_RCX];
	u64 value = (v->regs.gpr[REG_RDX] << 32) | (u32)v->regs.gpr[REG_RAX];

	/* FEATURE_CONTROL reads as locked, so any write #GPs as on bare metal. */
	if (msr == MSR_IA32_FEATURE_CONTROL || is_vmx_msr(msr) || wrmsr_safe(msr, value)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
