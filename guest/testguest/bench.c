/* SPDX-License-Identifier: MIT */
/*
 * Benchmarks: the CPUID exit round trip, and an MMIO read of the test device
 * through each path of hv's trap cache.
 *
 * CPUID round trip. Each sample is LFENCE; RDTSC; <insn>; RDTSC
 * (LFENCE waits for earlier instructions, so the first RDTSC is not hoisted;
 * CPUID is serializing, so the second one cannot start early). The native
 * stand-in for CPUID is LFENCE with the same register set-up: it does not
 * exit, it also orders the second RDTSC, and it costs a few cycles, so the
 * median difference is the exit round trip plus CPUID's own (small) cost.
 * Medians, not means, so that a stray interrupt or SMI does not count.
 *
 * MMIO reads (test interface needed): a sample is LFENCE; RDTSC; a 64-bit
 * load of the device's ID register; LFENCE; RDTSC. The fast path is the same
 * page read again and again (EPT misconfiguration, entry found); the slow
 * path is the first read of each of the device's TESTDEV_PAGES pages (EPT
 * violation, registry search, entry installed), taken after moving the
 * device to a place no entry covers, so that every page is fresh. HC_MMIO_STATS
 * around each series says which path the reads took, and the BENCH line
 * names it.
 */
#include "guest/testguest/bench.h"

#include "guest/testguest/paging.h"
#include "guest/testguest/print.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/tg.h"

#define BENCH_SAMPLES 1000
#define SLOW_MOVE_DISTANCE 0x200000ULL /* fresh pages for the slow series */

static uint64_t cpuid_ticks[BENCH_SAMPLES];
static uint64_t native_ticks[BENCH_SAMPLES];
static uint64_t mmio_ticks[BENCH_SAMPLES];

static uint64_t time_cpuid(void)
{
	uint64_t t;

	__asm__ volatile("lfence\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "mov %%rax, %%r8\n\t"
			 "xor %%eax, %%eax\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "cpuid\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "sub %%r8, %%rax"
			 : "=a"(t)
			 :
			 : "rbx", "rcx", "rdx", "r8", "memory");
	return t;
}

static uint64_t time_native(void)
{
	uint64_t t;

	__asm__ volatile("lfence\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "mov %%rax, %%r8\n\t"
			 "xor %%eax, %%eax\n\t"
			 "xor %%ecx, %%ecx\n\t"
			 "lfence\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "sub %%r8, %%rax"
			 : "=a"(t)
			 :
			 : "rbx", "rcx", "rdx", "r8", "memory");
	return t;
}

static uint64_t time_mmio_read(uint64_t addr)
{
	uint64_t t;

	__asm__ volatile("lfence\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "mov %%rax, %%r8\n\t"
			 "mov (%1), %%r9\n\t"
			 "lfence\n\t"
			 "rdtsc\n\t"
			 "shl $32, %%rdx\n\t"
			 "or %%rdx, %%rax\n\t"
			 "sub %%r8, %%rax"
			 : "=&a"(t) /* early clobber: addr must not share RAX */
			 : "r"(addr)
			 : "rdx", "r8", "r9", "memory");
	return t;
}

/* Insertion sort: 1000 samples, once. */
static void sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static uint64_t median(uint64_t *v, unsigned n)
{
	sort(v, n);
	return v[n / 2];
}

void bench_cpuid_exit(void)
{
	uint64_t n, m;

	for (unsigned i = 0; i < BENCH_SAMPLES; i++) {
		cpuid_ticks[i] = time_cpuid();
		native_ticks[i] = time_native();
	}
	n = median(cpuid_ticks, BENCH_SAMPLES);
	m = median(native_ticks, BENCH_SAMPLES);
	tg_printf("BENCH cpuid_exit_ticks median=%lu native_median=%lu delta=%ld\n", n, m,
		  (int64_t)(n - m));
}

/*
 * Which path a series of n reads took, from the counters around it: "fast",
 * "slow" or "mixed", followed by the counts, into buf.
 */
static void series_path(char *buf, size_t size, const struct mmio_stats *a,
			const struct mmio_stats *b, unsigned n)
{
	uint64_t fast = b->fast - a->fast, slow = b->slow - a->slow, stale = b->stale - a->stale;
	const char *path = fast == n && !slow && !stale ? "fast" :
			   slow == n && !fast && !stale ? "slow" : "mixed";

	tg_snprintf(buf, size, "path=%s fast=+%lu slow=+%lu stale=+%lu", path, fast, slow, stale);
}

/* Time the first read of each device page at base; path (size bytes) from the counters. */
static bool slow_series(struct check_ctx *c, const struct testdev_info *d, uint64_t base,
			unsigned n, char *path, size_t size)
{
	struct mmio_stats a, b;

	if (!testif_mmio_stats(c, d->index, &a))
		return false;
	for (unsigned i = 0; i < n; i++)
		mmio_ticks[i] = time_mmio_read(base + (uint64_t)i * 4096 + TESTDEV_REG_ID);
	if (!testif_mmio_stats(c, d->index, &b))
		return false;
	series_path(path, size, &a, &b, n);
	return true;
}

void bench_mmio(void)
{
	const unsigned pages = TESTDEV_PAGES;
	struct check_ctx c = { .detail = "" };
	struct mmio_stats a, b;
	struct testdev_info d;
	char fast_path[80], slow_path[80];
	uint64_t fast, slow, moved;
	bool ok;

	if (testif_get(&c, &d) != TESTIF_ON) {
		testif_verdict(&c);
		tg_printf("BENCH mmio skipped: %s\n", c.detail[0] ? c.detail : "(no detail)");
		return;
	}
	/* Fast: one page, read once to make sure its entry exists, then timed. */
	(void)time_mmio_read(d.base + TESTDEV_REG_ID);
	if (!testif_mmio_stats(&c, d.index, &a))
		goto fail;
	for (unsigned i = 0; i < BENCH_SAMPLES; i++)
		mmio_ticks[i] = time_mmio_read(d.base + TESTDEV_REG_ID);
	if (!testif_mmio_stats(&c, d.index, &b))
		goto fail;
	series_path(fast_path, sizeof(fast_path), &a, &b, BENCH_SAMPLES);
	fast = median(mmio_ticks, BENCH_SAMPLES);
	/* Slow: the device moved to fresh pages, each read once, then moved back. */
	moved = d.base + SLOW_MOVE_DISTANCE;
	if (pages * 4096ULL > d.size || !paging_map_identity(moved) ||
	    !paging_map_identity(moved + d.size - 1) || !testif_testdev_move(&c, moved))
		goto fail;
	ok = slow_series(&c, &d, moved, pages, slow_path, sizeof(slow_path));
	if (!testif_testdev_move(&c, d.base) || !ok)
		goto fail;
	slow = median(mmio_ticks, pages);
	tg_printf("BENCH mmio_fast_ticks median=%lu samples=%u %s\n", fast, BENCH_SAMPLES,
		  fast_path);
	tg_printf("BENCH mmio_slow_ticks median=%lu samples=%u %s\n", slow, pages, slow_path);
	tg_printf("BENCH mmio_slow_fast_ratio x100=%lu\n", fast ? slow * 100 / fast : 0);
	return;
fail:
	tg_printf("BENCH mmio failed: %s\n", c.detail[0] ? c.detail : "cannot map the device");
}
