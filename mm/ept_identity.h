/* SPDX-License-Identifier: MIT */
/*
 * The guest's identity map: EPT entries for every guest-visible address,
 * typed as the machine's MTRRs type them, with hv's memory left out.
 */
#ifndef HV_MM_EPT_IDENTITY_H
#define HV_MM_EPT_IDENTITY_H

#include "mm/ept.h"
#include "mm/memmap.h"
#include "mm/mtrr.h"

/*
 * Map [0, top) 1:1 in e with all rights, skipping MEM_HV ranges of m. Memory
 * types: with mtrr, exactly the MTRR type of each byte (EPT's type replaces
 * the MTRRs for guest accesses, so the guest then sees what it would see on
 * bare metal: Intel SDM Vol. 3C, 29.3.7.2 "Memory Type Used for Translated
 * Guest-Physical Addresses"); without, write-back for the RAM kinds of m and
 * uncacheable elsewhere. Ranges with one type get the largest pages that fit.
 * Returns 0 or the first ept_map_range() error.
 */
int ept_build_identity(struct ept *e, const struct memmap *m, const struct mtrr_state *mtrr,
		       u64 top);

#endif
