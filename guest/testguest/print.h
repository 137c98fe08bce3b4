/* SPDX-License-Identifier: MIT */
/*
 * Formatted output for the test guest: a small printf subset written to COM1
 * or into a buffer. Conversions: %s %c %d %u %x with the length modifiers
 * l and ll, a '0' flag and a field width; %% prints '%'.
 */
#ifndef TG_PRINT_H
#define TG_PRINT_H

#include <stdarg.h>

#include "guest/testguest/tg.h"

/* tg_printf: format to COM1 (serial.h must have been initialised). */
void tg_printf(const char *fmt, ...) __printf(1, 2);

/*
 * tg_vsnprintf: format into buf (size > 0), always NUL-terminated, silently
 * truncated. Returns the number of characters stored, without the NUL.
 */
size_t tg_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* tg_snprintf: as tg_vsnprintf, with the arguments inline. */
size_t tg_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
