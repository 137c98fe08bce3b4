/* SPDX-License-Identifier: MIT */
/*
 * A function call made in 32-bit protected mode with paging off
 * (pgoff.asm): the only way the test guest runs code with CR0.PG = 0, where
 * every linear address is a user-mode one for MBEC.
 */
#ifndef TG_PGOFF_H
#define TG_PGOFF_H

#include "guest/testguest/tg.h"

#define PGOFF_NO_FAULT 0xFFFFFFFFu

/* An exception taken while paging was off (vector PGOFF_NO_FAULT: none). */
struct pgoff_fault {
	uint32_t vector;
	uint32_t word0, word1; /* the two doublewords the CPU pushed last: error and EIP, or EIP and CS */
};
_Static_assert(sizeof(struct pgoff_fault) == 12, "pgoff.asm: resd 3");

extern volatile struct pgoff_fault pgoff_fault;

/*
 * pgoff_call: leave IA-32e mode, call fn (32-bit code at a physical =
 * linear address below 4 GiB, ending in RET) with CR0.PG = 0 and interrupts
 * off, come back; returns fn's EAX, or 0 after an exception (then
 * pgoff_fault says which). Needs gdt_init() and CR4.PCIDE = 0.
 */
uint32_t pgoff_call(uint32_t fn);

#endif
