/* SPDX-License-Identifier: MIT */
/*
 * Checks of hv's virtual test device (vmm/testdev.h) and of the MMIO trap
 * cache behind it (mm/ept_mmio.h, vmm/mmio_registry.h). They need hv's test interface
 * (test_hypercalls=on) and SKIP without it.
 *
 * mmio_cache_paths follows one page through the cache's three paths: the
 * first access is an EPT violation (slow: registry search, MMIO entry
 * installed), later ones are EPT misconfigurations (fast), and after
 * HC_MMIO_BUMP the entry is of an older generation (stale: rebuilt once).
 * It runs first, while the device's pages are untouched.
 *
 * testdev_move moves the device to a fresh place and back (HC_TESTDEV_MOVE,
 * which bumps the MMIO generation): at the fresh place the first access is
 * a slow path; back home, the page's MMIO entry from before the moves is of
 * an older generation and must not be used as it is (no fast path).
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/mmio_forms.h"
#include "guest/testguest/paging.h"
#include "guest/testguest/print.h"
#include "guest/testguest/testif.h"

#define PAGE_4K 4096ULL
#define PATTERN 0x0F1E2D3C4B5A6978ULL
#define SLOT 0x800 /* echo offset within a page used by mmio_cache_paths */
#define MOVE_DISTANCE 0x100000ULL /* testdev_move: 1 MiB up, clear of the 256 KiB region */
#define GENERATIONS 8             /* mm/ept_mmio.h: 3 generation bits */

static uint64_t dev_read64(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}

static void dev_write64(uint64_t addr, uint64_t v)
{
	*(volatile uint64_t *)addr = v;
}

static uint32_t dev_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

static void dev_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#define ANY INT64_MIN  /* expect_deltas: not checked */
#define AT_LEAST_1 (-1) /* expect_deltas: grew by one or more */

static bool delta_ok(int64_t got, int64_t want)
{
	return want == ANY || (want == AT_LEAST_1 ? got >= 1 : got == want);
}

static void describe(char *buf, size_t size, const char *name, int64_t want)
{
	if (want == ANY)
		tg_snprintf(buf, size, "%s any", name);
	else if (want == AT_LEAST_1)
		tg_snprintf(buf, size, "%s >= +1", name);
	else
		tg_snprintf(buf, size, "%s +%ld", name, want);
}

/* The counters must have moved from a to b by fast, slow and stale. */
static bool expect_deltas(struct check_ctx *c, const char *step, const struct mmio_stats *a,
			  const struct mmio_stats *b, int64_t fast, int64_t slow, int64_t stale)
{
	int64_t df = (int64_t)(b->fast - a->fast), dsl = (int64_t)(b->slow - a->slow),
		dst = (int64_t)(b->stale - a->stale);
	char wf[24], wsl[24], wst[24];

	if (delta_ok(df, fast) && delta_ok(dsl, slow) && delta_ok(dst, stale))
		return true;
	describe(wf, sizeof(wf), "fast", fast);
	describe(wsl, sizeof(wsl), "slow", slow);
	describe(wst, sizeof(wst), "stale", stale);
	return check_fail(c, "%s: fast +%ld slow +%ld stale +%ld, want %s, %s, %s", step, df, dsl,
			  dst, wf, wsl, wst);
}

/* The four accesses of the fast step: two writes, two reads. */
static bool fast_accesses(struct check_ctx *c, uint64_t p)
{
	uint64_t v;
	uint32_t w;

	dev_write64(p + SLOT, PATTERN);
	v = dev_read64(p + SLOT);
	dev_write32(p + SLOT + 8, (uint32_t)~PATTERN);
	w = dev_read32(p + SLOT + 8);
	if (v != PATTERN || w != (uint32_t)~PATTERN)
		return check_fail(c, "echo read back 0x%lx / 0x%x", v, w);
	return true;
}

bool check_mmio_cache_paths(struct check_ctx *c)
{
	struct testdev_info d;
	struct mmio_stats s0, s1, s2, s3, s4;
	uint64_t p, gen, v;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	p = d.base + ((d.size - 1) & ~(PAGE_4K - 1)); /* the last page: untouched so far */
	if (!testif_mmio_stats(c, d.index, &s0))
		return false;
	(void)dev_read64(p + SLOT);
	if (!testif_mmio_stats(c, d.index, &s1) ||
	    !expect_deltas(c, "first access", &s0, &s1, ANY, AT_LEAST_1, ANY))
		return false;
	if (!fast_accesses(c, p) || !testif_mmio_stats(c, d.index, &s2) ||
	    !expect_deltas(c, "4 more accesses", &s1, &s2, 4, 0, 0))
		return false;
	if (!testif_mmio_bump(c, &gen))
		return false;
	v = dev_read64(p + SLOT);
	/* Generation 0: it wrapped, hv zapped every MMIO entry, the page starts over. */
	if (!testif_mmio_stats(c, d.index, &s3) ||
	    !expect_deltas(c, "access after HC_MMIO_BUMP", &s2, &s3, ANY,
			   gen == 0 ? AT_LEAST_1 : ANY, gen == 0 ? 0 : 1))
		return false;
	if (v != PATTERN)
		return check_fail(c, "stale access read 0x%lx, want 0x%llx", v, PATTERN);
	(void)dev_read64(p + SLOT);
	if (!testif_mmio_stats(c, d.index, &s4) ||
	    !expect_deltas(c, "access after the rebuild", &s3, &s4, 1, 0, 0))
		return false;
	return check_ok(c, "(slow +%lu, fast +4, %s after bump to generation %lu, fast +1)",
			s1.slow - s0.slow, gen == 0 ? "slow again" : "stale +1", gen);
}

bool check_testdev_id(struct check_ctx *c)
{
	struct testdev_info d;
	uint64_t id;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	if (d.size < TESTDEV_SIZE)
		return check_fail(c, "HC_TESTDEV size 0x%lx < 0x%llx", d.size, TESTDEV_SIZE);
	id = dev_read64(d.base + TESTDEV_REG_ID);
	if (id != TESTDEV_ID)
		return check_fail(c, "ID at GPA 0x%lx reads 0x%lx, want 0x%llx", d.base, id,
				  TESTDEV_ID);
	return check_ok(c, "(GPA 0x%lx, size 0x%lx, MMIO region %u)", d.base, d.size, d.index);
}

bool check_testdev_echo(struct check_ctx *c)
{
	const size_t n = (size_t)(tg_mmio_forms_expect_end - tg_mmio_forms_expect);
	uint64_t out[64], w0, r0, w1, r1, last;
	struct testdev_info d;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	if (n > ARRAY_SIZE(out))
		return check_fail(c, "mmio_forms.asm has %lu results, room for %lu",
				  (uint64_t)n, (uint64_t)ARRAY_SIZE(out));
	w0 = dev_read64(d.base + TESTDEV_REG_WRITES);
	r0 = dev_read64(d.base + TESTDEV_REG_READS); /* counts itself */
	tg_mmio_forms(d.base, out);
	w1 = dev_read64(d.base + TESTDEV_REG_WRITES);
	r1 = dev_read64(d.base + TESTDEV_REG_READS);
	last = dev_read64(d.base + TESTDEV_REG_LAST);
	for (size_t i = 0; i < n; i++)
		if (out[i] != tg_mmio_forms_expect[i].value)
			return check_fail(c, "%s: got 0x%lx, want 0x%lx", tg_mmio_forms_expect[i].form,
					  out[i], tg_mmio_forms_expect[i].value);
	/* Reads: the sequence's, plus the WRITES read and the READS read after it. */
	if (w1 - w0 != tg_mmio_forms_counts[MMIO_FORMS_WRITES] ||
	    r1 - r0 != tg_mmio_forms_counts[MMIO_FORMS_READS] + 2)
		return check_fail(c, "WRITES +%lu READS +%lu, want +%lu and +%lu", w1 - w0, r1 - r0,
				  tg_mmio_forms_counts[MMIO_FORMS_WRITES],
				  tg_mmio_forms_counts[MMIO_FORMS_READS] + 2);
	if (last != tg_mmio_forms_counts[MMIO_FORMS_LAST])
		return check_fail(c, "LAST 0x%lx, want 0x%lx", last,
				  tg_mmio_forms_counts[MMIO_FORMS_LAST]);
	return check_ok(c, "(%lu loads checked, %lu writes, %lu reads)", (uint64_t)n,
			tg_mmio_forms_counts[MMIO_FORMS_WRITES], tg_mmio_forms_counts[MMIO_FORMS_READS]);
}

/* Bump the MMIO generation until two more bumps cannot wrap it (a wrap zaps every entry). */
static bool leave_room_for_two_bumps(struct check_ctx *c)
{
	uint64_t gen;

	do {
		if (!testif_mmio_bump(c, &gen))
			return false;
	} while (gen + 2 >= GENERATIONS);
	return true;
}

/* Read the ID register at addr: the value must be right, the counters move as given. */
static bool read_id_expect(struct check_ctx *c, const char *step, unsigned index, uint64_t addr,
			   int64_t fast, int64_t slow, int64_t stale, struct mmio_stats *after)
{
	struct mmio_stats before;
	uint64_t id;

	if (!testif_mmio_stats(c, index, &before))
		return false;
	id = dev_read64(addr + TESTDEV_REG_ID);
	if (!testif_mmio_stats(c, index, after))
		return false;
	if (id != TESTDEV_ID)
		return check_fail(c, "%s: ID at GPA 0x%lx reads 0x%lx, want 0x%llx", step, addr, id,
				  TESTDEV_ID);
	return expect_deltas(c, step, &before, after, fast, slow, stale);
}

bool check_testdev_move(struct check_ctx *c)
{
	struct testdev_info d;
	struct mmio_stats s0, s1, s2;
	uint64_t moved;
	bool ok;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	moved = d.base + MOVE_DISTANCE;
	if (!paging_map_identity(moved) || !paging_map_identity(moved + d.size - 1))
		return check_fail(c, "cannot map GPA 0x%lx", moved);
	/* A current entry for the first page: read twice, the second time fast. */
	if (!leave_room_for_two_bumps(c) ||
	    !read_id_expect(c, "read at the base", d.index, d.base, ANY, ANY, ANY, &s0) ||
	    !read_id_expect(c, "second read at the base", d.index, d.base, 1, 0, 0, &s0))
		return false;
	if (!testif_testdev_move(c, moved))
		return false;
	ok = read_id_expect(c, "first read after the move", d.index, moved, 0, 1, 0, &s1);
	/* Move back whatever happened: later checks use the original base. */
	if (!testif_testdev_move(c, d.base) || !ok)
		return false;
	if (!read_id_expect(c, "read back at the base", d.index, d.base, 0, 1, ANY, &s2))
		return false;
	/* The entry cached before the moves is of an older generation: stale, rebuilt. */
	if (s2.stale - s1.stale != 1)
		return check_fail(c, "read back at the base: stale +%lu, want +1 (the old entry)",
				  s2.stale - s1.stale);
	return check_ok(c, "(0x%lx -> 0x%lx: slow +1; back at 0x%lx: old entry stale +1)", d.base,
			moved, d.base);
}

/*
 * mmio_generation_wrap: when the generation wraps to 0, hv zaps every MMIO
 * entry, so an entry cached GENERATIONS bumps ago can never look current.
 * Read a page (entry at generation g), bump until the generation is g again
 * (eight bumps: it wrapped once), read again: the entry is gone, so the read
 * is a slow path, not a fast one and not a stale one.
 */
bool check_mmio_generation_wrap(struct check_ctx *c)
{
	struct testdev_info d;
	struct mmio_stats s;
	uint64_t page, gen = 0;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	page = d.base + d.size - 2 * PAGE_4K; /* a page the other checks leave alone */
	if (!read_id_expect(c, "first read", d.index, page, ANY, ANY, ANY, &s) ||
	    !read_id_expect(c, "second read", d.index, page, 1, 0, 0, &s))
		return false;
	for (int i = 0; i < GENERATIONS; i++)
		if (!testif_mmio_bump(c, &gen))
			return false;
	if (!read_id_expect(c, "read after a full wrap", d.index, page, 0, 1, 0, &s))
		return false;
	return check_ok(c, "(%d bumps back to generation %lu: the entry was zapped, slow +1)",
			GENERATIONS, gen);
}
