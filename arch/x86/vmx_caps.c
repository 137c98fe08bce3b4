// SPDX-License-Identifier: MIT
/*
 * Does this CPU have what hv needs? Reads CPUID and the VMX capability MSRs
 * (Intel SDM Vol. 3C, 24.6 "Discovering Support for VMX"; Vol. 3D, Appendix A
 * "VMX Capability Reporting Facility") and answers with one line naming the
 * first thing missing. MSRs that depend on a capability are only read once
 * the capability says they exist, so a CPU without them never takes a #GP.
 */
#include "arch/x86/vmx_caps.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_controls.h"
#include "lib/errno.h"
#include "lib/format.h"

struct vmx_caps vmx_caps;

static int missing(char *msg, size_t len, const char *what)
{
	fmt_snprintf(msg, len, "%s", what);
	return -ENODEV;
}

/*
 * IA32_FEATURE_CONTROL (SDM Vol. 3C, 24.7 "Enabling and Entering VMX
 * Operation"): locked without VMX-outside-SMX means the firmware disabled
 * VMX; unlocked (as OVMF leaves it) means hv enables VMX and locks it.
 */
int vmx_enable_feature_control(char *msg, size_t len)
{
	u64 fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	if (fc & FEATURE_CONTROL_LOCKED) {
		if (!(fc & FEATURE_CONTROL_VMX_OUTSIDE_SMX))
			return missing(msg, len, "VMX is disabled by the firmware "
						 "(IA32_FEATURE_CONTROL locked without VMX)");
		return 0;
	}
	wrmsr(MSR_IA32_FEATURE_CONTROL,
	      fc | FEATURE_CONTROL_VMX_OUTSIDE_SMX | FEATURE_CONTROL_LOCKED);
	return 0;
}

void vmx_read_caps(struct vmx_caps *c)
{
	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	c->true_ctls = c->basic & VMX_BASIC_TRUE_CTLS;
	c->pinbased = rdmsr(c->true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased = rdmsr(c->true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = rdmsr(c->true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS);
	c->entry = rdmsr(c->true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS);
	c->misc = rdmsr(MSR_IA32_VMX_MISC);
	c->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	c->procbased2 = 0;
	c->ept_vpid = 0;
	if (vmx_control_allowed1(c->procbased, PROC_ACTIVATE_SECONDARY_CONTROLS))
		c->procbased2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
	if (vmx_control_allowed1(c->procbased2, PROC2_ENABLE_EPT) ||
	    vmx_control_allowed1(c->procbased2, PROC2_ENABLE_VPID))
		c->ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
}

/* The VMX features hv cannot run without, in the order they are checked. */
int vmx_check_caps(const struct vmx_caps *c, char *msg, size_t len)
{
	if (!vmx_control_allowed1(c->procbased, PROC_ACTIVATE_SECONDARY_CONTROLS))
		return missing(msg, len, "VMX secondary processor-based controls not supported");
	if (!vmx_control_allowed1(c->procbased, PROC_USE_MSR_BITMAPS))
		return missing(msg, len, "VMX MSR bitmaps not supported");
	if (!vmx_control_allowed1(c->procbased2, PROC2_ENABLE_EPT))
		return missing(msg, len, "EPT is not supported by this CPU");
	if (!(c->ept_vpid & EPT_CAP_WALK_4))
		return missing(msg, len, "EPT 4-level page walks not supported");
	if (!(c->ept_vpid & EPT_CAP_MT_WB))
		return missing(msg, len, "EPT write-back memory type not supported");
	/* hv removes EPT rights at run time (MMIO trap cache): INVEPT (A.10) is needed. */
	if (!(c->ept_vpid & EPT_CAP_INVEPT) ||
	    !(c->ept_vpid & (EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL)))
		return missing(msg, len, "EPT: no single- or all-context INVEPT");
	if (!vmx_control_allowed1(c->procbased2, PROC2_UNRESTRICTED_GUEST))
		return missing(msg, len, "EPT unrestricted guest not supported");
	if (!vmx_control_allowed1(c->exit, EXIT_HOST_ADDRESS_SPACE_SIZE | EXIT_SAVE_IA32_EFER |
						   EXIT_LOAD_IA32_EFER) ||
	    !vmx_control_allowed1(c->entry, ENTRY_LOAD_IA32_EFER))
		return missing(msg, len, "VMX cannot switch IA32_EFER on entry and exit");
	if (!vmx_control_allowed0(c->procbased, VMX_PROC_EXITS_HV_AVOIDS))
		return missing(msg, len, "VMX forces CR3, CR8, INVLPG, RDTSC, MOV-DR or I/O exiting on "
					 "(no IA32_VMX_TRUE_PROCBASED_CTLS)");
	return 0;
}
