/* SPDX-License-Identifier: MIT */
/*
 * Reading the Multiboot2 boot information that GRUB hands hv (Multiboot2
 * Specification version 1.0, 3.6 "Boot information", 3.6.1 "Boot
 * information format" and 3.6.2 "Basic tags structure") into struct
 * boot_info. Pure: it reads only the bytes it is told it may read, touches
 * no hardware and does not mark hv's own memory (the caller does that).
 *
 * Layout: u32 total_size, u32 reserved, then tags, each starting on an
 * 8-byte boundary with u32 type and u32 size (size counts the 8-byte tag
 * header but not the padding after it), ending with a type-0 tag of size 8.
 */
#ifndef HV_BOOT_MULTIBOOT2_H
#define HV_BOOT_MULTIBOOT2_H

#include "lib/types.h"
#include "vmm/boot_info.h"

/* EAX at the kernel's entry (spec 3.3 "I386 machine state"). */
#define MB2_BOOTLOADER_MAGIC 0x36d76289u

#define MB2_INFO_ALIGN 8
#define MB2_TAG_ALIGN 8

/* Tag types (spec 3.6.x). Only those hv reads or names. */
enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,          /* 3.6.5 "Boot command line" */
	MB2_TAG_BOOT_LOADER_NAME = 2, /* 3.6.9 "Boot loader name" */
	MB2_TAG_MODULE = 3,           /* 3.6.6 "Modules" */
	MB2_TAG_MMAP = 6,             /* 3.6.8 "Memory map" */
	MB2_TAG_FRAMEBUFFER = 8,      /* 3.6.12 "Framebuffer info" */
	MB2_TAG_ACPI_OLD = 14,        /* 3.6.16 "ACPI old RSDP" */
	MB2_TAG_ACPI_NEW = 15,        /* 3.6.17 "ACPI new RSDP" */
};

/* Memory-map entry types (spec 3.6.8); the values are e820's. */
#define MB2_MEM_AVAILABLE 1
#define MB2_MEM_ACPI_RECLAIMABLE 3
#define MB2_MEM_NVS 4
#define MB2_MEM_BADRAM 5
#define MB2_MEM_PERSISTENT 7 /* not in the spec; GRUB passes e820 type 7 through */

/* Framebuffer types (spec 3.6.12). */
#define MB2_FB_INDEXED 0
#define MB2_FB_RGB 1
#define MB2_FB_EGA_TEXT 2

/* The string that marks a module as hv's configuration file (`module2 /hv.cfg hv.cfg`). */
#define MB2_CONFIG_MODULE "hv.cfg"

/*
 * Where mb2_parse() may read a module's contents (only hv.cfg's are read):
 * the byte at physical address pa, for pa < limit, is at pa + offset. hv
 * passes its identity map (offset 0, limit 4 GiB); tests pass a buffer of
 * their own. limit 0: no module may be read (an hv.cfg module is an error).
 * mb2_parse() fills in the two "found" fields.
 */
struct mb2_modules {
	uintptr_t offset;
	u64 limit;
	u32 config_module; /* found: hv.cfg's position among the module2 lines, 0 if none */
	u32 config_size;   /* found: its length in bytes */
};

/*
 * Parse the boot information at `info`, of which `avail` bytes are readable,
 * into *bi (overwritten entirely: loader = BOOT_LOADER_MULTIBOOT2, cfg, the
 * memory map normalized, framebuffer and RSDP copy if present). Nothing past
 * min(avail, total_size) is read. bi->rsdp stays 0: Multiboot2 gives a copy
 * of the RSDP (bi->rsdp_copy), not its address.
 *
 * Modules: one whose string is exactly MB2_CONFIG_MODULE, in any position,
 * is hv.cfg (read through *mods); of the others the first is the guest
 * kernel, the second its initrd, a third is an error. The configuration is
 * built in this order, each step overriding the one before:
 *   1. hv.cfg (config_parse(CONFIG_FILE, "hv.cfg")): every key, including
 *      kernel/initrd (left in bi->cfg for the caller to report: under GRUB
 *      the module2 lines decide) and cmdline;
 *   2. the kernel module's string (what follows the file name on its module2
 *      line, see multiboot2.c), when it is not empty, is the guest command line;
 *   3. the words of the command-line tag (the multiboot2 line), as
 *      config_parse(CONFIG_CMDLINE), whose keys replace hv.cfg's values
 *      (an mmio_trace= word replaces hv.cfg's whole list of ranges).
 *
 * Returns 0, or -EINVAL with one line in err, e.g. "multiboot2: tag 6 at
 * offset 0x40 overruns the information (size 0x30, total 0x50)". Errors of
 * hv.cfg and of the command line are config_parse()'s ("hv.cfg:3: unknown
 * key 'foo'", "command line word 2: ..."). mods may be NULL (limit 0).
 */
int mb2_parse(const void *info, u64 avail, struct mb2_modules *mods, struct boot_info *bi,
	      char *err, size_t errlen);

#endif
