/* SPDX-License-Identifier: MIT */
/*
 * Running a function at CPL 3: the test guest's user mode, just enough for
 * the MBEC checks to fetch code at CPL 3. The function is called with a
 * return address that points to INT 0x80 (a DPL 3 gate), so a normal return
 * comes back to CPL 0 with the function's RAX; an exception at CPL 3 comes
 * back too, with its vector, error code and CR2. Needs gdt_init() (user
 * segments, TSS) and idt_init(); the code and stack must be mapped with
 * U/S = 1 (paging_map_user_alias).
 */
#ifndef TG_RING3_H
#define TG_RING3_H

#include "guest/testguest/trap_frame.h"

struct ring3_exit {
	uint64_t vector; /* TG_VECTOR_USER_RETURN: returned normally; else the exception */
	uint64_t error;  /* the exception's error code (0 if none) */
	uint64_t rip;    /* where CPL 3 code was when it trapped */
	uint64_t cs;     /* and its CS (RPL 3 unless the IRETQ itself faulted) */
	uint64_t cr2;    /* for #PF */
	uint64_t rax;    /* the function's return value */
};

/*
 * ring3_call: call fn (a linear address executable at CPL 3, SysV ABI, no
 * arguments) at CPL 3 with interrupts off, on a stack of its own, and fill
 * *out with how it ended. Returns false (out untouched) if the stack or the
 * return stub could not be mapped.
 */
bool ring3_call(uint64_t fn, struct ring3_exit *out);

/*
 * ring3_trap: called first by idt_dispatch(). If frame is a trap from CPL 3
 * (or a fault of ring3_call's own IRETQ), record it and make the trap return
 * into ring3_call; returns true then. Otherwise false, frame untouched.
 */
bool ring3_trap(struct trap_frame *frame);

#endif
