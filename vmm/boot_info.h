/* SPDX-License-Identifier: MIT */
/*
 * What a boot path hands to hv_main(): everything hv learned from the
 * firmware or the boot loader, in one form, so that hv_main() never calls
 * firmware and does not know which path brought it. boot/ fills it; it is
 * defined here, in the core, so that the core reads it without including
 * boot code. The loaded files and the framebuffer are guest/linux_boot.h's
 * types: the guest loader is what consumes them.
 */
#ifndef HV_VMM_BOOT_INFO_H
#define HV_VMM_BOOT_INFO_H

#include "lib/types.h"
#include "mm/memmap.h"
#include "guest/linux_boot.h"
#include "vmm/config.h"

enum boot_loader { BOOT_LOADER_UEFI = 1, BOOT_LOADER_MULTIBOOT2 = 2 };

struct boot_info {
	u32 loader; /* enum boot_loader */
	struct memmap mem; /* firmware map; hv image and heap already MEM_HV */
	hpa_t rsdp; /* ACPI RSDP, 0 if none was found */
	u8 rsdp_copy[BOOT_RSDP_COPY_MAX]; /* Multiboot2 gives a copy of the RSDP, not its address */
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

/* The guest loader's view of bi (guest/linux_boot.h): pointers into bi. */
static inline struct linux_boot_src boot_info_guest(const struct boot_info *bi)
{
	return (struct linux_boot_src){
		.kernel = &bi->kernel,
		.initrd = &bi->initrd,
		.cmdline = bi->cfg.cmdline,
		.fb = &bi->fb,
		.rsdp = bi->rsdp,
		.rsdp_copy = bi->rsdp_copy,
		.rsdp_copy_len = bi->rsdp_copy_len,
	};
}

/* Size of the memory a boot path reserves for hv's allocator. */
#define HV_HEAP_SIZE (32ULL << 20)

/*
 * The common entry after either boot path: firmware is gone, the CPU has
 * passed vmx_check_cpu(), interrupts are off, paging is on with low memory
 * identity-mapped. Never returns.
 */
__noreturn void hv_main(struct boot_info *bi);

#endif
