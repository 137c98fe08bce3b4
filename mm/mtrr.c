// SPDX-License-Identifier: MIT
/*
 * MTRR memory typing (see mm/mtrr.h). A type is found by looking at the
 * fixed ranges below 1 MiB, else at every valid variable range. Runs of one
 * type are found by jumping between the addresses where the inputs to that
 * decision can change, never byte by byte: a variable range with mask M
 * (its lowest set bit k) matches whole aligned 2^k blocks, so inside a
 * matching block membership ends at the block's end, and outside one the
 * next match is the smallest address above whose masked bits equal the
 * base's, which a scan over the mask bits finds directly.
 */
#include "mm/mtrr.h"

/* Fixed-range MSRs in address order (SDM Vol. 3A, 13.11.2.2 "Fixed Range MTRRs"). */
static const u32 fixed_msrs[MTRR_FIXED_MSRS] = {
	0x250,                                          /* IA32_MTRR_FIX64K_00000 */
	0x258, 0x259,                                   /* FIX16K_80000, FIX16K_A0000 */
	0x268, 0x269, 0x26a, 0x26b, 0x26c, 0x26d, 0x26e, 0x26f, /* FIX4K_C0000..F8000 */
};

/* Where each fixed-range group starts and how big its sub-ranges are. */
#define FIXED_64K_END 0x80000ULL /* fixed[0]: 8 x 64 KiB from 0 */
#define FIXED_16K_END 0xc0000ULL /* fixed[1..2]: 16 x 16 KiB from 0x80000 */
				 /* fixed[3..10]: 64 x 4 KiB from 0xc0000 */

static_assert(FIXED_64K_END == 8 * 0x10000 && FIXED_16K_END - FIXED_64K_END == 16 * 0x4000 &&
	      MTRR_FIXED_END - FIXED_16K_END == 64 * 0x1000, "88 fixed ranges cover 1 MiB");
static_assert((MTRR_PHYSMASK_VALID & MTRR_PHYSBASE_TYPE) == 0, "valid bit is not type");

u32 mtrr_fixed_msr(unsigned int i)
{
	return i < MTRR_FIXED_MSRS ? fixed_msrs[i] : 0;
}

static bool is_valid_type(u8 t)
{
	return t == MTRR_TYPE_UC || t == MTRR_TYPE_WC || t == MTRR_TYPE_WT ||
	       t == MTRR_TYPE_WP || t == MTRR_TYPE_WB;
}

static u8 sane_type(u8 t)
{
	return is_valid_type(t) ? t : MTRR_TYPE_UC;
}

/* MAXPHYADDR, taking an out-of-range value as 36 (the default without CPUID 80000008H). */
static unsigned int phys_bits(const struct mtrr_state *s)
{
	return s->maxphyaddr >= 32 && s->maxphyaddr <= 52 ? s->maxphyaddr : 36;
}

static bool uses_fixed(const struct mtrr_state *s, u64 addr)
{
	return s->enabled && s->fixed_enabled && addr < MTRR_FIXED_END;
}

/* Type of the fixed sub-range holding addr (< 1 MiB); *end gets its end. */
static u8 fixed_type(const struct mtrr_state *s, u64 addr, u64 *end)
{
	unsigned int msr, shift;

	if (addr < FIXED_64K_END) {
		msr = 0;
		shift = 16;
	} else if (addr < FIXED_16K_END) {
		msr = 1 + (unsigned int)((addr - FIXED_64K_END) >> 17);
		shift = 14;
	} else {
		msr = 3 + (unsigned int)((addr - FIXED_16K_END) >> 15);
		shift = 12;
	}
	*end = ALIGN_DOWN(addr, BIT_ULL(shift)) + BIT_ULL(shift);
	return sane_type((u8)(s->fixed[msr] >> (8 * ((addr >> shift) & 7))));
}

/* One variable range, decoded: the mask limited to MAXPHYADDR, the masked base. */
struct var_range {
	u64 mask, match;
	unsigned int low; /* lowest mask bit; MAXPHYADDR for an all-zero mask */
	u8 type;
};

static bool get_var(const struct mtrr_state *s, unsigned int i, struct var_range *v)
{
	unsigned int m = phys_bits(s);

	if (!(s->var_mask[i] & MTRR_PHYSMASK_VALID))
		return false;
	v->mask = s->var_mask[i] & GENMASK_ULL(m - 1, 12);
	v->match = s->var_base[i] & v->mask;
	v->low = v->mask ? (unsigned int)__builtin_ctzll(v->mask) : m;
	v->type = sane_type((u8)FIELD_GET(MTRR_PHYSBASE_TYPE, s->var_base[i]));
	return true;
}

static u32 var_count(const struct mtrr_state *s)
{
	return MIN(s->var_count, (u32)MTRR_VAR_MAX);
}

/*
 * Combine the types of the variable ranges that hold an address (SDM
 * Vol. 3A, 13.11.4.1 "MTRR Precedences"): one type, or several equal ones,
 * stand; UC wins over anything; WT and WB give WT. The SDM calls every other
 * overlap undefined; hv takes UC, the type that cannot be wrong for a device.
 */
static u8 combine(u8 have, bool any, u8 next)
{
	if (!any || have == next)
		return next;
	if (have == MTRR_TYPE_UC || next == MTRR_TYPE_UC)
		return MTRR_TYPE_UC;
	if ((have == MTRR_TYPE_WT && next == MTRR_TYPE_WB) ||
	    (have == MTRR_TYPE_WB && next == MTRR_TYPE_WT))
		return MTRR_TYPE_WT;
	return MTRR_TYPE_UC;
}

u8 mtrr_type_at(const struct mtrr_state *s, u64 addr)
{
	struct var_range v;
	bool any = false;
	u8 type = 0;
	u64 end;
	u32 i;

	if (!s->enabled)
		return MTRR_TYPE_UC;
	if (uses_fixed(s, addr))
		return fixed_type(s, addr, &end);
	if (addr >> phys_bits(s))
		return sane_type(s->default_type);
	for (i = 0; i < var_count(s); i++) {
		if (get_var(s, i, &v) && (addr & v.mask) == v.match) {
			type = combine(type, any, v.type);
			any = true;
		}
	}
	return any ? type : sane_type(s->default_type);
}

/*
 * The smallest y >= c (c < 2^m) with (y & mask) == match, or 2^m if there is
 * none below 2^m. Scans the mask bits from the top: at the first one where c
 * differs from match, either match has the 1 (then y is c's higher bits,
 * that 1, and match's bits below with free bits zero), or c has it (then the
 * lowest free bit above that c has clear must be set instead, and the same
 * filling done below it).
 */
/* c's bits above `bit`, then `bit`, then match's bits below it (free bits zero). */
static u64 raise_at(u64 c, u64 bit, u64 match)
{
	return (c & ~(bit | (bit - 1))) | bit | (match & (bit - 1));
}

static u64 next_match(u64 c, u64 mask, u64 match, unsigned int m)
{
	u64 bit, free;
	int b;

	for (b = (int)m - 1; b >= 0; b--) {
		bit = BIT_ULL(b);
		if (!(mask & bit) || (c & bit) == (match & bit))
			continue;
		if (match & bit)
			return raise_at(c, bit, match);
		free = ~mask & ~c & GENMASK_ULL(m - 1, b + 1);
		if (!free)
			return BIT_ULL(m);
		return raise_at(c, free & -free, match);
	}
	return c;
}

/*
 * The first address above cur (cur < 2^m) where membership in variable
 * range v may change: the end of cur's aligned 2^low block when cur is in
 * the range (the next block differs in bit `low`, a mask bit), else the next
 * matching address.
 */
static u64 var_change(const struct var_range *v, u64 cur, unsigned int m)
{
	if ((cur & v->mask) == v->match)
		return v->low >= m ? BIT_ULL(m) : ALIGN_DOWN(cur, BIT_ULL(v->low)) + BIT_ULL(v->low);
	return next_match(cur, v->mask, v->match, m);
}

/* The first address above cur where mtrr_type_at() may give another answer; ~0 for none. */
static u64 next_change(const struct mtrr_state *s, u64 cur)
{
	unsigned int m = phys_bits(s);
	struct var_range v;
	u64 end;
	u32 i;

	if (!s->enabled)
		return ~0ULL;
	if (uses_fixed(s, cur)) {
		fixed_type(s, cur, &end);
		return end;
	}
	if (cur >> m)
		return ~0ULL;
	end = BIT_ULL(m);
	for (i = 0; i < var_count(s); i++)
		if (get_var(s, i, &v))
			end = MIN(end, var_change(&v, cur, m));
	return end;
}

u64 mtrr_uniform_end(const struct mtrr_state *s, u64 addr, u64 limit, u8 *type)
{
	u64 cur = addr, next;

	*type = mtrr_type_at(s, addr);
	if (limit <= addr)
		return addr;
	for (;;) {
		next = next_change(s, cur);
		if (next >= limit)
			return limit;
		if (mtrr_type_at(s, next) != *type)
			return next;
		cur = next;
	}
}
