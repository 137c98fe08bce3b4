// SPDX-License-Identifier: MIT
/*
 * Control-register writes that invalidate translations (arch/x86/tlb.h).
 * Bit positions: Intel SDM Vol. 3A, 2.5 "Control Registers".
 */
#include "arch/x86/tlb.h"
#include "arch/x86/regs.h"

#define CR0_TRANSLATION_BITS (CR0_PE | CR0_WP | CR0_NW | CR0_CD | CR0_PG)
#define CR4_TRANSLATION_BITS \
	(CR4_PSE | CR4_PAE | CR4_PGE | CR4_LA57 | CR4_PCIDE | CR4_SMEP | CR4_SMAP | CR4_PKE)

bool tlb_cr0_write_flushes(u64 old_cr0, u64 new_cr0)
{
	return ((old_cr0 ^ new_cr0) & CR0_TRANSLATION_BITS) != 0;
}

bool tlb_cr4_write_flushes(u64 old_cr4, u64 new_cr4)
{
	return ((old_cr4 ^ new_cr4) & CR4_TRANSLATION_BITS) != 0;
}
