// SPDX-License-Identifier: MIT
/*
 * VMX operation on one CPU (arch/x86/vmx_cpu.h): VMXON (Intel SDM Vol. 3C,
 * 24.7 "Enabling and Entering VMX Operation", 24.8 "Restrictions on VMX
 * Operation" for the CR0/CR4 fixed bits) and VMCS regions (24.2 "Format of
 * the VMCS Region").
 */
#include "arch/x86/vmx_cpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_caps.h"
#include "arch/x86/vmx_features.h"
#include "lib/errno.h"
#include "lib/log.h"

/*
 * hv configures every CPU the way the boot CPU's capabilities allow, so each
 * other CPU must have at least those features (vendors ship uniform parts,
 * but a nested hypervisor may present vCPUs that differ). Says which
 * features this CPU lacks, in one line, and refuses it.
 */
static int check_same_as_boot_cpu(const struct vmx_caps *mine)
{
	struct vmx_features f;
	char msg[160];

	if (vmx_check_caps(mine, msg, sizeof(msg))) {
		pr_err("cpu: this CPU differs from the boot CPU: %s", msg);
		return -ENODEV;
	}
	vmx_features_from_caps(mine, &f);
	if (vmx_features_missing(&vmx_features, &f, msg, sizeof(msg))) {
		pr_err("cpu: this CPU differs from the boot CPU: %s", msg);
		return -ENODEV;
	}
	return 0;
}

/*
 * A VMXON or VMCS region in `page` (a zeroed 4 KiB page from the caller) for
 * the CPU whose IA32_VMX_BASIC is `basic`: its revision identifier in the
 * first 31 bits (SDM Vol. 3C, 24.2 "Format of the VMCS Region"); 0 for no
 * page.
 */
static hpa_t make_region(void *page, u64 basic)
{
	u32 *region = page;

	if (!region)
		return 0;
	region[0] = (u32)(basic & VMX_BASIC_REVISION_MASK);
	return (hpa_t)(uintptr_t)region;
}

hpa_t vmx_vmcs_region(void *page)
{
	return make_region(page, vmx_caps.basic);
}

int vmx_cpu_enable(void *(*alloc_page)(void))
{
	struct vmx_caps mine;
	hpa_t vmxon_region;
	u64 cr0 = read_cr0(), cr4 = read_cr4();

	/*
	 * VMXON with this CPU's own fixed bits and revision identifier, before
	 * comparing it with the boot CPU: a CPU that differs still ends up in
	 * VMX root operation, where INIT is blocked and the guest cannot start
	 * it (vmm/smp.c parks it there).
	 */
	vmx_read_caps(&mine);
	cr0 = (cr0 | mine.cr0_fixed0) & mine.cr0_fixed1;
	cr4 = (cr4 | mine.cr4_fixed0 | CR4_VMXE) & mine.cr4_fixed1;
	write_cr0(cr0);
	write_cr4(cr4);
	vmxon_region = make_region(alloc_page(), mine.basic);
	if (!vmxon_region)
		return -ENOMEM;
	if (!vmx_on(vmxon_region)) {
		pr_err("VMXON failed (CR0 0x%llx CR4 0x%llx)", (unsigned long long)cr0,
		       (unsigned long long)cr4);
		return -EIO;
	}
	return check_same_as_boot_cpu(&mine);
}
