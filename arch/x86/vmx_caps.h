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
 * Check CPUID and the VMX MSRs for everything hv needs (VMX, not disabled by
 * firmware, EPT with 4-level walks and write-back type, unrestricted guest),
 * fill vmx_caps, and set+lock IA32_FEATURE_CONTROL if it is unlocked.
 * Returns 0, or -ENODEV with one line in msg (no "hv: " prefix, no newline).
 */
int vmx_check_cpu(char *msg, size_t len);

/*
 * This CPU's IA32_FEATURE_CONTROL (each CPU has its own): set VMX-outside-SMX
 * and lock it if unlocked; -ENODEV with msg if locked without VMX.
 */
int vmx_enable_feature_control(char *msg, size_t len);

#endif
