/* SPDX-License-Identifier: MIT */
/*
 * Common definitions of the test guest: fixed-width types, bit helpers and
 * the few layout facts (the code selector, interrupt vectors) the C files
 * rely on. The test guest is built on its own, so it does not include hv's
 * lib/ headers. The load address lives in one place, testguest.ld, which
 * exports it to the NASM files as tg_load_addr.
 */
#ifndef TG_TG_H
#define TG_TG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIT(n) (1U << (n))
#define BIT_ULL(n) (1ULL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * GDT selectors. entry.asm's boot GDT has the first two; gdt.c's runtime GDT
 * keeps them at the same places and adds the rest. The NASM files that use a
 * selector define it again, with a pointer back here.
 */
#define TG_GDT_CODE64 0x08      /* 64-bit code, DPL 0 (also in entry.asm) */
#define TG_GDT_DATA 0x10        /* flat data, DPL 0 (also in entry.asm) */
#define TG_GDT_CODE32 0x18      /* 32-bit code, DPL 0 (pgoff.asm) */
#define TG_GDT_USER_DATA 0x20   /* flat data, DPL 3 (ring3_entry.asm) */
#define TG_GDT_USER_CODE64 0x28 /* 64-bit code, DPL 3 (ring3_entry.asm) */
#define TG_GDT_TSS 0x30         /* 64-bit TSS: two slots */
#define TG_RPL_USER 3

/* Interrupt vectors the guest programs (everything else is unexpected). */
#define TG_VECTOR_TIMER 0x40         /* local APIC timer, hlt_resume */
#define TG_VECTOR_PIC_BASE 0x20      /* 8259 pair remapped to 0x20..0x2f, then masked */
#define TG_VECTOR_APIC_SPURIOUS 0xff /* APIC spurious-interrupt vector */
#define TG_VECTOR_USER_RETURN 0x80   /* INT 0x80: CPL 3 code returns to CPL 0 (ring3.c) */

#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif
