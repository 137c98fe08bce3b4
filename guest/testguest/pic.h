/* SPDX-License-Identifier: MIT */
/*
 * The legacy 8259A interrupt controller pair, which the test guest does not
 * use: it is moved off the exception vectors and masked.
 */
#ifndef TG_PIC_H
#define TG_PIC_H

/*
 * pic_disable: remap the master to vectors 0x20..0x27 and the slave to
 * 0x28..0x2f (so that a stray IRQ can never look like an exception, as the
 * BIOS's mapping of IRQ 0 to vector 8 would) and mask every line.
 */
void pic_disable(void);

#endif
