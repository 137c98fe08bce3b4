/* SPDX-License-Identifier: MIT */
/*
 * VM-exit statistics across every vCPU, printed when the guest stops or
 * powers the machine off (and used by `make bench`).
 */
#ifndef HV_VMM_STATS_H
#define HV_VMM_STATS_H

#include "vmm/vcpu.h"

/* Remember v so stats_report() can count its exits. */
void stats_register(struct vcpu *v);

/* One log line: total exits, then "REASON count" for each reason seen. */
void stats_report(const char *why);

#endif
