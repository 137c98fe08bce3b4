/* SPDX-License-Identifier: MIT */
/*
 * Polled 16550 UART driver for hv's serial console (COM1, I/O 0x3f8,
 * 115200 8N1 by default; `console=` and `baud=` choose another). No
 * interrupts: hv never takes the serial IRQ away from the guest. The 16550 is
 * not in the Intel SDM: the registers are those of the National
 * Semiconductor PC16550D data sheet ("PC16550D Universal Asynchronous
 * Receiver/Transmitter with FIFOs", section 8 "Registers"); COM1 at 0x3f8 and
 * COM2 at 0x2f8 are the IBM PC/AT assignment every PC firmware keeps.
 */
#ifndef HV_ARCH_X86_UART_H
#define HV_ARCH_X86_UART_H

#include "lib/types.h"

#define UART_COM1 0x3f8
#define UART_COM2 0x2f8
#define UART_REG_COUNT 8 /* registers at base + 0 .. base + 7 */
#define UART_BASE_MAX (0xffff - (UART_REG_COUNT - 1)) /* highest base whose registers fit */

/* Register offsets from the base port (PC16550D, Table II "Register Addresses"). */
#define UART_THR 0 /* transmit holding (LCR.DLAB = 0) */
#define UART_DLL 0 /* divisor latch low (LCR.DLAB = 1) */
#define UART_IER 1 /* interrupt enable (LCR.DLAB = 0) */
#define UART_DLM 1 /* divisor latch high (LCR.DLAB = 1) */
#define UART_FCR 2 /* FIFO control (write) */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_SCR 7 /* scratch: holds any byte, touches nothing */
#define UART_LCR_DLAB 0x80 /* divisor latch access bit */

/*
 * The PC's 1.8432 MHz UART clock divided by 16: the bit rate of divisor 1.
 * A rate is exact only when it divides this; the divisor latch is 16 bits
 * wide, and hv accepts rates down to UART_BAUD_MIN.
 */
#define UART_CLOCK_HZ 115200u
#define UART_DEFAULT_BAUD 115200u
#define UART_BAUD_MIN 300u

/*
 * The divisor latch value for `baud`: UART_CLOCK_HZ / baud, or 0 when baud is
 * outside UART_BAUD_MIN..UART_CLOCK_HZ or does not divide UART_CLOCK_HZ.
 */
static inline u16 uart_divisor(u32 baud)
{
	if (baud < UART_BAUD_MIN || baud > UART_CLOCK_HZ || UART_CLOCK_HZ % baud)
		return 0;
	return (u16)(UART_CLOCK_HZ / baud);
}

/*
 * Program the UART at I/O port `port` for `baud` (which uart_divisor()
 * accepts) 8N1, FIFOs on, interrupts off, and make it the port uart_write()
 * uses. First checks that a UART answers there (the scratch register keeps
 * what is written and the line status is not all ones, as a port nothing
 * decodes reads): if not, touches nothing more, leaves uart_write() silent
 * and returns -ENODEV. -EINVAL for port 0 or a bad baud. Returns 0 on
 * success; after an error no port is open (uart_port() is 0).
 */
int uart_init(u16 port, u32 baud);

/*
 * Write n bytes, turning "\n" into "\r\n". Each wait for the transmitter is
 * bounded (32 character times at the programmed rate): when the transmitter
 * never empties the UART is given up, later calls write nothing, and this
 * call returns false. Returns true when every byte went out (or nothing was
 * to be written because no UART is open).
 */
bool uart_write(const char *s, size_t n);

/* The port uart_write() writes to, 0 when none (never opened, absent, given up). */
u16 uart_port(void);

#endif
