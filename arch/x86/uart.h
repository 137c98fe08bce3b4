/* SPDX-License-Identifier: MIT */
/*
 * Polled 16550 UART driver for hv's log (COM1, I/O 0x3f8, 115200 8N1 by
 * default). No interrupts: hv never takes the serial IRQ away from the guest.
 */
#ifndef HV_ARCH_X86_UART_H
#define HV_ARCH_X86_UART_H

#include "lib/types.h"

#define UART_COM1 0x3f8
#define UART_DEFAULT_BAUD 115200

/* Program the UART at I/O port `port` for `baud` 8N1, FIFOs on, IRQs off. */
void uart_init(u16 port, u32 baud);

/* Write n bytes, turning "\n" into "\r\n"; waits for the transmitter. */
void uart_write(const char *s, size_t n);

#endif
