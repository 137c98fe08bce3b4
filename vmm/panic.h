/* SPDX-License-Identifier: MIT */
/*
 * panic(): a bug in hv. Prints file:line and the message, dumps the current
 * VMCS if this CPU has one loaded, and parks the CPU (never reboots).
 */
#ifndef HV_VMM_PANIC_H
#define HV_VMM_PANIC_H

#include "lib/types.h"

__noreturn void panic_at(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define BUG_ON(cond)                                          \
	do {                                                  \
		if (cond)                                     \
			panic("BUG_ON(%s)", #cond);           \
	} while (0)

/* Set while this CPU has a current VMCS, so panic() knows it can dump it. */
extern bool panic_vmcs_loaded;

#endif
