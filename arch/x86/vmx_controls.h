/* SPDX-License-Identifier: MIT */
/*
 * Fitting VMX control words to what the CPU allows. Each VMX control field
 * (pin-based, primary and secondary processor-based, VM-exit, VM-entry) has a
 * capability MSR whose low 32 bits are the allowed-0 settings (a bit set
 * there must be 1 in the control) and whose high 32 bits are the allowed-1
 * settings (a bit clear there must be 0). Intel SDM Vol. 3D, A.3.1
 * "Pin-Based VM-Execution Controls", A.3.2 "Primary Processor-Based
 * VM-Execution Controls", A.3.3 "Secondary Processor-Based VM-Execution
 * Controls", A.4 "VM-Exit Controls", A.5 "VM-Entry Controls", and Vol. 3C,
 * 31.5.1 "Algorithms for Determining VMX Capabilities". Pure functions of
 * the MSR value: nothing here reads an MSR.
 */
#ifndef HV_ARCH_X86_VMX_CONTROLS_H
#define HV_ARCH_X86_VMX_CONTROLS_H

#include "lib/types.h"

/* The two halves of a VMX control capability MSR. */
#define VMX_CTL_ALLOWED0_MASK GENMASK_ULL(31, 0)  /* 1 = the control must be 1 */
#define VMX_CTL_ALLOWED1_MASK GENMASK_ULL(63, 32) /* 1 = the control may be 1 */

/* Bits the CPU forces to 1 in this control field. */
u32 vmx_control_must_be1(u64 cap_msr);

/* Bits the CPU lets hv set in this control field. */
u32 vmx_control_may_be1(u64 cap_msr);

/* True if every bit of `ctl` (one or more control bits) may be 1. */
bool vmx_control_allowed1(u64 cap_msr, u32 ctl);

/* True if every bit of `ctl` may be 0 (none of them is forced to 1). */
bool vmx_control_allowed0(u64 cap_msr, u32 ctl);

/*
 * Compute a control word: the bits hv needs set (want1) plus the bits the CPU
 * forces to 1, limited to the bits it allows:
 *     *out = (want1 | must_be_1) & may_be_1
 * want0 names bits hv needs clear; the CPU may not force any of them to 1.
 * Bits neither wanted nor refused are left at 0 unless forced (the SDM's
 * advice for "default" settings when their meaning is unknown).
 *
 * Returns 0 with *missing = 0 when every want1 bit can be 1 and every want0
 * bit can be 0. Otherwise returns -EOPNOTSUPP with *missing = the want1 bits
 * the CPU cannot set plus the want0 bits it forces to 1. *out is computed
 * in every case, so a caller can log what it would have used. A bit in both
 * want1 and want0 is a caller bug: -EINVAL, those bits in *missing.
 * out and missing may be NULL.
 */
int vmx_adjust_controls(u64 cap_msr, u32 want1, u32 want0, u32 *out, u32 *missing);

#endif
