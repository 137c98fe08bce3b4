/* SPDX-License-Identifier: MIT */
/*
 * The test guest's benchmark (command-line word "bench"): the cost of a
 * CPUID exit round trip through hv, in TSC ticks.
 */
#ifndef TG_BENCH_H
#define TG_BENCH_H

/*
 * bench_cpuid_exit: take BENCH_SAMPLES timings of CPUID and of a native
 * stand-in, and print
 *     BENCH cpuid_exit_ticks median=<n> native_median=<m> delta=<n-m>
 */
void bench_cpuid_exit(void);

#endif
