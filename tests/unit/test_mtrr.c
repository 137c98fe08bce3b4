// SPDX-License-Identifier: MIT
/*
 * Tests of mm/mtrr.c: disabled MTRRs and the default type alone; the byte
 * mapping of all 11 fixed-range MSRs (88 sub-ranges) and FE = 0; variable
 * ranges laid out like a PC (WB RAM with a UC hole, the UC PCI hole below
 * 4 GiB, WB above); every overlap rule; uniform runs across fixed, 1 MiB,
 * variable and MAXPHYADDR boundaries; reserved bits above MAXPHYADDR;
 * non-contiguous masks; and a randomized comparison of mtrr_uniform_end()
 * with a page-by-page scan over a 4 GiB physical address space.
 */
#include "unit.h"
#include "mm/mtrr.h"

#define UC MTRR_TYPE_UC
#define WC MTRR_TYPE_WC
#define WT MTRR_TYPE_WT
#define WP MTRR_TYPE_WP
#define WB MTRR_TYPE_WB
#define GiB SZ_1G
#define MiB 0x100000ULL

static struct mtrr_state st;

static int setup(void **state)
{
	(void)state;
	memset(&st, 0, sizeof(st));
	st.enabled = true;
	st.default_type = UC;
	st.maxphyaddr = 36;
	return 0;
}

/* Append a variable range [base, base + size), size a power of two. */
static void add_var(u64 base, u64 size, u8 type)
{
	st.var_base[st.var_count] = base | type;
	st.var_mask[st.var_count] = (~(size - 1) & GENMASK_ULL(st.maxphyaddr - 1, 12)) |
				    MTRR_PHYSMASK_VALID;
	st.var_count++;
}

static void expect_run(u64 addr, u64 limit, u8 type, u64 end)
{
	u8 t = 0xff;

	assert_int_equal(mtrr_uniform_end(&st, addr, limit, &t), end);
	assert_int_equal(t, type);
	assert_int_equal(mtrr_type_at(&st, addr), type);
}

static void test_disabled(void **state)
{
	(void)state;
	st.enabled = false;
	st.fixed_enabled = true;
	st.default_type = WB;
	memset(st.fixed, 0x06, sizeof(st.fixed));
	add_var(0, 2 * GiB, WB);
	assert_int_equal(mtrr_type_at(&st, 0), UC);
	assert_int_equal(mtrr_type_at(&st, GiB), UC);
	expect_run(0, 1ULL << 48, UC, 1ULL << 48);
	expect_run(0x1234, 0x1234, UC, 0x1234); /* empty */
}

static void test_default_only(void **state)
{
	(void)state;
	st.default_type = WB;
	assert_int_equal(mtrr_type_at(&st, 0), WB);
	assert_int_equal(mtrr_type_at(&st, 0xfffff), WB);
	assert_int_equal(mtrr_type_at(&st, 64 * GiB), WB); /* beyond MAXPHYADDR */
	expect_run(0, ~0ULL, WB, ~0ULL);
	expect_run(0x5000, 0x9000, WB, 0x9000);
	/* An undefined default type is taken as UC. */
	st.default_type = 2;
	assert_int_equal(mtrr_type_at(&st, 0x100000), UC);
	/* A valid bit clear means no range; an out-of-range MAXPHYADDR means 36. */
	st.default_type = WT;
	st.var_base[0] = WB;
	st.var_mask[0] = 0;
	st.var_count = 1;
	st.maxphyaddr = 0;
	expect_run(0, 128 * GiB, WT, 128 * GiB);
}

/* A distinct valid type for each of the 88 fixed sub-ranges. */
static u8 fixed_pattern(unsigned int msr, unsigned int byte)
{
	static const u8 types[] = { UC, WC, WT, WP, WB };

	return types[(msr * 3 + byte) % 5];
}

static void test_fixed_ranges(void **state)
{
	unsigned int i, j;
	u64 start, size;
	u8 t;

	(void)state;
	st.fixed_enabled = true;
	add_var(0, 4 * GiB, WB); /* the last fixed sub-range is WT: a run ends at 1 MiB */
	for (i = 0; i < MTRR_FIXED_MSRS; i++)
		for (j = 0; j < 8; j++)
			st.fixed[i] |= (u64)fixed_pattern(i, j) << (8 * j);
	for (i = 0; i < MTRR_FIXED_MSRS; i++) {
		for (j = 0; j < 8; j++) {
			if (i == 0) {
				size = 0x10000;
				start = j * size;
			} else if (i <= 2) {
				size = 0x4000;
				start = 0x80000 + (i - 1) * 0x20000 + j * size;
			} else {
				size = 0x1000;
				start = 0xc0000 + (i - 3) * 0x8000 + j * size;
			}
			t = fixed_pattern(i, j);
			assert_int_equal(mtrr_type_at(&st, start), t);
			assert_int_equal(mtrr_type_at(&st, start + size / 2), t);
			assert_int_equal(mtrr_type_at(&st, start + size - 1), t);
			/* Neighbours differ, so every sub-range is its own run. */
			expect_run(start + 1, MTRR_FIXED_END, t, start + size);
		}
	}
	/* The MSR numbers in array order. */
	assert_int_equal(mtrr_fixed_msr(0), 0x250);
	assert_int_equal(mtrr_fixed_msr(1), 0x258);
	assert_int_equal(mtrr_fixed_msr(2), 0x259);
	assert_int_equal(mtrr_fixed_msr(3), 0x268);
	assert_int_equal(mtrr_fixed_msr(10), 0x26f);
	assert_int_equal(mtrr_fixed_msr(11), 0);
	/* 1 MiB and up are variable: WB. */
	expect_run(MTRR_FIXED_END, 8 * GiB, WB, 4 * GiB);
	/* FE = 0: the first MiB is typed by the variable ranges too. */
	st.fixed_enabled = false;
	expect_run(0, 8 * GiB, WB, 4 * GiB);
}

static void test_fixed_byte_mapping(void **state)
{
	(void)state;
	st.fixed_enabled = true;
	memset(st.fixed, WB, sizeof(st.fixed));
	st.fixed[0] = 0x0606060606060600ULL;  /* 0..64K UC */
	st.fixed[2] = 0x0101010101010101ULL;  /* 0xa0000..0xbffff WC (VGA) */
	st.fixed[10] = 0x0506060606060606ULL; /* 0xff000..0xfffff WP */
	st.fixed[7] = 0x0606060606030606ULL;  /* 0xe2000: undefined type 3 -> UC */
	expect_run(0, MiB, UC, 0x10000);
	expect_run(0x10000, MiB, WB, 0xa0000);
	expect_run(0xa0000, MiB, WC, 0xc0000);
	expect_run(0xc0000, MiB, WB, 0xe2000);
	expect_run(0xe2000, MiB, UC, 0xe3000);
	expect_run(0xe3000, MiB, WB, 0xff000);
	expect_run(0xff000, 4 * GiB, WP, MiB);
	/* Fixed WB then variable WB: one run across the 1 MiB boundary. */
	add_var(0, 2 * GiB, WB);
	expect_run(0xe3000, 4 * GiB, WB, 0xff000);
	st.fixed[10] = 0x0606060606060606ULL;
	expect_run(0xe3000, 4 * GiB, WB, 2 * GiB);
	expect_run(0x10000, 0x10001, WB, 0x10001);
}

/* A PC's map: WB RAM 0..2 GiB with a UC hole at 1.75 GiB, UC PCI hole 3..4 GiB, WB 4..8 GiB. */
static void test_pc_layout(void **state)
{
	(void)state;
	add_var(0, 2 * GiB, WB);
	add_var(0x70000000, 256 * MiB, UC);
	add_var(3 * GiB, GiB, UC);
	add_var(4 * GiB, 4 * GiB, WB);
	assert_int_equal(mtrr_type_at(&st, 0x6fffffff), WB);
	assert_int_equal(mtrr_type_at(&st, 0x70000000), UC);
	assert_int_equal(mtrr_type_at(&st, 0x80000000), UC);
	assert_int_equal(mtrr_type_at(&st, 0xfec00000), UC);
	assert_int_equal(mtrr_type_at(&st, 0x100000000ULL), WB);
	expect_run(0, 64 * GiB, WB, 0x70000000);
	expect_run(0x7fff0000, 64 * GiB, UC, 4 * GiB); /* hole, default UC, PCI hole */
	expect_run(4 * GiB, 64 * GiB, WB, 8 * GiB);
	expect_run(8 * GiB, 1ULL << 40, UC, 1ULL << 40); /* past MAXPHYADDR: default */
	expect_run(0x1000, 0x2000000, WB, 0x2000000);
	/* Default WB: the run above 8 GiB and the MAXPHYADDR edge merge. */
	st.default_type = WB;
	expect_run(4 * GiB, 1ULL << 40, WB, 1ULL << 40);
}

static void test_overlaps(void **state)
{
	static const struct {
		u8 a, b, want;
	} cases[] = {
		{ WB, WB, WB }, { WC, WC, WC }, { UC, WB, UC }, { WB, UC, UC },
		{ WC, UC, UC }, { WT, WB, WT }, { WB, WT, WT }, { WB, WC, UC },
		{ WC, WB, UC }, { WP, WT, UC }, { WP, WB, UC }, { WT, WC, UC },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		setup(NULL);
		st.default_type = WB;
		add_var(0, 4 * GiB, cases[i].a);
		add_var(GiB, GiB, cases[i].b);
		assert_int_equal(mtrr_type_at(&st, GiB + 0x1234), cases[i].want);
		assert_int_equal(mtrr_type_at(&st, 0x1234), cases[i].a);
	}
	/* Three ranges: WT + WB + WB is WT; adding UC makes it UC. */
	setup(NULL);
	add_var(0, 4 * GiB, WB);
	add_var(0, 2 * GiB, WB);
	add_var(0, GiB, WT);
	expect_run(0, 8 * GiB, WT, GiB);
	expect_run(GiB, 8 * GiB, WB, 4 * GiB);
	add_var(0x20000000, 0x1000, UC);
	expect_run(0, 8 * GiB, WT, 0x20000000);
	expect_run(0x20000000, 8 * GiB, UC, 0x20001000);
}

static void test_maxphyaddr_masking(void **state)
{
	(void)state;
	st.default_type = UC;
	/* Mask and base bits 51:36 are reserved with MAXPHYADDR 36: ignored. */
	st.var_base[0] = GENMASK_ULL(51, 36) | 0x80000000 | WB;
	st.var_mask[0] = GENMASK_ULL(51, 31) | MTRR_PHYSMASK_VALID | 0x7ff;
	st.var_count = 1;
	assert_int_equal(mtrr_type_at(&st, 0x80000000), WB);
	expect_run(0x80000000, 1ULL << 40, WB, 0x100000000ULL);
	/* The same range with MAXPHYADDR 46 now needs bits 45:36 to match. */
	st.maxphyaddr = 46;
	assert_int_equal(mtrr_type_at(&st, 0x80000000), UC);
	assert_int_equal(mtrr_type_at(&st, GENMASK_ULL(45, 36) | 0x80000000), WB);
	/* Addresses at or above 2^MAXPHYADDR take the default type. */
	st.maxphyaddr = 36;
	st.var_mask[0] = MTRR_PHYSMASK_VALID; /* mask 0: all of [0, 2^36) */
	expect_run(0, ~0ULL, WB, 1ULL << 36);
	assert_int_equal(mtrr_type_at(&st, 1ULL << 36), UC);
	expect_run(1ULL << 36, ~0ULL, UC, ~0ULL);
}

static void test_noncontiguous_mask(void **state)
{
	(void)state;
	st.default_type = WB;
	/* Bit 31 left out of the mask: [1G, 2G) and [3G, 4G), aliased. */
	st.var_base[0] = GiB | UC;
	st.var_mask[0] = (GENMASK_ULL(35, 30) & ~BIT_ULL(31)) | MTRR_PHYSMASK_VALID;
	st.var_count = 1;
	expect_run(0, 64 * GiB, WB, GiB);
	expect_run(GiB, 64 * GiB, UC, 2 * GiB);
	expect_run(2 * GiB, 64 * GiB, WB, 3 * GiB);
	expect_run(3 * GiB, 64 * GiB, UC, 4 * GiB);
	expect_run(4 * GiB, 64 * GiB, WB, 64 * GiB);
	/* Only bit 12 in the mask: every other 4 KiB page below 2^36 is UC. */
	st.var_base[0] = 0x1000 | UC;
	st.var_mask[0] = BIT_ULL(12) | MTRR_PHYSMASK_VALID;
	expect_run(0, GiB, WB, 0x1000);
	expect_run(0x1800, GiB, UC, 0x2000);
	expect_run(0xfffffe000ULL, 1ULL << 40, WB, 0xfffffF000ULL);
	expect_run(0xffffff000ULL, 1ULL << 40, UC, 1ULL << 36);
	/* A gap in the middle of the mask: bits 35:33 and 30 (bits 32:31 free). */
	st.var_base[0] = 0x440000000ULL | WT;
	st.var_mask[0] = GENMASK_ULL(35, 33) | BIT_ULL(30) | MTRR_PHYSMASK_VALID;
	expect_run(0, 64 * GiB, WB, 0x440000000ULL);
	expect_run(0x440000000ULL, 64 * GiB, WT, 0x480000000ULL);
	expect_run(0x480000000ULL, 64 * GiB, WB, 0x4c0000000ULL);
	expect_run(0x5c0000000ULL, 64 * GiB, WT, 0x600000000ULL);
	expect_run(0x600000000ULL, 64 * GiB, WB, 64 * GiB);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define PAGES (1u << 20) /* 4 GiB of 4 KiB pages: MAXPHYADDR 32 */

/* Random MTRRs over a 32-bit space; uniform_end must agree with a page-by-page scan. */
static void test_random_vs_scan(void **state)
{
	static const u8 types[] = { UC, WC, WT, WP, WB };
	u8 *page_type = malloc(PAGES);
	unsigned int round, i, k, q;
	u64 addr, limit, want, got;
	u8 t;

	(void)state;
	assert_non_null(page_type);
	for (round = 0; round < 12; round++) {
		setup(NULL);
		st.maxphyaddr = 32;
		st.fixed_enabled = rnd() & 1;
		st.default_type = types[rnd() % 5];
		for (i = 0; i < MTRR_FIXED_MSRS; i++)
			for (k = 0; k < 8; k++)
				st.fixed[i] |= (u64)types[rnd() % 3 + 2] << (8 * k);
		st.var_count = 1 + rnd() % 6;
		for (i = 0; i < st.var_count; i++) {
			st.var_base[i] = (rnd() & GENMASK_ULL(31, 12)) | types[rnd() % 5];
			k = 12 + rnd() % 20;
			st.var_mask[i] = GENMASK_ULL(31, k) | MTRR_PHYSMASK_VALID;
			if (rnd() % 3 == 0) /* punch holes: non-contiguous */
				st.var_mask[i] &= ~(rnd() & rnd() & GENMASK_ULL(31, 12));
			if (rnd() % 8 == 0)
				st.var_mask[i] &= ~MTRR_PHYSMASK_VALID;
		}
		for (i = 0; i < PAGES; i++)
			page_type[i] = mtrr_type_at(&st, (u64)i << 12);
		for (q = 0; q < 64; q++) {
			addr = rnd() & GENMASK_ULL(31, 0);
			if (q & 1)
				addr &= ~0xfffffULL; /* often start at a big boundary */
			limit = addr + 1 + (rnd() & GENMASK_ULL(30 - q % 20, 0));
			for (want = ALIGN_DOWN(addr, 0x1000) + 0x1000;
			     want < limit && want < SZ_4G && page_type[want >> 12] == page_type[addr >> 12];
			     want += 0x1000)
				;
			if (want >= SZ_4G && want < limit && st.default_type == page_type[addr >> 12])
				want = limit;
			want = MIN(want, limit);
			got = mtrr_uniform_end(&st, addr, limit, &t);
			assert_int_equal(t, page_type[addr >> 12]);
			assert_int_equal(got, want);
		}
	}
	free(page_type);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_disabled, setup),
		cmocka_unit_test_setup(test_default_only, setup),
		cmocka_unit_test_setup(test_fixed_ranges, setup),
		cmocka_unit_test_setup(test_fixed_byte_mapping, setup),
		cmocka_unit_test_setup(test_pc_layout, setup),
		cmocka_unit_test_setup(test_overlaps, setup),
		cmocka_unit_test_setup(test_maxphyaddr_masking, setup),
		cmocka_unit_test_setup(test_noncontiguous_mask, setup),
		cmocka_unit_test_setup(test_random_vs_scan, setup),
	};

	return RUN_TESTS(tests);
}
