// SPDX-License-Identifier: MIT
/*
 * Tests of mm/guest_walk.c. Page tables are built in a fake guest-physical
 * memory (a malloc'd array indexed by gpa) for every paging mode: no paging
 * (32-bit truncation and wrap), 32-bit (4 KiB, 4 MiB with PSE and PSE-36,
 * PS ignored without CR4.PSE), PAE (PDPTEs from memory at a 32-byte aligned
 * CR3 or from the VMCS array), 4-level and 5-level with pages at every
 * level. Then every fault kind with its exact error code (not present at
 * each level, each reserved-bit rule, R/W with and without CR0.WP, U/S,
 * SMEP, SMAP with RFLAGS.AC and implicit accesses, XD, protection keys),
 * rights gathered across levels, reads crossing a page boundary, a failing
 * read_gpa, and that walking never changes guest memory.
 */
#include "unit.h"
#include "mm/guest_walk.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "lib/errno.h"

#define MEM_SIZE (8ULL << 20)

#define P BIT_ULL(0)
#define RW BIT_ULL(1)
#define US BIT_ULL(2)
#define PS BIT_ULL(7)
#define XD BIT_ULL(63)
#define PKEY(k) ((u64)(k) << 59)

#define X_CR4_PSE BIT_ULL(4)
#define X_CR4_LA57 BIT_ULL(12)
#define X_CR4_SMEP BIT_ULL(20)
#define X_CR4_SMAP BIT_ULL(21)
#define X_CR4_PKE BIT_ULL(22)
#define X_CR4_PKS BIT_ULL(24)

/* Page-fault error codes as numbers, so the expectations read like the SDM's figure. */
#define E_P PF_ERR_PRESENT
#define E_W PF_ERR_WRITE
#define E_U PF_ERR_USER
#define E_R PF_ERR_RSVD
#define E_I PF_ERR_FETCH
#define E_K PF_ERR_PK

static u8 *mem;
static u64 next_table;
static struct guest_walk_ctx ctx;
static struct guest_walk_result res;
static int reads;

static int read_gpa(void *opaque, gpa_t gpa, u64 *value, unsigned int size)
{
	assert_ptr_equal(opaque, &ctx);
	assert_true(size == 4 || size == 8);
	assert_true(IS_ALIGNED(gpa, size));
	reads++;
	if (gpa >= MEM_SIZE || MEM_SIZE - gpa < size)
		return -1;
	*value = 0;
	memcpy(value, mem + gpa, size);
	return 0;
}

static int read_bytes(void *opaque, gpa_t gpa, void *buf, size_t n)
{
	if (gpa >= MEM_SIZE || MEM_SIZE - gpa < n)
		return -1;
	memcpy(buf, mem + gpa, n);
	return 0;
}

static u64 get(u64 gpa, unsigned int size)
{
	u64 v = 0;

	memcpy(&v, mem + gpa, size);
	return v;
}

static void put(u64 gpa, u64 v, unsigned int size)
{
	memcpy(mem + gpa, &v, size);
}

static u64 new_table(void)
{
	u64 t = next_table;

	next_table += PAGE_SIZE;
	assert_true(next_table <= MEM_SIZE / 2);
	memset(mem + t, 0, PAGE_SIZE);
	return t;
}

/* Table format of the mode under test. */
struct fmt {
	unsigned int top, esize, bits;
	bool pae;
};

static const struct fmt F32 = { 2, 4, 10, false };
static const struct fmt FPAE = { 3, 8, 9, true };
static const struct fmt F4 = { 4, 8, 9, false };
static const struct fmt F5 = { 5, 8, 9, false };

static unsigned int index_of(const struct fmt *f, gva_t va, unsigned int level)
{
	unsigned int shift = 12 + f->bits * (level - 1);

	return (unsigned int)((va >> shift) & ((1u << f->bits) - 1));
}

/*
 * The gpa of the entry for va at `level`, creating missing tables above it
 * with table_flags (a PAE PDPTE gets P only).
 */
static u64 slot(const struct fmt *f, u64 root, gva_t va, unsigned int level, u64 table_flags)
{
	u64 table = root, e, at;
	unsigned int l;

	for (l = f->top;; l--) {
		at = table + (u64)index_of(f, va, l) * f->esize;
		if (l == level)
			return at;
		e = get(at, f->esize);
		if (!(e & P)) {
			e = new_table() | ((f->pae && l == 3) ? P : table_flags);
			put(at, e, f->esize);
		}
		table = e & (f->esize == 4 ? GENMASK_ULL(31, 12) : GENMASK_ULL(51, 12));
	}
}

static void map(const struct fmt *f, u64 root, gva_t va, u64 pa, unsigned int level,
		u64 flags)
{
	put(slot(f, root, va, level, P | RW | US), pa | flags | (level > 1 ? PS : 0), f->esize);
}

/* Set or clear bits of an existing entry. */
static void modify(const struct fmt *f, u64 root, gva_t va, unsigned int level, u64 set,
		   u64 clear)
{
	u64 at = slot(f, root, va, level, P | RW | US);

	put(at, (get(at, f->esize) | set) & ~clear, f->esize);
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, MEM_SIZE);
	next_table = 0x10000;
	reads = 0;
	memset(&ctx, 0, sizeof(ctx));
	ctx.read_gpa = read_gpa;
	ctx.read_bytes = read_bytes;
	ctx.opaque = &ctx;
	ctx.maxphyaddr = 46;
	ctx.cr0 = CR0_PE | CR0_PG;
	ctx.cr4 = CR4_PAE;
	ctx.efer = EFER_LME | EFER_LMA | EFER_NXE;
	ctx.cr3 = new_table();
	return 0;
}

static void use_32bit(void)
{
	ctx.cr4 = X_CR4_PSE;
	ctx.efer = 0;
}

static void use_pae(void)
{
	ctx.efer = EFER_NXE;
	ctx.cr3 = 0x3000 + 0x20 * 5; /* 32-byte aligned, not page aligned */
}

static int walk(gva_t va, unsigned int access)
{
	return guest_walk(&ctx, va, access, &res);
}

static void expect_ok(gva_t va, unsigned int access, gpa_t gpa, u64 size, unsigned int levels)
{
	assert_int_equal(walk(va, access), 0);
	assert_int_equal(res.gpa, gpa);
	assert_int_equal(res.page_size, size);
	assert_int_equal(res.levels, levels);
	assert_int_equal(res.pf_error, 0);
}

static void expect_pf(gva_t va, unsigned int access, u64 err)
{
	assert_int_equal(walk(va, access), -EFAULT);
	assert_int_equal(res.pf_error, err);
}

/* Records the reads the no-paging test makes (their targets lie beyond the fake memory). */
static gpa_t rec_gpa[4];
static size_t rec_n[4];
static unsigned int rec_count;

static int record_bytes(void *opaque, gpa_t gpa, void *buf, size_t n)
{
	assert_true(rec_count < 4);
	rec_gpa[rec_count] = gpa;
	rec_n[rec_count++] = n;
	memset(buf, (int)(gpa & 0xff), n);
	return 0;
}

static void test_no_paging(void **state)
{
	u8 buf[4];

	(void)state;
	ctx.cr0 = CR0_PE;
	ctx.cr4 = 0;
	ctx.efer = 0;
	expect_ok(0x123456789ULL, WALK_WRITE | WALK_USER, 0x23456789, PAGE_SIZE, 0);
	assert_true(res.user && res.writable && res.executable);
	assert_int_equal(res.leaf, 0);
	assert_int_equal(reads, 0);
	/* Linear addresses wrap at 4 GiB: 0xfffffffe, 0xffffffff, then 0 and 1. */
	ctx.cr0 = 0;
	ctx.read_bytes = record_bytes;
	rec_count = 0;
	assert_int_equal(guest_read_linear(&ctx, 0xfffffffeULL, buf, 4, 0, NULL), 0);
	assert_int_equal(rec_count, 2);
	assert_int_equal(rec_gpa[0], 0xfffffffe);
	assert_int_equal(rec_n[0], 2);
	assert_int_equal(rec_gpa[1], 0);
	assert_int_equal(rec_n[1], 2);
	assert_int_equal(buf[1], 0xfe);
	assert_int_equal(buf[2], 0);
}

static void test_4level_pages(void **state)
{
	gva_t va4k = 0x00007f1234567abcULL, va2m = 0xffff800040312345ULL;
	gva_t va1g = 0x0000004080402010ULL;

	(void)state;
	map(&F4, ctx.cr3, va4k, 0x2345000, 1, P | RW);
	map(&F4, ctx.cr3, va2m, 0x7fe00000, 2, P);
	map(&F4, ctx.cr3, va1g, 0x3fc0000000ULL, 3, P | US | BIT_ULL(12) /* PAT */);
	expect_ok(va4k, 0, 0x2345abc, PAGE_SIZE, 4);
	assert_int_equal(res.leaf, 0x2345000 | P | RW);
	assert_true(res.writable && !res.user && res.executable);
	expect_ok(va2m, 0, 0x7fe00000 | 0x112345, SZ_2M, 3);
	assert_false(res.writable);
	expect_ok(va1g, WALK_USER, 0x3fc0000000ULL | 0x00402010, SZ_1G, 2);
	assert_true(res.user);
	/* Non-canonical addresses raise #GP, not #PF. */
	assert_int_equal(walk(0x0000800000000000ULL, 0), -EINVAL);
	assert_int_equal(walk(0xff7fffffffffffffULL, 0), -EINVAL);
}

static void test_5level_pages(void **state)
{
	gva_t va = 0x00ab123456789abcULL, va2m = 0xff00000000200000ULL;
	gva_t va1g = 0x00ffffff80000000ULL;

	(void)state;
	ctx.cr4 |= X_CR4_LA57;
	map(&F5, ctx.cr3, va, 0x5000, 1, P | RW | US);
	map(&F5, ctx.cr3, va2m, 0x400000, 2, P);
	map(&F5, ctx.cr3, va1g, 0x40000000, 3, P);
	expect_ok(va, WALK_USER | WALK_WRITE, 0x5abc, PAGE_SIZE, 5);
	expect_ok(va2m + 0x1234, 0, 0x401234, SZ_2M, 4);
	expect_ok(va1g + 0x3fffffff, 0, 0x7fffffff, SZ_1G, 3);
	/* 57-bit canonical form, and the same address is not canonical for 4-level paging. */
	assert_int_equal(walk(0x0100000000000000ULL, 0), -EINVAL);
	ctx.cr4 &= ~X_CR4_LA57;
	assert_int_equal(walk(va, 0), -EINVAL);
	/* PS is reserved in a PML5E. */
	ctx.cr4 |= X_CR4_LA57;
	modify(&F5, ctx.cr3, va, 5, PS, 0);
	expect_pf(va, 0, E_P | E_R);
	assert_int_equal(res.levels, 1);
}

static void test_32bit_paging(void **state)
{
	(void)state;
	use_32bit();
	map(&F32, ctx.cr3, 0xc0001234, 0x7000, 1, P | RW | US);
	map(&F32, ctx.cr3, 0x80400000, 0xfec00000, 2, P | RW | BIT_ULL(12));
	expect_ok(0xc0001234, WALK_USER | WALK_WRITE, 0x7234, PAGE_SIZE, 2);
	expect_ok(0x1c0001234ULL, 0, 0x7234, PAGE_SIZE, 2); /* truncated to 32 bits */
	expect_ok(0x80512345, 0, 0xfed12345, 4ULL << 20, 1);
	assert_true(res.executable);
	/* PSE-36: PDE bits 20:13 are physical-address bits 39:32. */
	modify(&F32, ctx.cr3, 0x80400000, 2, 0x5ULL << 13, 0);
	expect_ok(0x80400010, 0, 0x5fec00010ULL, 4ULL << 20, 1);
	/* Without CR4.PSE the PS bit is ignored: the PDE points at a page table. */
	ctx.cr4 = 0;
	assert_int_equal(walk(0x80400010, 0), -EIO);
	assert_int_equal(res.levels, 1);
}

static void test_32bit_reserved(void **state)
{
	(void)state;
	use_32bit();
	map(&F32, ctx.cr3, 0x00400000, 0x00c00000, 2, P | RW);
	/* Bit 21 is always reserved in a 4 MiB PDE. */
	modify(&F32, ctx.cr3, 0x00400000, 2, BIT_ULL(21), 0);
	expect_pf(0x00400000, WALK_WRITE, E_P | E_R | E_W);
	/* MAXPHYADDR 36: bits 21:17 reserved, 16:13 usable. */
	ctx.maxphyaddr = 36;
	modify(&F32, ctx.cr3, 0x00400000, 2, BIT_ULL(16), BIT_ULL(21));
	expect_ok(0x00400000, 0, 0x800c00000ULL, 4ULL << 20, 1);
	modify(&F32, ctx.cr3, 0x00400000, 2, BIT_ULL(17), 0);
	expect_pf(0x00400000, 0, E_P | E_R);
	/* MAXPHYADDR >= 40 keeps only bit 21 reserved; 4 KiB entries have none. */
	ctx.maxphyaddr = 52;
	expect_ok(0x00400000, 0, 0x1800c00000ULL, 4ULL << 20, 1);
	map(&F32, ctx.cr3, 0x00801000, 0xfffff000, 1, P | 0xff8);
	expect_ok(0x00801000, 0, 0xfffff000, PAGE_SIZE, 2);
}

static void test_pae_from_memory(void **state)
{
	(void)state;
	use_pae();
	map(&FPAE, ctx.cr3, 0xc0201234, 0x9000, 1, P | RW);
	map(&FPAE, ctx.cr3, 0x40600000, 0x1fe00000ULL | (1ULL << 40), 2, P | US);
	expect_ok(0xc0201234, WALK_WRITE, 0x9234, PAGE_SIZE, 3);
	expect_ok(0x1c0201234ULL, 0, 0x9234, PAGE_SIZE, 3); /* truncated to 32 bits */
	expect_ok(0x40700000, WALK_USER, (1ULL << 40) | 0x1ff00000, SZ_2M, 2);
	/* The PDPTE lives at CR3 bits 31:5, index va[31:30]. */
	assert_int_equal(get(ctx.cr3 + 8 * 3, 8) & P, P);
	/* PDPTE reserved bits 2:1, 8:5 and 63:M; XD is reserved there even with NXE. */
	modify(&FPAE, ctx.cr3, 0xc0201234, 3, RW, 0);
	expect_pf(0xc0201234, 0, E_P | E_R);
	modify(&FPAE, ctx.cr3, 0xc0201234, 3, XD, RW);
	expect_pf(0xc0201234, 0, E_P | E_R);
	modify(&FPAE, ctx.cr3, 0xc0201234, 3, 0, XD);
	/* PDE/PTE: bits 62:M reserved (unlike 4-level paging, which ignores 62:52). */
	modify(&FPAE, ctx.cr3, 0xc0201234, 1, BIT_ULL(55), 0);
	expect_pf(0xc0201234, WALK_FETCH, E_P | E_R | E_I);
	/* 2 MiB page: bits 20:13 reserved. */
	modify(&FPAE, ctx.cr3, 0x40600000, 2, BIT_ULL(13), 0);
	expect_pf(0x40600000, WALK_USER, E_P | E_R | E_U);
}

static void test_pae_from_vmcs(void **state)
{
	u64 pd = new_table(), pt = new_table();

	(void)state;
	use_pae();
	/* Memory at CR3 says not present; the VMCS copies are what the CPU uses. */
	ctx.pdptes_valid = true;
	ctx.pdpte[2] = pd | P;
	put(pd + 8 * 1, pt | P | RW | US, 8);
	put(pt + 8 * 0x12, 0xabc000 | P | US | XD, 8);
	expect_ok(0x80212345, WALK_USER, 0xabc345, PAGE_SIZE, 3);
	assert_true(res.user && !res.writable && !res.executable);
	expect_pf(0x80212345, WALK_USER | WALK_FETCH, E_P | E_U | E_I);
	expect_pf(0x00212345, 0, 0); /* pdpte[0] not present */
	assert_int_equal(res.levels, 1);
	ctx.pdptes_valid = false;
	expect_pf(0x80212345, 0, 0);
}

static void test_not_present_each_level(void **state)
{
	gva_t va = 0x00007fffdeadb000ULL;
	unsigned int level;

	(void)state;
	for (level = 1; level <= 4; level++) {
		setup(NULL);
		map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
		modify(&F4, ctx.cr3, va, level, 0, P);
		expect_pf(va, 0, 0);
		assert_int_equal(res.levels, 5 - level);
		expect_pf(va, WALK_USER | WALK_WRITE, E_U | E_W);
		expect_pf(va, WALK_USER | WALK_FETCH, E_U | E_I);
		ctx.efer &= ~EFER_NXE;
		expect_pf(va, WALK_USER | WALK_FETCH, E_U); /* I/D needs NXE or SMEP */
		ctx.cr4 |= X_CR4_SMEP;
		expect_pf(va, WALK_FETCH, E_I);
	}
}

static void test_reserved_4level(void **state)
{
	gva_t va = 0x12345678000ULL, va1g = 0x8000000000ULL;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW);
	ctx.maxphyaddr = 36;
	/* An address bit at or above MAXPHYADDR, at each level. */
	modify(&F4, ctx.cr3, va, 2, BIT_ULL(36), 0);
	expect_pf(va, WALK_WRITE, E_P | E_R | E_W);
	assert_int_equal(res.levels, 3);
	modify(&F4, ctx.cr3, va, 2, 0, BIT_ULL(36));
	modify(&F4, ctx.cr3, va, 1, BIT_ULL(51), 0);
	expect_pf(va, 0, E_P | E_R);
	ctx.maxphyaddr = 52; /* no address bits left to reserve */
	expect_ok(va, 0, BIT_ULL(51) | 0x8000, PAGE_SIZE, 4);
	/* Bits 62:52 are ignored (62:59 hold the protection key). */
	modify(&F4, ctx.cr3, va, 1, GENMASK_ULL(62, 52), BIT_ULL(51));
	expect_ok(va, 0, 0x8000, PAGE_SIZE, 4);
	/* XD without EFER.NXE. */
	ctx.efer &= ~EFER_NXE;
	modify(&F4, ctx.cr3, va, 3, XD, 0);
	expect_pf(va, WALK_FETCH, E_P | E_R);
	ctx.efer |= EFER_NXE;
	expect_pf(va, WALK_FETCH, E_P | E_I);
	/* PS in a PML4E. */
	modify(&F4, ctx.cr3, va, 4, PS, 0);
	expect_pf(va, 0, E_P | E_R);
	assert_int_equal(res.levels, 1);
	/* Large pages: address bits below the page alignment. */
	map(&F4, ctx.cr3, va1g, 0x40000000, 3, P);
	modify(&F4, ctx.cr3, va1g, 3, BIT_ULL(29), 0);
	expect_pf(va1g, 0, E_P | E_R);
	modify(&F4, ctx.cr3, va1g, 3, BIT_ULL(12), BIT_ULL(29)); /* PAT: fine */
	expect_ok(va1g, 0, 0x40000000, SZ_1G, 2);
	map(&F4, ctx.cr3, va1g + SZ_1G, 0x200000 | BIT_ULL(20), 2, P);
	expect_pf(va1g + SZ_1G, WALK_USER, E_P | E_R | E_U);
}

static void test_write_protect(void **state)
{
	gva_t va = 0x400000;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | US);
	expect_ok(va, WALK_WRITE, 0x8000, PAGE_SIZE, 4); /* CR0.WP = 0 */
	expect_pf(va, WALK_WRITE | WALK_USER, E_P | E_W | E_U);
	ctx.cr0 |= CR0_WP;
	expect_pf(va, WALK_WRITE, E_P | E_W);
	/* R/W = 0 at a higher level makes the whole translation read-only. */
	modify(&F4, ctx.cr3, va, 1, RW, 0);
	expect_ok(va, WALK_WRITE, 0x8000, PAGE_SIZE, 4);
	modify(&F4, ctx.cr3, va, 3, 0, RW);
	expect_pf(va, WALK_WRITE, E_P | E_W);
	assert_false(res.writable);
	assert_int_equal(res.gpa, 0x8000); /* translation filled after a protection fault */
}

static void test_user_supervisor(void **state)
{
	gva_t va = 0x7000000000ULL;
	unsigned int level;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
	expect_ok(va, WALK_USER, 0x8000, PAGE_SIZE, 4);
	assert_true(res.user);
	for (level = 1; level <= 4; level++) {
		modify(&F4, ctx.cr3, va, level, 0, US);
		expect_pf(va, WALK_USER, E_P | E_U);
		assert_false(res.user);
		expect_ok(va, WALK_WRITE, 0x8000, PAGE_SIZE, 4); /* supervisor is fine */
		modify(&F4, ctx.cr3, va, level, US, 0);
	}
	/* An implicit supervisor access at CPL 3 reports U/S = 0. */
	modify(&F4, ctx.cr3, va, 2, 0, US);
	expect_ok(va, WALK_USER | WALK_IMPLICIT_SUPERVISOR, 0x8000, PAGE_SIZE, 4);
}

static void test_execute(void **state)
{
	gva_t va = 0x200000;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
	expect_ok(va, WALK_FETCH | WALK_USER, 0x8000, PAGE_SIZE, 4);
	modify(&F4, ctx.cr3, va, 4, XD, 0);
	expect_pf(va, WALK_FETCH, E_P | E_I);
	assert_false(res.executable);
	expect_pf(va, WALK_FETCH | WALK_USER, E_P | E_I | E_U);
	expect_ok(va, WALK_USER, 0x8000, PAGE_SIZE, 4); /* data reads are fine */
	/* SMEP: no supervisor fetch from a user-mode address, XD or not. */
	modify(&F4, ctx.cr3, va, 4, 0, XD);
	ctx.cr4 |= X_CR4_SMEP;
	expect_pf(va, WALK_FETCH, E_P | E_I);
	expect_ok(va, WALK_FETCH | WALK_USER, 0x8000, PAGE_SIZE, 4);
	modify(&F4, ctx.cr3, va, 1, 0, US);
	expect_ok(va, WALK_FETCH, 0x8000, PAGE_SIZE, 4);
	/* 32-bit paging with SMEP: I/D is set even without PAE. */
	setup(NULL);
	use_32bit();
	ctx.cr4 |= X_CR4_SMEP;
	map(&F32, ctx.cr3, va, 0x8000, 1, P | US);
	expect_pf(va, WALK_FETCH, E_P | E_I);
	ctx.cr4 &= ~X_CR4_SMEP;
	modify(&F32, ctx.cr3, va, 1, 0, US);
	expect_pf(va, WALK_FETCH | WALK_USER, E_P | E_U);
}

static void test_smap(void **state)
{
	gva_t va = 0x600000;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
	ctx.cr4 |= X_CR4_SMAP;
	ctx.cr0 |= CR0_WP;
	expect_pf(va, 0, E_P);
	expect_pf(va, WALK_WRITE, E_P | E_W);
	expect_ok(va, WALK_USER | WALK_WRITE, 0x8000, PAGE_SIZE, 4);
	ctx.rflags_ac = true;
	expect_ok(va, WALK_WRITE, 0x8000, PAGE_SIZE, 4);
	/* Implicit accesses ignore RFLAGS.AC, at CPL 3 too. */
	expect_pf(va, WALK_IMPLICIT_SUPERVISOR, E_P);
	expect_pf(va, WALK_IMPLICIT_SUPERVISOR | WALK_USER | WALK_WRITE, E_P | E_W);
	/* Supervisor pages are not SMAP's business; SMAP does not affect fetches. */
	ctx.rflags_ac = false;
	expect_ok(va, WALK_FETCH, 0x8000, PAGE_SIZE, 4);
	modify(&F4, ctx.cr3, va, 1, 0, US);
	expect_ok(va, WALK_IMPLICIT_SUPERVISOR, 0x8000, PAGE_SIZE, 4);
}

static void test_protection_keys(void **state)
{
	gva_t user = 0x800000, sup = 0x801000;

	(void)state;
	map(&F4, ctx.cr3, user, 0x8000, 1, P | RW | US | PKEY(5));
	map(&F4, ctx.cr3, sup, 0x9000, 1, P | RW | PKEY(3));
	ctx.pkru = 1u << 10; /* AD5 */
	expect_ok(user, WALK_USER, 0x8000, PAGE_SIZE, 4); /* CR4.PKE = 0 */
	ctx.cr4 |= X_CR4_PKE;
	expect_pf(user, WALK_USER, E_P | E_U | E_K);
	expect_pf(user, 0, E_P | E_K); /* supervisor access to a user-mode address too */
	expect_ok(user, WALK_FETCH | WALK_USER, 0x8000, PAGE_SIZE, 4);
	ctx.pkru = 1u << 11; /* WD5 */
	expect_ok(user, WALK_USER, 0x8000, PAGE_SIZE, 4);
	expect_pf(user, WALK_USER | WALK_WRITE, E_P | E_W | E_U | E_K);
	expect_ok(user, WALK_WRITE, 0x8000, PAGE_SIZE, 4); /* CR0.WP = 0 */
	ctx.cr0 |= CR0_WP;
	expect_pf(user, WALK_WRITE, E_P | E_W | E_K);
	/* Both a read-only page and WD: PK is reported with the protection fault. */
	modify(&F4, ctx.cr3, user, 1, 0, RW);
	expect_pf(user, WALK_USER | WALK_WRITE, E_P | E_W | E_U | E_K);
	/* PKRU does not cover supervisor-mode addresses; IA32_PKRS does with CR4.PKS. */
	ctx.pkru = ~0u;
	expect_ok(sup, WALK_WRITE, 0x9000, PAGE_SIZE, 4);
	ctx.pkrs = 1u << 6; /* AD3 */
	ctx.cr4 |= X_CR4_PKS;
	expect_pf(sup, 0, E_P | E_K);
	ctx.pkrs = 1u << 7; /* WD3 */
	expect_ok(sup, 0, 0x9000, PAGE_SIZE, 4);
	expect_pf(sup, WALK_WRITE, E_P | E_W | E_K);
	/* No protection keys outside IA-32e mode (PAE bits 62:59 are reserved anyway). */
	setup(NULL);
	use_32bit();
	ctx.cr4 |= X_CR4_PKE;
	ctx.pkru = ~0u;
	map(&F32, ctx.cr3, user, 0x8000, 1, P | RW | US);
	expect_ok(user, WALK_USER | WALK_WRITE, 0x8000, PAGE_SIZE, 2);
}

static void test_rights_aggregate(void **state)
{
	gva_t va = 0xffffc90000001000ULL;

	(void)state;
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
	expect_ok(va, 0, 0x8000, PAGE_SIZE, 4);
	assert_true(res.user && res.writable && res.executable);
	modify(&F4, ctx.cr3, va, 3, 0, US);
	modify(&F4, ctx.cr3, va, 2, 0, RW);
	modify(&F4, ctx.cr3, va, 1, XD, 0);
	expect_ok(va, 0, 0x8000, PAGE_SIZE, 4);
	assert_false(res.user || res.writable || res.executable);
	/* Without NXE nothing is execute-disabled (and XD is reserved). */
	modify(&F4, ctx.cr3, va, 1, 0, XD);
	ctx.efer &= ~EFER_NXE;
	expect_ok(va, WALK_FETCH, 0x8000, PAGE_SIZE, 4);
	assert_true(res.executable);
}

static void test_read_linear_cross(void **state)
{
	gva_t va = 0x5000ff8;
	u8 buf[16], want[16];
	u64 err = 0;
	gva_t cr2 = 0;
	int i;

	(void)state;
	map(&F4, ctx.cr3, va, 0x300000, 1, P | RW | US);
	map(&F4, ctx.cr3, va + 8, 0x100000, 1, P | US);
	for (i = 0; i < 8; i++) {
		mem[0x300ff8 + i] = (u8)(0x10 + i);
		mem[0x100000 + i] = (u8)(0x20 + i);
		want[i] = (u8)(0x10 + i);
		want[8 + i] = (u8)(0x20 + i);
	}
	assert_int_equal(guest_read_linear(&ctx, va, buf, 16, WALK_FETCH | WALK_USER, &err), 0);
	assert_memory_equal(buf, want, 16);
	assert_int_equal(guest_read_linear(&ctx, va, buf, 0, WALK_READ, &err), 0);
	/* The second page is read-only: a write faults there, CR2 at its first byte. */
	ctx.cr0 |= CR0_WP;
	assert_int_equal(guest_read_linear_fault(&ctx, va, buf, 16, WALK_WRITE, &err, &cr2),
			 -EFAULT);
	assert_int_equal(err, E_P | E_W);
	assert_int_equal(cr2, va + 8);
	/* Not present second page. */
	modify(&F4, ctx.cr3, va + 8, 1, 0, P);
	assert_int_equal(guest_read_linear_fault(&ctx, va + 4, buf, 8, WALK_USER, &err, &cr2),
			 -EFAULT);
	assert_int_equal(err, E_U);
	assert_int_equal(cr2, va + 8);
	/* First page faults: CR2 is va itself. */
	assert_int_equal(guest_read_linear_fault(&ctx, va + 9, buf, 2, 0, &err, &cr2), -EFAULT);
	assert_int_equal(cr2, va + 9);
	/* Data outside guest memory. */
	map(&F4, ctx.cr3, 0x7000000, 0x40000000, 2, P);
	assert_int_equal(guest_read_linear(&ctx, 0x7000000, buf, 4, 0, &err), -EIO);
}

static void test_read_linear_large_page(void **state)
{
	u8 buf[64];

	(void)state;
	/* Within one 2 MiB page the read is one chunk across 4 KiB boundaries. */
	map(&F4, ctx.cr3, 0x40000000, 0x200000, 2, P);
	memset(mem + 0x200fe0, 0x5a, 64);
	assert_int_equal(guest_read_linear(&ctx, 0x40000fe0, buf, 64, 0, NULL), 0);
	assert_int_equal(buf[0], 0x5a);
	assert_int_equal(buf[63], 0x5a);
}

static void test_errors(void **state)
{
	gva_t va = 0x1000;
	u8 *snapshot = malloc(MEM_SIZE);

	(void)state;
	assert_non_null(snapshot);
	map(&F4, ctx.cr3, va, 0x8000, 1, P | RW | US);
	assert_int_equal(walk(va, WALK_WRITE | WALK_FETCH), -EINVAL);
	assert_int_equal(walk(va, 1u << 7), -EINVAL);
	ctx.maxphyaddr = 0;
	assert_int_equal(walk(va, 0), -EINVAL);
	ctx.maxphyaddr = 53;
	assert_int_equal(walk(va, 0), -EINVAL);
	ctx.maxphyaddr = 46;
	/* A table outside guest memory: read_gpa fails. */
	ctx.cr3 = MEM_SIZE;
	assert_int_equal(walk(va, 0), -EIO);
	ctx.cr3 = 0x10000;
	ctx.read_bytes = NULL;
	assert_int_equal(guest_read_linear(&ctx, va, snapshot, 1, 0, NULL), -EINVAL);
	/* Walks never write: no accessed or dirty flags appear. */
	memcpy(snapshot, mem, MEM_SIZE);
	expect_ok(va, WALK_WRITE | WALK_USER, 0x8000, PAGE_SIZE, 4);
	assert_memory_equal(snapshot, mem, MEM_SIZE);
	free(snapshot);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_paging, setup),
		cmocka_unit_test_setup(test_4level_pages, setup),
		cmocka_unit_test_setup(test_5level_pages, setup),
		cmocka_unit_test_setup(test_32bit_paging, setup),
		cmocka_unit_test_setup(test_32bit_reserved, setup),
		cmocka_unit_test_setup(test_pae_from_memory, setup),
		cmocka_unit_test_setup(test_pae_from_vmcs, setup),
		cmocka_unit_test_setup(test_not_present_each_level, setup),
		cmocka_unit_test_setup(test_reserved_4level, setup),
		cmocka_unit_test_setup(test_write_protect, setup),
		cmocka_unit_test_setup(test_user_supervisor, setup),
		cmocka_unit_test_setup(test_execute, setup),
		cmocka_unit_test_setup(test_smap, setup),
		cmocka_unit_test_setup(test_protection_keys, setup),
		cmocka_unit_test_setup(test_rights_aggregate, setup),
		cmocka_unit_test_setup(test_read_linear_cross, setup),
		cmocka_unit_test_setup(test_read_linear_large_page, setup),
		cmocka_unit_test_setup(test_errors, setup),
	};
	int ret;

	mem = malloc(MEM_SIZE);
	if (!mem)
		return 1;
	ret = RUN_TESTS(tests);
	free(mem);
	return ret;
}
