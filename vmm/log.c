// SPDX-License-Identifier: MIT
/*
 * hv's log: whole lines, each "[cpuN +s.micros] hv: text", appended to the
 * ring and written to the serial console. A lock keeps lines from different
 * CPUs apart; a line is formatted first and written with one uart_write(),
 * so it never breaks in the middle.
 *
 * When the console opens: not before the configuration says which one
 * (log_configure()), so that a machine whose configuration says console=none
 * never sees a byte from hv on COM1; until then the ring keeps every line and
 * the opening replays them. An error before that (no or bad configuration,
 * a CPU hv cannot use) opens the default COM1 at once, so that the error
 * reaches a serial cable.
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
#define REPLAY_CHUNK 256

static enum log_level log_level = LOG_INFO;
static u64 log_start_tsc;
static bool log_ready;
static spinlock_t log_lock;
static bool console_chosen;      /* the configuration (or an early error) chose the console */
static bool guest_mid_line;      /* the guest's console output is inside a line */
static char held[4096];          /* hv lines waiting for the guest's newline */
static size_t held_len;
/* In hv's image, so hidden from the guest by EPT like the rest of hv. */
static char ring_buf[LOG_RING_SIZE];
static struct log_ring ring;

static_assert((LOG_RING_SIZE & (LOG_RING_SIZE - 1)) == 0, "the ring size is a power of two");

void log_init(void)
{
	if (log_ready)
		return;
	log_ring_init(&ring, ring_buf, sizeof(ring_buf));
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

/* One whole line in line[LOG_LINE_MAX]: prefix, text, '\n'. Returns its length. */
static size_t format_line(char *line, const char *fmt, va_list ap)
{
	char when[32];
	int n;

	format_time(when, sizeof(when));
	n = fmt_snprintf(line, LOG_LINE_MAX, "[cpu%u %s] hv: ", this_cpu_id(), when);
	n += fmt_vsnprintf(line + n, LOG_LINE_MAX - (size_t)n - 1, fmt, ap);
	if (n > LOG_LINE_MAX - 2)
		n = LOG_LINE_MAX - 2;
	line[n++] = '\n';
	line[n] = '\0';
	return (size_t)n;
}

/* A line for the ring only, about the console itself; log_lock held. */
static __printf(1, 2) void note_locked(const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_line(line, fmt, ap);
	va_end(ap);
	log_ring_append(&ring, line, n);
}

/* uart_write(), noting in the ring when the UART stops transmitting. */
static void console_write_locked(const char *s, size_t n)
{
	u16 port = uart_port();

	if (!uart_write(s, n))
		note_locked("the serial console at port 0x%x stopped transmitting: hv's log stays "
			    "in memory only (HC_LOG_READ, hv-log in the guest)", port);
}

/* Write everything the ring holds to the console just opened; log_lock held. */
static void replay_locked(void)
{
	char chunk[REPLAY_CHUNK];
	struct log_ring_span s = { .next = log_ring_oldest(&ring) };

	do {
		s = log_ring_read(&ring, s.next, chunk, sizeof(chunk));
		console_write_locked(chunk, s.copied);
	} while (s.copied && uart_port());
}

/* Open the console at `port` (0: none) and replay the ring to it; log_lock held. */
static void open_console_locked(u16 port, u32 baud)
{
	int ret;

	console_chosen = true;
	if (!port) {
		uart_init(0, 0); /* closes the console if an error had opened one */
		return;
	}
	ret = uart_init(port, baud);
	if (ret) {
		note_locked("no UART answers at port 0x%x (%d): hv's log stays in memory only "
			    "(HC_LOG_READ, hv-log in the guest)", port, ret);
		return;
	}
	replay_locked();
}

void log_configure(const struct hv_config *cfg)
{
	log_init();
	log_set_level(cfg->log);
	spin_lock(&log_lock);
	if (!console_chosen || uart_port() != cfg->console_port)
		open_console_locked(cfg->console_port, cfg->baud);
	spin_unlock(&log_lock);
	if (cfg->console_port)
		pr_info("console: port 0x%x, %u baud%s", cfg->console_port, cfg->baud,
			uart_port() ? "" : " (absent: log in memory only)");
	else
		pr_info("console: none (console=none): log in memory only");
}

u16 log_console_port(void)
{
	return uart_port();
}

/* The console part of a line: written now, or held while the guest is mid-line. */
static void emit_locked(const char *line, size_t n)
{
	if (guest_mid_line && held_len + n <= sizeof(held)) {
		memcpy(held + held_len, line, n);
		held_len += n;
	} else {
		console_write_locked(line, n);
	}
}

void log_printf(enum log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	if (level > log_level)
		return;
	if (!log_ready)
		log_init();
	va_start(ap, fmt);
	n = format_line(line, fmt, ap);
	va_end(ap);
	spin_lock(&log_lock);
	log_ring_append(&ring, line, n);
	if (!console_chosen && level == LOG_ERROR)
		open_console_locked(UART_COM1, UART_DEFAULT_BAUD); /* replays this line too */
	else if (console_chosen)
		emit_locked(line, n);
	spin_unlock(&log_lock);
}

struct log_ring_span log_read(u64 from, char *dst, size_t n)
{
	struct log_ring_span s;

	spin_lock(&log_lock);
	s = log_ring_read(&ring, from, dst, n);
	spin_unlock(&log_lock);
	return s;
}

static void flush_held_locked(void)
{
	if (held_len)
		console_write_locked(held, held_len);
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
