// SPDX-License-Identifier: MIT
/*
 * A bump allocator over hv's reserved region. hv allocates what it needs
 * (tables, stacks, VMCS regions) and never gives memory back, so nothing
 * more elaborate is needed; a free list can come with the first caller that
 * frees.
 */
#include "mm/pmm.h"
#include "arch/x86/spinlock.h"
#include "lib/string.h"

static hpa_t region_base, region_end, next_free;
static u64 used_bytes;
static spinlock_t pmm_lock;

void pmm_init(hpa_t base, u64 size)
{
	region_base = ALIGN_UP(base, PAGE_SIZE);
	region_end = ALIGN_DOWN(base + size, PAGE_SIZE);
	next_free = region_base;
	used_bytes = 0;
}

void *pmm_alloc_pages(u64 n, u64 align)
{
	hpa_t start;
	void *p = NULL;

	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	spin_lock(&pmm_lock);
	start = ALIGN_UP(next_free, align);
	if (n && start >= next_free && start + n * PAGE_SIZE <= region_end) {
		next_free = start + n * PAGE_SIZE;
		used_bytes += n * PAGE_SIZE;
		p = (void *)(uintptr_t)start;
	}
	spin_unlock(&pmm_lock);
	if (p)
		memset(p, 0, n * PAGE_SIZE);
	return p;
}

void *pmm_alloc_page(void)
{
	return pmm_alloc_pages(1, PAGE_SIZE);
}

u64 pmm_used_bytes(void)
{
	return used_bytes;
}

u64 pmm_total_bytes(void)
{
	return region_end - region_base;
}

void *pmm_alloc_page_ctx(void *ctx)
{
	return pmm_alloc_page();
}
