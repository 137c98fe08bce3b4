/* SPDX-License-Identifier: MIT */
/*
 * hv reaching guest memory on the guest's behalf, through the guest's own
 * page tables (mm/guest_walk.h) and only where the guest's memory map says
 * RAM: never hv memory (MEM_HV) and never an emulated MMIO region, whose
 * bytes are a device's, not memory. Identity map: hva == gpa.
 */
#ifndef HV_VMM_GUEST_MEM_H
#define HV_VMM_GUEST_MEM_H

#include "lib/types.h"
#include "mm/guest_walk.h"
#include "vmm/vcpu.h"

/*
 * A walk context for the vCPU whose VMCS is current: its CR0/CR3/CR4/EFER,
 * RFLAGS.AC and PAE PDPTEs from the VMCS, paging structures read from guest
 * RAM (or the reserved low megabyte, where boot loaders keep early tables).
 */
void guest_mem_walk_context(struct vcpu *v, struct guest_walk_ctx *c);

/* Guest memory hv may read for the guest: RAM kinds, and the low megabyte's reserved ranges. */
bool guest_mem_is_readable(const struct vm *vm, gpa_t gpa);

/*
 * Fill the guest's buffer at linear address va, n bytes, as a write by the
 * guest at its current CPL would (user-mode checks at CPL 3), a page at a
 * time: each page is translated (never faulted in, accessed and dirty flags
 * untouched) and must be guest RAM, then fill(opaque, dst, len) writes up
 * to len bytes at dst and returns how many it wrote; a short count ends the
 * copy. Returns the bytes written, which stops short at the first page that
 * cannot be written; -EFAULT when even the first page cannot.
 */
s64 guest_mem_fill_linear(struct vcpu *v, gva_t va, size_t n,
			  size_t (*fill)(void *opaque, char *dst, size_t len), void *opaque);

#endif
