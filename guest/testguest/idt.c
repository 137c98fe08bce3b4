/* SPDX-License-Identifier: MIT */
/*
 * The test guest's IDT and its trap dispatcher. The gates are 64-bit
 * interrupt gates (IF cleared on entry), built as two quadwords per Intel SDM
 * Vol. 3A, 7.14.1 "64-Bit Mode IDT". The dispatcher knows four kinds of
 * event: traps from CPL 3 (handed to ring3.c), the local APIC timer
 * (counted, then EOI), spurious interrupts (ignored), and exceptions raised
 * at a probed instruction (recorded in probe_last and resumed after the
 * instruction via the .tg_fixup table of probes.asm). Everything else is a
 * test failure that ends the run.
 */
#include "guest/testguest/idt.h"

#include "guest/testguest/apic.h"
#include "guest/testguest/power.h"
#include "guest/testguest/print.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/ring3.h"
#include "guest/testguest/x86.h"

#define IDT_VECTORS 256
#define IDT_GATE_PRESENT BIT_ULL(47)
#define IDT_GATE_TYPE_INTERRUPT (0xEULL << 40) /* 64-bit interrupt gate */
#define IDT_GATE_DPL_USER (3ULL << 45)         /* INT n allowed from CPL 3 */

struct fixup {
	uint64_t fault_rip;
	uint64_t resume_rip;
};

struct idt_gate {
	uint64_t low;
	uint64_t high;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit gate descriptor");

extern const uint64_t trap_stub_table[IDT_VECTORS];        /* traps.asm */
extern const struct fixup tg_fixup_start[], tg_fixup_end[]; /* testguest.ld */

volatile struct probe_fault probe_last;
static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));
static volatile uint64_t timer_ticks;

static struct idt_gate make_gate(uint64_t handler)
{
	struct idt_gate g;

	g.low = (handler & 0xFFFF) | ((uint64_t)TG_GDT_CODE64 << 16) |
		IDT_GATE_TYPE_INTERRUPT | IDT_GATE_PRESENT |
		((handler >> 16) & 0xFFFF) << 48;
	g.high = handler >> 32;
	return g;
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint64_t)idt };

	for (unsigned v = 0; v < IDT_VECTORS; v++)
		idt[v] = make_gate(trap_stub_table[v]);
	/* CPL 3 code returns with INT 0x80 (ring3.c): the only gate it may use. */
	idt[TG_VECTOR_USER_RETURN].low |= IDT_GATE_DPL_USER;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void idt_triple_fault(void)
{
	static const struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };

	__asm__ volatile("lidt %0\n\tint3" : : "m"(empty) : "memory");
	cpu_halt_forever(); /* only if the CPU ignored all three faults */
}

uint64_t idt_timer_ticks(void)
{
	return timer_ticks;
}

/* A fault at a probed instruction: record it and resume after the instruction. */
static bool try_fixup(struct trap_frame *f)
{
	for (const struct fixup *x = tg_fixup_start; x < tg_fixup_end; x++) {
		if (x->fault_rip != f->rip)
			continue;
		probe_last.vector = (int)f->vector;
		probe_last.error = f->error;
		probe_last.cr2 = f->vector == X86_VECTOR_PF ? read_cr2() : 0;
		f->rip = x->resume_rip;
		return true;
	}
	return false;
}

static bool is_spurious(uint64_t vector)
{
	/* IRQ 7 and 15 of a masked 8259 pair can still arrive as spurious. */
	return vector == TG_VECTOR_APIC_SPURIOUS || vector == TG_VECTOR_PIC_BASE + 7 ||
	       vector == TG_VECTOR_PIC_BASE + 15;
}

void idt_dispatch(struct trap_frame *f)
{
	if (ring3_trap(f))
		return;
	if (f->vector == TG_VECTOR_TIMER) {
		timer_ticks++;
		apic_eoi();
		return;
	}
	if (is_spurious(f->vector))
		return;
	if (f->vector < 32 && try_fixup(f))
		return;
	tg_printf("FAIL unexpected_exception vector=%lu rip=0x%lx error=0x%lx",
		  f->vector, f->rip, f->error);
	if (f->vector == X86_VECTOR_PF)
		tg_printf(" cr2=0x%lx", read_cr2());
	tg_printf("\n");
	power_off();
}
