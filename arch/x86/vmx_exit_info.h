/* SPDX-License-Identifier: MIT */
/*
 * Which VM-exit information fields hv may believe. The SDM defines the
 * VM-exit instruction length only for some exits (Intel SDM Vol. 3C, 28.2.4
 * "Information for VM Exits Due to Instruction Execution"); for the others,
 * EPT violations and misconfigurations among them, the field is undefined,
 * and a nested hypervisor may leave it 0 or stale. Inline (they run on every
 * VM exit) and pure, tested on the host.
 */
#ifndef HV_ARCH_X86_VMX_EXIT_INFO_H
#define HV_ARCH_X86_VMX_EXIT_INFO_H

#include "lib/types.h"
#include "arch/x86/vmx.h"

/* The field holds "the length in bytes (1-15)" of the instruction (same section). */
#define VMX_INSTRUCTION_LEN_MAX 15

/*
 * The exits of 28.2.4's first item, instruction execution (CLTS, CPUID,
 * ENCLS, GETSEC, HLT, IN, INS, INVD, INVEPT, INVLPG, INVPCID, INVVPID, LGDT,
 * LIDT, LLDT, LMSW, LTR, MONITOR, MOV CR, MOV DR, MWAIT, OUT, OUTS, PAUSE,
 * RDMSR, RDPMC, RDRAND, RDSEED, RDTSC, RDTSCP, RSM, SGDT, SIDT, SLDT, STR,
 * VMCALL, the VMX instructions, WBINVD, WRMSR, XRSTORS, XSETBV, XSAVES), by
 * basic exit reason (Vol. 3D, Appendix C "VMX Basic Exit Reasons"). Exits
 * whose length depends on more than the reason (software exceptions, task
 * switches, APIC accesses during event delivery) count as undefined: hv
 * enables none of them.
 */
#define VMX_EXITS_WITH_LEN_0_63                                                                  \
	(BIT_ULL(EXIT_REASON_CPUID) | BIT_ULL(EXIT_REASON_GETSEC) | BIT_ULL(EXIT_REASON_HLT) |     \
	 BIT_ULL(EXIT_REASON_INVD) | BIT_ULL(EXIT_REASON_INVLPG) | BIT_ULL(EXIT_REASON_RDPMC) |    \
	 BIT_ULL(EXIT_REASON_RDTSC) | BIT_ULL(EXIT_REASON_RSM) | BIT_ULL(EXIT_REASON_VMCALL) |     \
	 GENMASK_ULL(EXIT_REASON_VMXON, EXIT_REASON_VMCLEAR) | /* VMCLEAR .. VMXON */              \
	 BIT_ULL(EXIT_REASON_CR_ACCESS) | BIT_ULL(EXIT_REASON_DR_ACCESS) |                         \
	 BIT_ULL(EXIT_REASON_IO_INSTRUCTION) | BIT_ULL(EXIT_REASON_MSR_READ) |                     \
	 BIT_ULL(EXIT_REASON_MSR_WRITE) | BIT_ULL(EXIT_REASON_MWAIT) |                             \
	 BIT_ULL(EXIT_REASON_MONITOR) | BIT_ULL(EXIT_REASON_PAUSE) |                               \
	 BIT_ULL(EXIT_REASON_GDTR_IDTR) | BIT_ULL(EXIT_REASON_LDTR_TR) |                           \
	 BIT_ULL(EXIT_REASON_INVEPT) | BIT_ULL(EXIT_REASON_RDTSCP) | BIT_ULL(EXIT_REASON_INVVPID) | \
	 BIT_ULL(EXIT_REASON_WBINVD) | BIT_ULL(EXIT_REASON_XSETBV) | BIT_ULL(EXIT_REASON_RDRAND) | \
	 BIT_ULL(EXIT_REASON_INVPCID) | BIT_ULL(EXIT_REASON_ENCLS) | BIT_ULL(EXIT_REASON_RDSEED) | \
	 BIT_ULL(EXIT_REASON_XSAVES))
#define VMX_EXITS_WITH_LEN_64_127 BIT_ULL(EXIT_REASON_XRSTORS - 64)

static_assert(EXIT_REASON_XRSTORS == 64, "XRSTORS is the only such exit above 63");

/* True if a VM exit with basic reason `reason` reports its instruction's length. */
static inline bool vmx_exit_has_instruction_len(u32 reason)
{
	if (reason < 64)
		return (VMX_EXITS_WITH_LEN_0_63 >> reason) & 1;
	return reason < 128 && ((VMX_EXITS_WITH_LEN_64_127 >> (reason - 64)) & 1);
}

/* True if len is a possible instruction length (1..15). */
static inline bool vmx_instruction_len_valid(u32 len)
{
	return len - 1 < VMX_INSTRUCTION_LEN_MAX; /* 0 wraps around */
}

#endif
