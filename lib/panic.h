/* SPDX-License-Identifier: MIT */
/*
 * panic(): a bug in hv. The interface every layer uses; vmm/panic.c
 * implements it: file:line and the message on the log, a dump of the current
 * VMCS when this CPU has one loaded, then the CPU parks (never reboots).
 */
#ifndef HV_LIB_PANIC_H
#define HV_LIB_PANIC_H

#include "lib/types.h"

__noreturn void panic_at(const char *file, int line, const char *fmt, ...) __printf(3, 4);

#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define BUG_ON(cond)                                          \
	do {                                                  \
		if (cond)                                     \
			panic("BUG_ON(%s)", #cond);           \
	} while (0)

#endif
