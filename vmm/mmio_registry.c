// SPDX-License-Identifier: MIT
/* The MMIO region registry (vmm/mmio_registry.h). */
#include "vmm/mmio_registry.h"
#include "lib/errno.h"
#include "lib/string.h"

void mmio_registry_init(struct mmio_registry *reg)
{
	memset(reg, 0, sizeof(*reg));
}

void mmio_bump_generation(struct mmio_registry *reg, bool *zap_all)
{
	reg->generation = (reg->generation + 1) % MMIO_GEN_COUNT;
	*zap_all = reg->generation == 0;
	if (*zap_all)
		reg->wraps++;
}

static bool overlaps(const struct mmio_registry *reg, gpa_t base, u64 size, int skip)
{
	for (u32 i = 0; i < MMIO_REGION_MAX; i++) {
		const struct mmio_region *r = &reg->region[i];

		if (r->used && (int)i != skip && base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

static bool valid_range(gpa_t base, u64 size)
{
	return size && IS_ALIGNED(base | size, PAGE_SIZE) && base + size > base;
}

int mmio_register(struct mmio_registry *reg, gpa_t base, u64 size, const char *name,
		  const struct mmio_ops *ops, void *opaque, bool *zap_all)
{
	if (!valid_range(base, size) || !ops)
		return -EINVAL;
	if (overlaps(reg, base, size, -1))
		return -EEXIST;
	for (u32 i = 0; i < MMIO_REGION_MAX; i++) {
		struct mmio_region *r = &reg->region[i];

		if (r->used)
			continue;
		*r = (struct mmio_region){ true, base, size, name, ops, opaque, { 0, 0, 0 } };
		mmio_bump_generation(reg, zap_all);
		return (int)i;
	}
	return -ENOSPC;
}

int mmio_unregister(struct mmio_registry *reg, u32 index, bool *zap_all)
{
	if (index >= MMIO_REGION_MAX || !reg->region[index].used)
		return -EINVAL;
	reg->region[index].used = false;
	mmio_bump_generation(reg, zap_all);
	return 0;
}

int mmio_move(struct mmio_registry *reg, u32 index, gpa_t new_base, bool *zap_all)
{
	struct mmio_region *r;

	if (index >= MMIO_REGION_MAX || !reg->region[index].used)
		return -EINVAL;
	r = &reg->region[index];
	if (!valid_range(new_base, r->size))
		return -EINVAL;
	if (overlaps(reg, new_base, r->size, (int)index))
		return -EEXIST;
	r->base = new_base;
	mmio_bump_generation(reg, zap_all);
	return 0;
}

int mmio_find(const struct mmio_registry *reg, gpa_t gpa)
{
	for (u32 i = 0; i < MMIO_REGION_MAX; i++) {
		const struct mmio_region *r = &reg->region[i];

		if (r->used && gpa - r->base < r->size)
			return (int)i;
	}
	return -ENOENT;
}

enum mmio_hit mmio_check_entry(const struct mmio_registry *reg, u64 entry, gpa_t gpa, u32 *index)
{
	u32 i = mmio_entry_index(entry);
	const struct mmio_region *r;

	if (!mmio_is_entry(entry))
		return MMIO_HIT_NONE;
	if (mmio_entry_gen(entry) != reg->generation || i >= MMIO_REGION_MAX)
		return MMIO_HIT_STALE;
	r = &reg->region[i];
	if (!r->used || gpa - r->base >= r->size)
		return MMIO_HIT_STALE;
	*index = i;
	return MMIO_HIT_FAST;
}
