/* SPDX-License-Identifier: MIT */
/*
 * What a boot path hands to hv_main(): everything hv learned from the
 * firmware or the boot loader, in one form, so that hv_main() never calls
 * firmware and does not know which path brought it.
 */
#ifndef HV_BOOT_BOOTINFO_H
#define HV_BOOT_BOOTINFO_H

#include "lib/types.h"
#include "mm/memmap.h"
#include "boot/config.h"

enum boot_loader { BOOT_LOADER_UEFI = 1, BOOT_LOADER_MULTIBOOT2 = 2 };

/* A file the boot path loaded into memory (the guest kernel or initrd). */
struct boot_module {
	hpa_t base;
	u64 size;
	char name[CONFIG_PATH_MAX]; /* path or GRUB's module string, for messages */
};

enum fb_type { FB_NONE = 0, FB_RGB = 1, FB_EGA_TEXT = 2 };

struct boot_framebuffer {
	hpa_t base;
	u64 size;
	u32 width, height, pitch; /* pixels, pixels, bytes per line */
	u8 bpp;
	u8 type; /* enum fb_type */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	u32 loader; /* enum boot_loader */
	struct memmap mem; /* firmware map; hv image and heap already MEM_HV */
	hpa_t rsdp; /* ACPI RSDP, 0 if none was found */
	u8 rsdp_copy[36]; /* Multiboot2 gives a copy of the RSDP, not its address */
	u32 rsdp_copy_len; /* 20 (ACPI 1.0 RSDP) or 36 (2.0+); 0: no copy */
	struct boot_framebuffer fb;
	struct hv_config cfg;
	struct boot_module kernel; /* size 0: no guest image */
	struct boot_module initrd; /* size 0: none */
	hpa_t image_base; /* hv's own image */
	u64 image_size;
	hpa_t heap_base; /* memory set aside for hv's allocator, 2 MiB aligned */
	u64 heap_size;
};

/* Size of the memory a boot path reserves for hv's allocator. */
#define HV_HEAP_SIZE (32ULL << 20)

/*
 * The common entry after either boot path: firmware is gone, the CPU has
 * passed vmx_check_cpu(), interrupts are off, paging is on with low memory
 * identity-mapped. Never returns.
 */
__noreturn void hv_main(struct boot_info *bi);

#endif
