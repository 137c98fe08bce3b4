/* SPDX-License-Identifier: MIT */
/*
 * hv's log ring: the last bytes of the log kept in memory, whatever the
 * console, so that a machine without a serial port still has hv's log and
 * the lines written before the console is chosen are not lost. Every byte
 * has a sequence number (0 for the first byte ever appended); a reader asks
 * for "everything from N on" and learns how many of those bytes were already
 * overwritten. Pure logic: the caller owns the buffer and the locking
 * (vmm/log.c holds the log lock around every call).
 */
#ifndef HV_VMM_LOG_RING_H
#define HV_VMM_LOG_RING_H

#include "lib/types.h"

struct log_ring {
	char *buf;
	u64 size; /* a power of two */
	u64 head; /* sequence number of the next byte: bytes ever appended */
};

/* What one log_ring_read() did. */
struct log_ring_span {
	u64 copied; /* bytes copied */
	u64 next;   /* sequence number to read from next time */
	u64 lost;   /* bytes from `from` on that were overwritten before this read */
};

/* Use buf[0..size) (size a power of two) for an empty ring. */
void log_ring_init(struct log_ring *r, char *buf, u64 size);

/* Append s[0..n); when n exceeds the ring only its last bytes are kept. */
void log_ring_append(struct log_ring *r, const char *s, size_t n);

/* Sequence number of the oldest byte still in the ring. */
u64 log_ring_oldest(const struct log_ring *r);

/*
 * Copy up to n bytes starting at sequence number `from` into dst and return
 * what was done. When `from` was overwritten the copy starts at the oldest
 * byte kept and span.lost counts the bytes skipped; a `from` past the head
 * copies nothing and gives span.next = head. Changes nothing in the ring.
 */
struct log_ring_span log_ring_read(const struct log_ring *r, u64 from, char *dst, size_t n);

#endif
