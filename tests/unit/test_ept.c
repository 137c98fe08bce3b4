// SPDX-License-Identifier: MIT
/*
 * Tests of mm/ept.c against mm/ept.h's contract: entry encoding with and
 * without MBEC (XU is bit 10 only under MBEC; without it a user-execute
 * request sets bit 2), presence counting bit 10, the largest-leaf choice of
 * ept_map_range, splits that keep every permission bit and the memory type,
 * unmap, lookup and the EPTP. Table pages come from aligned_alloc and are
 * host pointers (identity: hva == hpa); every page is tracked so the test
 * frees what the EPT did not, and LeakSanitizer stays quiet.
 */
#include "unit.h"
#include "mm/ept.h"
#include "lib/errno.h"

#define POOL_MAX 4096

struct pool {
	void *pages[POOL_MAX];
	u32 count;      /* allocated so far */
	u32 freed;      /* handed back through the free callback */
	u32 fail_after; /* refuse allocations after this many (0: never) */
};

static struct pool pool;
static struct ept ept;
static struct ept_format fmt;

static void *pool_alloc(void *ctx)
{
	struct pool *p = ctx;
	void *page;

	if (p->count >= POOL_MAX || (p->fail_after && p->count >= p->fail_after))
		return NULL;
	page = aligned_alloc(4096, 4096);
	memset(page, 0, 4096);
	p->pages[p->count++] = page;
	return page;
}

static void pool_free(void *page, void *ctx)
{
	struct pool *p = ctx;
	u32 i;

	for (i = 0; i < p->count; i++) {
		if (p->pages[i] == page) {
			free(page);
			p->pages[i] = NULL;
			p->freed++;
			return;
		}
	}
	fail_msg("ept freed a page it was never given: %p", page);
}

static int pool_reset(void **state)
{
	u32 i;

	(void)state;
	for (i = 0; i < pool.count; i++)
		free(pool.pages[i]);
	memset(&pool, 0, sizeof(pool));
	memset(&ept, 0, sizeof(ept));
	return 0;
}

/* A fresh EPT with the given format. */
static void make_ept(bool mbec, bool page_2m, bool page_1g)
{
	ept_format_init(&fmt, mbec, page_2m, page_1g);
	assert_int_equal(ept_init(&ept, &fmt, pool_alloc, pool_free, &pool), 0);
	assert_non_null(ept.root);
	assert_int_equal(ept.table_pages, 1);
}

static u64 *lookup(gpa_t gpa)
{
	int level;

	return ept_lookup(&ept, gpa, &level);
}

static u64 leaf_addr(u64 entry)
{
	return entry & EPT_ADDR_MASK;
}

static u8 leaf_memtype(u64 entry)
{
	return (u8)FIELD_GET(EPT_MEMTYPE_MASK, entry);
}

/* The leaf for gpa must exist at `level` and translate to hpa. */
static u64 expect_leaf(gpa_t gpa, int level, hpa_t hpa)
{
	int got = -1;
	u64 *e = ept_lookup(&ept, gpa, &got);
	u64 page = level == 3 ? SZ_1G : level == 2 ? SZ_2M : PAGE_SIZE;

	assert_non_null(e);
	assert_int_equal(got, level);
	assert_int_equal(leaf_addr(*e) + (gpa & (page - 1)), hpa);
	assert_int_equal(!!(*e & EPT_LARGE), level > 1);
	return *e;
}

static void test_format_masks(void **state)
{
	(void)state;
	ept_format_init(&fmt, false, true, false);
	assert_int_equal(fmt.xs_mask, EPT_EXEC);
	assert_int_equal(fmt.xu_mask, 0);
	assert_int_equal(fmt.perm_mask, EPT_RWX_MASK);
	assert_false(fmt.mbec);
	assert_true(fmt.page_2m);
	assert_false(fmt.page_1g);
	ept_format_init(&fmt, true, true, true);
	assert_int_equal(fmt.xs_mask, EPT_EXEC);
	assert_int_equal(fmt.xu_mask, EPT_EXEC_USER);
	assert_int_equal(fmt.perm_mask, EPT_RWX_MASK | EPT_EXEC_USER);
	assert_true(fmt.mbec);
	assert_true(fmt.page_2m);
	assert_true(fmt.page_1g);
}

static void test_perm_bits_without_mbec(void **state)
{
	(void)state;
	ept_format_init(&fmt, false, true, true);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_R), EPT_READ);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_R | EPT_PERM_W), EPT_READ | EPT_WRITE);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_XS), EPT_EXEC);
	/* User execute alone still needs bit 2, and never touches bit 10. */
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_XU), EPT_EXEC);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_X), EPT_EXEC);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_RWX), EPT_RWX_MASK);
	assert_int_equal(ept_perm_to_bits(&fmt, 0), 0);
	/* Bit 2 means both kinds of execute; bit 10 means nothing. */
	assert_true(ept_bits_to_perm(&fmt, EPT_EXEC) & EPT_PERM_XS);
	assert_int_equal(ept_bits_to_perm(&fmt, EPT_READ | EPT_WRITE), EPT_PERM_R | EPT_PERM_W);
	assert_int_equal(ept_bits_to_perm(&fmt, EPT_EXEC_USER), 0);
	/* Presence: bits 2:0 only. */
	assert_false(ept_is_present(&fmt, 0));
	assert_true(ept_is_present(&fmt, EPT_READ));
	assert_true(ept_is_present(&fmt, EPT_EXEC));
	assert_false(ept_is_present(&fmt, EPT_EXEC_USER));
	assert_false(ept_is_present(&fmt, EPT_LARGE | EPT_MEMTYPE_MASK | 0x1000));
}

static void test_perm_bits_with_mbec(void **state)
{
	(void)state;
	ept_format_init(&fmt, true, true, true);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_XS), EPT_EXEC);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_XU), EPT_EXEC_USER);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_X), EPT_EXEC | EPT_EXEC_USER);
	assert_int_equal(ept_perm_to_bits(&fmt, EPT_PERM_RWX), EPT_RWX_MASK | EPT_EXEC_USER);
	assert_int_equal(ept_bits_to_perm(&fmt, EPT_EXEC_USER), EPT_PERM_XU);
	assert_int_equal(ept_bits_to_perm(&fmt, EPT_EXEC), EPT_PERM_XS);
	assert_int_equal(ept_bits_to_perm(&fmt, EPT_RWX_MASK | EPT_EXEC_USER), EPT_PERM_RWX);
	/* An XU-only entry is present under MBEC. */
	assert_true(ept_is_present(&fmt, EPT_EXEC_USER));
	assert_false(ept_is_present(&fmt, 0));
}

static void test_make_leaf(void **state)
{
	u64 e;

	(void)state;
	ept_format_init(&fmt, true, true, true);
	e = ept_make_leaf(&fmt, 0x12345000, EPT_PERM_R | EPT_PERM_XU, EPT_MT_WB, 1);
	assert_int_equal(leaf_addr(e), 0x12345000);
	assert_int_equal(leaf_memtype(e), EPT_MT_WB);
	assert_int_equal(e & (EPT_RWX_MASK | EPT_EXEC_USER), EPT_READ | EPT_EXEC_USER);
	assert_false(e & EPT_LARGE);
	assert_false(e & EPT_IGNORE_PAT);
	e = ept_make_leaf(&fmt, 0x40000000, EPT_PERM_RWX, EPT_MT_UC, 3);
	assert_true(e & EPT_LARGE);
	assert_int_equal(leaf_memtype(e), EPT_MT_UC);
	assert_int_equal(leaf_addr(e), 0x40000000);
	e = ept_make_leaf(&fmt, 0x200000, EPT_PERM_R, EPT_MT_WC, 2);
	assert_true(e & EPT_LARGE);
	assert_int_equal(leaf_memtype(e), EPT_MT_WC);

	/* Without MBEC a user-execute leaf gets bit 2, not bit 10. */
	ept_format_init(&fmt, false, true, true);
	e = ept_make_leaf(&fmt, 0x1000, EPT_PERM_XU, EPT_MT_WB, 1);
	assert_int_equal(e & (EPT_RWX_MASK | EPT_EXEC_USER), EPT_EXEC);
}

static void test_map_leaf_sizes(void **state)
{
	(void)state;
	make_ept(false, true, true);
	/* 1 GiB aligned on both sides: one 1 GiB leaf. */
	assert_int_equal(ept_map_range(&ept, SZ_1G, 2 * SZ_1G, SZ_1G, EPT_PERM_RWX, EPT_MT_WB), 0);
	expect_leaf(SZ_1G, 3, 2 * SZ_1G);
	expect_leaf(SZ_1G + 0x3ffff000, 3, 2 * SZ_1G + 0x3ffff000);
	/* 2 MiB + 4 KiB at a 2 MiB boundary: one 2 MiB and one 4 KiB leaf. */
	assert_int_equal(ept_map_range(&ept, 0x200000, 0x600000, SZ_2M + PAGE_SIZE, EPT_PERM_R,
				       EPT_MT_WB),
			 0);
	expect_leaf(0x200000, 2, 0x600000);
	expect_leaf(0x3ff000, 2, 0x7ff000);
	expect_leaf(0x400000, 1, 0x800000);
	assert_null(lookup(0x401000));
	/* gpa 2 MiB aligned but hpa not: only 4 KiB leaves. */
	assert_int_equal(ept_map_range(&ept, 0x800000, 0x1001000, SZ_2M, EPT_PERM_R, EPT_MT_WB), 0);
	expect_leaf(0x800000, 1, 0x1001000);
	expect_leaf(0x9ff000, 1, 0x1200000);
	/* A range that starts unaligned grows into large leaves once aligned. */
	assert_int_equal(ept_map_range(&ept, 0x3ff000 + 4 * SZ_1G, 0x3ff000 + 4 * SZ_1G,
				       PAGE_SIZE + SZ_2M, EPT_PERM_R, EPT_MT_WB),
			 0);
	expect_leaf(0x3ff000 + 4 * SZ_1G, 1, 0x3ff000 + 4 * SZ_1G);
	expect_leaf(0x400000 + 4 * SZ_1G, 2, 0x400000 + 4 * SZ_1G);
}

static void test_map_respects_page_sizes(void **state)
{
	(void)state;
	/* No 1 GiB pages: a 1 GiB range becomes 512 2 MiB leaves. */
	make_ept(false, true, false);
	assert_int_equal(ept_map_range(&ept, 0, 0, SZ_1G, EPT_PERM_RWX, EPT_MT_WB), 0);
	expect_leaf(0, 2, 0);
	expect_leaf(SZ_1G - PAGE_SIZE, 2, SZ_1G - PAGE_SIZE);
	pool_reset(NULL);
	/* No large pages at all: 4 KiB leaves only. */
	make_ept(false, false, false);
	assert_int_equal(ept_map_range(&ept, 0, 0, SZ_2M, EPT_PERM_RWX, EPT_MT_WB), 0);
	expect_leaf(0, 1, 0);
	expect_leaf(SZ_2M - PAGE_SIZE, 1, SZ_2M - PAGE_SIZE);
}

static void test_map_invalid(void **state)
{
	(void)state;
	make_ept(false, true, true);
	assert_int_equal(ept_map_range(&ept, 0x800, 0, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, 0x800, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), -EINVAL);
	assert_int_equal(ept_map_range(&ept, 0, 0, 0x800, EPT_PERM_R, EPT_MT_WB), -EINVAL);
	assert_null(lookup(0));
}

/* Split a 2 MiB XU leaf: the 511 untouched pages keep every bit. */
static void test_split_2m_keeps_bits(void **state)
{
	u64 e;
	int i;

	(void)state;
	make_ept(true, true, true);
	assert_int_equal(ept_map_range(&ept, 0x200000, 0x10200000, SZ_2M,
				       EPT_PERM_R | EPT_PERM_XS | EPT_PERM_XU, EPT_MT_WT),
			 0);
	expect_leaf(0x200000, 2, 0x10200000);
	assert_int_equal(ept_map_range(&ept, 0x300000, 0x20000000, PAGE_SIZE,
				       EPT_PERM_R | EPT_PERM_W, EPT_MT_UC),
			 0);
	e = expect_leaf(0x300000, 1, 0x20000000);
	assert_int_equal(e & fmt.perm_mask, EPT_READ | EPT_WRITE);
	assert_int_equal(leaf_memtype(e), EPT_MT_UC);
	for (i = 0; i < 512; i++) {
		gpa_t gpa = 0x200000 + (u64)i * PAGE_SIZE;

		if (gpa == 0x300000)
			continue;
		e = expect_leaf(gpa, 1, 0x10200000 + (u64)i * PAGE_SIZE);
		assert_int_equal(e & fmt.perm_mask, EPT_READ | EPT_EXEC | EPT_EXEC_USER);
		assert_int_equal(leaf_memtype(e), EPT_MT_WT);
	}
}

/* Split a 1 GiB leaf twice down: the far pages stay 2 MiB with the same bits. */
static void test_split_1g_keeps_bits(void **state)
{
	u64 e;

	(void)state;
	make_ept(true, true, true);
	assert_int_equal(ept_map_range(&ept, 0, SZ_1G, SZ_1G, EPT_PERM_XU, EPT_MT_WB), 0);
	e = expect_leaf(0, 3, SZ_1G);
	assert_int_equal(e & fmt.perm_mask, EPT_EXEC_USER);
	assert_int_equal(ept_map_range(&ept, 0x5000, 0x5000, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), 0);
	expect_leaf(0x5000, 1, 0x5000);
	e = expect_leaf(0x4000, 1, SZ_1G + 0x4000);
	assert_int_equal(e & fmt.perm_mask, EPT_EXEC_USER);
	assert_int_equal(leaf_memtype(e), EPT_MT_WB);
	e = expect_leaf(0x200000, 2, SZ_1G + 0x200000);
	assert_int_equal(e & fmt.perm_mask, EPT_EXEC_USER);
	e = expect_leaf(SZ_1G - PAGE_SIZE, 2, 2 * SZ_1G - PAGE_SIZE);
	assert_int_equal(e & fmt.perm_mask, EPT_EXEC_USER);
	assert_int_equal(leaf_memtype(e), EPT_MT_WB);
}

static void test_unmap(void **state)
{
	(void)state;
	make_ept(false, true, true);
	assert_int_equal(ept_map_range(&ept, 0, 0, SZ_2M, EPT_PERM_RWX, EPT_MT_WB), 0);
	assert_int_equal(ept_unmap_range(&ept, 0x1000, PAGE_SIZE), 0);
	assert_null(lookup(0x1000));
	expect_leaf(0x0, 1, 0x0);
	expect_leaf(0x2000, 1, 0x2000);
	expect_leaf(0x1ff000, 1, 0x1ff000);
	/* Unmap the rest, and something never mapped. */
	assert_int_equal(ept_unmap_range(&ept, 0, SZ_2M), 0);
	assert_null(lookup(0));
	assert_null(lookup(0x1ff000));
	assert_int_equal(ept_unmap_range(&ept, 5 * SZ_1G, SZ_2M), 0);
	/* Remap after unmap works. */
	assert_int_equal(ept_map_range(&ept, 0, 0x40000000, SZ_2M, EPT_PERM_R, EPT_MT_WB), 0);
	expect_leaf(0x1000, 2, 0x40001000);
}

static void test_unmap_whole_large_leaf(void **state)
{
	(void)state;
	make_ept(false, true, true);
	assert_int_equal(ept_map_range(&ept, SZ_1G, SZ_1G, SZ_1G, EPT_PERM_RWX, EPT_MT_WB), 0);
	assert_int_equal(ept_unmap_range(&ept, SZ_1G, SZ_1G), 0);
	assert_null(lookup(SZ_1G));
	assert_null(lookup(2 * SZ_1G - PAGE_SIZE));
}

static void test_lookup_empty(void **state)
{
	(void)state;
	make_ept(false, true, true);
	assert_null(lookup(0));
	assert_null(lookup(0xfffff000ULL));
	assert_int_equal(ept_map_range(&ept, 0x7000, 0x9000, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), 0);
	assert_non_null(lookup(0x7fff));
}

static void test_table_pages_and_enomem(void **state)
{
	(void)state;
	make_ept(false, true, true);
	/* One 4 KiB page needs PDPT, PD and PT below the root. */
	assert_int_equal(ept_map_range(&ept, 0x1000, 0x1000, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), 0);
	assert_int_equal(ept.table_pages, 4);
	assert_int_equal(ept_map_range(&ept, 0x2000, 0x2000, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB), 0);
	assert_int_equal(ept.table_pages, 4);
	/* Out of memory part-way: -ENOMEM. */
	pool.fail_after = pool.count;
	assert_int_equal(ept_map_range(&ept, 7 * SZ_1G, 0, PAGE_SIZE, EPT_PERM_R, EPT_MT_WB),
			 -ENOMEM);
	pool.fail_after = 0;
}

static void test_init_fails_without_memory(void **state)
{
	static struct pool none;

	(void)state;
	ept_format_init(&fmt, false, true, true);
	none.count = POOL_MAX; /* pool_alloc refuses */
	assert_int_equal(ept_init(&ept, &fmt, pool_alloc, NULL, &none), -ENOMEM);
}

static void test_eptp(void **state)
{
	u64 eptp;

	(void)state;
	make_ept(false, true, true);
	eptp = ept_eptp(&ept);
	assert_int_equal(eptp & GENMASK_ULL(2, 0), EPT_MT_WB);    /* paging-structure type */
	assert_int_equal(FIELD_GET(GENMASK_ULL(5, 3), eptp), 3);  /* walk length - 1 */
	assert_false(eptp & BIT_ULL(6));                          /* A/D flags off */
	assert_int_equal(eptp & EPT_ADDR_MASK, (u64)(uintptr_t)ept.root);
}

#define T(f) cmocka_unit_test_setup_teardown(f, pool_reset, pool_reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_format_masks),
		T(test_perm_bits_without_mbec),
		T(test_perm_bits_with_mbec),
		T(test_make_leaf),
		T(test_map_leaf_sizes),
		T(test_map_respects_page_sizes),
		T(test_map_invalid),
		T(test_split_2m_keeps_bits),
		T(test_split_1g_keeps_bits),
		T(test_unmap),
		T(test_unmap_whole_large_leaf),
		T(test_lookup_empty),
		T(test_table_pages_and_enomem),
		T(test_init_fails_without_memory),
		T(test_eptp),
	};

	return RUN_TESTS(tests);
}
