// SPDX-License-Identifier: MIT
/*
 * The bzImage header check (guest/bzimage.h). The checks run in the order a
 * person would debug a bad file: is it a Linux image at all, is it new
 * enough, is it whole, can hv start it in 64-bit mode. Fields are read with
 * byte loads from offsets checked against the file size, so a truncated or
 * hostile file can only produce an error message.
 */
#include "guest/bzimage.h"
#include "lib/errno.h"
#include "lib/format.h"

#define SECTOR_SIZE 512u
#define DEFAULT_SETUP_SECTS 4u /* boot.rst: "If this field is 0, the real value is 4." */

static_assert(BZ_INIT_SIZE + 4 == BZ_HEADER_MIN_END, "init_size is the last field read");

/* Little-endian load of n bytes at off; the caller checked off + n <= size. */
static u64 rd(const u8 *p, u64 off, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 8) | p[off + n];
	return v;
}

static int fail(char *err, size_t errlen, const char *msg, unsigned long long a,
		unsigned long long b)
{
	if (err && errlen)
		fmt_snprintf(err, errlen, msg, a, b);
	return -ENOEXEC;
}

/* Signature, version and whether the header lies inside the file. */
static int check_header(const u8 *p, u64 size, char *err, size_t errlen)
{
	u64 version, hdr_end;

	if (size < BZ_VERSION + 2)
		return fail(err, errlen, "not a Linux kernel image (only %llu bytes)", size, 0);
	if (rd(p, BZ_HEADER, 4) != BZ_HEADER_MAGIC)
		return fail(err, errlen, "not a Linux kernel image (no HdrS signature)", 0, 0);
	if (rd(p, BZ_BOOT_FLAG, 2) != BZ_BOOT_FLAG_MAGIC)
		return fail(err, errlen, "not a Linux kernel image (no 0xAA55 boot flag at 0x1fe)",
			    0, 0);
	version = rd(p, BZ_VERSION, 2);
	if (version < BZ_MIN_VERSION)
		return fail(err, errlen, "kernel image: boot protocol %llu.%llu is too old "
			    "(need 2.12 or later)", version >> 8, version & 0xff);
	hdr_end = bzimage_setup_header_len(p);
	if (hdr_end < BZ_HEADER_MIN_END)
		return fail(err, errlen, "kernel image: setup header ends at 0x%llx, before the "
			    "fields of protocol 2.12 (0x%llx)", hdr_end, BZ_HEADER_MIN_END);
	if (hdr_end > size)
		return fail(err, errlen, "kernel image is truncated: the setup header ends at "
			    "0x%llx but the file has 0x%llx bytes", hdr_end, size);
	return 0;
}

static void read_fields(const u8 *p, u64 size, struct bzimage_info *bi)
{
	u32 sects = (u32)rd(p, BZ_SETUP_SECTS, 1);

	bi->version = (u16)rd(p, BZ_VERSION, 2);
	bi->setup_size = ((sects ? sects : DEFAULT_SETUP_SECTS) + 1) * SECTOR_SIZE;
	bi->kernel_offset = bi->setup_size;
	bi->kernel_size = size > bi->setup_size ? size - bi->setup_size : 0;
	bi->loadflags = (u8)rd(p, BZ_LOADFLAGS, 1);
	bi->code32_start = (u32)rd(p, BZ_CODE32_START, 4);
	bi->syssize = (u32)rd(p, BZ_SYSSIZE, 4);
	bi->initrd_addr_max = (u32)rd(p, BZ_INITRD_ADDR_MAX, 4);
	bi->kernel_alignment = (u32)rd(p, BZ_KERNEL_ALIGNMENT, 4);
	bi->relocatable = rd(p, BZ_RELOCATABLE, 1) != 0;
	bi->xloadflags = (u16)rd(p, BZ_XLOADFLAGS, 2);
	bi->cmdline_size = (u32)rd(p, BZ_CMDLINE_SIZE, 4);
	bi->pref_address = rd(p, BZ_PREF_ADDRESS, 8);
	bi->init_size = (u32)rd(p, BZ_INIT_SIZE, 4);
}

/* What the fields say about loading: sizes, alignment, the 64-bit entry. */
static int check_fields(const struct bzimage_info *bi, u64 size, char *err, size_t errlen)
{
	u32 align = bi->kernel_alignment;

	if (bi->setup_size > size)
		return fail(err, errlen, "kernel image is truncated: the setup code is 0x%llx bytes "
			    "but the file has 0x%llx", bi->setup_size, size);
	if (!bi->kernel_size)
		return fail(err, errlen, "kernel image has no protected-mode kernel after its "
			    "0x%llx bytes of setup code", bi->setup_size, 0);
	/* syssize counts the protected-mode code: a file cut inside it is refused too. */
	if ((u64)bi->syssize * 16 > bi->kernel_size)
		return fail(err, errlen, "kernel image is truncated: the protected-mode kernel "
			    "is 0x%llx bytes but the file has 0x%llx after the setup code",
			    (u64)bi->syssize * 16, bi->kernel_size);
	if (!(bi->loadflags & BZ_LOADED_HIGH))
		return fail(err, errlen, "kernel image is not a bzImage (loadflags bit 0, "
			    "LOADED_HIGH, is clear)", 0, 0);
	if (!(bi->xloadflags & BZ_XLF_KERNEL_64))
		return fail(err, errlen, "kernel image has no 64-bit entry point (xloadflags bit 0)",
			    0, 0);
	if (bi->init_size < bi->kernel_size)
		return fail(err, errlen, "kernel image: init_size 0x%llx is smaller than the "
			    "kernel (0x%llx bytes)", bi->init_size, bi->kernel_size);
	if (bi->relocatable && (!align || (align & (align - 1))))
		return fail(err, errlen, "kernel image: kernel_alignment 0x%llx is not a power "
			    "of two", align, 0);
	return 0;
}

int bzimage_parse(const void *img, u64 size, struct bzimage_info *out, char *err, size_t errlen)
{
	struct bzimage_info bi = { 0 };
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!img)
		size = 0;
	ret = check_header(img, size, err, errlen);
	if (ret)
		return ret;
	read_fields(img, size, &bi);
	ret = check_fields(&bi, size, err, errlen);
	if (ret)
		return ret;
	*out = bi;
	return 0;
}

u64 bzimage_setup_header_len(const void *img)
{
	return BZ_HEADER + ((const u8 *)img)[BZ_JUMP + 1];
}
