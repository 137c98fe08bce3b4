/* SPDX-License-Identifier: MIT */
/*
 * The runtime GDT and TSS. Descriptor formats: Intel SDM Vol. 3A, 3.4.5
 * "Segment Descriptors" (code/data) and 8.2.3 "TSS Descriptor in 64-bit
 * mode" (16 bytes); the TSS itself: 8.7 "Task Management in 64-bit Mode",
 * Figure 8-11. Accessed bits are preset so the CPU does not write the
 * table, except the TSS's busy bit, which LTR sets (hence a writable table).
 */
#include "guest/testguest/gdt.h"

#define GDT_ENTRIES 8
#define TRAP_STACK_SIZE 16384
#define TSS_TYPE_AVAILABLE_64 0x9ULL
#define DESC_PRESENT BIT_ULL(47)

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];    /* stacks for CPL 0..2; rsp[0] is used on traps from CPL 3 */
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base; /* >= the limit: no I/O permission bitmap */
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS (SDM Vol. 3A, Figure 8-11)");

/*
 * In .bss and filled by gdt_init(): an initialised .data would share the
 * image's one loadable segment with .text and make it writable.
 */
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
_Static_assert(TG_GDT_TSS / 8 + 2 <= GDT_ENTRIES, "the TSS descriptor takes two slots");

static struct tss64 tss __attribute__((aligned(16)));
static uint8_t trap_stack[TRAP_STACK_SIZE] __attribute__((aligned(16)));

/* The two quadwords of a 64-bit TSS descriptor for base, limit. */
static void make_tss_desc(uint64_t base, uint32_t limit, uint64_t *low, uint64_t *high)
{
	*low = (limit & 0xFFFFULL) | (base & 0xFFFFFFULL) << 16 | TSS_TYPE_AVAILABLE_64 << 40 |
	       DESC_PRESENT | ((uint64_t)(limit >> 16) & 0xF) << 48 | ((base >> 24) & 0xFF) << 56;
	*high = base >> 32;
}

void gdt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[TG_GDT_CODE64 / 8] = 0x00AF9B000000FFFFULL;      /* L=1, P, DPL 0, execute/read */
	gdt[TG_GDT_DATA / 8] = 0x00CF93000000FFFFULL;        /* 4 GiB, P, DPL 0, read/write */
	gdt[TG_GDT_CODE32 / 8] = 0x00CF9B000000FFFFULL;      /* 4 GiB, D=1, P, DPL 0, exec/read */
	gdt[TG_GDT_USER_DATA / 8] = 0x00CFF3000000FFFFULL;   /* 4 GiB, P, DPL 3, read/write */
	gdt[TG_GDT_USER_CODE64 / 8] = 0x00AFFB000000FFFFULL; /* L=1, P, DPL 3, execute/read */
	tss.rsp[0] = (uint64_t)trap_stack + sizeof(trap_stack);
	tss.iomap_base = sizeof(tss);
	make_tss_desc((uint64_t)&tss, sizeof(tss) - 1, &gdt[TG_GDT_TSS / 8],
		      &gdt[TG_GDT_TSS / 8 + 1]);
	__asm__ volatile("lgdt %0\n\t"
			 "ltr %w1"
			 :
			 : "m"(gdtr), "r"((uint16_t)TG_GDT_TSS)
			 : "memory");
}
