// SPDX-License-Identifier: MIT
/*
 * hv's log: whole lines on COM1, each "[cpuN +s.micros] hv: text". A lock
 * keeps lines from different CPUs apart; a line is formatted first and
 * written with one uart_write(), so it never breaks in the middle.
 */
#include <stdarg.h>
#include "vmm/log.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/spinlock.h"
#include "arch/x86/tsc.h"
#include "arch/x86/uart.h"
#include "lib/format.h"
#include "lib/string.h"

#define LOG_LINE_MAX 512

static enum log_level log_level = LOG_INFO;
static u64 log_start_tsc;
static bool log_ready;
static spinlock_t log_lock;
static bool guest_mid_line;      /* the guest's console output is inside a line */
static char held[4096];          /* hv lines waiting for the guest's newline */
static size_t held_len;

void log_init(void)
{
	if (log_ready)
		return;
	uart_init(UART_COM1, UART_DEFAULT_BAUD);
	if (!tsc_hz())
		tsc_calibrate(); /* PIT channel 2 only: the firmware's timers are untouched */
	log_start_tsc = rdtsc();
	log_ready = true;
}

void log_set_level(enum log_level level)
{
	log_level = level;
}

/* "+s.micros" since log_init(), from the calibrated TSC (ticks before calibration). */
static int format_time(char *buf, size_t size)
{
	u64 ticks = rdtsc() - log_start_tsc;
	u64 hz = tsc_hz();

	if (!hz)
		return fmt_snprintf(buf, size, "+%llut", (unsigned long long)ticks);
	return fmt_snprintf(buf, size, "+%llu.%06llu", (unsigned long long)(ticks / hz),
			    (unsigned long long)((ticks % hz) * 1000000 / hz));
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	char when[32];
	va_list ap;
	int n;

	if (level > log_level)
		return;
	if (!log_ready)
		log_init();
	format_time(when, sizeof(when));
	n = fmt_snprintf(line, sizeof(line), "[cpu%u %s] hv: ", this_cpu_id(), when);
	va_start(ap, fmt);
	n += fmt_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > LOG_LINE_MAX - 2)
		n = LOG_LINE_MAX - 2;
	line[n++] = '\n';
	line[n] = '\0';
	spin_lock(&log_lock);
	if (guest_mid_line && held_len + (size_t)n <= sizeof(held)) {
		memcpy(held + held_len, line, (size_t)n);
		held_len += (size_t)n;
	} else {
		uart_write(line, (size_t)n);
	}
	spin_unlock(&log_lock);
}

static void flush_held_locked(void)
{
	if (held_len)
		uart_write(held, held_len);
	held_len = 0;
}

void log_guest_console_byte(char c)
{
	spin_lock(&log_lock);
	guest_mid_line = c != '\n';
	if (!guest_mid_line)
		flush_held_locked();
	spin_unlock(&log_lock);
}

void log_flush_held(void)
{
	spin_lock(&log_lock);
	guest_mid_line = false;
	flush_held_locked();
	spin_unlock(&log_lock);
}
