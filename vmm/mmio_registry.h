/* SPDX-License-Identifier: MIT */
/*
 * The MMIO trap cache's registry of emulated MMIO regions (the policy; the
 * EPT entries that cache a page's region are mm/ept_mmio.h's).
 *
 * A page of an emulated region starts unmapped. The first guest access is
 * an EPT violation (slow path): hv searches the registry, installs an
 * MMIO entry for the page (W=1, R=0: every later access is an EPT
 * misconfiguration) and emulates the access. Later accesses exit with
 * reason 49 (fast path): hv reads the entry, takes the region index and the
 * generation from its ignored bits, and dispatches with no search. Adding,
 * removing or moving a region bumps the registry's generation; an entry with
 * an older generation is stale and is rebuilt through the slow path. When
 * the generation wraps, every MMIO entry must be zapped
 * (mmio_bump_generation() says so).
 */
#ifndef HV_VMM_MMIO_REGISTRY_H
#define HV_VMM_MMIO_REGISTRY_H

#include "lib/types.h"
#include "mm/ept_mmio.h"

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
