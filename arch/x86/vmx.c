// SPDX-License-Identifier: MIT
/*
 * VMX operation on one CPU: VMXON (Intel SDM Vol. 3C, 24.7 "Enabling and
 * Entering VMX Operation", 24.8 "Restrictions on VMX Operation" for the CR0/CR4
 * fixed bits), VMCS regions (24.2 "Format of the VMCS Region"), and the
 * VMREAD/VMWRITE wrappers that treat failure as a bug.
 */
#include "arch/x86/vmx_cpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_caps.h"
#include "lib/errno.h"
#include "mm/pmm.h"
#include "vmm/log.h"
#include "vmm/panic.h"

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

void vmx_flush_ept(u64 eptp)
{
	u64 cap = vmx_caps.ept_vpid;
	bool single = cap & EPT_CAP_INVEPT_SINGLE;

	if (!(cap & EPT_CAP_INVEPT))
		panic("INVEPT not supported: EPT changes cannot take effect");
	if (!invept(single ? INVEPT_SINGLE_CONTEXT : INVEPT_ALL_CONTEXT, eptp))
		panic("INVEPT failed for EPTP 0x%llx", (unsigned long long)eptp);
}

hpa_t vmx_alloc_vmcs(void)
{
	u32 *region = pmm_alloc_page();

	if (!region)
		return 0;
	region[0] = (u32)(vmx_caps.basic & VMX_BASIC_REVISION_MASK);
	return (hpa_t)(uintptr_t)region;
}

int vmx_cpu_enable(void)
{
	hpa_t vmxon_region;
	u64 cr0 = read_cr0(), cr4 = read_cr4();

	cr0 = (cr0 | vmx_caps.cr0_fixed0) & vmx_caps.cr0_fixed1;
	cr4 = (cr4 | vmx_caps.cr4_fixed0 | CR4_VMXE) & vmx_caps.cr4_fixed1;
	write_cr0(cr0);
	write_cr4(cr4);
	vmxon_region = vmx_alloc_vmcs();
	if (!vmxon_region)
		return -ENOMEM;
	if (!vmx_on(vmxon_region)) {
		pr_err("VMXON failed (CR0 0x%llx CR4 0x%llx)", (unsigned long long)cr0,
		       (unsigned long long)cr4);
		return -EIO;
	}
	return 0;
}
