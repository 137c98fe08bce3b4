// SPDX-License-Identifier: MIT
/*
 * Tests of vmm/log_ring.c: appending, wrapping, reading from any sequence
 * number (partial reads, reads across the wrap), and the loss a reader
 * learns when it asks for bytes already overwritten.
 */
#include <stdio.h>
#include "unit.h"
#include "vmm/log_ring.h"

#define SIZE 16

static char store[SIZE];
static struct log_ring ring;
static char out[64];

static struct log_ring_span read_at(u64 from, size_t n)
{
	memset(out, 0, sizeof(out));
	return log_ring_read(&ring, from, out, n);
}

static void append(const char *s)
{
	log_ring_append(&ring, s, strlen(s));
}

static int setup(void **state)
{
	(void)state;
	memset(store, '?', sizeof(store));
	log_ring_init(&ring, store, SIZE);
	return 0;
}

static void test_empty(void **state)
{
	struct log_ring_span s = read_at(0, sizeof(out));

	(void)state;
	assert_int_equal(s.copied, 0);
	assert_int_equal(s.next, 0);
	assert_int_equal(s.lost, 0);
	assert_int_equal(log_ring_oldest(&ring), 0);
}

static void test_append_and_partial_reads(void **state)
{
	struct log_ring_span s;

	(void)state;
	append("hello ");
	append("world");
	assert_int_equal(ring.head, 11);
	s = read_at(0, 5);
	assert_int_equal(s.copied, 5);
	assert_int_equal(s.next, 5);
	assert_int_equal(s.lost, 0);
	assert_string_equal(out, "hello");
	s = read_at(s.next, sizeof(out));
	assert_int_equal(s.copied, 6);
	assert_int_equal(s.next, 11);
	assert_string_equal(out, " world");
	/* Caught up: nothing more, and the reader stays where it is. */
	s = read_at(s.next, sizeof(out));
	assert_int_equal(s.copied, 0);
	assert_int_equal(s.next, 11);
	assert_int_equal(s.lost, 0);
	/* A zero-length read moves nothing. */
	s = read_at(3, 0);
	assert_int_equal(s.copied, 0);
	assert_int_equal(s.next, 3);
}

static void test_wrap(void **state)
{
	struct log_ring_span s;

	(void)state;
	append("0123456789");   /* 0..9 */
	append("abcdefghij");   /* 10..19: wraps, 0..3 overwritten */
	assert_int_equal(ring.head, 20);
	assert_int_equal(log_ring_oldest(&ring), 4);
	/* Everything kept, read across the wrap point. */
	s = read_at(4, sizeof(out));
	assert_int_equal(s.copied, 16);
	assert_int_equal(s.next, 20);
	assert_int_equal(s.lost, 0);
	assert_string_equal(out, "456789abcdefghij");
	/* From an overwritten position: the loss is reported, the copy starts at the oldest. */
	s = read_at(1, 4);
	assert_int_equal(s.lost, 3);
	assert_int_equal(s.copied, 4);
	assert_int_equal(s.next, 8);
	assert_string_equal(out, "4567");
	/* A part that starts just before the wrap and ends after it. */
	s = read_at(14, 4);
	assert_int_equal(s.copied, 4);
	assert_string_equal(out, "efgh");
}

static void test_append_larger_than_ring(void **state)
{
	struct log_ring_span s;

	(void)state;
	append("xy");
	append("ABCDEFGHIJKLMNOPQRSTUVWXYZ"); /* 26 bytes: only the last 16 stay */
	assert_int_equal(ring.head, 28);
	assert_int_equal(log_ring_oldest(&ring), 12);
	s = read_at(0, sizeof(out));
	assert_int_equal(s.lost, 12);
	assert_int_equal(s.copied, 16);
	assert_int_equal(s.next, 28);
	assert_string_equal(out, "KLMNOPQRSTUVWXYZ");
	/* An exact multiple of the ring, at an unaligned head. */
	append("0123456789abcdef");
	s = read_at(28, sizeof(out));
	assert_int_equal(s.lost, 0);
	assert_string_equal(out, "0123456789abcdef");
}

static void test_read_past_head(void **state)
{
	struct log_ring_span s;

	(void)state;
	append("abc");
	s = read_at(1000, sizeof(out));
	assert_int_equal(s.copied, 0);
	assert_int_equal(s.next, 3);
	assert_int_equal(s.lost, 0);
}

static void test_many_wraps(void **state)
{
	struct log_ring_span s;
	char line[8];
	u64 next = 0, total = 0, lost = 0;

	(void)state;
	/* A reader that keeps up sees every byte in order, never a loss. */
	for (int i = 0; i < 100; i++) {
		snprintf(line, sizeof(line), "%02d\n", i % 100);
		append(line);
		s = read_at(next, 5);
		assert_int_equal(s.lost, 0);
		assert_int_equal(s.copied, 3);
		assert_string_equal(out, line);
		next = s.next;
	}
	/* One that fell behind learns exactly how much it missed. */
	for (int i = 0; i < 10; i++)
		append("0123456789");
	s = read_at(next, sizeof(out));
	lost += s.lost;
	total += s.copied;
	assert_int_equal(lost, 100 - SIZE);
	assert_int_equal(total, SIZE);
	assert_int_equal(s.next, ring.head);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_empty, setup),
		cmocka_unit_test_setup(test_append_and_partial_reads, setup),
		cmocka_unit_test_setup(test_wrap, setup),
		cmocka_unit_test_setup(test_append_larger_than_ring, setup),
		cmocka_unit_test_setup(test_read_past_head, setup),
		cmocka_unit_test_setup(test_many_wraps, setup),
	};

	return RUN_TESTS(tests);
}
