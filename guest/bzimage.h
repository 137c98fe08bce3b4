/* SPDX-License-Identifier: MIT */
/*
 * Reading a Linux x86 kernel image (bzImage) before hv loads it: checks that
 * the file is a boot-protocol image hv can start through the 64-bit entry
 * and extracts the setup-header fields the loader needs. Pure: it reads only
 * the bytes it is given and never writes them.
 *
 * Reference: Documentation/arch/x86/boot.rst, "The Linux/x86 Boot Protocol"
 * (sections "The Real-Mode Kernel Header", "Details of Header Fields" and
 * "64-bit Boot Protocol").
 */
#ifndef HV_GUEST_BZIMAGE_H
#define HV_GUEST_BZIMAGE_H

#include "lib/types.h"

/* Offsets into the image (boot.rst, "The Real-Mode Kernel Header"). */
#define BZ_SETUP_SECTS 0x1f1      /* u8; 0 means 4 */
#define BZ_SETUP_HEADER 0x1f1     /* the setup header starts here */
#define BZ_SYSSIZE 0x1f4          /* u32, 16-byte paragraphs */
#define BZ_BOOT_FLAG 0x1fe        /* u16, 0xAA55 */
#define BZ_JUMP 0x200             /* 2-byte jump; byte 0x201 gives the header end */
#define BZ_HEADER 0x202           /* u32, "HdrS" */
#define BZ_VERSION 0x206          /* u16, major << 8 | minor */
#define BZ_LOADFLAGS 0x211        /* u8 */
#define BZ_CODE32_START 0x214     /* u32 */
#define BZ_INITRD_ADDR_MAX 0x22c  /* u32, protocol 2.03 */
#define BZ_KERNEL_ALIGNMENT 0x230 /* u32, protocol 2.05 */
#define BZ_RELOCATABLE 0x234      /* u8, protocol 2.05 */
#define BZ_XLOADFLAGS 0x236       /* u16, protocol 2.12 */
#define BZ_CMDLINE_SIZE 0x238     /* u32, protocol 2.06 */
#define BZ_PREF_ADDRESS 0x258     /* u64, protocol 2.10 */
#define BZ_INIT_SIZE 0x260        /* u32, protocol 2.10 */
/* Every field above lies below this offset. */
#define BZ_HEADER_MIN_END 0x264

#define BZ_BOOT_FLAG_MAGIC 0xAA55
#define BZ_HEADER_MAGIC 0x53726448 /* "HdrS" read little-endian */
#define BZ_MIN_VERSION 0x020c      /* 2.12: xloadflags and the 64-bit entry */

#define BZ_LOADED_HIGH BIT_ULL(0)  /* loadflags: protected-mode code at 0x100000 (bzImage) */
#define BZ_XLF_KERNEL_64 BIT_ULL(0) /* xloadflags: 64-bit entry at load address + 0x200 */
#define BZ_XLF_CAN_BE_LOADED_ABOVE_4G BIT_ULL(1)

struct bzimage_info {
	u16 version;           /* boot protocol, major << 8 | minor */
	u32 setup_size;        /* (setup_sects, or 4 if 0, + 1) * 512 */
	u32 syssize;           /* protected-mode code size in 16-byte paragraphs (2.04+) */
	u64 kernel_offset;     /* protected-mode kernel in the file: = setup_size */
	u64 kernel_size;       /* bytes from kernel_offset to the end of the file */
	u64 pref_address;      /* preferred load address */
	u32 kernel_alignment;  /* load alignment when relocatable (a power of two) */
	u32 init_size;         /* memory needed at the load address before the kernel
				  looks at the memory map; >= kernel_size */
	bool relocatable;
	u16 xloadflags;
	u32 initrd_addr_max;   /* highest address the initrd may end at, inclusive */
	u32 cmdline_size;      /* longest command line, without the NUL */
	u32 code32_start;
	u8 loadflags;
};

/*
 * Validate img[0..size) as a bzImage hv can start through the 64-bit entry
 * (protocol 2.12 or later, XLF_KERNEL_64 set) and fill *out. Every read is
 * bounds-checked against size. Returns 0, or -ENOEXEC with one line in err
 * such as "kernel image: boot protocol 2.10 is too old (need 2.12 or later)".
 */
int bzimage_parse(const void *img, u64 size, struct bzimage_info *out, char *err, size_t errlen);

/*
 * End (exclusive) of the setup header: 0x202 + the byte at 0x201 (boot.rst,
 * "64-bit Boot Protocol"). The loader copies img[BZ_SETUP_HEADER .. end) to
 * the same offsets of the zero page. img must have passed bzimage_parse(),
 * which checked that the header lies inside the file; the result is at most
 * 0x301, well inside the 4 KiB zero page.
 */
u64 bzimage_setup_header_len(const void *img);

#endif
