/* SPDX-License-Identifier: MIT */
/*
 * The log interface every layer uses: levels and the pr_* macros. Only the
 * interface lives here (and the levels' names, lib/log.c): vmm/log.c
 * implements log_printf() (the ring, the serial console, the line prefix),
 * and vmm/log.h has the rest of the log's interface, which only the upper
 * layers need. A host unit test that links a module calling pr_*() provides
 * its own log_printf().
 */
#ifndef HV_LIB_LOG_H
#define HV_LIB_LOG_H

#include "lib/types.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_LEVEL_COUNT };

/* The levels as log= spells them: "error", "warn", "info", "debug" (lib/log.c). */
extern const char *const log_level_names[LOG_LEVEL_COUNT];

/* Name of a level ("info"), or "?" for a value outside the enum. */
const char *log_level_name(enum log_level l);

/* Format one line (the "hv: " prefix and newline are added) at `level`. */
void log_printf(enum log_level level, const char *fmt, ...) __printf(2, 3);

#define pr_err(...) log_printf(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...) log_printf(LOG_WARN, __VA_ARGS__)
#define pr_info(...) log_printf(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) log_printf(LOG_DEBUG, __VA_ARGS__)

#endif
