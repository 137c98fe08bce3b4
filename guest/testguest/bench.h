/* SPDX-License-Identifier: MIT */
/*
 * The test guest's benchmarks (command-line word "bench"): the cost of a
 * CPUID exit round trip through hv, and of an MMIO read of hv's test device
 * through the fast and the slow path of the trap cache, in TSC ticks.
 */
#ifndef TG_BENCH_H
#define TG_BENCH_H

/*
 * bench_cpuid_exit: take BENCH_SAMPLES timings of CPUID and of a native
 * stand-in, and print
 *     BENCH cpuid_exit_ticks median=<n> native_median=<m> delta=<n-m>
 */
void bench_cpuid_exit(void);

/*
 * bench_mmio: time reads of the test device's ID register (test interface
 * needed; otherwise one "BENCH mmio skipped: ..." line) and print
 *     BENCH mmio_fast_ticks median=<n> samples=1000 path=fast
 *     BENCH mmio_slow_ticks median=<n> samples=64 path=slow
 *     BENCH mmio_slow_fast_ratio x100=<slow * 100 / fast>
 * (path=mixed when HC_MMIO_STATS shows that not every read took that path).
 * Moves the device away and back (HC_TESTDEV_MOVE) for the slow series.
 */
void bench_mmio(void);

#endif
