/* SPDX-License-Identifier: MIT */
/*
 * MMIO entries: the EPT leaves of the MMIO trap cache (the mechanism; the
 * region registry that gives them meaning is vmm/mmio_registry.h). Inline:
 * the fast path decodes one on every access.
 *
 * An MMIO entry has W=1, R=0 and no execute bit, which the CPU always
 * treats as an EPT misconfiguration (Intel SDM Vol. 3C, 29.3.3.1 "EPT
 * Misconfigurations": "bit 0 of the entry is clear ... and bit 1 is set"),
 * whatever XS/XU hold, so every access to the page exits with reason 49.
 * The entry remembers which region the page belongs to, and as of which
 * registry generation, in bits the CPU ignores.
 *
 * Where the data lives: only bits that a 4 KiB EPT PTE ignores in every
 * configuration hv may enable (SDM Vol. 3C, 29.3.2, Table 29-6 "Format of
 * an EPT Page-Table Entry that Maps a 4-KByte Page"):
 *   bits 56:52  region index (5 bits: up to 31 regions)
 *   bits 11, 59, 62  generation (3 bits), in that order, low to high
 * Not used: bits 2:0 and 10 (permissions, XS/XU), 5:3 and 6 (memory type,
 * IPAT), 8/9 (accessed/dirty, in use once EPT A/D is enabled), 51:12
 * (address), 57, 58, 60, 61 (HLAT, paging-write, shadow stack, sub-page
 * permissions) and 63 (suppress #VE).
 */
#ifndef HV_MM_EPT_MMIO_H
#define HV_MM_EPT_MMIO_H

#include "lib/types.h"
#include "mm/ept.h"

#define MMIO_INDEX_MASK GENMASK_ULL(56, 52)
#define MMIO_GEN_BIT0 BIT_ULL(11)
#define MMIO_GEN_BIT1 BIT_ULL(59)
#define MMIO_GEN_BIT2 BIT_ULL(62)
#define MMIO_GEN_MASK (MMIO_GEN_BIT0 | MMIO_GEN_BIT1 | MMIO_GEN_BIT2)
#define MMIO_GEN_COUNT 8u
#define MMIO_REGION_MAX 31u /* index 31 is never used, so no entry has all index bits set */
#define MMIO_DATA_MASK (MMIO_INDEX_MASK | MMIO_GEN_MASK)

/* The data bits overlap nothing the CPU reads. */
static_assert((MMIO_DATA_MASK & (EPT_RWX_MASK | EPT_EXEC_USER)) == 0, "MMIO data vs permissions");
static_assert((MMIO_DATA_MASK & (EPT_MEMTYPE_MASK | EPT_IGNORE_PAT | EPT_LARGE)) == 0,
	      "MMIO data vs memory type");
static_assert((MMIO_DATA_MASK & EPT_ADDR_MASK) == 0, "MMIO data vs address bits");
static_assert((MMIO_DATA_MASK & (EPT_ACCESSED | EPT_DIRTY | EPT_SUPPRESS_VE)) == 0,
	      "MMIO data vs A/D and #VE");
static_assert((MMIO_INDEX_MASK & MMIO_GEN_MASK) == 0, "index vs generation");

/*
 * The EPT leaf (4 KiB) that caches "this page is region `index`, as of
 * generation `gen`": W=1, R=0, no execute bit, data in ignored bits.
 */
static inline u64 mmio_make_entry(u32 index, u32 gen)
{
	return EPT_WRITE | FIELD_PREP(MMIO_INDEX_MASK, index) | (gen & 1 ? MMIO_GEN_BIT0 : 0) |
	       (gen & 2 ? MMIO_GEN_BIT1 : 0) | (gen & 4 ? MMIO_GEN_BIT2 : 0);
}

/* True if e is an MMIO entry: W=1 with R=0 and no execute permission. */
static inline bool mmio_is_entry(u64 e)
{
	return (e & (EPT_RWX_MASK | EPT_EXEC_USER)) == EPT_WRITE;
}

static inline u32 mmio_entry_index(u64 e)
{
	return (u32)FIELD_GET(MMIO_INDEX_MASK, e);
}

static inline u32 mmio_entry_gen(u64 e)
{
	return (e & MMIO_GEN_BIT0 ? 1u : 0) | (e & MMIO_GEN_BIT1 ? 2u : 0) |
	       (e & MMIO_GEN_BIT2 ? 4u : 0);
}

#endif
