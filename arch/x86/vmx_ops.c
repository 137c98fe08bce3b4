// SPDX-License-Identifier: MIT
/*
 * Run-time VMX operations (arch/x86/vmx_ops.h): VMREAD/VMWRITE wrappers that
 * treat failure as a bug, guest segment writes, and the INVEPT and INVVPID
 * flushes of the types the CPU offers.
 */
#include "arch/x86/vmx_ops.h"
#include "arch/x86/vmx_features.h"
#include "lib/panic.h"

u64 vmcs_read(enum vmcs_field field)
{
	u64 v;

	if (!vmcs_read_checked(field, &v))
		panic("VMREAD of field 0x%x failed", (unsigned int)field);
	return v;
}

void vmcs_write(enum vmcs_field field, u64 value)
{
	bool fail;

	asm volatile("vmwrite %2, %1; setna %0"
		     : "=q"(fail)
		     : "r"((u64)field), "rm"(value)
		     : "cc", "memory");
	if (fail) {
		u64 err = 0;

		vmcs_read_checked(VMCS_VM_INSTRUCTION_ERROR, &err);
		panic("VMWRITE of field 0x%x = 0x%llx failed (VM-instruction error %llu)",
		      (unsigned int)field, (unsigned long long)value, (unsigned long long)err);
	}
}

void vmcs_write_segment(enum vmcs_field sel, u16 selector, u64 base, u32 limit, u32 ar)
{
	/* Selector, limit, AR and base fields are 2, 0x1000 and 0x2000 apart per segment. */
	u32 i = ((u32)sel - VMCS_GUEST_ES_SEL) / 2;

	vmcs_write(sel, selector);
	vmcs_write(VMCS_GUEST_ES_LIMIT + 2 * i, limit);
	vmcs_write(VMCS_GUEST_ES_AR + 2 * i, ar);
	vmcs_write(VMCS_GUEST_ES_BASE + 2 * i, base);
}

void vmx_flush_ept(u64 eptp)
{
	/* vmx_check_cpu() refused a CPU without a usable INVEPT type. */
	if (!invept(vmx_features.invept_type, eptp))
		panic("INVEPT type %llu failed for EPTP 0x%llx",
		      (unsigned long long)vmx_features.invept_type, (unsigned long long)eptp);
}

void vmx_flush_vpid(u16 vpid)
{
	if (!invvpid(vmx_features.invvpid_type, vpid, 0))
		panic("INVVPID type %llu failed for VPID %u",
		      (unsigned long long)vmx_features.invvpid_type, vpid);
}
