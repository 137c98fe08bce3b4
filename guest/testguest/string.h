/* SPDX-License-Identifier: MIT */
/*
 * The few string and memory functions the test guest needs, including the
 * memset/memcpy/memcmp the compiler may call on its own in freestanding code.
 */
#ifndef TG_STRING_H
#define TG_STRING_H

#include "guest/testguest/tg.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* str_has_word: whether s contains word delimited by spaces or the ends of s. */
bool str_has_word(const char *s, const char *word);

#endif
