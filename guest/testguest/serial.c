/* SPDX-License-Identifier: MIT */
/*
 * The test guest's COM1 driver: 16550 register programming, polled transmit.
 * Register layout of the 8250/16550 family (THR, IER, FCR, LCR, MCR, LSR and
 * the divisor latch behind LCR.DLAB), divisor = 115200 / baud. The waits are
 * bounded so that a missing or unemulated UART slows the guest down but never
 * hangs it.
 */
#include "guest/testguest/serial.h"

#include "guest/testguest/x86.h"

#define COM1_BASE 0x3F8
#define UART_THR 0 /* transmit holding register (DLAB = 0) */
#define UART_DLL 0 /* divisor latch low (DLAB = 1) */
#define UART_IER 1 /* interrupt enable (DLAB = 0) */
#define UART_DLM 1 /* divisor latch high (DLAB = 1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */

#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07 /* enable FIFOs, clear both */
#define UART_MCR_DTR_RTS 0x03      /* OUT2 clear: no interrupt line to the PIC */
#define UART_LSR_THRE 0x20         /* transmit holding register empty */
#define UART_LSR_TEMT 0x40         /* transmitter completely empty */

#define UART_BAUD 115200
#define UART_CLOCK_DIV_BASE 115200
#define UART_POLL_LIMIT 1000000

static bool uart_wait(uint8_t lsr_bits)
{
	for (unsigned i = 0; i < UART_POLL_LIMIT; i++) {
		if ((inb(COM1_BASE + UART_LSR) & lsr_bits) == lsr_bits)
			return true;
		__asm__ volatile("pause");
	}
	return false;
}

void serial_init(void)
{
	uint16_t divisor = UART_CLOCK_DIV_BASE / UART_BAUD;

	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(COM1_BASE + UART_DLL, divisor & 0xFF);
	outb(COM1_BASE + UART_DLM, divisor >> 8);
	outb(COM1_BASE + UART_LCR, UART_LCR_8N1);
	outb(COM1_BASE + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR_RTS);
}

void serial_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	uart_wait(UART_LSR_THRE);
	outb(COM1_BASE + UART_THR, (uint8_t)c);
}

void serial_flush(void)
{
	uart_wait(UART_LSR_THRE | UART_LSR_TEMT);
}
