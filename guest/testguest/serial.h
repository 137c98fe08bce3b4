/* SPDX-License-Identifier: MIT */
/*
 * COM1 output for the test guest: a 16550-compatible UART at I/O port 0x3f8,
 * 115200 baud, 8 data bits, no parity, 1 stop bit, polled (no interrupts).
 */
#ifndef TG_SERIAL_H
#define TG_SERIAL_H

/* serial_init: program COM1 for 115200 8N1, FIFOs on, interrupts off. */
void serial_init(void);

/* serial_putc: send one byte, "\n" as "\r\n"; waits (boundedly) for room. */
void serial_putc(char c);

/* serial_flush: wait (boundedly) until the transmitter has sent everything. */
void serial_flush(void);

#endif
