/* SPDX-License-Identifier: MIT */
/*
 * hv's physical page allocator. It hands out pages from the one region a
 * boot path reserved for hv (boot_info.heap_*), which the guest never sees.
 * Pages come back zeroed and are never freed.
 */
#ifndef HV_MM_PMM_H
#define HV_MM_PMM_H

#include "lib/types.h"

/* Manage [base, base+size) (page aligned, identity-mapped). */
void pmm_init(hpa_t base, u64 size);

/* One zeroed 4 KiB page, or NULL when the region is exhausted. */
void *pmm_alloc_page(void);

/* n contiguous zeroed pages aligned to `align` bytes (a power of two), or NULL. */
void *pmm_alloc_pages(u64 n, u64 align);

/* Bytes handed out and still in use, and the region's size. */
u64 pmm_used_bytes(void);
u64 pmm_total_bytes(void);

/* ept_alloc_fn-compatible wrapper: ignores ctx. */
void *pmm_alloc_page_ctx(void *ctx);

#endif
