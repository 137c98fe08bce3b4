/* SPDX-License-Identifier: MIT */
/*
 * Page tables of the test guest. Formats: Intel SDM Vol. 3A, 5.5 "4-Level
 * Paging and 5-Level Paging", Table 5-15 (PML4E), 5-17 (PDPTE referencing a
 * page directory) and 5-18 (PDE mapping a 2-MByte page). Only PML4[0] is
 * used, so the map covers 512 GiB of linear space at most:
 *
 *   linear address:  | 47..39 PML4 = 0 | 38..30 PDPT | 29..21 PD | 21-bit offset |
 *
 * Identity-mapping 4 GiB with 2 MiB pages takes one PDPT and four PDs; two
 * spare PDs serve paging_map_identity() above 4 GiB.
 */
#include "guest/testguest/paging.h"

#include "guest/testguest/x86.h"

#define PTE_PRESENT BIT_ULL(0)
#define PTE_WRITE BIT_ULL(1)
#define PTE_USER BIT_ULL(2)
#define PTE_PWT BIT_ULL(3)
#define PTE_PCD BIT_ULL(4)
#define PTE_PAGE_SIZE BIT_ULL(7) /* in a PDE: maps a 2 MiB page */

#define PT_ENTRIES 512
#define SZ_2M (1ULL << 21)
#define SZ_1G (1ULL << 30)
#define LOW_GIBS 4      /* 0..4 GiB */
#define MMIO_GIB 3      /* 3..4 GiB: uncached */
#define SPARE_PDS 4
#define ALIAS_PML4_INDEX 1
#define ALIAS_BASE ((uint64_t)ALIAS_PML4_INDEX << 39)
#define PAGE_SIZE_4K 4096ULL

typedef uint64_t page_table_t[PT_ENTRIES] __attribute__((aligned(4096)));

static page_table_t pml4;
static page_table_t pdpt;
static page_table_t pd_low[LOW_GIBS];
static page_table_t pd_spare[SPARE_PDS];
static unsigned spare_used;
static page_table_t alias_pdpt, alias_pd, alias_pt;
static unsigned alias_used;

/* Fill pd with 2 MiB identity pages for the gigabyte number gib. */
static void fill_pd(uint64_t *pd, uint64_t gib, uint64_t extra_flags)
{
	for (uint64_t i = 0; i < PT_ENTRIES; i++)
		pd[i] = (gib * SZ_1G + i * SZ_2M) | PTE_PRESENT | PTE_WRITE |
			PTE_PAGE_SIZE | extra_flags;
}

void paging_init(void)
{
	pml4[0] = (uint64_t)pdpt | PTE_PRESENT | PTE_WRITE;
	for (uint64_t gib = 0; gib < LOW_GIBS; gib++) {
		fill_pd(pd_low[gib], gib, gib == MMIO_GIB ? PTE_PCD | PTE_PWT : 0);
		pdpt[gib] = (uint64_t)pd_low[gib] | PTE_PRESENT | PTE_WRITE;
	}
	write_cr3((uint64_t)pml4);
}

bool paging_map_identity(uint64_t addr)
{
	uint64_t gib = addr / SZ_1G;

	if (gib < LOW_GIBS)
		return true;
	if (gib >= PT_ENTRIES)
		return false;
	if (pdpt[gib] & PTE_PRESENT)
		return true;
	if (spare_used == SPARE_PDS)
		return false;
	/* Uncached: these windows are for probing, not for running. */
	fill_pd(pd_spare[spare_used], gib, PTE_PCD | PTE_PWT);
	pdpt[gib] = (uint64_t)pd_spare[spare_used] | PTE_PRESENT | PTE_WRITE;
	spare_used++;
	/*
	 * Not-present entries are never cached (Vol. 3A, 5.10 "Caching
	 * Translation Information"); reloading CR3 costs nothing here.
	 */
	write_cr3((uint64_t)pml4);
	return true;
}

uint64_t paging_map_user_alias(uint64_t phys)
{
	const uint64_t user_table = PTE_PRESENT | PTE_WRITE | PTE_USER;

	if (phys % PAGE_SIZE_4K || alias_used == PT_ENTRIES)
		return 0;
	if (!(pml4[ALIAS_PML4_INDEX] & PTE_PRESENT)) {
		alias_pd[0] = (uint64_t)alias_pt | user_table;
		alias_pdpt[0] = (uint64_t)alias_pd | user_table;
		pml4[ALIAS_PML4_INDEX] = (uint64_t)alias_pdpt | user_table;
	}
	alias_pt[alias_used] = phys | user_table;
	/* New entries replace not-present ones: nothing stale to flush (see above). */
	write_cr3((uint64_t)pml4);
	return ALIAS_BASE + PAGE_SIZE_4K * alias_used++;
}
