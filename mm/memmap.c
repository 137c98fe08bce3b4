// SPDX-License-Identifier: MIT
/*
 * The physical memory map (mm/memmap.h): an unsorted list while a boot path
 * fills it, then normalized into sorted, disjoint, merged ranges in place.
 * No allocation and no scratch buffers: the whole table lives in the caller's
 * struct memmap, and every operation is O(n^2) at worst on n <= MEMMAP_MAX,
 * which is nothing at boot. Ranges never wrap: a range whose base + size
 * would pass 2^64 is clamped to end at 2^64 - 1 (exclusive), so "end" is
 * always base + size. Type 0 means "no memory" and is dropped by normalize,
 * which lets memmap_set_type(..., 0) punch a hole.
 */
#include "mm/memmap.h"
#include "lib/errno.h"
#include "lib/string.h"

/* normalize's rule "the numerically higher type wins" relies on this order. */
static_assert(MEM_HV > MEM_PMEM && MEM_PMEM > MEM_USABLE && MEM_RESERVED > MEM_USABLE,
	      "hv's memory beats every firmware type, and any reserved kind beats usable");

/* Largest size that keeps base + size representable. */
static u64 clamp_size(u64 base, u64 size)
{
	return size > ~0ULL - base ? ~0ULL - base : size;
}

static u64 range_end(const struct mem_range *r)
{
	return r->base + clamp_size(r->base, r->size);
}

static void remove_at(struct memmap *m, u32 i)
{
	memmove(&m->r[i], &m->r[i + 1], (m->count - i - 1) * sizeof(m->r[0]));
	m->count--;
}

/*
 * Move r[i] towards the end until r[i..] is sorted by base again; used when
 * r[i].base grew and everything after i was already sorted.
 */
static void sift_right(struct memmap *m, u32 i)
{
	struct mem_range tmp = m->r[i];

	while (i + 1 < m->count && m->r[i + 1].base < tmp.base) {
		m->r[i] = m->r[i + 1];
		i++;
	}
	m->r[i] = tmp;
}

/* Insert r keeping the entries from `from` on sorted. -ENOSPC if full. */
static int insert_sorted(struct memmap *m, u32 from, struct mem_range r)
{
	u32 k;

	if (m->count >= MEMMAP_MAX)
		return -ENOSPC;
	for (k = m->count; k > from && m->r[k - 1].base > r.base; k--)
		m->r[k] = m->r[k - 1];
	m->r[k] = r;
	m->count++;
	return 0;
}

/* Clamp every range, drop empty and typeless ones, insertion-sort by base. */
static void clean_and_sort(struct memmap *m)
{
	u32 i, n = 0;

	if (m->count > MEMMAP_MAX)
		m->count = MEMMAP_MAX;
	for (i = 0; i < m->count; i++) {
		struct mem_range r = m->r[i];
		u32 k;

		r.size = clamp_size(r.base, r.size);
		if (!r.size || !r.type)
			continue;
		for (k = n; k > 0 && m->r[k - 1].base > r.base; k--)
			m->r[k] = m->r[k - 1];
		m->r[k] = r;
		n++;
	}
	m->count = n;
}

/*
 * r[i] and r[i+1] overlap (r[i].base <= r[i+1].base < end of r[i]); settle
 * the overlap so that the higher type keeps the bytes. Every step either
 * removes an entry or moves a boundary forward, so the caller's loop ends.
 */
static int resolve_pair(struct memmap *m, u32 i)
{
	struct mem_range *a = &m->r[i], *b = &m->r[i + 1];
	u64 a_end = range_end(a), b_end = range_end(b);

	if (a->type == b->type) {
		a->size = MAX(a_end, b_end) - a->base;
		remove_at(m, i + 1);
	} else if (a->type > b->type) {
		if (b_end <= a_end) {
			remove_at(m, i + 1);
		} else {
			b->base = a_end;
			b->size = b_end - a_end;
			sift_right(m, i + 1);
		}
	} else {
		struct mem_range tail = { b_end, a_end - b_end, a->type };

		a->size = b->base - a->base;
		if (!a->size)
			remove_at(m, i);
		if (a_end > b_end)
			return insert_sorted(m, i, tail);
	}
	return 0;
}

/* Merge touching neighbours of the same type in a sorted, disjoint map. */
static void merge_neighbours(struct memmap *m)
{
	u32 i = 0;

	while (i + 1 < m->count) {
		struct mem_range *a = &m->r[i], *b = &m->r[i + 1];

		if (a->type == b->type && range_end(a) == b->base) {
			a->size += b->size;
			remove_at(m, i + 1);
		} else {
			i++;
		}
	}
}

int memmap_add(struct memmap *m, u64 base, u64 size, u32 type)
{
	if (m->count >= MEMMAP_MAX)
		return -ENOSPC;
	m->r[m->count++] = (struct mem_range){ base, clamp_size(base, size), type };
	return 0;
}

int memmap_normalize(struct memmap *m)
{
	u32 i = 0;
	int ret;

	clean_and_sort(m);
	while (i + 1 < m->count) {
		if (m->r[i + 1].base < range_end(&m->r[i])) {
			ret = resolve_pair(m, i);
			if (ret)
				return ret;
		} else {
			i++;
		}
	}
	merge_neighbours(m);
	return 0;
}

/* Cut [base, end) out of every range; a range that straddles it is split. */
static int carve(struct memmap *m, u64 base, u64 end)
{
	u32 i, n = m->count;

	for (i = 0; i < n; i++) {
		struct mem_range *r = &m->r[i];
		u64 r_end = range_end(r);

		if (r_end <= base || r->base >= end)
			continue;
		if (r_end > end && memmap_add(m, end, r_end - end, r->type))
			return -ENOSPC;
		r = &m->r[i];
		r->size = r->base < base ? base - r->base : 0;
	}
	return 0;
}

int memmap_set_type(struct memmap *m, u64 base, u64 size, u32 type)
{
	int ret;

	size = clamp_size(base, size);
	ret = memmap_normalize(m);
	if (ret || !size)
		return ret;
	ret = carve(m, base, base + size);
	if (!ret)
		ret = memmap_normalize(m);
	if (!ret && type)
		ret = memmap_add(m, base, size, type);
	if (!ret)
		ret = memmap_normalize(m);
	return ret;
}

u64 memmap_top(const struct memmap *m)
{
	u64 top = 0;
	u32 i;

	for (i = 0; i < m->count && i < MEMMAP_MAX; i++)
		if (m->r[i].size && range_end(&m->r[i]) > top)
			top = range_end(&m->r[i]);
	return top;
}

/*
 * On a map that is not normalized yet, the highest type covering addr is
 * what normalize would leave there, so that is the answer.
 */
u32 memmap_type_at(const struct memmap *m, u64 addr)
{
	u32 i, type = 0;

	for (i = 0; i < m->count && i < MEMMAP_MAX; i++) {
		const struct mem_range *r = &m->r[i];

		if (addr >= r->base && addr < range_end(r) && r->type > type)
			type = r->type;
	}
	return type;
}

u32 memmap_type_at_sorted(const struct memmap *m, u64 addr)
{
	u32 lo = 0, hi = MIN(m->count, (u32)MEMMAP_MAX);

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct mem_range *r = &m->r[mid];

		if (addr < r->base)
			hi = mid;
		else if (addr >= range_end(r))
			lo = mid + 1;
		else
			return r->type;
	}
	return 0;
}

/*
 * Expects a normalized map (adjacent usable ranges merged). size 0, an
 * alignment that is not a power of two, and a hit at address 0 all give 0,
 * which callers read as "nothing found".
 */
u64 memmap_find_free(const struct memmap *m, u64 size, u64 align, u64 limit)
{
	u64 best = 0;
	u32 i;

	if (!align)
		align = 1;
	if (!size || (align & (align - 1)))
		return 0;
	for (i = 0; i < m->count && i < MEMMAP_MAX; i++) {
		const struct mem_range *r = &m->r[i];
		u64 hi = MIN(range_end(r), limit), cand;

		if (r->type != MEM_USABLE || hi < size)
			continue;
		cand = ALIGN_DOWN(hi - size, align);
		if (cand >= r->base && cand > best)
			best = cand;
	}
	return best;
}

/*
 * Walks the range piece by piece, so it also works when a run of `type` is
 * split over touching entries. An empty or wrapping range is never "in" a
 * type.
 */
bool memmap_range_is(const struct memmap *m, u64 base, u64 size, u32 type)
{
	u64 end = base + size, cur = base;
	u32 i;

	if (!size || end < base)
		return false;
	while (cur < end) {
		u64 next = cur;

		for (i = 0; i < m->count && i < MEMMAP_MAX; i++) {
			const struct mem_range *r = &m->r[i];

			if (r->type == type && cur >= r->base && cur < range_end(r))
				next = range_end(r);
		}
		if (next == cur || memmap_type_at(m, cur) != type)
			return false;
		cur = next;
	}
	return true;
}

bool memmap_is_ram(u32 type)
{
	return type == MEM_USABLE || type == MEM_ACPI || type == MEM_NVS || type == MEM_PMEM;
}
