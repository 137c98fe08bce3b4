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

#define TG_GDT_CODE64 0x08 /* also in entry.asm, which loads the GDT */

/* Interrupt vectors the guest programs (everything else is unexpected). */
#define TG_VECTOR_TIMER 0x40         /* local APIC timer, hlt_resume */
#define TG_VECTOR_PIC_BASE 0x20      /* 8259 pair remapped to 0x20..0x2f, then masked */
#define TG_VECTOR_APIC_SPURIOUS 0xff /* APIC spurious-interrupt vector */

#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif
