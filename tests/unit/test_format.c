// SPDX-License-Identifier: MIT
/*
 * Tests of lib/format.c (fmt_snprintf): each conversion, flags, widths and
 * length modifiers against the C library's snprintf where the two must
 * agree, plus truncation, the untruncated return value and the zero-size
 * buffer.
 */
#include <limits.h>
#include <stdio.h>
#include "unit.h"
#include "lib/format.h"

static char buf[128];

/* fmt_snprintf and snprintf must produce the same text and length. */
#define SAME(...)                                                              \
	do {                                                                   \
		char ref[128];                                                 \
		int n1 = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);          \
		int n2 = snprintf(ref, sizeof(ref), __VA_ARGS__);              \
		assert_string_equal(buf, ref);                                 \
		assert_int_equal(n1, n2);                                      \
	} while (0)

static void test_integers(void **state)
{
	(void)state;
	SAME("%d", 0);
	SAME("%d %i", 42, -42);
	SAME("%d", INT_MIN);
	SAME("%u", UINT_MAX);
	SAME("%x %X", 0xbeefu, 0xbeefu);
	SAME("%ld", LONG_MIN);
	SAME("%lu", ULONG_MAX);
	SAME("%lld", LLONG_MIN);
	SAME("%llu", ULLONG_MAX);
	SAME("%llx", 0xfedcba9876543210ULL);
	SAME("%zu", (size_t)123456789);
	SAME("%zx", (size_t)0xabc);
	SAME("%hd %hu", (short)-2, (unsigned short)65535);
	SAME("%hhd %hhu %hhx", (signed char)-1, (unsigned char)255, (unsigned char)0xab);
	SAME("%hd", 70000); /* truncated to short as the standard says */
}

static void test_width_and_flags(void **state)
{
	(void)state;
	SAME("[%5d]", 42);
	SAME("[%-5d]", 42);
	SAME("[%05d]", 42);
	SAME("[%05d]", -42);
	SAME("[%5d]", -42);
	SAME("[%-6d]", -42);
	SAME("[%08x]", 0x1234u);
	SAME("[%016llx]", 0xdeadULL);
	SAME("[%2d]", 12345);
	SAME("[%10s]", "abc");
	SAME("[%-10s]", "abc");
	SAME("[%3c]", 'z');
	SAME("[%-3c]", 'z');
	SAME("[%1s]", "");
}

/* The next tests feed a NULL %s and deliberately odd formats. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
static void test_strings_and_misc(void **state)
{
	(void)state;
	SAME("%s=%s", "key", "value");
	SAME("100%%");
	SAME("%c%c%c", 'h', 'v', '!');
	SAME("plain text");
	SAME("%s", "");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%s", (char *)NULL), 6);
	assert_string_equal(buf, "(null)");
}

#pragma GCC diagnostic pop

static void test_pointer(void **state)
{
	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "%p", (void *)0x1000), 6);
	assert_string_equal(buf, "0x1000");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0);
	assert_string_equal(buf, "0x0");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0xffff800000001000ULL);
	assert_string_equal(buf, "0xffff800000001000");
	fmt_snprintf(buf, sizeof(buf), "[%10p]", (void *)0x10);
	assert_string_equal(buf, "[      0x10]");
}

static void test_truncation(void **state)
{
	char small[8];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(fmt_snprintf(small, sizeof(small), "%s", "hello world"), 11);
	assert_string_equal(small, "hello w");
	memset(small, 'x', sizeof(small));
	assert_int_equal(fmt_snprintf(small, sizeof(small), "%d-%d", 1234, 5678), 9);
	assert_string_equal(small, "1234-56");
	/* Exactly fitting, and one over. */
	assert_int_equal(fmt_snprintf(small, sizeof(small), "1234567"), 7);
	assert_string_equal(small, "1234567");
	assert_int_equal(fmt_snprintf(small, sizeof(small), "12345678"), 8);
	assert_string_equal(small, "1234567");
	/* Size 1: only the terminator. */
	small[0] = 'x';
	assert_int_equal(fmt_snprintf(small, 1, "abc"), 3);
	assert_int_equal(small[0], '\0');
	/* Size 0: nothing written, length still returned. */
	small[0] = 'x';
	assert_int_equal(fmt_snprintf(small, 0, "abc%d", 12), 5);
	assert_int_equal(small[0], 'x');
	assert_int_equal(fmt_snprintf(NULL, 0, "%llx", 0xffffULL), 4);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
static void test_odd_formats(void **state)
{
	(void)state;
	/* A lone '%' at the end is dropped; an unknown conversion is echoed. */
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "50%"), 2);
	assert_string_equal(buf, "50");
	fmt_snprintf(buf, sizeof(buf), "%q");
	assert_string_equal(buf, "%q");
}
#pragma GCC diagnostic pop

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings_and_misc),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_odd_formats),
	};

	return RUN_TESTS(tests);
}
