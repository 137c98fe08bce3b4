/* SPDX-License-Identifier: MIT */
/*
 * Conversion of the UEFI memory map (what GetMemoryMap() returns) into hv's
 * internal struct memmap. Pure code over plain integers, with no GNU-EFI
 * headers, so that host unit tests build it as it is.
 */
#ifndef HV_BOOT_EFI_MEMMAP_H
#define HV_BOOT_EFI_MEMMAP_H

#include "lib/types.h"
#include "mm/memmap.h"

/*
 * EFI_MEMORY_TYPE values (UEFI 2.10, section 7.2 "Memory Allocation
 * Services", EFI_BOOT_SERVICES.AllocatePages(), "Related Definitions").
 */
enum efi_mem_type {
	EFI_MEM_RESERVED = 0,
	EFI_MEM_LOADER_CODE = 1,
	EFI_MEM_LOADER_DATA = 2,
	EFI_MEM_BOOT_SERVICES_CODE = 3,
	EFI_MEM_BOOT_SERVICES_DATA = 4,
	EFI_MEM_RUNTIME_SERVICES_CODE = 5,
	EFI_MEM_RUNTIME_SERVICES_DATA = 6,
	EFI_MEM_CONVENTIONAL = 7,
	EFI_MEM_UNUSABLE = 8,
	EFI_MEM_ACPI_RECLAIM = 9,
	EFI_MEM_ACPI_NVS = 10,
	EFI_MEM_MMIO = 11,
	EFI_MEM_MMIO_PORT_SPACE = 12,
	EFI_MEM_PAL_CODE = 13,
	EFI_MEM_PERSISTENT = 14,
	EFI_MEM_UNACCEPTED = 15,
};

/*
 * EFI_MEMORY_DESCRIPTOR as the firmware lays it out (UEFI 2.10, section 7.2
 * "Memory Allocation Services", EFI_BOOT_SERVICES.GetMemoryMap()). The
 * firmware's descriptor size may be larger than this struct: entries are
 * always stepped by the DescriptorSize it returns.
 */
struct efi_mem_desc {
	u32 type;
	u32 pad;
	u64 phys_start;
	u64 virt_start;
	u64 num_pages;
	u64 attribute;
};

static_assert(sizeof(struct efi_mem_desc) == 40, "EFI_MEMORY_DESCRIPTOR is 40 bytes");

#define EFI_MEMMAP_PAGE_SIZE 4096ULL /* descriptors count 4 KiB pages whatever the CPU uses */

/* The hv type for one EFI memory type (unknown types are MEM_RESERVED). */
u32 efi_memmap_type(u32 efi_type);

/*
 * Convert the firmware's map (map_size bytes of descriptors, desc_size bytes
 * apart) into *out, which is overwritten, then normalize it. Meant for after
 * ExitBootServices(): boot-services and loader memory count as usable.
 * Returns 0; -EINVAL if desc_size is under 40 bytes, map_size is not a
 * multiple of it or a descriptor wraps past 2^64; -ENOSPC if the map does
 * not fit in MEMMAP_MAX ranges.
 */
int efi_memmap_convert(struct memmap *out, const void *descs, u64 map_size, u64 desc_size);

#endif
