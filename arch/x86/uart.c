// SPDX-License-Identifier: MIT
/*
 * Polled 16550 UART (arch/x86/uart.h). Register layout and bits: the
 * PC16550D data sheet (National Semiconductor, "PC16550D UART with FIFOs",
 * section 8 "Registers"). hv never enables the UART's interrupts. A UART
 * that is absent or stops transmitting must not stop hv: presence is probed
 * before the port is used, and every wait on the line status is bounded.
 */
#include "arch/x86/uart.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"
#include "lib/errno.h"

#define UART_LCR_8N1 0x03
#define UART_FCR_ENABLE_CLEAR 0x07
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_THRE 0x20 /* transmit holding register (or FIFO) empty */
#define UART_LSR_ABSENT 0xff /* what a port nothing decodes reads */
#define UART_SCR_PATTERN_A 0x5a
#define UART_SCR_PATTERN_B 0xa5
/*
 * Longest wait for the transmitter: 32 characters of 10 bits (start, 8 data,
 * stop) at the programmed rate, twice a full 16-byte FIFO the guest may have
 * just filled on a shared console. Before the TSC is calibrated, a count of
 * line-status reads instead (about 0.1 s at ~1 us per ISA port read).
 */
#define UART_WAIT_BITS (32u * 10u)
#define UART_WAIT_READS_UNCALIBRATED 100000u

static u16 uart_base;
static u64 uart_wait_ticks; /* TSC ticks one wait may take; 0: count reads instead */

/* The scratch register keeps two different bytes and LSR is not all ones. */
static bool uart_answers(u16 port)
{
	outb(port + UART_SCR, UART_SCR_PATTERN_A);
	if (inb(port + UART_SCR) != UART_SCR_PATTERN_A)
		return false;
	outb(port + UART_SCR, UART_SCR_PATTERN_B);
	if (inb(port + UART_SCR) != UART_SCR_PATTERN_B)
		return false;
	return inb(port + UART_LSR) != UART_LSR_ABSENT;
}

int uart_init(u16 port, u32 baud)
{
	u16 divisor = uart_divisor(baud);

	uart_base = 0;
	if (!port || !divisor || port > UART_BASE_MAX)
		return -EINVAL;
	if (!uart_answers(port))
		return -ENODEV;
	uart_wait_ticks = tsc_hz() * UART_WAIT_BITS / baud;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + UART_DLL, (u8)divisor);
	outb(port + UART_DLM, (u8)(divisor >> 8));
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, UART_MCR_DTR_RTS_OUT2);
	uart_base = port;
	return 0;
}

/* Wait until the transmitter takes a byte; false after the bounded wait. */
static bool uart_wait_thre(void)
{
	u64 start = rdtsc();

	for (u32 reads = 0;; reads++) {
		if (inb(uart_base + UART_LSR) & UART_LSR_THRE)
			return true;
		if (uart_wait_ticks ? rdtsc() - start > uart_wait_ticks :
				      reads >= UART_WAIT_READS_UNCALIBRATED)
			return false;
		cpu_relax();
	}
}

static bool uart_putc(char c)
{
	if (!uart_wait_thre()) {
		uart_base = 0; /* stuck: give the port up rather than stall hv at every byte */
		return false;
	}
	outb(uart_base + UART_THR, (u8)c);
	return true;
}

bool uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n && uart_base; i++) {
		if (s[i] == '\n' && !uart_putc('\r'))
			return false;
		if (!uart_putc(s[i]))
			return false;
	}
	return true;
}

u16 uart_port(void)
{
	return uart_base;
}
