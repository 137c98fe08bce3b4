/* SPDX-License-Identifier: MIT */
/* Entering VMX operation on a CPU, and allocating VMCS regions. */
#ifndef HV_ARCH_X86_VMX_CPU_H
#define HV_ARCH_X86_VMX_CPU_H

#include "lib/types.h"

/*
 * Put this CPU in VMX root operation: CR0/CR4 fixed bits applied (CR4.VMXE
 * set), VMXON on a fresh region. vmx_check_cpu() must have succeeded (on
 * the boot CPU). Returns 0, -ENOMEM, -ENODEV when this CPU lacks a VMX
 * feature the boot CPU has, or -EIO when VMXON fails (the log says why).
 */
int vmx_cpu_enable(void);

/* A zeroed VMCS region with the revision identifier written; 0 if out of memory. */
hpa_t vmx_alloc_vmcs(void);

#endif
