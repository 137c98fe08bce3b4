/* SPDX-License-Identifier: MIT */
/*
 * Which control-register writes invalidate the TLBs and paging-structure
 * caches (Intel SDM Vol. 3A, 4.10.4.1 "Operations that Invalidate TLBs and
 * Paging-Structure Caches"). With VPID on, VM entries and exits no longer
 * flush the guest's translations, so when hv emulates such a write instead
 * of the guest executing it, hv must flush in the CPU's place. Pure
 * functions of the old and new register values.
 */
#ifndef HV_ARCH_X86_TLB_H
#define HV_ARCH_X86_TLB_H

#include "lib/types.h"

/*
 * True if MOV to CR0 from old to new must invalidate the guest's
 * translations. Architecturally only CR0.PG 1 -> 0 does; hv also flushes
 * when PG is set, or PE, WP, CD or NW change (the SDM says the CPU may
 * flush for CD/NW, WP changes the rights TLB entries hold, and a spare
 * flush on these rare exits costs nothing).
 */
bool tlb_cr0_write_flushes(u64 old_cr0, u64 new_cr0);

/*
 * True if MOV to CR4 from old to new must invalidate the guest's
 * translations: a change of PGE, PAE, PSE, PCIDE, SMEP, SMAP, PKE or LA57
 * (the SDM requires PGE, PCIDE 1 -> 0, PAE and SMEP 0 -> 1; the others
 * change how linear addresses translate or what the cached rights mean).
 */
bool tlb_cr4_write_flushes(u64 old_cr4, u64 new_cr4);

#endif
