/* SPDX-License-Identifier: MIT */
/*
 * hv's own descriptor tables: a per-CPU GDT with a 64-bit TSS (its IST stack
 * catches NMI, #DF and #MC on a known-good stack), and one IDT whose 32
 * exception vectors lead to exceptions.c. Formats: Intel SDM Vol. 3A, 3.4.5
 * "Segment Descriptors", 8.2.3 "TSS Descriptor in 64-bit mode", 7.7 "Task
 * Management in 64-bit Mode" and 6.14.1 "64-Bit Mode IDT".
 */
#ifndef HV_ARCH_X86_DESC_H
#define HV_ARCH_X86_DESC_H

#include "lib/types.h"

#define GDT_SEL_CODE64 0x08
#define GDT_SEL_DATA 0x10
#define GDT_SEL_TSS 0x18
#define GDT_ENTRIES 5 /* null, code, data, TSS (two slots) */

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;
static_assert(sizeof(struct tss64) == 104, "64-bit TSS is 104 bytes");

#define IST_STACK_SIZE 8192

struct cpu_desc {
	u64 gdt[GDT_ENTRIES] __aligned(16);
	struct tss64 tss __aligned(16);
	u8 ist_stack[IST_STACK_SIZE] __aligned(16);
};

/*
 * Build d's GDT and TSS, load them (reloading CS/DS/ES/SS; FS/GS become 0)
 * and load the shared IDT (built on the first call).
 */
void desc_load(struct cpu_desc *d);

#endif
