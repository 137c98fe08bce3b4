// SPDX-License-Identifier: MIT
/* The guest's identity EPT map, typed by the MTRRs; see ept_identity.h. */
#include "mm/ept_identity.h"

/* Map [base, end) of memory-map type `type`, split where the MTRR type changes. */
static int map_piece(struct ept *e, u64 base, u64 end, u32 type, const struct mtrr_state *mtrr)
{
	while (base < end) {
		u8 mt = memmap_is_ram(type) ? EPT_MT_WB : EPT_MT_UC;
		u64 next = mtrr ? mtrr_uniform_end(mtrr, base, end, &mt) : end;
		int err;

		if (next <= base) /* cannot happen for base < end; never loop forever */
			next = end;
		next = ALIGN_UP(next, PAGE_SIZE);
		err = ept_map_range(e, base, base, MIN(next, end) - base, EPT_PERM_RWX, mt);
		if (err)
			return err;
		base = next;
	}
	return 0;
}

int ept_build_identity(struct ept *e, const struct memmap *m, const struct mtrr_state *mtrr,
		       u64 top)
{
	u64 cursor = 0;
	int err = 0;

	for (u32 i = 0; i < m->count && !err && cursor < top; i++) {
		u64 base = ALIGN_DOWN(m->r[i].base, PAGE_SIZE);
		u64 end = MIN(ALIGN_UP(m->r[i].base + m->r[i].size, PAGE_SIZE), top);

		if (base > cursor) /* a hole: device memory */
			err = map_piece(e, cursor, MIN(base, top), MEM_RESERVED, mtrr);
		if (!err && m->r[i].type != MEM_HV && end > MAX(base, cursor))
			err = map_piece(e, MAX(base, cursor), end, m->r[i].type, mtrr);
		cursor = MAX(cursor, end);
	}
	if (!err && cursor < top)
		err = map_piece(e, cursor, top, MEM_RESERVED, mtrr);
	return err;
}
