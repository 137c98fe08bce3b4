/* SPDX-License-Identifier: MIT */
/*
 * hv's EPT builder: encodes entries and maps, unmaps and re-permissions
 * guest-physical ranges with the largest pages that fit.
 *
 * The entry format is chosen by data once at start-up (struct ept_format),
 * not by #ifdefs: with MBEC (mode-based execute control, secondary
 * processor-based control bit 22) bit 2 is XS (execute for supervisor-mode
 * linear addresses) and bit 10 is XU (user-mode); without MBEC xu_mask is 0
 * and bit 2 alone governs execution (and a request for user execute sets it).
 *
 * Intel SDM Vol. 3C, 29.3.2 "EPT Translation Mechanism" (Tables 29-1 to
 * 29-6 give the entry formats), 29.3.3 "EPT-Induced VM Exits".
 */
#ifndef HV_MM_EPT_H
#define HV_MM_EPT_H

#include "lib/types.h"

/* Entry bits (SDM Vol. 3C, 29.3.2, Tables 29-1..29-6). */
#define EPT_READ BIT_ULL(0)
#define EPT_WRITE BIT_ULL(1)
#define EPT_EXEC BIT_ULL(2)           /* execute; XS (supervisor) under MBEC */
#define EPT_MEMTYPE_MASK GENMASK_ULL(5, 3) /* leaf only */
#define EPT_IGNORE_PAT BIT_ULL(6)     /* leaf only */
#define EPT_LARGE BIT_ULL(7)          /* 1 GiB / 2 MiB leaf in PDPTE / PDE */
#define EPT_ACCESSED BIT_ULL(8)
#define EPT_DIRTY BIT_ULL(9)          /* leaf only */
#define EPT_EXEC_USER BIT_ULL(10)     /* XU under MBEC; ignored without it */
#define EPT_ADDR_MASK GENMASK_ULL(51, 12)
#define EPT_SUPPRESS_VE BIT_ULL(63)

/* Bits 2:0 only. XU (bit 10) is deliberately not in it. */
#define EPT_RWX_MASK (EPT_READ | EPT_WRITE | EPT_EXEC)
static_assert((EPT_RWX_MASK & EPT_EXEC_USER) == 0, "XU is not part of the R/W/X mask");

/* EPT memory types (SDM Vol. 3C, 29.3.7 "Memory Typing Used for Accesses"). */
#define EPT_MT_UC 0
#define EPT_MT_WC 1
#define EPT_MT_WT 4
#define EPT_MT_WP 5
#define EPT_MT_WB 6

/* Abstract permissions that callers ask for; the format turns them into bits. */
#define EPT_PERM_R 1u
#define EPT_PERM_W 2u
#define EPT_PERM_XS 4u /* execute through supervisor-mode linear addresses */
#define EPT_PERM_XU 8u /* execute through user-mode linear addresses */
#define EPT_PERM_X (EPT_PERM_XS | EPT_PERM_XU)
#define EPT_PERM_RWX (EPT_PERM_R | EPT_PERM_W | EPT_PERM_X)

/* Levels: 1 = PT (4 KiB), 2 = PD (2 MiB), 3 = PDPT (1 GiB), 4 = PML4. */
#define EPT_LEVELS 4

struct ept_format {
	u64 xs_mask;   /* bit 2 */
	u64 xu_mask;   /* bit 10 with MBEC, else 0 */
	u64 perm_mask; /* every permission bit: R | W | XS | XU */
	bool mbec;
	bool page_1g;  /* 1 GiB leaves allowed (IA32_VMX_EPT_VPID_CAP bit 17) */
	bool page_2m;  /* 2 MiB leaves allowed (bit 16) */
};

/* Fill the format once: with or without MBEC, and which large pages the CPU has. */
void ept_format_init(struct ept_format *f, bool mbec, bool page_2m, bool page_1g);

/* Entry bits for perm (EPT_PERM_*) under format f. */
u64 ept_perm_to_bits(const struct ept_format *f, unsigned int perm);
/* EPT_PERM_* of an entry. */
unsigned int ept_bits_to_perm(const struct ept_format *f, u64 entry);

/* True if the entry maps something: any of bits 2:0, or XU under MBEC. */
bool ept_is_present(const struct ept_format *f, u64 entry);

/* A leaf at `level` (1..3) mapping hpa with perm and memory type (IPAT clear). */
u64 ept_make_leaf(const struct ept_format *f, hpa_t hpa, unsigned int perm, u8 memtype, int level);

/* Allocator for table pages: returns a zeroed, 4 KiB-aligned page or NULL. */
typedef void *(*ept_alloc_fn)(void *ctx);
/* Returns a table page that is no longer referenced (may be NULL: pages leak). */
typedef void (*ept_free_fn)(void *page, void *ctx);

struct ept {
	u64 *root;              /* PML4, identity-mapped (hva == hpa) */
	struct ept_format fmt;
	ept_alloc_fn alloc;
	ept_free_fn free;
	void *alloc_ctx;
	u64 table_pages;        /* tables in use, root included */
};

/* Create an empty EPT with format f. Returns 0 or -ENOMEM. */
int ept_init(struct ept *e, const struct ept_format *f, ept_alloc_fn alloc,
	     ept_free_fn free, void *ctx);

/*
 * Map [gpa, gpa+size) to [hpa, ...) with perm and memtype using the largest
 * leaves that fit (alignment of both addresses, allowed page sizes),
 * splitting existing large leaves where the range covers them partly (a split
 * copies every permission bit, XU included, and the memory type).
 * gpa, hpa and size must be 4 KiB aligned. Returns 0, -EINVAL or -ENOMEM.
 */
int ept_map_range(struct ept *e, gpa_t gpa, hpa_t hpa, u64 size, unsigned int perm, u8 memtype);

/* Remove [gpa, gpa+size) (4 KiB aligned), splitting large leaves. 0 or -ENOMEM. */
int ept_unmap_range(struct ept *e, gpa_t gpa, u64 size);

/*
 * Write `entry` as the 4 KiB leaf for gpa (4 KiB aligned), creating tables
 * and splitting a large leaf on the way. Used for entries the map calls do
 * not make, such as MMIO entries (mm/ept_mmio.h). 0 or -ENOMEM / -EINVAL.
 */
int ept_set_leaf_4k(struct ept *e, gpa_t gpa, u64 entry);

/*
 * Clear every 4 KiB leaf for which match(entry) is true; returns how many.
 * The caller invalidates (INVEPT) afterwards.
 */
u64 ept_zap_leaves(struct ept *e, bool (*match)(u64 entry));

/* The leaf entry translating gpa and its level (1..3), or NULL if none. */
u64 *ept_lookup(const struct ept *e, gpa_t gpa, int *level);

/*
 * EPTP for VMCS field EPT_POINTER: write-back paging-structure type,
 * 4-level walk, accessed/dirty flags off (SDM Vol. 3C, 25.6.11
 * "Extended-Page-Table Pointer (EPTP)").
 */
u64 ept_eptp(const struct ept *e);

#endif
