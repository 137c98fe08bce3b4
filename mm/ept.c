// SPDX-License-Identifier: MIT
/*
 * EPT builder: entry encoding chosen by struct ept_format, and a walker that
 * maps, unmaps and splits. Tables are reached through their physical
 * address, which hv identity-maps (and host unit tests use host pointers).
 */
#include "mm/ept.h"
#include "lib/errno.h"
#include "lib/string.h"

#define EPT_ENTRIES 512
#define LEVEL_SHIFT(level) (12 + 9 * ((level) - 1))
#define LEVEL_SIZE(level) (1ULL << LEVEL_SHIFT(level))
#define LEVEL_INDEX(gpa, level) (((gpa) >> LEVEL_SHIFT(level)) & (EPT_ENTRIES - 1))

/* Bits a split copies from a large leaf into each smaller one. */
#define EPT_LEAF_ATTR_MASK (EPT_MEMTYPE_MASK | EPT_IGNORE_PAT | EPT_SUPPRESS_VE)

void ept_format_init(struct ept_format *f, bool mbec, bool page_2m, bool page_1g)
{
	f->mbec = mbec;
	f->xs_mask = EPT_EXEC;
	f->xu_mask = mbec ? EPT_EXEC_USER : 0;
	f->perm_mask = EPT_READ | EPT_WRITE | f->xs_mask | f->xu_mask;
	f->page_2m = page_2m;
	f->page_1g = page_1g && page_2m;
}

u64 ept_perm_to_bits(const struct ept_format *f, unsigned int perm)
{
	u64 bits = 0;

	if (perm & EPT_PERM_R)
		bits |= EPT_READ;
	if (perm & EPT_PERM_W)
		bits |= EPT_WRITE;
	if (perm & EPT_PERM_XS)
		bits |= f->xs_mask;
	/* Without MBEC one bit governs all execution: user execute needs it too. */
	if (perm & EPT_PERM_XU)
		bits |= f->mbec ? f->xu_mask : f->xs_mask;
	return bits;
}

unsigned int ept_bits_to_perm(const struct ept_format *f, u64 entry)
{
	unsigned int perm = 0;

	if (entry & EPT_READ)
		perm |= EPT_PERM_R;
	if (entry & EPT_WRITE)
		perm |= EPT_PERM_W;
	if (entry & f->xs_mask)
		perm |= f->mbec ? EPT_PERM_XS : EPT_PERM_X;
	if (entry & f->xu_mask)
		perm |= EPT_PERM_XU;
	return perm;
}

bool ept_is_present(const struct ept_format *f, u64 entry)
{
	return entry & (EPT_RWX_MASK | f->xu_mask);
}

u64 ept_make_leaf(const struct ept_format *f, hpa_t hpa, unsigned int perm, u8 memtype, int level)
{
	u64 e = (hpa & EPT_ADDR_MASK) | ept_perm_to_bits(f, perm) |
		FIELD_PREP(EPT_MEMTYPE_MASK, memtype);

	return level > 1 ? e | EPT_LARGE : e;
}

/* A non-leaf entry grants everything; leaves decide. */
static u64 make_table_entry(const struct ept *e, u64 *table)
{
	return ((u64)(uintptr_t)table & EPT_ADDR_MASK) | e->fmt.perm_mask;
}

static u64 *entry_table(u64 entry)
{
	return (u64 *)(uintptr_t)(entry & EPT_ADDR_MASK);
}

static bool is_leaf(u64 entry, int level)
{
	return level == 1 || (entry & EPT_LARGE);
}

static bool level_allows_leaf(const struct ept *e, int level)
{
	return level == 1 || (level == 2 && e->fmt.page_2m) || (level == 3 && e->fmt.page_1g);
}

static u64 *alloc_table(struct ept *e)
{
	u64 *t = e->alloc(e->alloc_ctx);

	if (t)
		e->table_pages++;
	return t;
}

/* Free the table an entry points to, and everything below it. */
static void free_subtree(struct ept *e, u64 entry, int level)
{
	u64 *t;

	if (!ept_is_present(&e->fmt, entry) || is_leaf(entry, level))
		return;
	t = entry_table(entry);
	for (int i = 0; i < EPT_ENTRIES; i++)
		free_subtree(e, t[i], level - 1);
	e->table_pages--;
	if (e->free)
		e->free(t, e->alloc_ctx);
}

/*
 * Replace the large leaf *slot at `level` by a table of 512 leaves one level
 * down that map the same memory with the same permission bits (every one of
 * them: R, W, XS and XU) and the same memory type.
 */
static int split_leaf(struct ept *e, u64 *slot, int level)
{
	u64 old = *slot, *t = alloc_table(e);
	u64 keep = old & (e->fmt.perm_mask | EPT_LEAF_ATTR_MASK);
	u64 base = old & EPT_ADDR_MASK & ~(LEVEL_SIZE(level) - 1);

	if (!t)
		return -ENOMEM;
	for (int i = 0; i < EPT_ENTRIES; i++) {
		t[i] = (base + (u64)i * LEVEL_SIZE(level - 1)) | keep;
		if (level - 1 > 1)
			t[i] |= EPT_LARGE;
	}
	*slot = make_table_entry(e, t);
	return 0;
}

/* The table below *slot at `level`, created or split as needed. */
static u64 *descend(struct ept *e, u64 *slot, int level, int *err)
{
	if (!ept_is_present(&e->fmt, *slot)) {
		u64 *t = alloc_table(e);

		if (!t) {
			*err = -ENOMEM;
			return NULL;
		}
		*slot = make_table_entry(e, t);
	} else if (is_leaf(*slot, level)) {
		*err = split_leaf(e, slot, level);
		if (*err)
			return NULL;
	}
	return entry_table(*slot);
}

struct map_req {
	hpa_t hpa_delta; /* hpa - gpa */
	u64 leaf_bits;   /* permission and memory-type bits; 0 = unmap */
};

static int walk(struct ept *e, u64 *table, int level, gpa_t gpa, gpa_t end,
		const struct map_req *req)
{
	while (gpa < end) {
		u64 size = LEVEL_SIZE(level);
		gpa_t next = ALIGN_DOWN(gpa, size) + size;
		u64 *slot = &table[LEVEL_INDEX(gpa, level)];
		hpa_t hpa = gpa + req->hpa_delta;
		int err = 0;

		if (next > end || next == 0)
			next = end;
		if (IS_ALIGNED(gpa, size) && next - gpa == size &&
		    (!req->leaf_bits || (IS_ALIGNED(hpa, size) && level_allows_leaf(e, level)))) {
			free_subtree(e, *slot, level);
			*slot = req->leaf_bits ? (hpa & EPT_ADDR_MASK) | req->leaf_bits |
							 (level > 1 ? EPT_LARGE : 0)
					       : 0;
		} else {
			u64 *t;

			if (!req->leaf_bits && !ept_is_present(&e->fmt, *slot)) {
				gpa = next;
				continue;
			}
			t = descend(e, slot, level, &err);
			if (!t)
				return err;
			err = walk(e, t, level - 1, gpa, next, req);
			if (err)
				return err;
		}
		gpa = next;
	}
	return 0;
}

int ept_init(struct ept *e, const struct ept_format *f, ept_alloc_fn alloc,
	     ept_free_fn free, void *ctx)
{
	memset(e, 0, sizeof(*e));
	e->fmt = *f;
	e->alloc = alloc;
	e->free = free;
	e->alloc_ctx = ctx;
	e->root = alloc_table(e);
	return e->root ? 0 : -ENOMEM;
}

int ept_map_range(struct ept *e, gpa_t gpa, hpa_t hpa, u64 size, unsigned int perm, u8 memtype)
{
	struct map_req req = {
		.hpa_delta = hpa - gpa,
		.leaf_bits = ept_perm_to_bits(&e->fmt, perm) | FIELD_PREP(EPT_MEMTYPE_MASK, memtype),
	};

	if (!IS_ALIGNED(gpa | hpa | size, PAGE_SIZE) || gpa + size < gpa ||
	    gpa + size > (1ULL << 48) || !(perm & (EPT_PERM_R | EPT_PERM_W | EPT_PERM_X)))
		return -EINVAL;
	return walk(e, e->root, EPT_LEVELS, gpa, gpa + size, &req);
}

int ept_unmap_range(struct ept *e, gpa_t gpa, u64 size)
{
	struct map_req req = { 0, 0 };

	if (!IS_ALIGNED(gpa | size, PAGE_SIZE) || gpa + size < gpa || gpa + size > (1ULL << 48))
		return -EINVAL;
	return walk(e, e->root, EPT_LEVELS, gpa, gpa + size, &req);
}

int ept_set_leaf_4k(struct ept *e, gpa_t gpa, u64 entry)
{
	u64 *table = e->root;
	int err = 0;

	if (!IS_ALIGNED(gpa, PAGE_SIZE) || gpa >= (1ULL << 48))
		return -EINVAL;
	for (int l = EPT_LEVELS; l > 1; l--) {
		table = descend(e, &table[LEVEL_INDEX(gpa, l)], l, &err);
		if (!table)
			return err;
	}
	table[LEVEL_INDEX(gpa, 1)] = entry;
	return 0;
}

/*
 * Visit the 4 KiB leaves below a table. A non-present entry can still be
 * an MMIO entry (W=1 R=0 counts as "present" to ept_is_present), so only
 * empty slots are skipped.
 */
static u64 zap_table(const struct ept *e, u64 *t, int level, bool (*match)(u64))
{
	u64 n = 0;

	for (int i = 0; i < EPT_ENTRIES; i++) {
		if (!t[i])
			continue;
		if (level == 1) {
			if (match(t[i])) {
				t[i] = 0;
				n++;
			}
		} else if (!is_leaf(t[i], level)) {
			n += zap_table(e, entry_table(t[i]), level - 1, match);
		}
	}
	return n;
}

u64 ept_zap_leaves(struct ept *e, bool (*match)(u64 entry))
{
	return zap_table(e, e->root, EPT_LEVELS, match);
}

u64 *ept_lookup(const struct ept *e, gpa_t gpa, int *level)
{
	u64 *table = e->root;

	for (int l = EPT_LEVELS; l >= 1; l--) {
		u64 *slot = &table[LEVEL_INDEX(gpa, l)];

		if (!ept_is_present(&e->fmt, *slot))
			return NULL;
		if (is_leaf(*slot, l)) {
			if (level)
				*level = l;
			return slot;
		}
		table = entry_table(*slot);
	}
	return NULL;
}

/* EPTP bits (SDM Vol. 3C, 25.6.11, Table 25-9). */
#define EPTP_MT_WB 6ULL
#define EPTP_WALK_LENGTH_4 (3ULL << 3)

u64 ept_eptp(const struct ept *e)
{
	return ((u64)(uintptr_t)e->root & EPT_ADDR_MASK) | EPTP_WALK_LENGTH_4 | EPTP_MT_WB;
}
