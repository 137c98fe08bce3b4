/* SPDX-License-Identifier: MIT */
/*
 * 8259A initialisation sequence (ICW1..ICW4, then OCW1 as the mask), as in the
 * Intel 8259A Programmable Interrupt Controller data sheet: ICW1 = 0x11 (edge,
 * cascade, ICW4 follows), ICW2 = vector base, ICW3 = cascade wiring on IRQ 2,
 * ICW4 = 8086 mode.
 */
#include "guest/testguest/pic.h"

#include "guest/testguest/tg.h"
#include "guest/testguest/x86.h"

#define PIC_MASTER_CMD 0x20
#define PIC_MASTER_DATA 0x21
#define PIC_SLAVE_CMD 0xA0
#define PIC_SLAVE_DATA 0xA1
#define PIC_ICW1_INIT_ICW4 0x11
#define PIC_ICW3_MASTER_SLAVE_ON_IRQ2 0x04
#define PIC_ICW3_SLAVE_ID 0x02
#define PIC_ICW4_8086 0x01
#define PIC_MASK_ALL 0xFF

void pic_disable(void)
{
	outb(PIC_MASTER_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC_SLAVE_CMD, PIC_ICW1_INIT_ICW4);
	outb(PIC_MASTER_DATA, TG_VECTOR_PIC_BASE);
	outb(PIC_SLAVE_DATA, TG_VECTOR_PIC_BASE + 8);
	outb(PIC_MASTER_DATA, PIC_ICW3_MASTER_SLAVE_ON_IRQ2);
	outb(PIC_SLAVE_DATA, PIC_ICW3_SLAVE_ID);
	outb(PIC_MASTER_DATA, PIC_ICW4_8086);
	outb(PIC_SLAVE_DATA, PIC_ICW4_8086);
	outb(PIC_MASTER_DATA, PIC_MASK_ALL);
	outb(PIC_SLAVE_DATA, PIC_MASK_ALL);
}
