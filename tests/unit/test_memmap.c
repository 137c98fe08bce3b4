// SPDX-License-Identifier: MIT
/*
 * Tests of mm/memmap.c: sorting, overlap resolution (higher type wins),
 * merging, clamping at the top of the address space, set_type splits,
 * find_free's alignment and limit, top, type_at, range_is, and a full table.
 * After every normalize the map is checked for the invariants: sorted,
 * disjoint, no empty range, no touching neighbours of the same type.
 */
#include "unit.h"
#include "mm/memmap.h"
#include "lib/errno.h"

static struct memmap m;

static int setup(void **state)
{
	(void)state;
	memset(&m, 0, sizeof(m));
	return 0;
}

static void check_invariants(const struct memmap *map)
{
	u32 i;

	assert_true(map->count <= MEMMAP_MAX);
	for (i = 0; i < map->count; i++) {
		assert_true(map->r[i].size > 0);
		assert_true(map->r[i].type != 0);
		assert_true(map->r[i].base + map->r[i].size >= map->r[i].base);
		if (i) {
			const struct mem_range *a = &map->r[i - 1], *b = &map->r[i];

			assert_true(a->base + a->size <= b->base);
			assert_false(a->base + a->size == b->base && a->type == b->type);
		}
	}
}

static void expect_range(u32 i, u64 base, u64 size, u32 type)
{
	assert_true(i < m.count);
	assert_int_equal(m.r[i].base, base);
	assert_int_equal(m.r[i].size, size);
	assert_int_equal(m.r[i].type, type);
}

static void normalize_ok(void)
{
	assert_int_equal(memmap_normalize(&m), 0);
	check_invariants(&m);
}

static void test_sort_merge(void **state)
{
	(void)state;
	assert_int_equal(memmap_add(&m, 0x100000, 0x100000, MEM_USABLE), 0);
	assert_int_equal(memmap_add(&m, 0, 0x9f000, MEM_USABLE), 0);
	assert_int_equal(memmap_add(&m, 0x200000, 0x100000, MEM_USABLE), 0);
	assert_int_equal(memmap_add(&m, 0x9f000, 0x61000, MEM_RESERVED), 0);
	assert_int_equal(memmap_add(&m, 0x500000, 0, MEM_USABLE), 0); /* empty: dropped */
	normalize_ok();
	assert_int_equal(m.count, 3);
	expect_range(0, 0, 0x9f000, MEM_USABLE);
	expect_range(1, 0x9f000, 0x61000, MEM_RESERVED);
	expect_range(2, 0x100000, 0x200000, MEM_USABLE);
	/* Normalizing twice changes nothing. */
	normalize_ok();
	assert_int_equal(m.count, 3);
}

static void test_overlap_higher_wins(void **state)
{
	(void)state;
	/* Reserved hole in the middle of usable memory splits it. */
	memmap_add(&m, 0, 0x10000, MEM_USABLE);
	memmap_add(&m, 0x4000, 0x1000, MEM_ACPI);
	normalize_ok();
	assert_int_equal(m.count, 3);
	expect_range(0, 0, 0x4000, MEM_USABLE);
	expect_range(1, 0x4000, 0x1000, MEM_ACPI);
	expect_range(2, 0x5000, 0xb000, MEM_USABLE);

	/* A lower type starting inside a higher one loses the overlap. */
	setup(NULL);
	memmap_add(&m, 0x1000, 0x2000, MEM_NVS);
	memmap_add(&m, 0x2000, 0x3000, MEM_USABLE);
	normalize_ok();
	assert_int_equal(m.count, 2);
	expect_range(0, 0x1000, 0x2000, MEM_NVS);
	expect_range(1, 0x3000, 0x2000, MEM_USABLE);

	/* Same base, different types; the lower one fully covered vanishes. */
	setup(NULL);
	memmap_add(&m, 0x1000, 0x1000, MEM_USABLE);
	memmap_add(&m, 0x1000, 0x1000, MEM_HV);
	normalize_ok();
	assert_int_equal(m.count, 1);
	expect_range(0, 0x1000, 0x1000, MEM_HV);

	/* Overlapping ranges of one type merge. */
	setup(NULL);
	memmap_add(&m, 0x1000, 0x3000, MEM_USABLE);
	memmap_add(&m, 0x2000, 0x4000, MEM_USABLE);
	memmap_add(&m, 0x1800, 0x100, MEM_USABLE);
	normalize_ok();
	assert_int_equal(m.count, 1);
	expect_range(0, 0x1000, 0x5000, MEM_USABLE);
}

static void test_overlap_chain(void **state)
{
	(void)state;
	/* Three layers: usable under reserved under hv, with a tail on each. */
	memmap_add(&m, 0, 0x10000, MEM_USABLE);
	memmap_add(&m, 0x2000, 0x6000, MEM_RESERVED);
	memmap_add(&m, 0x3000, 0x1000, MEM_HV);
	memmap_add(&m, 0x7000, 0x2000, MEM_HV);
	normalize_ok();
	assert_int_equal(m.count, 6);
	expect_range(0, 0, 0x2000, MEM_USABLE);
	expect_range(1, 0x2000, 0x1000, MEM_RESERVED);
	expect_range(2, 0x3000, 0x1000, MEM_HV);
	expect_range(3, 0x4000, 0x3000, MEM_RESERVED);
	expect_range(4, 0x7000, 0x2000, MEM_HV);
	expect_range(5, 0x9000, 0x7000, MEM_USABLE);
}

static void test_typeless_dropped(void **state)
{
	(void)state;
	memmap_add(&m, 0x1000, 0x1000, 0);
	memmap_add(&m, 0x3000, 0x1000, MEM_USABLE);
	normalize_ok();
	assert_int_equal(m.count, 1);
	expect_range(0, 0x3000, 0x1000, MEM_USABLE);
}

static void test_top_clamp(void **state)
{
	(void)state;
	/* base + size wraps: clamped to end at 2^64 - 1. */
	assert_int_equal(memmap_add(&m, 0xfffffffffffff000ULL, 0x2000, MEM_RESERVED), 0);
	expect_range(0, 0xfffffffffffff000ULL, 0xfff, MEM_RESERVED);
	memmap_add(&m, 0, ~0ULL, MEM_USABLE);
	normalize_ok();
	assert_int_equal(m.count, 2);
	expect_range(0, 0, 0xfffffffffffff000ULL, MEM_USABLE);
	expect_range(1, 0xfffffffffffff000ULL, 0xfff, MEM_RESERVED);
	assert_int_equal(memmap_top(&m), ~0ULL);
	assert_int_equal(memmap_type_at(&m, ~0ULL - 1), MEM_RESERVED);
	assert_int_equal(memmap_type_at(&m, ~0ULL), 0);

	/* Entries written directly with a wrapping size are clamped by normalize. */
	setup(NULL);
	m.r[0] = (struct mem_range){ ~0ULL - 0x10, 0x100, MEM_USABLE };
	m.count = 1;
	normalize_ok();
	expect_range(0, ~0ULL - 0x10, 0x10, MEM_USABLE);
	assert_int_equal(memmap_set_type(&m, ~0ULL - 8, 0x100, MEM_HV), 0);
	check_invariants(&m);
	expect_range(0, ~0ULL - 0x10, 0x8, MEM_USABLE);
	expect_range(1, ~0ULL - 8, 0x8, MEM_HV);
}

static void test_set_type_split(void **state)
{
	(void)state;
	memmap_add(&m, 0x100000, 0x1000000, MEM_USABLE);
	/* hv marks its image in the middle: usable is split in two. */
	assert_int_equal(memmap_set_type(&m, 0x400000, 0x200000, MEM_HV), 0);
	check_invariants(&m);
	assert_int_equal(m.count, 3);
	expect_range(0, 0x100000, 0x300000, MEM_USABLE);
	expect_range(1, 0x400000, 0x200000, MEM_HV);
	expect_range(2, 0x600000, 0xb00000, MEM_USABLE);
	/* set_type can lower a type too (unlike normalize's rule). */
	assert_int_equal(memmap_set_type(&m, 0x500000, 0x100000, MEM_USABLE), 0);
	check_invariants(&m);
	assert_int_equal(m.count, 3);
	expect_range(1, 0x400000, 0x100000, MEM_HV);
	expect_range(2, 0x500000, 0xc00000, MEM_USABLE);
	/* Covering several ranges at once, past the end of the map. */
	assert_int_equal(memmap_set_type(&m, 0x200000, 0x2000000, MEM_RESERVED), 0);
	check_invariants(&m);
	assert_int_equal(m.count, 2);
	expect_range(0, 0x100000, 0x100000, MEM_USABLE);
	expect_range(1, 0x200000, 0x2000000, MEM_RESERVED);
	/* Type 0 punches a hole. */
	assert_int_equal(memmap_set_type(&m, 0x300000, 0x100000, 0), 0);
	check_invariants(&m);
	assert_int_equal(m.count, 3);
	assert_int_equal(memmap_type_at(&m, 0x300000), 0);
	/* Size 0 only normalizes. */
	assert_int_equal(memmap_set_type(&m, 0x300000, 0, MEM_HV), 0);
	assert_int_equal(m.count, 3);
}

static void test_find_free(void **state)
{
	(void)state;
	memmap_add(&m, 0x1000, 0x9e000, MEM_USABLE);      /* low memory */
	memmap_add(&m, 0x100000, 0x3ff00000, MEM_USABLE); /* 1 MiB .. 1 GiB */
	memmap_add(&m, 0x3fe00000, 0x100000, MEM_HV);     /* busy just below 1 GiB */
	memmap_add(&m, 0x100000000ULL, 0x40000000, MEM_USABLE);
	normalize_ok();

	/* Highest fit below 4 GiB, 2 MiB aligned, avoiding the hv range. */
	assert_int_equal(memmap_find_free(&m, 0x200000, SZ_2M, SZ_4G), 0x3fc00000);
	/* A small request fits in the 1 MiB above the hv range... */
	assert_int_equal(memmap_find_free(&m, 0x1000, 1, SZ_4G), 0x3ffff000);
	/* ...a 2 MiB one lands right below it, unaligned if allowed. */
	assert_int_equal(memmap_find_free(&m, 0x200000, 1, SZ_4G), 0x3fc00000);
	assert_int_equal(memmap_find_free(&m, 0x100001, 1, SZ_4G), 0x3fcfffff);
	/* No limit: the range above 4 GiB. */
	assert_int_equal(memmap_find_free(&m, 0x1000, PAGE_SIZE, ~0ULL), 0x13ffff000ULL);
	/* Limit inside a range, and below 1 MiB. */
	assert_int_equal(memmap_find_free(&m, 0x1000, PAGE_SIZE, 0x50000), 0x4f000);
	assert_int_equal(memmap_find_free(&m, 0x10000, 0x10000, 0x100000), 0x80000);
	/* Too big anywhere, size 0, bad alignment: 0. */
	assert_int_equal(memmap_find_free(&m, 0x80000000ULL, PAGE_SIZE, ~0ULL), 0);
	assert_int_equal(memmap_find_free(&m, 0, PAGE_SIZE, ~0ULL), 0);
	assert_int_equal(memmap_find_free(&m, 0x1000, 0x3000, ~0ULL), 0);
	/* Alignment 0 means 1. */
	assert_int_equal(memmap_find_free(&m, 0x10, 0, 0x1010), 0x1000);
	/* Fits only below the limit's start of range: nothing. */
	assert_int_equal(memmap_find_free(&m, 0x2000, PAGE_SIZE, 0x2000), 0);
}

static void test_type_at_and_range_is(void **state)
{
	(void)state;
	memmap_add(&m, 0, 0x1000, MEM_RESERVED);
	memmap_add(&m, 0x1000, 0x9f000, MEM_USABLE);
	memmap_add(&m, 0x100000, 0x100000, MEM_USABLE);
	memmap_add(&m, 0x200000, 0x100000, MEM_ACPI);
	normalize_ok();
	assert_int_equal(memmap_type_at(&m, 0), MEM_RESERVED);
	assert_int_equal(memmap_type_at(&m, 0x1000), MEM_USABLE);
	assert_int_equal(memmap_type_at(&m, 0xa0000), 0);
	assert_int_equal(memmap_type_at(&m, 0x2fffff), MEM_ACPI);
	assert_int_equal(memmap_type_at(&m, 0x300000), 0);
	assert_true(memmap_range_is(&m, 0x1000, 0x9f000, MEM_USABLE));
	assert_true(memmap_range_is(&m, 0x180000, 0x80000, MEM_USABLE));
	assert_false(memmap_range_is(&m, 0x180000, 0x80001, MEM_USABLE));
	assert_false(memmap_range_is(&m, 0x90000, 0x80000, MEM_USABLE)); /* crosses the hole */
	assert_false(memmap_range_is(&m, 0x0, 0x2000, MEM_USABLE));
	assert_false(memmap_range_is(&m, 0x1000, 0, MEM_USABLE));
	assert_false(memmap_range_is(&m, ~0ULL - 5, 0x10, MEM_USABLE));
	assert_int_equal(memmap_top(&m), 0x300000);

	/* Touching entries of one type (not merged yet) still count as one run. */
	setup(NULL);
	memmap_add(&m, 0x1000, 0x1000, MEM_USABLE);
	memmap_add(&m, 0x2000, 0x1000, MEM_USABLE);
	assert_true(memmap_range_is(&m, 0x1800, 0x1000, MEM_USABLE));
	/* Unnormalized overlap: type_at answers what normalize would leave. */
	memmap_add(&m, 0x2000, 0x100, MEM_NVS);
	assert_int_equal(memmap_type_at(&m, 0x2000), MEM_NVS);
	assert_false(memmap_range_is(&m, 0x2000, 0x100, MEM_USABLE));
}

static void test_empty_map(void **state)
{
	(void)state;
	normalize_ok();
	assert_int_equal(m.count, 0);
	assert_int_equal(memmap_top(&m), 0);
	assert_int_equal(memmap_type_at(&m, 0), 0);
	assert_int_equal(memmap_find_free(&m, 0x1000, 0x1000, ~0ULL), 0);
	assert_false(memmap_range_is(&m, 0, 0x1000, MEM_USABLE));
}

static void test_full_table(void **state)
{
	u32 i;

	(void)state;
	for (i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(&m, (u64)i * 0x2000, 0x1000, MEM_USABLE), 0);
	assert_int_equal(memmap_add(&m, 0x10000000, 0x1000, MEM_USABLE), -ENOSPC);
	normalize_ok();
	assert_int_equal(m.count, MEMMAP_MAX);
	/* Splitting one more range in two needs a slot that is not there. */
	assert_int_equal(memmap_set_type(&m, 0x0, 0x800, MEM_HV), -ENOSPC);

	/* A usable range cut by MEMMAP_MAX reserved holes cannot fit either. */
	setup(NULL);
	memmap_add(&m, 0, 0x10000000, MEM_USABLE);
	for (i = 0; i < MEMMAP_MAX - 1; i++)
		memmap_add(&m, 0x1000 + (u64)i * 0x2000, 0x1000, MEM_RESERVED);
	assert_int_equal(memmap_normalize(&m), -ENOSPC);
	assert_true(m.count <= MEMMAP_MAX);

	/* Merging frees room: 512 touching ranges become one. */
	setup(NULL);
	for (i = 0; i < MEMMAP_MAX; i++)
		memmap_add(&m, (u64)(MEMMAP_MAX - 1 - i) * 0x1000, 0x1000, MEM_USABLE);
	normalize_ok();
	assert_int_equal(m.count, 1);
	expect_range(0, 0, (u64)MEMMAP_MAX * 0x1000, MEM_USABLE);
}

/* Random maps against a byte-per-page reference model of "higher type wins". */
static void test_random_against_model(void **state)
{
	enum { PAGES = 256 };
	static u32 model[PAGES];
	unsigned int seed = 12345, round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		u32 n = 1 + rand_r(&seed) % 40, i, p;

		setup(NULL);
		memset(model, 0, sizeof(model));
		for (i = 0; i < n; i++) {
			u32 base = rand_r(&seed) % PAGES, size = rand_r(&seed) % (PAGES - base + 1);
			static const u32 types[] = { MEM_USABLE, MEM_RESERVED, MEM_ACPI, MEM_NVS, MEM_HV };
			u32 type = types[rand_r(&seed) % ARRAY_SIZE(types)];

			memmap_add(&m, (u64)base * 0x1000, (u64)size * 0x1000, type);
			for (p = base; p < base + size; p++)
				model[p] = MAX(model[p], type);
		}
		if (rand_r(&seed) % 2) {
			u32 base = rand_r(&seed) % PAGES, size = rand_r(&seed) % (PAGES - base + 1);
			u32 type = rand_r(&seed) % 3 ? MEM_HV : 0;

			assert_int_equal(memmap_set_type(&m, (u64)base * 0x1000, (u64)size * 0x1000, type), 0);
			for (p = base; p < base + size; p++)
				model[p] = type;
		}
		normalize_ok();
		for (p = 0; p < PAGES; p++) {
			assert_int_equal(memmap_type_at(&m, (u64)p * 0x1000 + 0x800), model[p]);
			/* The binary search agrees at both ends of every page. */
			assert_int_equal(memmap_type_at_sorted(&m, (u64)p * 0x1000), model[p]);
			assert_int_equal(memmap_type_at_sorted(&m, (u64)p * 0x1000 + 0xfff), model[p]);
		}
		assert_int_equal(memmap_type_at_sorted(&m, (u64)PAGES * 0x1000), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_sort_merge, setup),
		cmocka_unit_test_setup(test_overlap_higher_wins, setup),
		cmocka_unit_test_setup(test_overlap_chain, setup),
		cmocka_unit_test_setup(test_typeless_dropped, setup),
		cmocka_unit_test_setup(test_top_clamp, setup),
		cmocka_unit_test_setup(test_set_type_split, setup),
		cmocka_unit_test_setup(test_find_free, setup),
		cmocka_unit_test_setup(test_type_at_and_range_is, setup),
		cmocka_unit_test_setup(test_empty_map, setup),
		cmocka_unit_test_setup(test_full_table, setup),
		cmocka_unit_test_setup(test_random_against_model, setup),
	};

	return RUN_TESTS(tests);
}
