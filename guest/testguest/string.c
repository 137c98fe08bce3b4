/* SPDX-License-Identifier: MIT */
/*
 * Memory and string helpers for the test guest. memset and memcpy are single
 * string instructions: written as C loops, GCC may turn them back into calls
 * to themselves. Speed does not matter here; no SSE is allowed (TG_CFLAGS).
 */
#include "guest/testguest/string.h"

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	__asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

bool str_has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; *p; p++) {
		bool starts = p == s || p[-1] == ' ';

		if (starts && memcmp(p, word, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return true;
	}
	return false;
}
