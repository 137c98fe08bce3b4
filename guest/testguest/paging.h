/* SPDX-License-Identifier: MIT */
/*
 * The test guest's own page tables: 4-level paging, an identity map of
 * 0..4 GiB with 2 MiB pages, plus identity windows of 1 GiB each for the few
 * addresses above 4 GiB the checks must reach (hv's memory, the test
 * device), plus user-mode (U/S = 1) aliases of single 4 KiB pages.
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

/*
 * paging_map_user_alias: map the 4 KiB page at physical address phys a
 * second time, at a fresh linear address above 512 GiB whose every paging
 * level has U/S = 1 (writable, executable: EFER.NXE stays off). Returns the
 * linear address, or 0 if phys is not 4 KiB aligned or the alias table
 * (512 pages) is full. CPL 0 may execute there only while CR4.SMEP is clear.
 */
uint64_t paging_map_user_alias(uint64_t phys);

#endif
