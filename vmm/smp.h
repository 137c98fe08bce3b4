/* SPDX-License-Identifier: MIT */
/*
 * Every CPU under hv: the application processors are found in the ACPI MADT,
 * started with INIT-SIPI-SIPI through hv's own trampoline, enter VMX root
 * operation with their own stacks, descriptor tables and VMCS, and launch
 * their vCPU in the wait-for-SIPI state, so the guest OS starts them itself
 * exactly as on bare metal. Without that activity state (or with smp=off)
 * the APs park in VMX root operation instead and the guest gets the boot
 * CPU only.
 */
#ifndef HV_VMM_SMP_H
#define HV_VMM_SMP_H

#include "vmm/boot_info.h"
#include "vmm/vcpu.h"

/*
 * Take one page below 1 MiB for the AP trampoline and mark it reserved in the
 * guest's e820 (it stays mapped; it is cleared once the APs run hv). Returns 0, or -ENOMEM when there is
 * no free page down there (hv then runs on the boot CPU only, and says so).
 */
int smp_reserve_trampoline(struct boot_info *bi);

/*
 * Start every other enabled CPU of the MADT into hv (VMX root, its vCPU
 * launched waiting for a SIPI, or parked when !vm->ap_vcpus). Call on the
 * boot CPU after vm_init().
 * Returns the number of CPUs running hv, the boot CPU included.
 */
u32 smp_start_aps(struct vm *vm, const struct boot_info *bi);

/*
 * The APIC IDs of the CPUs whose vCPUs the guest may start (the boot CPU
 * first; parked APs are not among them); returns how many.
 */
u32 smp_apic_ids(u32 *ids, u32 max);

/*
 * How many APs ran hv's start-up code but could not enter VMX operation
 * (VMXON failed, VMX locked off in their IA32_FEATURE_CONTROL, out of memory,
 * or no room in a broadcast start). Such a CPU halts outside VMX, where INIT
 * is not blocked: the guest could start it at code of its choosing, outside
 * EPT, and reach hv's memory. hv_main() refuses to run the guest then. (An AP
 * that differs from the boot CPU in VMX features is not counted: it parks
 * in VMX root operation.)
 */
u32 smp_uncontained(void);

/*
 * When the APs have no vCPUs (!vm->ap_vcpus: no wait-for-SIPI activity
 * state, or smp=off), the guest runs on the boot CPU only: add `nosmp` to
 * cfg->cmdline so that a Linux guest does not wait for CPUs the firmware's
 * MADT lists but that never answer, and say so in one line (an error line
 * when the command line has no room for it). Call after smp_start_aps().
 */
void smp_limit_guest(const struct vm *vm, struct hv_config *cfg);

#endif
