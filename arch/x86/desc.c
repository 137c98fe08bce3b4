// SPDX-License-Identifier: MIT
/* hv's GDT, TSS and IDT; see desc.h for the formats and their SDM sections. */
#include "arch/x86/desc.h"
#include "arch/x86/cpu.h"
#include "lib/string.h"

#define IDT_VECTORS 32
#define EXCEPTION_STUB_SIZE 16

/* Segment descriptor bits (SDM Vol. 3A, 3.4.5, Figure 3-8). */
#define DESC_ACCESSED BIT_ULL(40)
#define DESC_RW BIT_ULL(41)
#define DESC_CODE BIT_ULL(43)
#define DESC_S BIT_ULL(44)
#define DESC_P BIT_ULL(47)
#define DESC_L BIT_ULL(53)
#define DESC_G BIT_ULL(55)
#define DESC_LIMIT_LOW GENMASK_ULL(15, 0)
#define DESC_LIMIT_HIGH GENMASK_ULL(51, 48)
#define DESC_TSS_AVAILABLE (9ULL << 40)

/* IDT gate (SDM Vol. 3A, 6.14.1, Figure 6-8): interrupt gate, DPL 0. */
struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;
static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate is 16 bytes");
#define IDT_INTERRUPT_GATE_P 0x8e

#define VECTOR_NMI 2
#define VECTOR_DF 8
#define VECTOR_MC 18

extern const u8 exception_stubs[]; /* exception_stubs.asm: 32 stubs, 16 bytes apart */

static struct idt_gate idt[IDT_VECTORS] __aligned(16);
static bool idt_built;

static void build_idt(void)
{
	for (int v = 0; v < IDT_VECTORS; v++) {
		u64 off = (u64)(uintptr_t)&exception_stubs[v * EXCEPTION_STUB_SIZE];

		idt[v] = (struct idt_gate){
			.offset_low = (u16)off,
			.selector = GDT_SEL_CODE64,
			.ist = (v == VECTOR_NMI || v == VECTOR_DF || v == VECTOR_MC) ? 1 : 0,
			.type_attr = IDT_INTERRUPT_GATE_P,
			.offset_mid = (u16)(off >> 16),
			.offset_high = (u32)(off >> 32),
		};
	}
	idt_built = true;
}

static void build_gdt(struct cpu_desc *d)
{
	u64 tss = (u64)(uintptr_t)&d->tss;
	u64 limit = sizeof(d->tss) - 1;

	d->gdt[0] = 0;
	d->gdt[1] = DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_ACCESSED | DESC_L | DESC_G |
		    DESC_LIMIT_LOW | DESC_LIMIT_HIGH;
	d->gdt[2] = DESC_P | DESC_S | DESC_RW | DESC_ACCESSED | DESC_G | DESC_LIMIT_LOW |
		    DESC_LIMIT_HIGH | BIT_ULL(54) /* D/B: 32-bit stack segment */;
	d->gdt[3] = DESC_P | DESC_TSS_AVAILABLE | FIELD_PREP(DESC_LIMIT_LOW, limit) |
		    FIELD_PREP(GENMASK_ULL(39, 16), tss & 0xffffff) |
		    FIELD_PREP(GENMASK_ULL(63, 56), (tss >> 24) & 0xff);
	d->gdt[4] = tss >> 32;
	memset(&d->tss, 0, sizeof(d->tss));
	d->tss.ist[0] = (u64)(uintptr_t)(d->ist_stack + IST_STACK_SIZE);
	d->tss.iomap_base = sizeof(d->tss); /* no I/O permission bitmap */
}

void desc_load(struct cpu_desc *d)
{
	struct desc_ptr gdtr = { sizeof(d->gdt) - 1, (u64)(uintptr_t)d->gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (u64)(uintptr_t)idt };

	if (!idt_built)
		build_idt();
	build_gdt(d);
	lgdt(&gdtr);
	/* Reload CS with a far return, then the data segments. */
	asm volatile("pushq %0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "movw %w1, %%ds\n\t"
		     "movw %w1, %%es\n\t"
		     "movw %w1, %%ss\n\t"
		     "movw %w2, %%fs\n\t"
		     "movw %w2, %%gs"
		     :
		     : "i"(GDT_SEL_CODE64), "r"(GDT_SEL_DATA), "r"(0)
		     : "rax", "memory");
	ltr(GDT_SEL_TSS);
	lidt(&idtr);
}
