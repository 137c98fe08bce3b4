/* SPDX-License-Identifier: MIT */
/*
 * The VMX operations hv performs at run time, where a failure is a bug in hv
 * (they panic with what failed, so callers never check): VMREAD and VMWRITE
 * of the current VMCS, guest segment writes, and the INVEPT and INVVPID
 * flushes of the types the CPU offers (vmx_features). Instruction
 * reference: Intel SDM Vol. 3C, Chapter 32 "VMX Instruction Reference".
 */
#ifndef HV_ARCH_X86_VMX_OPS_H
#define HV_ARCH_X86_VMX_OPS_H

#include "lib/types.h"
#include "arch/x86/vmx.h"

/* VMREAD / VMWRITE of the current VMCS (a failure panics: field, VM-instruction error). */
u64 vmcs_read(enum vmcs_field field);
void vmcs_write(enum vmcs_field field, u64 value);

static inline u32 vmcs_read32(enum vmcs_field field)
{
	return (u32)vmcs_read(field);
}

/*
 * Write one guest segment register of the current VMCS: `sel` is its
 * selector field (VMCS_GUEST_ES_SEL ... VMCS_GUEST_TR_SEL); its limit,
 * access-rights and base fields follow from it.
 */
void vmcs_write_segment(enum vmcs_field sel, u16 selector, u64 base, u32 limit, u32 ar);

/*
 * Drop cached translations derived from the EPT at eptp after rights were
 * removed: single-context INVEPT where supported, else all-context.
 */
void vmx_flush_ept(u64 eptp);

/*
 * Drop every linear and combined translation tagged with vpid on this CPU
 * (SDM Vol. 3C, 29.1 "Virtual Processor Identifiers (VPIDs)"): single-context
 * INVVPID where supported, else all-context. Only called when VPID is in use
 * (vmx_features.vpid); a failure is a bug (panic).
 */
void vmx_flush_vpid(u16 vpid);

#endif
