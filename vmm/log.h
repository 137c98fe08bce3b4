/* SPDX-License-Identifier: MIT */
/*
 * hv's log: the part of its interface above lib/log.h (levels, log_printf(),
 * pr_*(), for every layer), for vmm/ and boot/. Each line is prefixed with
 * the CPU number and the time since hv started:
 *     [cpu0 +0.012345] hv: message
 * Lines above the configured level (log= in hv.cfg) are dropped. Every other
 * line goes to a 64 KiB ring in hv's memory (vmm/log_ring.h; the guest reads
 * it with HC_LOG_READ), whatever the console, and is written whole on the
 * serial console chosen by console= and baud=, once that is known.
 */
#ifndef HV_VMM_LOG_H
#define HV_VMM_LOG_H

#include "lib/types.h"
#include "lib/log.h"
#include "vmm/config.h"
#include "vmm/log_ring.h"

#define LOG_RING_SIZE (64u * 1024u)

/*
 * Start the clock and the ring. No console yet: lines are kept in the ring
 * until log_configure() opens the configured one and replays them, or until
 * an error line opens the default (COM1 at 115200) so that the error reaches
 * a serial cable even when the configuration is missing or bad. Safe to
 * call again.
 */
void log_init(void);

/*
 * Apply the configuration: its level, and its console (console=, baud=):
 * open that UART and write everything the ring holds to it; with
 * console=none, or when no UART answers at the port (said in the ring), the
 * log stays in memory only. Call once the configuration is parsed.
 */
void log_configure(const struct hv_config *cfg);

/* The UART port hv's log is written to (the shared console); 0 when none. */
u16 log_console_port(void);

/*
 * Copy up to n bytes of the ring from sequence number `from` into dst, under
 * the log lock (see log_ring_read() for the result).
 */
struct log_ring_span log_read(u64 from, char *dst, size_t n);

/* Change the level; lines above it are dropped. */
void log_set_level(enum log_level level);

/*
 * The guest wrote byte c to the shared console (the UART of
 * log_console_port(), trapped by exit_io.c). While the guest is in
 * the middle of a line, hv's log lines are held (up to 4 KiB) and written
 * right after the guest's next newline, so neither side's lines are broken
 * by the other's.
 */
void log_guest_console_byte(char c);

/* Write held lines now (the guest stopped, or hv is about to park). */
void log_flush_held(void);

#endif
