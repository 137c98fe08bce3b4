/* SPDX-License-Identifier: MIT */
/*
 * The zero page (struct boot_params) the loader hands over, as far as the
 * test guest reads it. Offsets from Linux's Documentation/arch/x86/
 * zero-page.rst and boot.rst. The guest copies the page and the command line
 * at start-up, before it switches page tables, and reads only the copies.
 */
#ifndef TG_BOOTPARAMS_H
#define TG_BOOTPARAMS_H

#include "guest/testguest/tg.h"

#define BP_SIZE 4096
#define BP_EXT_CMD_LINE_PTR 0x0C8 /* u32: cmd_line_ptr bits 63:32 */
#define BP_E820_ENTRIES 0x1E8     /* u8 */
#define BP_HDR_CMD_LINE_PTR 0x228 /* u32 */
#define BP_HDR_CMDLINE_SIZE 0x238 /* u32: set by the image, copied by the loader */
#define BP_E820_TABLE 0x2D0       /* struct boot_e820_entry[128] */
#define BP_E820_MAX 128
#define BP_CMDLINE_MAX 2048

#define E820_TYPE_RAM 1

/* One e820 entry as stored in the zero page: 20 bytes, packed. */
struct boot_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct boot_e820_entry) == 20, "e820 entry layout");
_Static_assert(BP_E820_TABLE + BP_E820_MAX * 20 <= BP_SIZE, "e820 table in the zero page");

/*
 * bootparams_save: copy the zero page at zero_page and the command line it
 * points to into the guest's .bss. Needs both mapped by the current tables.
 */
void bootparams_save(const void *zero_page);

/* bootparams_cmdline: the saved command line, "" if the loader gave none. */
const char *bootparams_cmdline(void);

/* bootparams_e820: the saved e820 table; *count = number of valid entries. */
const struct boot_e820_entry *bootparams_e820(unsigned *count);

#endif
