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

#define LOG_LINE_MAX 512

static enum log_level log_level = LOG_INFO;
static u64 log_start_tsc;
static bool log_ready;
static spinlock_t log_lock;

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
	uart_write(line, (size_t)n);
	spin_unlock(&log_lock);
}
