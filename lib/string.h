/* SPDX-License-Identifier: MIT */
/*
 * The few string and memory routines hv needs, freestanding. Host unit tests
 * use the C library's instead (same names, same contracts).
 */
#ifndef HV_LIB_STRING_H
#define HV_LIB_STRING_H

#include "lib/types.h"

#ifdef HV_HOSTED
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif

/* Copy at most size-1 bytes of src into dst and always terminate; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number (decimal, or hex with 0x) from s[0..len).
 * Returns 0 and sets *out, or -EINVAL if the text is not a number or overflows.
 */
int str_to_u64(const char *s, size_t len, u64 *out);

#endif
