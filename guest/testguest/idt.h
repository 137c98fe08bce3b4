/* SPDX-License-Identifier: MIT */
/*
 * The test guest's interrupt descriptor table and trap dispatch: every
 * vector has a stub (traps.asm) that builds a struct trap_frame and calls
 * idt_dispatch(). Expected events (traps from CPL 3, the APIC timer,
 * spurious interrupts, faults of probed instructions) are handled; anything
 * else is reported as "FAIL unexpected_exception ..." and the machine is
 * powered off.
 */
#ifndef TG_IDT_H
#define TG_IDT_H

#include "guest/testguest/tg.h"
#include "guest/testguest/trap_frame.h"

/*
 * idt_init: build the 256 interrupt gates (selector TG_GDT_CODE64, DPL 0
 * except TG_VECTOR_USER_RETURN's, DPL 3) and load IDTR. Needs the guest's
 * GDT loaded (entry.asm or gdt.c). Interrupts stay off.
 */
void idt_init(void);

/* idt_dispatch: called by traps.asm with interrupts off; may change frame->rip. */
void idt_dispatch(struct trap_frame *frame);

/*
 * idt_triple_fault: load an IDT with limit 0 and execute INT3. Vector 3 lies
 * beyond the limit, so its delivery raises #GP, whose delivery raises #DF,
 * whose delivery fails once more: a triple fault (Intel SDM Vol. 3A, 7.15,
 * "Interrupt 8 - Double Fault Exception (#DF)"). Under hv that is a VM exit
 * (reason 2); on bare hardware, a shutdown. Never returns.
 */
void idt_triple_fault(void) __noreturn;

/* idt_timer_ticks: how many TG_VECTOR_TIMER interrupts have arrived so far. */
uint64_t idt_timer_ticks(void);

#endif
