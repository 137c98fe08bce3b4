/* SPDX-License-Identifier: MIT */
/*
 * Common definitions of the test guest: fixed-width types, bit helpers and
 * the few layout facts (load address, GDT selectors, interrupt vectors) that
 * the C files and the NASM files both rely on. The test guest is built on
 * its own, so it does not include hv's lib/ headers; the NASM files repeat
 * the values marked "also in *.asm" and the linker script checks them.
 */
#ifndef TG_TG_H
#define TG_TG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BIT(n) (1U << (n))
#define BIT_ULL(n) (1ULL << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define TG_LOAD_ADDR 0x1000000ULL /* also in header.asm, entry.asm, testguest.ld */
#define TG_GDT_CODE64 0x08        /* also in entry.asm */
#define TG_GDT_DATA 0x10          /* also in entry.asm */

/* Interrupt vectors the guest programs (everything else is unexpected). */
#define TG_VECTOR_TIMER 0x40         /* local APIC timer, hlt_resume */
#define TG_VECTOR_PIC_BASE 0x20      /* 8259 pair remapped to 0x20..0x2f, then masked */
#define TG_VECTOR_APIC_SPURIOUS 0xff /* APIC spurious-interrupt vector */

#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#endif
