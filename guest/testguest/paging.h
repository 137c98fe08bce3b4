/* SPDX-License-Identifier: MIT */
/*
 * The test guest's own page tables: 4-level paging, an identity map of
 * 0..4 GiB with 2 MiB pages, plus identity windows of 1 GiB each for the few
 * addresses above 4 GiB the checks must reach (hv's memory, the APIC page).
 */
#ifndef TG_PAGING_H
#define TG_PAGING_H

#include "guest/testguest/tg.h"

/*
 * paging_init: build the tables in .bss and load CR3 with them. Needs long
 * mode with CR4.PAE (either entry path) and the image identity-mapped by the
 * current tables. The 3..4 GiB gigabyte (MMIO: APIC, IOAPIC, firmware) is
 * mapped uncached.
 */
void paging_init(void);

/*
 * paging_map_identity: make the 1 GiB around addr identity-mapped (a no-op
 * below 4 GiB). Returns false when addr is at or above 512 GiB or no spare
 * page directory is left.
 */
bool paging_map_identity(uint64_t addr);

#endif
