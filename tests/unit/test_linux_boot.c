// SPDX-License-Identifier: MIT
/*
 * Unit tests for guest/linux_boot.c, the zero-page builder and placement
 * rules, run on a 64 MiB buffer that stands for guest-physical memory
 * (linux_boot_prepare_at): the e820 map with hv carved out, more than 128
 * entries through setup_data, initrd placement within initrd_addr_max, the
 * command line and the 64-bit entry state; and adding a word to a command
 * line (linux_cmdline_add).
 */
#include "tests/unit/unit.h"
#include "guest/bzimage.h"
#include "guest/linux_boot.h"
#include "vmm/boot_info.h"
#include "lib/errno.h"

#define MEM_SIZE (64ULL << 20)
#define KERNEL_FILE 0x3000000ULL /* where the "boot loader" put the image file */
#define KERNEL_FILE_SIZE 0x10000ULL
#define INITRD_FILE 0x3800000ULL
#define INITRD_SIZE 0x100000ULL
#define HV_BASE 0x2000000ULL
#define HV_SIZE 0x200000ULL

static u8 *mem;
static struct boot_info bi;
static struct memmap gm;
static struct guest_entry entry;
static char err[200];

static void put(u64 gpa, u64 v, unsigned int n) { memcpy(mem + gpa, &v, n); }
static u64 get(u64 gpa, unsigned int n) { u64 v = 0; memcpy(&v, mem + gpa, n); return v; }

/* A bzImage header (protocol 2.15, 64-bit entry) at KERNEL_FILE; 0x400 bytes of setup. */
static void make_kernel(u32 initrd_max, bool relocatable)
{
	u64 k = KERNEL_FILE;

	memset(mem + k, 0, KERNEL_FILE_SIZE);
	put(k + BZ_SETUP_SECTS, 1, 1);
	put(k + BZ_BOOT_FLAG, 0xaa55, 2);
	put(k + BZ_JUMP, 0xeb, 1);
	put(k + BZ_JUMP + 1, 0x6a, 1);
	put(k + BZ_HEADER, BZ_HEADER_MAGIC, 4);
	put(k + BZ_VERSION, 0x020f, 2);
	put(k + BZ_LOADFLAGS, 1, 1);
	put(k + BZ_CODE32_START, 0x100000, 4);
	put(k + BZ_INITRD_ADDR_MAX, initrd_max, 4);
	put(k + BZ_KERNEL_ALIGNMENT, 0x200000, 4);
	put(k + BZ_RELOCATABLE, relocatable, 1);
	put(k + BZ_XLOADFLAGS, BZ_XLF_KERNEL_64, 2);
	put(k + BZ_CMDLINE_SIZE, 2047, 4);
	put(k + BZ_PREF_ADDRESS, 0x1000000, 8);
	put(k + BZ_INIT_SIZE, 0x400000, 4);
	put(k + 0x400, 0x1122334455667788ULL, 8); /* first bytes of the kernel proper */
}

static int setup(void **state)
{
	mem = aligned_alloc(4096, MEM_SIZE);
	memset(mem, 0, MEM_SIZE);
	memset(&bi, 0, sizeof(bi));
	memset(&gm, 0, sizeof(gm));
	memmap_add(&gm, 0, 0x9f000, MEM_USABLE);
	memmap_add(&gm, 0xf0000, 0x10000, MEM_RESERVED);
	memmap_add(&gm, 0x100000, MEM_SIZE - 0x100000, MEM_USABLE);
	memmap_add(&gm, HV_BASE, HV_SIZE, MEM_HV);
	memmap_normalize(&gm);
	make_kernel(0x7fffffff, true);
	bi.kernel = (struct boot_module){ KERNEL_FILE, KERNEL_FILE_SIZE, "kernel" };
	bi.initrd = (struct boot_module){ INITRD_FILE, INITRD_SIZE, "initrd" };
	memset(mem + INITRD_FILE, 0x5a, INITRD_SIZE);
	strcpy(bi.cfg.cmdline, "console=ttyS0 hv.test=1");
	return 0;
}

static int teardown(void **state)
{
	free(mem);
	return 0;
}

static int prepare(void)
{
	struct linux_boot_src src = boot_info_guest(&bi);

	return linux_boot_prepare_at(mem, &gm, &src, NULL, &entry, err, sizeof(err));
}

/* The e820 table covers hv with a reserved entry and no usable one. */
static void test_e820_hides_hv(void **state)
{
	u64 zp;
	u32 n;
	bool hv_reserved = false;

	assert_int_equal(prepare(), 0);
	zp = entry.rsi;
	n = mem[zp + 0x1e8];
	assert_true(n >= 4 && n <= 128);
	for (u32 i = 0; i < n; i++) {
		u64 e = zp + 0x2d0 + i * 20, base = get(e, 8), size = get(e + 8, 8);
		u32 type = (u32)get(e + 16, 4);

		if (base < HV_BASE + HV_SIZE && HV_BASE < base + size) {
			assert_int_equal(type, 2);
			hv_reserved = true;
		}
	}
	assert_true(hv_reserved);
	assert_int_equal(get(zp + 0x250, 8), 0); /* no setup_data needed */
}

/* Kernel at pref_address, copied from the file; 64-bit entry at +0x200. */
static void test_kernel_and_entry(void **state)
{
	u64 zp;

	assert_int_equal(prepare(), 0);
	zp = entry.rsi;
	assert_int_equal(entry.rip, 0x1000000 + 0x200);
	assert_int_equal(get(0x1000000, 8), 0x1122334455667788ULL);
	assert_true(entry.long_mode);
	assert_int_equal(entry.cs_sel, 0x10);
	assert_int_equal(entry.ds_sel, 0x18);
	assert_int_equal(mem[zp + 0x210], 0xff); /* type_of_loader */
	assert_string_equal((char *)mem + get(zp + 0x228, 4), "console=ttyS0 hv.test=1");
	/* The boot area (zero page, tables) is reserved in the map the guest gets. */
	assert_int_equal(memmap_type_at(&gm, zp), MEM_RESERVED);
	/* Identity paging: PML4[0] -> PDPT, PDPT[0] -> PD, PD[8] maps 16 MiB. */
	{
		u64 pdpt = get(entry.cr3, 8) & ~0xfffULL, pd = get(pdpt, 8) & ~0xfffULL;

		assert_int_equal(get(pd + 8 * 8, 8) & ~0xfffULL, 0x1000000);
		assert_true(get(pd + 8 * 8, 8) & 0x80); /* 2 MiB page */
	}
}

/* The initrd stays where it is when the kernel can reach it... */
static void test_initrd_in_place(void **state)
{
	assert_int_equal(prepare(), 0);
	assert_int_equal(get(entry.rsi + 0x218, 4), INITRD_FILE);
	assert_int_equal(get(entry.rsi + 0x21c, 4), INITRD_SIZE);
}

/* ...and moves below initrd_addr_max when it cannot, contents intact. */
static void test_initrd_moved_below_limit(void **state)
{
	u64 rd;

	make_kernel(0x2ffffff, true); /* must end at or below 48 MiB: the file is above */
	assert_int_equal(prepare(), 0);
	rd = get(entry.rsi + 0x218, 4);
	assert_true(rd + INITRD_SIZE - 1 <= 0x2ffffff);
	assert_true(rd + INITRD_SIZE <= HV_BASE || rd >= HV_BASE + HV_SIZE);
	assert_int_equal(mem[rd], 0x5a);
	assert_int_equal(mem[rd + INITRD_SIZE - 1], 0x5a);
}

/* More than 128 ranges: 128 in the zero page, the rest in SETUP_E820_EXT. */
static void test_e820_over_128(void **state)
{
	u64 zp, sd;

	for (u64 i = 0; i < 150; i++) /* reserved 4 KiB holes in 32..33 MiB+ */
		memmap_set_type(&gm, 0x2400000 + i * 0x2000, 0x1000, MEM_RESERVED);
	assert_true(gm.count > 128);
	assert_int_equal(prepare(), 0);
	zp = entry.rsi;
	assert_int_equal(mem[zp + 0x1e8], 128);
	sd = get(zp + 0x250, 8);
	assert_true(sd != 0);
	assert_int_equal(get(sd, 8), 0);           /* next */
	assert_int_equal(get(sd + 8, 4), 1);       /* SETUP_E820_EXT */
	assert_int_equal(get(sd + 12, 4), (gm.count - 128) * 20);
	assert_int_equal(memmap_type_at(&gm, sd), MEM_RESERVED);
}

/* A fixed-address kernel whose place is taken is refused with a clear line. */
static void test_fixed_kernel_not_free(void **state)
{
	make_kernel(0x7fffffff, false);
	put(KERNEL_FILE + BZ_PREF_ADDRESS, HV_BASE, 8);
	assert_int_equal(prepare(), -ENOMEM);
	assert_string_equal(err, "kernel must load at 0x2000000..0x2400000, which is not free RAM");
}

static void test_not_a_kernel(void **state)
{
	put(KERNEL_FILE + BZ_HEADER, 0, 4);
	assert_int_equal(prepare(), -ENOEXEC);
	assert_string_equal(err, "guest image kernel: not a Linux kernel image (no HdrS signature)");
}

/* A command line longer than the kernel's cmdline_size is refused, never cut. */
static void test_cmdline_too_long(void **state)
{
	put(KERNEL_FILE + BZ_CMDLINE_SIZE, 23, 4); /* strlen("console=ttyS0 hv.test=1") */
	assert_int_equal(prepare(), 0);
	put(KERNEL_FILE + BZ_CMDLINE_SIZE, 22, 4);
	assert_int_equal(prepare(), -E2BIG);
	assert_string_equal(err, "guest command line is 23 bytes; guest image kernel takes at most 22");
}

/* linux_cmdline_add(): where the word goes, and when it does not. */
static void test_cmdline_add(void **state)
{
	static const struct {
		const char *before, *after;
		int ret;
	} cases[] = {
		{ "", "nosmp", 1 },
		{ "console=ttyS0", "console=ttyS0 nosmp", 1 },
		{ "console=ttyS0 ", "console=ttyS0 nosmp", 1 },
		{ "quiet nosmp console=ttyS0", "quiet nosmp console=ttyS0", 0 },
		{ "nosmp", "nosmp", 0 },
		/* Not the word itself: added. */
		{ "nosmpx foo=nosmp", "nosmpx foo=nosmp nosmp", 1 },
		/* After "--" the words are init's: the kernel's part gets it. */
		{ "quiet -- nosmp", "quiet nosmp -- nosmp", 1 },
		{ "-- single", "nosmp -- single", 1 },
		/* A quoted value's blanks and "--" belong to it. */
		{ "dyndbg=\"a -- nosmp\"", "dyndbg=\"a -- nosmp\" nosmp", 1 },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strcpy(buf, cases[i].before);
		assert_int_equal(linux_cmdline_add(buf, sizeof(buf), "nosmp"), cases[i].ret);
		assert_string_equal(buf, cases[i].after);
	}
	/* Exactly full (13 characters and the NUL in 14 bytes), and one byte short. */
	strcpy(buf, "console=S");
	assert_int_equal(linux_cmdline_add(buf, 16, "nosmp"), 1);
	assert_string_equal(buf, "console=S nosmp");
	strcpy(buf, "console=S");
	assert_int_equal(linux_cmdline_add(buf, 15, "nosmp"), -E2BIG);
	assert_string_equal(buf, "console=S");
	strcpy(buf, "a -- b");
	assert_int_equal(linux_cmdline_add(buf, 12, "nosmp"), -E2BIG);
	assert_string_equal(buf, "a -- b");
	assert_int_equal(linux_cmdline_add(buf, 13, "nosmp"), 1);
	assert_string_equal(buf, "a nosmp -- b");
	/* Already there: no room needed. */
	strcpy(buf, "nosmp");
	assert_int_equal(linux_cmdline_add(buf, 6, "nosmp"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_e820_hides_hv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_and_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_initrd_moved_below_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e820_over_128, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixed_kernel_not_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_kernel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cmdline_too_long, setup, teardown),
		cmocka_unit_test(test_cmdline_add),
	};

	return RUN_TESTS(tests);
}
