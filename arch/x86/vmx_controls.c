// SPDX-License-Identifier: MIT
/*
 * Fitting VMX control words to the capability MSRs (arch/x86/vmx_controls.h).
 * Intel SDM Vol. 3D, A.3 "VM-Execution Controls": bits 31:0 of each
 * capability MSR hold the allowed-0 settings, bits 63:32 the allowed-1
 * settings. Where IA32_VMX_BASIC bit 55 is set the caller passes the TRUE_*
 * MSR, whose allowed-0 half clears the "default1" bits that the plain MSR
 * reports as must-be-1 (A.2 "Reserved Controls and Default Settings"); the
 * arithmetic here is the same for both.
 */
#include "arch/x86/vmx_controls.h"
#include "lib/errno.h"

static_assert((VMX_CTL_ALLOWED0_MASK & VMX_CTL_ALLOWED1_MASK) == 0,
	      "the two halves of a control capability MSR do not overlap");

u32 vmx_control_must_be1(u64 cap_msr)
{
	return (u32)FIELD_GET(VMX_CTL_ALLOWED0_MASK, cap_msr);
}

u32 vmx_control_may_be1(u64 cap_msr)
{
	return (u32)FIELD_GET(VMX_CTL_ALLOWED1_MASK, cap_msr);
}

bool vmx_control_allowed1(u64 cap_msr, u32 ctl)
{
	return (ctl & ~vmx_control_may_be1(cap_msr)) == 0;
}

bool vmx_control_allowed0(u64 cap_msr, u32 ctl)
{
	return (ctl & vmx_control_must_be1(cap_msr)) == 0;
}

int vmx_adjust_controls(u64 cap_msr, u32 want1, u32 want0, u32 *out, u32 *missing)
{
	u32 must1 = vmx_control_must_be1(cap_msr);
	u32 may1 = vmx_control_may_be1(cap_msr);
	u32 bad;
	int ret;

	if (want1 & want0) {
		bad = want1 & want0;
		ret = -EINVAL;
	} else {
		bad = (want1 & ~may1) | (want0 & must1);
		ret = bad ? -EOPNOTSUPP : 0;
	}
	if (out)
		*out = (want1 | must1) & may1;
	if (missing)
		*missing = bad;
	return ret;
}
