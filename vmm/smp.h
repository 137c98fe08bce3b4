/* SPDX-License-Identifier: MIT */
/*
 * Every CPU under hv: the application processors are found in the ACPI MADT,
 * started with INIT-SIPI-SIPI through hv's own trampoline, enter VMX root
 * operation with their own stacks, descriptor tables and VMCS, and launch
 * their vCPU in the wait-for-SIPI state, so the guest OS starts them itself
 * exactly as on bare metal.
 */
#ifndef HV_VMM_SMP_H
#define HV_VMM_SMP_H

#include "boot/bootinfo.h"
#include "vmm/vcpu.h"

#define HV_CPUS_MAX 64

/*
 * Take one page below 1 MiB for the AP trampoline and mark it reserved in the
 * guest's e820 (it stays mapped; it is cleared once the APs run hv). Returns 0, or -ENOMEM when there is
 * no free page down there (hv then runs on the boot CPU only, and says so).
 */
int smp_reserve_trampoline(struct boot_info *bi);

/*
 * Start every other enabled CPU of the MADT into hv (VMX root, its vCPU
 * launched waiting for a SIPI). Call on the boot CPU after vm_init().
 * Returns the number of CPUs running hv, the boot CPU included.
 */
u32 smp_start_aps(struct vm *vm, const struct boot_info *bi);

/* The APIC IDs of the CPUs running hv, the boot CPU first; returns how many. */
u32 smp_apic_ids(u32 *ids, u32 max);

#endif
