/* SPDX-License-Identifier: MIT */
/*
 * hv's own page tables: an identity map (hva == hpa) of the physical address
 * space, with the largest pages the CPU offers. hv runs on them from
 * hv_main() on, whatever the firmware or boot loader had set up.
 */
#ifndef HV_MM_PAGING_H
#define HV_MM_PAGING_H

#include "lib/types.h"

/*
 * Build tables identity-mapping [0, top) (rounded up to 1 GiB) from pmm
 * pages and return the PML4's physical address for CR3, or 0 when out of
 * memory.
 */
hpa_t paging_build_identity(u64 top);

#endif
