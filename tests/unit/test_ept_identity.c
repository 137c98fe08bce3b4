// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/ept_identity.c: the guest's identity map takes its
 * memory types from the MTRRs (or the memory map without them), leaves hv
 * memory unmapped and uses the largest pages each uniformly typed range allows.
 */
#include "tests/unit/unit.h"
#include "mm/ept_identity.h"

/* Table pages come from a static pool, reset for every test (no leaks to track). */
static u8 pool[512][4096] __attribute__((aligned(4096)));
static unsigned int pool_used;

static void *alloc_page(void *ctx)
{
	if (pool_used == 512)
		return NULL;
	memset(pool[pool_used], 0, 4096);
	return pool[pool_used++];
}

static struct ept e;
static struct memmap m;

static void setup_map(bool page_1g)
{
	struct ept_format f;

	pool_used = 0;
	ept_format_init(&f, true, true, page_1g);
	assert_int_equal(ept_init(&e, &f, alloc_page, NULL, NULL), 0);
	memset(&m, 0, sizeof(m));
	memmap_add(&m, 0, 0x9f000, MEM_USABLE);
	memmap_add(&m, 0x100000, 0x7ff00000, MEM_USABLE); /* RAM up to 2 GiB */
	memmap_set_type(&m, 0x40000000, 0x2000000, MEM_HV); /* hv: 32 MiB at 1 GiB */
	memmap_add(&m, 0xfec00000, 0x1000, MEM_RESERVED);
	memmap_normalize(&m);
}

static u8 type_at(u64 gpa, int *level)
{
	u64 *leaf = ept_lookup(&e, gpa, level);

	assert_non_null(leaf);
	return (u8)FIELD_GET(EPT_MEMTYPE_MASK, *leaf);
}

/* Without MTRRs: RAM write-back, holes and reserved uncacheable, hv unmapped. */
static void test_memmap_typing(void **state)
{
	int level;

	setup_map(true);
	assert_int_equal(ept_build_identity(&e, &m, NULL, 0x100000000ULL), 0);
	assert_int_equal(type_at(0x1000, &level), EPT_MT_WB);
	assert_int_equal(type_at(0xa0000, &level), EPT_MT_UC);       /* legacy hole */
	assert_int_equal(type_at(0x7fffffff, &level), EPT_MT_WB);
	assert_int_equal(type_at(0x80000000, &level), EPT_MT_UC);    /* PCI hole */
	assert_int_equal(level, 3);                                   /* a 1 GiB leaf */
	assert_int_equal(type_at(0xc0000000, &level), EPT_MT_UC);
	assert_int_equal(level, 2);                                   /* the hole ends before 4 GiB */
	assert_null(ept_lookup(&e, 0x40000000, NULL));                 /* hv */
	assert_null(ept_lookup(&e, 0x41ffffff, NULL));
	assert_int_equal(type_at(0x42000000, &level), EPT_MT_WB);
	assert_int_equal(level, 2);                                   /* 2 MiB after the hole */
	assert_null(ept_lookup(&e, 0x100000000ULL, NULL));             /* beyond top */
}

static void add_var(struct mtrr_state *s, u64 base, u64 size, u8 type)
{
	u32 i = s->var_count++;

	s->var_base[i] = base | type;
	s->var_mask[i] = (~(size - 1) & ((1ULL << s->maxphyaddr) - 1)) | MTRR_PHYSMASK_VALID;
}

/* With MTRRs: every byte gets exactly the MTRR type, fixed ranges included. */
static void test_mtrr_typing(void **state)
{
	struct mtrr_state s;
	int level;

	setup_map(true);
	memset(&s, 0, sizeof(s));
	s.enabled = true;
	s.fixed_enabled = true;
	s.maxphyaddr = 39;
	s.default_type = MTRR_TYPE_UC;
	for (int i = 0; i < MTRR_FIXED_MSRS; i++)
		s.fixed[i] = 0x0606060606060606ULL;               /* WB ... */
	s.fixed[2] = 0x0000000000000000ULL;                       /* A0000-BFFFF UC (VGA) */
	s.fixed[3] = 0x0505050505050505ULL;                       /* C0000-C7FFF WP (option ROM) */
	add_var(&s, 0, 0x80000000, MTRR_TYPE_WB);                 /* RAM */
	add_var(&s, 0xe0000000, 0x10000000, MTRR_TYPE_WC);        /* a framebuffer */
	assert_int_equal(ept_build_identity(&e, &m, &s, 0x100000000ULL), 0);
	assert_int_equal(type_at(0x1000, &level), EPT_MT_WB);
	assert_int_equal(level, 1);                                   /* first MiB: 4 KiB pieces */
	assert_int_equal(type_at(0xa0000, &level), EPT_MT_UC);
	assert_int_equal(type_at(0xc0000, &level), EPT_MT_WP);
	assert_int_equal(type_at(0x200000, &level), EPT_MT_WB);
	assert_int_equal(level, 2);
	assert_int_equal(type_at(0xe0000000, &level), EPT_MT_WC);
	assert_int_equal(type_at(0xefffffff, &level), EPT_MT_WC);
	assert_int_equal(type_at(0xf0000000, &level), EPT_MT_UC);
	assert_null(ept_lookup(&e, 0x40001000, NULL));
}

/* MTRRs disabled (E=0): everything uncacheable, as on bare metal. */
static void test_mtrr_disabled(void **state)
{
	struct mtrr_state s;
	int level;

	setup_map(false);
	memset(&s, 0, sizeof(s));
	s.maxphyaddr = 39;
	assert_int_equal(ept_build_identity(&e, &m, &s, 0x100000000ULL), 0);
	assert_int_equal(type_at(0x300000, &level), EPT_MT_UC);
	assert_int_equal(level, 2); /* no 1 GiB pages allowed here */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memmap_typing),
		cmocka_unit_test(test_mtrr_typing),
		cmocka_unit_test(test_mtrr_disabled),
	};

	return RUN_TESTS(tests);
}
