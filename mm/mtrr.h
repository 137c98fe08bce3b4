/* SPDX-License-Identifier: MIT */
/*
 * Memory typing from the MTRRs: given the MTRR MSR values (read elsewhere
 * into struct mtrr_state), the effective MTRR memory type of an address, and
 * the longest run from an address over which that type does not change, so
 * the EPT builder can map the run with one memory type and the largest pages.
 * Pure: no MSR access here.
 *
 * Intel SDM Vol. 3A, 13.11 "Memory Type Range Registers (MTRRs)": 13.11.1
 * "MTRR Feature Identification", 13.11.2 "Setting Memory Ranges with MTRRs",
 * 13.11.4.1 "MTRR Precedences".
 */
#ifndef HV_MM_MTRR_H
#define HV_MM_MTRR_H

#include "lib/types.h"
#include "mm/ept.h"

/* Memory types (SDM Vol. 3A, 13.11 "Memory Type Range Registers (MTRRs)"). */
#define MTRR_TYPE_UC 0
#define MTRR_TYPE_WC 1
#define MTRR_TYPE_WT 4
#define MTRR_TYPE_WP 5
#define MTRR_TYPE_WB 6

/* The EPT memory-type field uses the same numbers, so a type goes into an entry unchanged. */
static_assert(MTRR_TYPE_UC == EPT_MT_UC && MTRR_TYPE_WC == EPT_MT_WC &&
	      MTRR_TYPE_WT == EPT_MT_WT && MTRR_TYPE_WP == EPT_MT_WP &&
	      MTRR_TYPE_WB == EPT_MT_WB, "MTRR and EPT memory types agree");

/* IA32_MTRRCAP (SDM Vol. 3A, 13.11.1 "MTRR Feature Identification"). */
#define MTRRCAP_VCNT GENMASK_ULL(7, 0)
#define MTRRCAP_FIX BIT_ULL(8)
#define MTRRCAP_WC BIT_ULL(10)

/* IA32_MTRR_DEF_TYPE (SDM Vol. 3A, 13.11.2.1 "IA32_MTRR_DEF_TYPE MSR"). */
#define MTRR_DEF_TYPE_TYPE GENMASK_ULL(7, 0)
#define MTRR_DEF_TYPE_FE BIT_ULL(10) /* fixed-range MTRRs enabled */
#define MTRR_DEF_TYPE_E BIT_ULL(11)  /* MTRRs enabled; clear: all memory UC */

/*
 * IA32_MTRR_PHYSBASEn / PHYSMASKn (SDM Vol. 3A, 13.11.2.3 "Variable Range
 * MTRRs"): base and mask are physical-address bits (MAXPHYADDR-1):12; the
 * bits above MAXPHYADDR are reserved and ignored here.
 */
#define MTRR_PHYSBASE_TYPE GENMASK_ULL(7, 0)
#define MTRR_PHYSMASK_VALID BIT_ULL(11)

#define MTRR_FIXED_MSRS 11  /* 88 fixed ranges, eight one-byte types per MSR */
#define MTRR_FIXED_END 0x100000ULL /* the fixed ranges cover the first MiB */
#define MTRR_VAR_MAX 32     /* IA32_MTRRCAP.VCNT beyond this is clamped by the reader */

/*
 * The MTRR MSRs. enabled and fixed_enabled are IA32_MTRR_DEF_TYPE.E and .FE
 * (the reader clears fixed_enabled when IA32_MTRRCAP.FIX is 0); default_type
 * is its type field. fixed[] holds the fixed-range MSRs in address order
 * (the MSR numbers come from mtrr_fixed_msr()): [0] FIX64K_00000, [1]
 * FIX16K_80000, [2] FIX16K_A0000, [3..10] FIX4K_C0000..FIX4K_F8000; byte i
 * of each types its i-th sub-range. var_base/var_mask are the raw PHYSBASEn
 * and PHYSMASKn values of the first var_count pairs. maxphyaddr is CPUID
 * 80000008H EAX[7:0], 36..52.
 */
struct mtrr_state {
	bool enabled, fixed_enabled;
	u8 default_type;
	u64 fixed[MTRR_FIXED_MSRS];
	u32 var_count;
	u64 var_base[MTRR_VAR_MAX], var_mask[MTRR_VAR_MAX];
	unsigned int maxphyaddr;
};

/* MSR number of fixed[i] (i < MTRR_FIXED_MSRS), for the code that reads them. */
u32 mtrr_fixed_msr(unsigned int i);

/*
 * The effective MTRR memory type of the byte at addr: UC when the MTRRs are
 * disabled; below 1 MiB the fixed range when they are enabled; else the
 * variable ranges holding addr combined by 13.11.4.1's precedence rules
 * (UC wins, WT beats WB, any other mix is undefined and taken as UC), or
 * the default type when none does. Addresses at or above 2^maxphyaddr get
 * the default type. A type number the architecture does not define (2, 3,
 * 7 and up; writing one would #GP) is taken as UC.
 */
u8 mtrr_type_at(const struct mtrr_state *s, u64 addr);

/*
 * Set *type to mtrr_type_at(s, addr) and return the largest end <= limit
 * such that every byte of [addr, end) has that type; returns addr when
 * limit <= addr. Steps from one possible type change to the next: fixed
 * sub-range ends, 1 MiB, 2^maxphyaddr, and for each variable range the next
 * address where membership changes (for a contiguous mask the range's start
 * or end; a non-contiguous mask is handled exactly but may produce one step
 * per aliased block, so the cost grows with the number of blocks crossed).
 * Each step costs O(var_count * maxphyaddr).
 */
u64 mtrr_uniform_end(const struct mtrr_state *s, u64 addr, u64 limit, u8 *type);

#endif
