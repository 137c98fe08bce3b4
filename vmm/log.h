/* SPDX-License-Identifier: MIT */
/*
 * hv's log on the serial console. Each line is written whole, prefixed with
 * the CPU number and the time since hv started:
 *     [cpu0 +0.012345] hv: message
 * Lines above the configured level (log= in hv.cfg) are dropped.
 */
#ifndef HV_VMM_LOG_H
#define HV_VMM_LOG_H

#include "lib/types.h"
#include "boot/config.h"

/* Bring up the console (COM1) and start the clock. Safe to call again. */
void log_init(void);

/* Change the level; lines above it are dropped. */
void log_set_level(enum log_level level);

/* Format one line (the "hv: " prefix and newline are added) at `level`. */
void log_printf(enum log_level level, const char *fmt, ...) __printf(2, 3);

/*
 * The guest wrote byte c to the shared console (COM1). While the guest is in
 * the middle of a line, hv's log lines are held (up to 4 KiB) and written
 * right after the guest's next newline, so neither side's lines are broken
 * by the other's.
 */
void log_guest_console_byte(char c);

/* Write held lines now (the guest stopped, or hv is about to park). */
void log_flush_held(void);

#define pr_err(...) log_printf(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define pr_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
