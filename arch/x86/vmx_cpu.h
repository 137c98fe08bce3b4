/* SPDX-License-Identifier: MIT */
/* Entering VMX operation on a CPU, and allocating VMCS regions. */
#ifndef HV_ARCH_X86_VMX_CPU_H
#define HV_ARCH_X86_VMX_CPU_H

#include "lib/types.h"

/*
 * Put this CPU in VMX root operation: its own CR0/CR4 fixed bits applied
 * (CR4.VMXE set), VMXON on a fresh region; then compare its VMX features with
 * the boot CPU's. vmx_check_cpu() must have succeeded (on the boot CPU).
 * Returns 0; -ENODEV when this CPU lacks a VMX feature the boot CPU has (it
 * is in VMX root operation all the same); -ENOMEM or -EIO (VMXON failed)
 * with the CPU outside VMX operation. The log says why.
 */
int vmx_cpu_enable(void);

/* A zeroed VMCS region with the revision identifier written; 0 if out of memory. */
hpa_t vmx_alloc_vmcs(void);

#endif
