// SPDX-License-Identifier: MIT
/*
 * Tests of guest/bzimage.c on synthetic images: a good 2.15 header, then one
 * field broken at a time (signature, boot flag, version, xloadflags,
 * loadflags, alignment, init_size, header end), truncation at every size
 * from 0 up (ASan catches any read past the buffer), and setup_sects = 0
 * meaning 4.
 */
#include "unit.h"
#include "guest/bzimage.h"
#include "lib/errno.h"

#define IMG_SIZE 0x4000
#define SETUP_SECTS 7 /* setup = 8 * 512 = 0x1000 */

static u8 img[IMG_SIZE];
static char err[200];
static struct bzimage_info info;

static void put(u32 off, u64 v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		img[off + i] = (u8)(v >> (8 * i));
}

/* A plausible modern bzImage header (protocol 2.15, relocatable, 64-bit). */
static int make_good(void **state)
{
	(void)state;
	memset(img, 0, sizeof(img));
	put(BZ_SETUP_SECTS, SETUP_SECTS, 1);
	put(BZ_BOOT_FLAG, 0xAA55, 2);
	put(BZ_JUMP, 0xeb, 1);
	put(BZ_JUMP + 1, 0x6a, 1); /* header ends at 0x26c */
	memcpy(img + BZ_HEADER, "HdrS", 4);
	put(BZ_VERSION, 0x020f, 2);
	put(BZ_LOADFLAGS, 0x01, 1);
	put(BZ_CODE32_START, 0x100000, 4);
	put(BZ_INITRD_ADDR_MAX, 0x7fffffff, 4);
	put(BZ_KERNEL_ALIGNMENT, 0x200000, 4);
	put(BZ_RELOCATABLE, 1, 1);
	put(BZ_XLOADFLAGS, 0x7f, 2);
	put(BZ_CMDLINE_SIZE, 2047, 4);
	put(BZ_PREF_ADDRESS, 0x1000000, 8);
	put(BZ_INIT_SIZE, 0x800000, 4);
	return 0;
}

static int parse(u64 size)
{
	memset(&info, 0xa5, sizeof(info));
	return bzimage_parse(img, size, &info, err, sizeof(err));
}

static void expect_error(u64 size, const char *msg)
{
	assert_int_equal(parse(size), -ENOEXEC);
	assert_string_equal(err, msg);
}

/* A file cut inside its protected-mode kernel: syssize says more than is there. */
static void test_syssize_truncated(void **state)
{
	(void)state;
	put(BZ_SYSSIZE, (IMG_SIZE - 0x1000) / 16, 4);
	assert_int_equal(parse(IMG_SIZE), 0);
	assert_int_equal(info.syssize, (IMG_SIZE - 0x1000) / 16);
	expect_error(IMG_SIZE - 16, "kernel image is truncated: the protected-mode kernel is "
		     "0x3000 bytes but the file has 0x2ff0 after the setup code");
}

static void test_good(void **state)
{
	(void)state;
	assert_int_equal(parse(IMG_SIZE), 0);
	assert_string_equal(err, "");
	assert_int_equal(info.version, 0x020f);
	assert_int_equal(info.setup_size, 0x1000);
	assert_int_equal(info.kernel_offset, 0x1000);
	assert_int_equal(info.kernel_size, IMG_SIZE - 0x1000);
	assert_int_equal(info.pref_address, 0x1000000);
	assert_int_equal(info.kernel_alignment, 0x200000);
	assert_int_equal(info.init_size, 0x800000);
	assert_true(info.relocatable);
	assert_int_equal(info.xloadflags, 0x7f);
	assert_int_equal(info.initrd_addr_max, 0x7fffffff);
	assert_int_equal(info.cmdline_size, 2047);
	assert_int_equal(info.code32_start, 0x100000);
	assert_int_equal(info.loadflags, 1);
	assert_int_equal(bzimage_setup_header_len(img), 0x26c);
}

static void test_setup_sects_zero(void **state)
{
	(void)state;
	put(BZ_SETUP_SECTS, 0, 1);
	assert_int_equal(parse(IMG_SIZE), 0);
	assert_int_equal(info.setup_size, 5 * 512);
	assert_int_equal(info.kernel_offset, 5 * 512);
	assert_int_equal(info.kernel_size, IMG_SIZE - 5 * 512);
}

static void test_signatures(void **state)
{
	(void)state;
	img[BZ_HEADER + 3] = 'T';
	expect_error(IMG_SIZE, "not a Linux kernel image (no HdrS signature)");
	make_good(NULL);
	put(BZ_BOOT_FLAG, 0x55AA, 2);
	expect_error(IMG_SIZE, "not a Linux kernel image (no 0xAA55 boot flag at 0x1fe)");
	memset(img, 0, sizeof(img));
	expect_error(IMG_SIZE, "not a Linux kernel image (no HdrS signature)");
}

static void test_old_version(void **state)
{
	(void)state;
	put(BZ_VERSION, 0x020a, 2);
	expect_error(IMG_SIZE, "kernel image: boot protocol 2.10 is too old (need 2.12 or later)");
	put(BZ_VERSION, 0x0204, 2);
	expect_error(IMG_SIZE, "kernel image: boot protocol 2.4 is too old (need 2.12 or later)");
	put(BZ_VERSION, 0x020c, 2);
	assert_int_equal(parse(IMG_SIZE), 0);
}

static void test_no_64bit_entry(void **state)
{
	(void)state;
	put(BZ_XLOADFLAGS, 0x7e, 2);
	expect_error(IMG_SIZE, "kernel image has no 64-bit entry point (xloadflags bit 0)");
}

static void test_zimage(void **state)
{
	(void)state;
	put(BZ_LOADFLAGS, 0x80, 1);
	expect_error(IMG_SIZE, "kernel image is not a bzImage (loadflags bit 0, LOADED_HIGH, is clear)");
}

static void test_alignment(void **state)
{
	(void)state;
	put(BZ_KERNEL_ALIGNMENT, 0x300000, 4);
	expect_error(IMG_SIZE, "kernel image: kernel_alignment 0x300000 is not a power of two");
	put(BZ_KERNEL_ALIGNMENT, 0, 4);
	expect_error(IMG_SIZE, "kernel image: kernel_alignment 0x0 is not a power of two");
	/* Not relocatable: the alignment is not used and not checked. */
	put(BZ_RELOCATABLE, 0, 1);
	assert_int_equal(parse(IMG_SIZE), 0);
	assert_false(info.relocatable);
}

static void test_init_size(void **state)
{
	(void)state;
	put(BZ_INIT_SIZE, IMG_SIZE - 0x1000 - 1, 4);
	expect_error(IMG_SIZE, "kernel image: init_size 0x2fff is smaller than the kernel (0x3000 bytes)");
	put(BZ_INIT_SIZE, IMG_SIZE - 0x1000, 4);
	assert_int_equal(parse(IMG_SIZE), 0);
}

static void test_header_end(void **state)
{
	(void)state;
	put(BZ_JUMP + 1, 0x60, 1); /* ends at 0x262, inside init_size */
	expect_error(IMG_SIZE, "kernel image: setup header ends at 0x262, before the fields of "
			       "protocol 2.12 (0x264)");
	put(BZ_JUMP + 1, 0x62, 1);
	assert_int_equal(parse(IMG_SIZE), 0);
	put(BZ_JUMP + 1, 0xff, 1);
	assert_int_equal(parse(IMG_SIZE), 0);
	assert_int_equal(bzimage_setup_header_len(img), 0x301);
}

static void test_truncated(void **state)
{
	u64 size;
	u8 *copy;

	(void)state;
	expect_error(0, "not a Linux kernel image (only 0 bytes)");
	expect_error(0x207, "not a Linux kernel image (only 519 bytes)");
	expect_error(0x208, "kernel image is truncated: the setup header ends at 0x26c but the "
			    "file has 0x208 bytes");
	expect_error(0x26b, "kernel image is truncated: the setup header ends at 0x26c but the "
			    "file has 0x26b bytes");
	expect_error(0x26c, "kernel image is truncated: the setup code is 0x1000 bytes but the "
			    "file has 0x26c");
	expect_error(0xfff, "kernel image is truncated: the setup code is 0x1000 bytes but the "
			    "file has 0xfff");
	expect_error(0x1000, "kernel image has no protected-mode kernel after its 0x1000 bytes "
			     "of setup code");
	put(BZ_INIT_SIZE, 1, 4);
	assert_int_equal(parse(0x1001), 0);
	assert_int_equal(info.kernel_size, 1);
	put(BZ_INIT_SIZE, 0x800000, 4);
	/* Every size, from an exactly sized heap copy so ASan sees any overread. */
	for (size = 0; size <= 0x1100; size++) {
		copy = malloc(size ? size : 1);
		memcpy(copy, img, size);
		assert_int_equal(bzimage_parse(copy, size, &info, err, sizeof(err)),
				 size > 0x1000 ? 0 : -ENOEXEC);
		free(copy);
	}
}

static void test_no_err_buffer(void **state)
{
	(void)state;
	assert_int_equal(bzimage_parse(img, 0x100, &info, NULL, 0), -ENOEXEC);
	assert_int_equal(bzimage_parse(NULL, 0x1000, &info, err, sizeof(err)), -ENOEXEC);
	assert_int_equal(bzimage_parse(img, IMG_SIZE, &info, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_good, make_good),
		cmocka_unit_test_setup(test_setup_sects_zero, make_good),
		cmocka_unit_test_setup(test_signatures, make_good),
		cmocka_unit_test_setup(test_old_version, make_good),
		cmocka_unit_test_setup(test_no_64bit_entry, make_good),
		cmocka_unit_test_setup(test_zimage, make_good),
		cmocka_unit_test_setup(test_alignment, make_good),
		cmocka_unit_test_setup(test_init_size, make_good),
		cmocka_unit_test_setup(test_header_end, make_good),
		cmocka_unit_test_setup(test_truncated, make_good),
		cmocka_unit_test_setup(test_no_err_buffer, make_good),
		cmocka_unit_test_setup(test_syssize_truncated, make_good),
	};

	return RUN_TESTS(tests);
}
