/* SPDX-License-Identifier: MIT */
/*
 * The test guest's runtime GDT and its 64-bit TSS: what ring 3 (ring3.c)
 * and the trip to 32-bit protected mode (pgoff.asm) need beyond entry.asm's
 * boot GDT. Selectors: tg.h.
 */
#ifndef TG_GDT_H
#define TG_GDT_H

#include "guest/testguest/tg.h"

/*
 * gdt_init: load the runtime GDT (entry.asm's two descriptors at the same
 * selectors, plus 32-bit code, user code and data, the TSS) and TR. The TSS
 * gives RSP0 = a stack of its own for traps from CPL 3 and no I/O bitmap
 * (CPL 3 port I/O faults). Needs long mode with entry.asm's GDT; CS, DS, SS
 * stay valid because their descriptors do not move.
 */
void gdt_init(void);

#endif
