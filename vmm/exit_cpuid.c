// SPDX-License-Identifier: MIT
/*
 * CPUID exits (unconditional in VMX non-root operation, Intel SDM Vol. 3C,
 * 26.1.2 "Instructions That Cause VM Exits Unconditionally"). hv passes the
 * real CPU's answer through, except: VMX is hidden (leaf 1 ECX bit 5), the
 * hypervisor-present bit is set (leaf 1 ECX bit 31), OSXSAVE reflects the
 * guest's CR4 rather than hv's, FSRM is hidden while IA32_MISC_ENABLE says
 * fast strings are off (Linux 6.1 keeps FSRM but drops ERMS then, and its
 * memmove breaks: seen on Bochs' tigerlake model), and leaves 0x40000000..
 * answer with hv's signature (vmm/hypercall.h).
 */
#include "vmm/exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "lib/string.h"
#include "vmm/hypercall.h"

#define HV_CPUID_LEAF_LAST 0x400000ffu
#define CPUID_7_EDX_FSRM BIT_ULL(4) /* fast short REP MOV (SDM Vol. 2A, CPUID, leaf 07H) */
#define MISC_ENABLE_FAST_STRINGS BIT_ULL(0)

static struct cpuid_regs hv_leaf(u32 leaf)
{
	struct cpuid_regs r = { 0, 0, 0, 0 };

	if (leaf == HV_CPUID_LEAF_BASE) {
		static const char sig[12] = HV_CPUID_SIGNATURE;

		r.eax = HV_CPUID_LEAF_MAX;
		memcpy(&r.ebx, sig, 4);
		memcpy(&r.ecx, sig + 4, 4);
		memcpy(&r.edx, sig + 8, 4);
	} else if (leaf == HV_CPUID_LEAF_MAX) {
		r.eax = HC_ABI_VERSION;
	}
	return r;
}

enum exit_action exit_cpuid(struct vcpu *v)
{
	u32 leaf = (u32)v->regs.gpr[REG_RAX], subleaf = (u32)v->regs.gpr[REG_RCX];
	struct cpuid_regs r;

	if (leaf >= HV_CPUID_LEAF_BASE && leaf <= HV_CPUID_LEAF_LAST) {
		r = hv_leaf(leaf);
	} else {
		r = cpuid_count(leaf, subleaf);
		if (leaf == 7 && subleaf == 0 &&
		    !(rdmsr(MSR_IA32_MISC_ENABLE) & MISC_ENABLE_FAST_STRINGS))
			r.edx &= ~(u32)CPUID_7_EDX_FSRM;
		if (leaf == 1) {
			r.ecx &= ~(u32)CPUID_1_ECX_VMX;
			r.ecx |= (u32)CPUID_1_ECX_HYPERVISOR;
			r.ecx &= ~(u32)CPUID_1_ECX_OSXSAVE;
			if (vcpu_guest_cr4() & CR4_OSXSAVE)
				r.ecx |= (u32)CPUID_1_ECX_OSXSAVE;
		}
	}
	v->regs.gpr[REG_RAX] = r.eax;
	v->regs.gpr[REG_RBX] = r.ebx;
	v->regs.gpr[REG_RCX] = r.ecx;
	v->regs.gpr[REG_RDX] = r.edx;
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
