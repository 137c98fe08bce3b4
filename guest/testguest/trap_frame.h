/* SPDX-License-Identifier: MIT */
/* The frame every trap stub (traps.asm) builds for idt_dispatch() and ring3_trap(). */
#ifndef TG_TRAP_FRAME_H
#define TG_TRAP_FRAME_H

#include "guest/testguest/tg.h"

/* Pushed by traps.asm: general registers, then vector, error, CPU frame. */
struct trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "traps.asm pushes 22 quadwords");
_Static_assert(offsetof(struct trap_frame, vector) == 15 * 8, "traps.asm push order");

#endif
