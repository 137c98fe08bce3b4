// SPDX-License-Identifier: MIT
/*
 * A bump allocator over hv's reserved region with a free list for single
 * pages. hv allocates at start-up (tables, stacks, VMCS) and rarely frees
 * (EPT pages on unmap), so nothing more elaborate is needed.
 */
#include "mm/pmm.h"
#include "arch/x86/spinlock.h"
#include "lib/string.h"

struct free_page {
	struct free_page *next;
};

static hpa_t region_base, region_end, next_free;
static struct free_page *free_list;
static u64 used_bytes;
static spinlock_t pmm_lock;

void pmm_init(hpa_t base, u64 size)
{
	region_base = ALIGN_UP(base, PAGE_SIZE);
	region_end = ALIGN_DOWN(base + size, PAGE_SIZE);
	next_free = region_base;
	free_list = NULL;
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
	struct free_page *f;

	spin_lock(&pmm_lock);
	f = free_list;
	if (f) {
		free_list = f->next;
		used_bytes += PAGE_SIZE;
	}
	spin_unlock(&pmm_lock);
	if (!f)
		return pmm_alloc_pages(1, PAGE_SIZE);
	memset(f, 0, PAGE_SIZE);
	return f;
}

void pmm_free_page(void *page)
{
	struct free_page *f = page;

	if (!page)
		return;
	spin_lock(&pmm_lock);
	f->next = free_list;
	free_list = f;
	used_bytes -= PAGE_SIZE;
	spin_unlock(&pmm_lock);
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
