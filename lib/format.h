/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting into a buffer, freestanding. Supports %s %c %d %i
 * %u %x %X %p %% with flags '-' and '0', a field width, and the length
 * modifiers l, ll, z, h, hh.
 */
#ifndef HV_LIB_FORMAT_H
#define HV_LIB_FORMAT_H

#include <stdarg.h>
#include "lib/types.h"

/* Format into buf (always terminated when size > 0); returns the untruncated length. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
