/* SPDX-License-Identifier: MIT */
/*
 * Can this CPU run hv? Reads CPUID and the VMX capability MSRs once, answers
 * with one line naming what is missing, and enables VMX in
 * IA32_FEATURE_CONTROL when the firmware left it unlocked. Both boot paths
 * call it before they commit (UEFI: before ExitBootServices).
 */
#ifndef HV_ARCH_X86_VMX_CAPS_H
#define HV_ARCH_X86_VMX_CAPS_H

#include "lib/types.h"
#include "arch/x86/vmx.h"

/*
 * The VMX capability MSRs, read once (Intel SDM Vol. 3D, Appendix A "VMX
 * Capability Reporting Facility"). Where IA32_VMX_BASIC bit 55 is set the
 * control fields hold the TRUE_* MSRs.
 */
struct vmx_caps {
	u64 basic;
	u64 pinbased, procbased, procbased2, exit, entry; /* TRUE_* where present */
	u64 misc;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 ept_vpid;
	bool true_ctls;
};

extern struct vmx_caps vmx_caps;

/*
 * Primary processor-based controls hv keeps clear (vmm/vcpu.c). The plain
 * IA32_VMX_PROCBASED_CTLS reports CR3-load/store exiting as "default1"
 * (must be 1); only the TRUE_* MSR lets them be 0 (SDM Vol. 3D, A.2
 * "Reserved Controls and Default Settings"). A CPU that forces any of them
 * is refused at start-up instead of failing later in vCPU set-up.
 */
#define VMX_PROC_EXITS_HV_AVOIDS \
	(PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING | PROC_INVLPG_EXITING | \
	 PROC_RDTSC_EXITING | PROC_UNCONDITIONAL_IO_EXITING | PROC_CR8_LOAD_EXITING | \
	 PROC_CR8_STORE_EXITING | PROC_MOV_DR_EXITING)

/* Read this CPU's VMX capability MSRs into c (VMX must be supported). */
void vmx_read_caps(struct vmx_caps *c);

/*
 * Check caps c for what hv needs (the list in vmx_check_cpu()). Returns 0, or
 * -ENODEV with one line in msg naming the first thing missing.
 */
int vmx_check_caps(const struct vmx_caps *c, char *msg, size_t len);

/*
 * This CPU's IA32_FEATURE_CONTROL (each CPU has its own): set VMX-outside-SMX
 * and lock it if unlocked; -ENODEV with msg if locked without VMX.
 */
int vmx_enable_feature_control(char *msg, size_t len);

#endif
