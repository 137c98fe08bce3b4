// SPDX-License-Identifier: MIT
/*
 * Unit tests of the MMIO trap cache: MMIO-entry encoding (mm/ept_mmio.h) and
 * the region registry (vmm/mmio_registry.c).
 */
#include "tests/unit/unit.h"
#include "lib/errno.h"
#include "mm/ept_mmio.h"
#include "vmm/mmio_registry.h"

static u64 dummy_read(void *opaque, gpa_t gpa, unsigned int size) { return 0; }
static void dummy_write(void *opaque, gpa_t gpa, unsigned int size, u64 v) {}
static const struct mmio_ops ops = { dummy_read, dummy_write };

/* Every index and generation round-trips, and the entry is W=1 R=0 X=0 XU=0. */
static void test_entry_encoding(void **state)
{
	for (u32 i = 0; i < MMIO_REGION_MAX; i++) {
		for (u32 g = 0; g < MMIO_GEN_COUNT; g++) {
			u64 e = mmio_make_entry(i, g);

			assert_true(mmio_is_entry(e));
			assert_int_equal(mmio_entry_index(e), i);
			assert_int_equal(mmio_entry_gen(e), g);
			assert_int_equal(e & (EPT_RWX_MASK | EPT_EXEC_USER), EPT_WRITE);
			assert_int_equal(e & (EPT_ADDR_MASK | EPT_MEMTYPE_MASK), 0);
		}
	}
}

/* Present RAM entries, XU-only and empty entries are not MMIO entries. */
static void test_is_entry_rejects_others(void **state)
{
	assert_false(mmio_is_entry(0));
	assert_false(mmio_is_entry(EPT_READ | EPT_WRITE));
	assert_false(mmio_is_entry(EPT_WRITE | EPT_EXEC));
	assert_false(mmio_is_entry(EPT_WRITE | EPT_EXEC_USER)); /* XU makes it a different entry */
	assert_false(mmio_is_entry(EPT_EXEC_USER));
	assert_true(mmio_is_entry(EPT_WRITE | (6ULL << 3)));
}

static void test_register_find_and_bump(void **state)
{
	struct mmio_registry reg;
	bool zap = true;
	int a, b;

	mmio_registry_init(&reg);
	a = mmio_register(&reg, 0xfe000000, 0x2000, "a", &ops, NULL, &zap);
	assert_int_equal(a, 0);
	assert_false(zap);
	assert_int_equal(reg.generation, 1);
	b = mmio_register(&reg, 0xfe100000, 0x1000, "b", &ops, NULL, &zap);
	assert_int_equal(b, 1);
	assert_int_equal(mmio_find(&reg, 0xfe001fff), a);
	assert_int_equal(mmio_find(&reg, 0xfe100000), b);
	assert_int_equal(mmio_find(&reg, 0xfe002000), -ENOENT);
	assert_int_equal(mmio_register(&reg, 0xfe001000, 0x1000, "c", &ops, NULL, &zap), -EEXIST);
	assert_int_equal(mmio_register(&reg, 0xfe200001, 0x1000, "d", &ops, NULL, &zap), -EINVAL);
	assert_int_equal(mmio_register(&reg, 0xfe200000, 0, "d", &ops, NULL, &zap), -EINVAL);
}

static void test_fast_stale_none(void **state)
{
	struct mmio_registry reg;
	bool zap;
	u32 idx = 99;
	int a;
	u64 e;

	mmio_registry_init(&reg);
	a = mmio_register(&reg, 0xfe000000, 0x1000, "a", &ops, NULL, &zap);
	e = mmio_make_entry((u32)a, reg.generation);
	assert_int_equal(mmio_check_entry(&reg, e, 0xfe000010, &idx), MMIO_HIT_FAST);
	assert_int_equal(idx, (u32)a);
	/* Adding another region bumps the generation: the old entry is stale. */
	mmio_register(&reg, 0xfe100000, 0x1000, "b", &ops, NULL, &zap);
	assert_int_equal(mmio_check_entry(&reg, e, 0xfe000010, &idx), MMIO_HIT_STALE);
	/* Rebuilt at the new generation it is fast again; after a move it is stale. */
	e = mmio_make_entry((u32)a, reg.generation);
	assert_int_equal(mmio_check_entry(&reg, e, 0xfe000010, &idx), MMIO_HIT_FAST);
	assert_int_equal(mmio_move(&reg, (u32)a, 0xfe200000, &zap), 0);
	assert_int_equal(mmio_check_entry(&reg, e, 0xfe000010, &idx), MMIO_HIT_STALE);
	assert_int_equal(mmio_find(&reg, 0xfe200000), a);
	/* A RAM entry is no MMIO entry. */
	assert_int_equal(mmio_check_entry(&reg, EPT_READ | EPT_WRITE, 0xfe000010, &idx), MMIO_HIT_NONE);
}

/* Same generation, but the region was removed: the entry must not dispatch to it. */
static void test_removed_region_is_stale(void **state)
{
	struct mmio_registry reg;
	bool zap;
	u32 idx;
	int a;

	mmio_registry_init(&reg);
	a = mmio_register(&reg, 0xfe000000, 0x1000, "a", &ops, NULL, &zap);
	reg.generation = 5; /* pretend: an entry of generation 5 naming region a ... */
	assert_int_equal(mmio_unregister(&reg, (u32)a, &zap), 0);
	reg.generation = 5; /* ... checked after the removal at the same generation */
	assert_int_equal(mmio_check_entry(&reg, mmio_make_entry((u32)a, 5), 0xfe000000, &idx),
			 MMIO_HIT_STALE);
	assert_int_equal(mmio_unregister(&reg, (u32)a, &zap), -EINVAL);
}

/* The generation wraps after MMIO_GEN_COUNT bumps and asks for a full zap. */
static void test_generation_wrap(void **state)
{
	struct mmio_registry reg;
	bool zap = false;
	u32 bumps = 0;
	int a;

	mmio_registry_init(&reg);
	a = mmio_register(&reg, 0xfe000000, 0x1000, "a", &ops, NULL, &zap);
	bumps++;
	while (!zap) {
		assert_int_equal(mmio_move(&reg, (u32)a, 0xfe000000 + (bumps % 2) * 0x1000, &zap), 0);
		bumps++;
	}
	assert_int_equal(bumps, MMIO_GEN_COUNT);
	assert_int_equal(reg.generation, 0);
	assert_int_equal(reg.wraps, 1);
}

static void test_registry_full(void **state)
{
	struct mmio_registry reg;
	bool zap;

	mmio_registry_init(&reg);
	for (u32 i = 0; i < MMIO_REGION_MAX; i++)
		assert_int_equal(mmio_register(&reg, 0x100000000ULL + i * 0x1000, 0x1000, "r",
					       &ops, NULL, &zap), (int)i);
	assert_int_equal(mmio_register(&reg, 0x200000000ULL, 0x1000, "r", &ops, NULL, &zap),
			 -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_encoding),
		cmocka_unit_test(test_is_entry_rejects_others),
		cmocka_unit_test(test_register_find_and_bump),
		cmocka_unit_test(test_fast_stale_none),
		cmocka_unit_test(test_removed_region_is_stale),
		cmocka_unit_test(test_generation_wrap),
		cmocka_unit_test(test_registry_full),
	};

	return RUN_TESTS(tests);
}
