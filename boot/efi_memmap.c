// SPDX-License-Identifier: MIT
/*
 * UEFI memory map -> hv's struct memmap. Runs after ExitBootServices(), when
 * everything the firmware lent out for booting (boot-services code and data,
 * and hv.efi's own loader allocations) is free again; runtime-services memory
 * stays reserved even though hv never calls the runtime services, because the
 * guest OS may. Pure code: the host unit tests feed it hand-made maps.
 */
#include "boot/efi_memmap.h"
#include "lib/errno.h"
#include "lib/string.h"

/*
 * Which EFI memory types become which hv type. The usage after
 * ExitBootServices() follows UEFI 2.10, section 7.2 "Memory Allocation
 * Services", table "Memory Type Usage after ExitBootServices()".
 */
u32 efi_memmap_type(u32 efi_type)
{
	switch (efi_type) {
	case EFI_MEM_LOADER_CODE:
	case EFI_MEM_LOADER_DATA:
	case EFI_MEM_BOOT_SERVICES_CODE:
	case EFI_MEM_BOOT_SERVICES_DATA:
	case EFI_MEM_CONVENTIONAL:
		return MEM_USABLE;
	case EFI_MEM_ACPI_RECLAIM:
		return MEM_ACPI;
	case EFI_MEM_ACPI_NVS:
		return MEM_NVS;
	case EFI_MEM_UNUSABLE:
		return MEM_UNUSABLE;
	case EFI_MEM_PERSISTENT:
		return MEM_PMEM;
	default:
		/*
		 * Reserved, runtime-services code/data, MMIO, MMIO port space,
		 * PAL code, unaccepted memory (usable only after a TDX/SEV
		 * accept, which hv does not do) and any type newer than 2.10.
		 */
		return MEM_RESERVED;
	}
}

/*
 * Append a range, extending the previous one instead when it is its direct
 * continuation of the same type. Firmware maps are usually sorted and split
 * into many small neighbouring descriptors, so this keeps a long raw map
 * within MEMMAP_MAX before memmap_normalize() does the general merge.
 */
static int add_range(struct memmap *m, u64 base, u64 size, u32 type)
{
	struct mem_range *last = m->count ? &m->r[m->count - 1] : NULL;

	if (last && last->type == type && last->base + last->size == base) {
		last->size += size;
		return 0;
	}
	return memmap_add(m, base, size, type);
}

int efi_memmap_convert(struct memmap *out, const void *descs, u64 map_size, u64 desc_size)
{
	const u8 *p = descs;
	u64 off;
	int ret = 0;

	out->count = 0;
	if (desc_size < sizeof(struct efi_mem_desc) || map_size % desc_size) {
		ret = -EINVAL;
		goto out;
	}
	for (off = 0; off < map_size; off += desc_size) {
		struct efi_mem_desc d;

		/* Descriptors need not be 8-byte aligned when desc_size is odd. */
		memcpy(&d, p + off, sizeof(d));
		if (d.num_pages == 0)
			continue;
		/* base + size must not wrap: hv's ranges end below 2^64. */
		if (d.num_pages > (~0ULL - d.phys_start) / EFI_MEMMAP_PAGE_SIZE) {
			ret = -EINVAL;
			goto out;
		}
		ret = add_range(out, d.phys_start, d.num_pages * EFI_MEMMAP_PAGE_SIZE,
				efi_memmap_type(d.type));
		if (ret)
			goto out;
	}
	ret = memmap_normalize(out);
out:
	if (ret)
		out->count = 0;
	return ret;
}
