/* SPDX-License-Identifier: MIT */
/*
 * CPUID round-trip benchmark. Each sample is LFENCE; RDTSC; <insn>; RDTSC
 * (LFENCE waits for earlier instructions, so the first RDTSC is not hoisted;
 * CPUID is serializing, so the second one cannot start early). The native
 * stand-in for CPUID is LFENCE with the same register set-up: it does not
 * exit, it also orders the second RDTSC, and it costs a few cycles, so the
 * median difference is the exit round trip plus CPUID's own (small) cost.
 * Medians, not means, so that a stray interrupt or SMI does not count.
 */
#include "guest/testguest/bench.h"

#include "guest/testguest/print.h"
#include "guest/testguest/tg.h"

#define BENCH_SAMPLES 1000

static uint64_t cpuid_ticks[BENCH_SAMPLES];
static uint64_t native_ticks[BENCH_SAMPLES];

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
