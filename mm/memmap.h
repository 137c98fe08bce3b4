/* SPDX-License-Identifier: MIT */
/*
 * hv's one internal form of the machine's physical memory map. Both boot
 * paths convert what the firmware reports (UEFI memory descriptors, the
 * Multiboot2 memory-map tag) into it; hv then marks its own memory MEM_HV,
 * and the guest loader turns it into the guest's e820 table.
 *
 * Types 1..7 have the e820 values (ACPI spec 6.5, 15.1 "INT 15H, E820H -
 * Query System Address Map"), so converting to e820 is a copy.
 */
#ifndef HV_MM_MEMMAP_H
#define HV_MM_MEMMAP_H

#include "lib/types.h"

enum mem_type {
	MEM_USABLE = 1,
	MEM_RESERVED = 2,
	MEM_ACPI = 3,       /* ACPI tables, reclaimable after parsing */
	MEM_NVS = 4,        /* ACPI NVS */
	MEM_UNUSABLE = 5,   /* known-bad memory */
	MEM_PMEM = 7,       /* persistent memory */
	MEM_HV = 0x100,     /* owned by hv: hidden from the guest, reserved in its e820 */
};

#define MEMMAP_MAX 512

struct mem_range {
	u64 base;
	u64 size;
	u32 type;
};

struct memmap {
	u32 count;
	struct mem_range r[MEMMAP_MAX];
};

/*
 * Append a range. Returns 0, or -ENOSPC when the table is full. The map is
 * not kept sorted by this call; memmap_normalize() does that.
 */
int memmap_add(struct memmap *m, u64 base, u64 size, u32 type);

/*
 * Sort by base, resolve overlaps (the numerically higher type wins, so
 * MEM_HV beats everything and any reserved kind beats MEM_USABLE), drop
 * empty ranges and merge neighbours of the same type. Returns 0 or -ENOSPC.
 */
int memmap_normalize(struct memmap *m);

/*
 * Give [base, base+size) the type `type` whatever it was before, splitting
 * ranges as needed, and normalize. Returns 0 or -ENOSPC.
 */
int memmap_set_type(struct memmap *m, u64 base, u64 size, u32 type);

/* True for the kinds of RAM: usable, ACPI tables, ACPI NVS, persistent memory. */
bool memmap_is_ram(u32 type);

/* End (exclusive) of the highest range of any type; 0 for an empty map. */
u64 memmap_top(const struct memmap *m);

/* Type of the range holding addr, or 0 when no range does. */
u32 memmap_type_at(const struct memmap *m, u64 addr);

/*
 * memmap_type_at() for a normalized map (memmap_normalize(): sorted by
 * base, no overlaps), by binary search: the guest-RAM checks make one such
 * lookup on every guest page-table read hv does, where a linear scan of a
 * fragmented UEFI map cost more than the rest of an MMIO emulation.
 * Undefined on a map that is not normalized.
 */
u32 memmap_type_at_sorted(const struct memmap *m, u64 addr);

/*
 * Find the highest `size` bytes, aligned to `align`, lying entirely in
 * MEM_USABLE memory and below `limit`. Returns the base, or 0 if none.
 */
u64 memmap_find_free(const struct memmap *m, u64 size, u64 align, u64 limit);

/* True if [base, base+size) lies entirely in ranges of type `type`. */
bool memmap_range_is(const struct memmap *m, u64 base, u64 size, u32 type);

#endif
