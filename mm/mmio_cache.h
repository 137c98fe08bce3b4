/* SPDX-License-Identifier: MIT */
/*
 * The MMIO trap cache: a registry of emulated MMIO regions, and the EPT
 * entries that remember which region a guest page belongs to.
 *
 * A page of an emulated region starts unmapped. The first guest access is
 * an EPT violation (slow path): hv searches the registry, installs an
 * "MMIO entry" for the page and emulates the access. An MMIO entry has W=1,
 * R=0 and no execute bit, which the CPU always treats as an EPT
 * misconfiguration (Intel SDM Vol. 3C, 29.3.3.1 "EPT Misconfigurations":
 * "bit 0 of the entry is clear ... and bit 1 is set"), whatever XS/XU hold.
 * So later accesses exit with reason 49 (fast path): hv reads the entry,
 * takes the region index and the generation from its ignored bits, and
 * dispatches with no search. Adding, removing or moving a region bumps the
 * registry's generation; an entry with an older generation is stale and is
 * rebuilt through the slow path. When the generation wraps, every MMIO
 * entry must be zapped (mmio_bump_generation() says so).
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
#ifndef HV_MM_MMIO_CACHE_H
#define HV_MM_MMIO_CACHE_H

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

struct mmio_ops {
	/* Emulate a read of `size` bytes (1, 2, 4, 8) at gpa; returns the value. */
	u64 (*read)(void *opaque, gpa_t gpa, unsigned int size);
	/* Emulate a write of `size` bytes of value at gpa. */
	void (*write)(void *opaque, gpa_t gpa, unsigned int size, u64 value);
};

struct mmio_counters {
	u64 fast;  /* served from an MMIO entry (misconfiguration exit) */
	u64 slow;  /* first access to a page: registry search (violation exit) */
	u64 stale; /* MMIO entry of an older generation: rebuilt */
};

struct mmio_region {
	bool used;
	gpa_t base;
	u64 size;
	const char *name;
	const struct mmio_ops *ops;
	void *opaque;
	struct mmio_counters count;
};

struct mmio_registry {
	struct mmio_region region[MMIO_REGION_MAX];
	u32 generation; /* 0 .. MMIO_GEN_COUNT-1 */
	u64 wraps;      /* how often the generation wrapped (each one zapped every entry) */
};

/* An empty registry at generation 0. */
void mmio_registry_init(struct mmio_registry *reg);

/*
 * The EPT leaf (4 KiB) that caches "this page is region `index`, as of
 * generation `gen`": W=1, R=0, no execute bit, data in ignored bits.
 */
u64 mmio_make_entry(u32 index, u32 gen);

/* True if e is an MMIO entry: W=1 with R=0 and no execute permission. */
bool mmio_is_entry(u64 e);

u32 mmio_entry_index(u64 e);
u32 mmio_entry_gen(u64 e);

/*
 * Add a region (page-aligned base and size, not overlapping another).
 * Returns its index, or -EINVAL / -EEXIST (overlap) / -ENOSPC. Bumps the
 * generation; *zap_all is set when it wrapped (the caller must then clear
 * every MMIO entry from the EPT).
 */
int mmio_register(struct mmio_registry *reg, gpa_t base, u64 size, const char *name,
		  const struct mmio_ops *ops, void *opaque, bool *zap_all);

/* Remove region `index`; -EINVAL if unused. Bumps the generation (see above). */
int mmio_unregister(struct mmio_registry *reg, u32 index, bool *zap_all);

/* Move region `index` to new_base; -EINVAL / -EEXIST. Bumps the generation. */
int mmio_move(struct mmio_registry *reg, u32 index, gpa_t new_base, bool *zap_all);

/*
 * Bump the generation by hand (every MMIO entry becomes stale); *zap_all as
 * for mmio_register().
 */
void mmio_bump_generation(struct mmio_registry *reg, bool *zap_all);

/* Slow path: the region containing gpa, or -ENOENT. Linear search. */
int mmio_find(const struct mmio_registry *reg, gpa_t gpa);

enum mmio_hit { MMIO_HIT_FAST, MMIO_HIT_STALE, MMIO_HIT_NONE };

/*
 * Fast path: given the EPT entry that caused a misconfiguration for gpa,
 * say whether it names a live region of the current generation that still
 * contains gpa (FAST, *index set), is an MMIO entry of another generation
 * or a region that no longer covers gpa (STALE), or is no MMIO entry (NONE).
 */
enum mmio_hit mmio_check_entry(const struct mmio_registry *reg, u64 entry, gpa_t gpa, u32 *index);

#endif
