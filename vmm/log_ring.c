// SPDX-License-Identifier: MIT
/*
 * The log ring (vmm/log_ring.h): a power-of-two buffer indexed by sequence
 * number modulo its size, so the head alone says what is kept: the bytes
 * from max(0, head - size) to head.
 */
#include "vmm/log_ring.h"
#include "lib/string.h"

void log_ring_init(struct log_ring *r, char *buf, u64 size)
{
	r->buf = buf;
	r->size = size;
	r->head = 0;
}

/* Copy n bytes (n <= size) into the ring at sequence number seq, wrapping. */
static void put(struct log_ring *r, u64 seq, const char *s, u64 n)
{
	u64 at = seq & (r->size - 1);
	u64 first = MIN(n, r->size - at);

	memcpy(r->buf + at, s, first);
	memcpy(r->buf, s + first, n - first);
}

void log_ring_append(struct log_ring *r, const char *s, size_t n)
{
	u64 skip = n > r->size ? n - r->size : 0;

	put(r, r->head + skip, s + skip, n - skip);
	r->head += n;
}

u64 log_ring_oldest(const struct log_ring *r)
{
	return r->head > r->size ? r->head - r->size : 0;
}

struct log_ring_span log_ring_read(const struct log_ring *r, u64 from, char *dst, size_t n)
{
	struct log_ring_span span = { 0 };
	u64 oldest = log_ring_oldest(r), at, first;

	if (from < oldest) {
		span.lost = oldest - from;
		from = oldest;
	}
	if (from > r->head)
		from = r->head;
	span.copied = MIN((u64)n, r->head - from);
	at = from & (r->size - 1);
	first = MIN(span.copied, r->size - at);
	memcpy(dst, r->buf + at, first);
	memcpy(dst + first, r->buf, span.copied - first);
	span.next = from + span.copied;
	return span;
}
