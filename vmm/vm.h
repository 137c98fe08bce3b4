/* SPDX-License-Identifier: MIT */
/* Setting up the one VM: its memory view (EPT) and MSR policy. */
#ifndef HV_VMM_VM_H
#define HV_VMM_VM_H

#include "vmm/vcpu.h"
#include "vmm/boot_info.h"

/*
 * Build vm from the boot information: guest_mem = the machine's map with hv
 * memory MEM_HV; the EPT identity-maps every guest-visible address up to
 * max(top of the map, 4 GiB) with the largest pages that fit, write-back for
 * RAM and uncacheable elsewhere, and leaves hv's memory unmapped.
 * Returns 0 or a negative error (the log says why).
 */
int vm_init(struct vm *vm, const struct boot_info *bi);

/* The ACPI RSDP's bytes (from its address, or the boot loader's copy); returns their count. */
size_t vm_rsdp(const struct boot_info *bi, u8 buf[BOOT_RSDP_COPY_MAX]);

/* acpi_read_fn over hv's identity map of physical memory. */
int vm_read_phys(void *opaque, u64 pa, void *buf, size_t n);

#endif
