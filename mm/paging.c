// SPDX-License-Identifier: MIT
/*
 * Identity page tables for hv (4-level paging, Intel SDM Vol. 3A, 5.5
 * "4-Level Paging and 5-Level Paging", Tables 5-15 to 5-20 for the entry
 * formats). 1 GiB pages where CPUID.80000001H:EDX[26] says the CPU has them,
 * 2 MiB pages otherwise. Memory types come from the MTRRs (PAT entry 0, WB),
 * as on bare metal, so device memory stays uncached.
 */
#include "mm/paging.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "mm/pmm.h"

#define PTE_P BIT_ULL(0)
#define PTE_RW BIT_ULL(1)
#define PTE_PS BIT_ULL(7)
#define PTE_ADDR_MASK GENMASK_ULL(51, 12)
#define ENTRIES_PER_TABLE 512

static bool cpu_has_1g_pages(void)
{
	return cpuid(0x80000000).eax >= 0x80000001 &&
	       (cpuid(0x80000001).edx & CPUID_80000001_EDX_PAGE1G);
}

/* Fill one page directory with 2 MiB leaves for the 1 GiB at `base`. */
static u64 *make_pd(u64 base)
{
	u64 *pd = pmm_alloc_page();

	if (!pd)
		return NULL;
	for (int i = 0; i < ENTRIES_PER_TABLE; i++)
		pd[i] = (base + (u64)i * SZ_2M) | PTE_P | PTE_RW | PTE_PS;
	return pd;
}

hpa_t paging_build_identity(u64 top)
{
	bool huge = cpu_has_1g_pages();
	u64 *pml4 = pmm_alloc_page();
	u64 gib = ALIGN_UP(top, SZ_1G) / SZ_1G;

	if (!pml4)
		return 0;
	for (u64 g = 0; g < gib; g++) {
		u64 i4 = g / ENTRIES_PER_TABLE, i3 = g % ENTRIES_PER_TABLE;
		u64 *pdpt;

		if (i4 >= ENTRIES_PER_TABLE)
			break;
		if (!(pml4[i4] & PTE_P)) {
			pdpt = pmm_alloc_page();
			if (!pdpt)
				return 0;
			pml4[i4] = (u64)(uintptr_t)pdpt | PTE_P | PTE_RW;
		}
		pdpt = (u64 *)(uintptr_t)(pml4[i4] & PTE_ADDR_MASK);
		if (huge) {
			pdpt[i3] = (g * SZ_1G) | PTE_P | PTE_RW | PTE_PS;
		} else {
			u64 *pd = make_pd(g * SZ_1G);

			if (!pd)
				return 0;
			pdpt[i3] = (u64)(uintptr_t)pd | PTE_P | PTE_RW;
		}
	}
	return (hpa_t)(uintptr_t)pml4;
}
