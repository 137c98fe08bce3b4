/* SPDX-License-Identifier: MIT */
/*
 * Entering VMX operation on a CPU, and VMCS regions. The pages come from the
 * caller (hv's allocator is mm/'s, above this layer).
 */
#ifndef HV_ARCH_X86_VMX_CPU_H
#define HV_ARCH_X86_VMX_CPU_H

#include "lib/types.h"

/*
 * Put this CPU in VMX root operation: its own CR0/CR4 fixed bits applied
 * (CR4.VMXE set), VMXON on a region in a zeroed page from alloc_page() (kept
 * while the CPU stays in VMX operation); then compare its VMX features with
 * the boot CPU's. vmx_check_cpu() must have succeeded (on the boot CPU).
 * Returns 0; -ENODEV when this CPU lacks a VMX feature the boot CPU has (it
 * is in VMX root operation all the same); -ENOMEM or -EIO (VMXON failed)
 * with the CPU outside VMX operation. The log says why.
 */
int vmx_cpu_enable(void *(*alloc_page)(void));

/*
 * Make `page` (zeroed, 4 KiB) a VMCS region: the boot CPU's revision
 * identifier written. Returns its address; 0 when page is NULL.
 */
hpa_t vmx_vmcs_region(void *page);

#endif
