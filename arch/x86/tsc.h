/* SPDX-License-Identifier: MIT */
/* The time-stamp counter as hv's clock: calibrated once against the PIT. */
#ifndef HV_ARCH_X86_TSC_H
#define HV_ARCH_X86_TSC_H

#include "lib/types.h"

/*
 * Measure the TSC rate against PIT channel 2 (about 10 ms). Returns ticks per
 * second; falls back to 1 GHz (and says so via the return of tsc_calibrated())
 * when the PIT does not count.
 */
u64 tsc_calibrate(void);

/* Ticks per second as calibrated (0 before tsc_calibrate()). */
u64 tsc_hz(void);

#endif
