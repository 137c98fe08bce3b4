// SPDX-License-Identifier: MIT
/*
 * Polled 16550 UART (COM1 by default). Register layout: the PC16550D data
 * sheet (National Semiconductor, "PC16550D UART with FIFOs", section 8
 * "Registers"). hv never enables the UART's interrupts.
 */
#include "arch/x86/uart.h"
#include "arch/x86/cpu.h"

#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2 /* FIFO control */
#define UART_LCR 3 /* line control */
#define UART_MCR 4 /* modem control */
#define UART_LSR 5 /* line status */
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_THRE 0x20 /* transmit holding register empty */
#define UART_CLOCK 115200

static u16 uart_port;

void uart_init(u16 port, u32 baud)
{
	u16 divisor = (u16)(UART_CLOCK / (baud ? baud : UART_DEFAULT_BAUD));

	uart_port = port;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + UART_DLL, (u8)divisor);
	outb(port + UART_DLM, (u8)(divisor >> 8));
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, UART_MCR_DTR_RTS_OUT2);
}

static void uart_putc(char c)
{
	/* Bounded wait: a missing UART reads 0xff and must not hang hv. */
	for (int i = 0; i < 100000; i++) {
		if (inb(uart_port + UART_LSR) & UART_LSR_THRE)
			break;
		cpu_relax();
	}
	outb(uart_port + UART_THR, (u8)c);
}

void uart_write(const char *s, size_t n)
{
	if (!uart_port)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}
