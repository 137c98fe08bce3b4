// SPDX-License-Identifier: MIT
/*
 * Tests of boot/multiboot2.c on boot-information buffers built here the way
 * GRUB 2.06 lays them out: a full happy path (command line, modules,
 * memory map, framebuffer, RSDP copies), then corrupt and truncated input:
 * bad total size, short or overrunning tags, no end tag, misalignment,
 * module and memory-map mistakes; hv.cfg passed as a module (found in any
 * position, its keys overridden by the kernel's string and the multiboot2
 * line). Every parse of a truncated buffer runs on an exactly sized heap
 * copy, so ASan reports any read past `avail`; hv.cfg's text is an exactly
 * sized heap copy too.
 */
#include "unit.h"
#include "boot/multiboot2.h"
#include "lib/errno.h"

#define BUF_MAX 4096

struct mbi {
	u8 *buf; /* 8-byte aligned */
	u32 len;
};

static struct mbi mb;
static struct boot_info bi;
static char err[256];

/* hv.cfg's text, which the tests place at physical address CFG_BASE. */
#define CFG_BASE 0x100000u
static char *cfg_text;
static u32 cfg_len;
static struct mb2_modules mods;

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static void put64(u8 *p, u64 v)
{
	memcpy(p, &v, 8);
}

static int mbi_start(void **state)
{
	(void)state;
	free(mb.buf);
	mb.buf = aligned_alloc(8, BUF_MAX);
	memset(mb.buf, 0, BUF_MAX);
	mb.len = 8;
	return 0;
}

static int mbi_free(void **state)
{
	(void)state;
	free(mb.buf);
	mb.buf = NULL;
	free(cfg_text);
	cfg_text = NULL;
	cfg_len = 0;
	return 0;
}

/* Append a tag whose payload (after type and size) is data[0..len). */
static void add_tag(u32 type, const void *data, u32 len)
{
	u8 *t = mb.buf + mb.len;

	assert_true(mb.len + 8 + len + 8 <= BUF_MAX);
	put32(t, type);
	put32(t + 4, 8 + len);
	if (len)
		memcpy(t + 8, data, len);
	mb.len += (8 + len + 7) & ~7u;
}

static void add_string_tag(u32 type, const char *s)
{
	add_tag(type, s, (u32)strlen(s) + 1);
}

static void add_module(u32 start, u32 end, const char *s)
{
	u8 p[300];
	u32 n = (u32)strlen(s) + 1;

	assert_true(n + 8 <= sizeof(p));
	put32(p, start);
	put32(p + 4, end);
	memcpy(p + 8, s, n);
	add_tag(MB2_TAG_MODULE, p, 8 + n);
}

/* Add hv.cfg holding `text` as a module whose string is `name`. */
static void add_config(const char *text, const char *name)
{
	free(cfg_text);
	cfg_len = (u32)strlen(text);
	cfg_text = malloc(cfg_len ? cfg_len : 1);
	memcpy(cfg_text, text, cfg_len);
	add_module(CFG_BASE, CFG_BASE + cfg_len, name);
}

struct mmap_entry {
	u64 base, len;
	u32 type;
};

static void add_mmap(const struct mmap_entry *e, u32 n, u32 entry_size)
{
	u8 p[1024] = { 0 };
	u32 i;

	assert_true(8 + n * entry_size <= sizeof(p));
	put32(p, entry_size);
	put32(p + 4, 0);
	for (i = 0; i < n; i++) {
		put64(p + 8 + i * entry_size, e[i].base);
		put64(p + 16 + i * entry_size, e[i].len);
		put32(p + 24 + i * entry_size, e[i].type);
	}
	add_tag(MB2_TAG_MMAP, p, 8 + n * entry_size);
}

static void add_basic_mmap(void)
{
	static const struct mmap_entry e[] = {
		{ 0, 0x9fc00, MB2_MEM_AVAILABLE },
		{ 0x100000, 0x7ff00000, MB2_MEM_AVAILABLE },
	};

	add_mmap(e, 2, 24);
}

static void finish(void)
{
	add_tag(MB2_TAG_END, NULL, 0);
	put32(mb.buf, mb.len);
}

static int parse(void)
{
	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	mods = (struct mb2_modules){ .offset = (uintptr_t)cfg_text - CFG_BASE,
				     .limit = cfg_text ? CFG_BASE + cfg_len : 0 };
	return mb2_parse(mb.buf, mb.len, &mods, &bi, err, sizeof(err));
}

static void expect_error(const char *msg)
{
	assert_int_equal(parse(), -EINVAL);
	assert_string_equal(err, msg);
}

static void test_full(void **state)
{
	static const struct mmap_entry e[] = {
		{ 0x100000, 0x3ff00000, MB2_MEM_AVAILABLE },
		{ 0, 0x9fc00, MB2_MEM_AVAILABLE },
		{ 0x9fc00, 0x400, 2 },
		{ 0x40000000, 0x10000, MB2_MEM_ACPI_RECLAIMABLE },
		{ 0x40010000, 0x10000, MB2_MEM_NVS },
		{ 0x40020000, 0x1000, MB2_MEM_BADRAM },
		{ 0x100000000ULL, 0x40000000, MB2_MEM_PERSISTENT },
		{ 0x200000000ULL, 0x1000, 12 }, /* unknown: reserved */
	};
	u8 fb[30] = { 0 }, rsdp1[20], rsdp2[36];

	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "log=debug");
	add_string_tag(MB2_TAG_BOOT_LOADER_NAME, "GRUB 2.06");
	add_module(0x1000000, 0x1800000, "console=ttyS0 root=/dev/vda \"a b\"");
	add_module(0x2000000, 0x2400000, "initrd");
	add_mmap(e, ARRAY_SIZE(e), 24);
	put64(fb, 0xfd000000);
	put32(fb + 8, 4096);  /* pitch */
	put32(fb + 12, 1024); /* width */
	put32(fb + 16, 768);  /* height */
	fb[20] = 32;          /* bpp */
	fb[21] = MB2_FB_RGB;
	fb[24] = 16, fb[25] = 8, fb[26] = 8, fb[27] = 8, fb[28] = 0, fb[29] = 8;
	add_tag(MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	memset(rsdp2, 0x22, sizeof(rsdp2));
	memset(rsdp1, 0x11, sizeof(rsdp1));
	add_tag(MB2_TAG_ACPI_NEW, rsdp2, sizeof(rsdp2));
	add_tag(MB2_TAG_ACPI_OLD, rsdp1, sizeof(rsdp1)); /* after the new one: ignored */
	finish();

	assert_int_equal(parse(), 0);
	assert_string_equal(err, "");
	assert_int_equal(bi.loader, BOOT_LOADER_MULTIBOOT2);
	assert_int_equal(bi.cfg.log, LOG_DEBUG);
	assert_string_equal(bi.cfg.kernel, "");
	assert_string_equal(bi.cfg.cmdline, "console=ttyS0 root=/dev/vda \"a b\"");
	assert_int_equal(bi.kernel.base, 0x1000000);
	assert_int_equal(bi.kernel.size, 0x800000);
	assert_string_equal(bi.kernel.name, "module 1");
	assert_int_equal(bi.initrd.base, 0x2000000);
	assert_int_equal(bi.initrd.size, 0x400000);
	assert_string_equal(bi.initrd.name, "module 2");

	assert_int_equal(bi.mem.count, 8);
	assert_int_equal(bi.mem.r[0].base, 0);
	assert_int_equal(bi.mem.r[0].type, MEM_USABLE);
	assert_int_equal(bi.mem.r[1].type, MEM_RESERVED);
	assert_int_equal(bi.mem.r[2].base, 0x100000);
	assert_int_equal(memmap_type_at(&bi.mem, 0x40000000), MEM_ACPI);
	assert_int_equal(memmap_type_at(&bi.mem, 0x40010000), MEM_NVS);
	assert_int_equal(memmap_type_at(&bi.mem, 0x40020000), MEM_UNUSABLE);
	assert_int_equal(memmap_type_at(&bi.mem, 0x100000000ULL), MEM_PMEM);
	assert_int_equal(memmap_type_at(&bi.mem, 0x200000000ULL), MEM_RESERVED);

	assert_int_equal(bi.fb.type, FB_RGB);
	assert_int_equal(bi.fb.base, 0xfd000000);
	assert_int_equal(bi.fb.size, 4096 * 768);
	assert_int_equal(bi.fb.width, 1024);
	assert_int_equal(bi.fb.height, 768);
	assert_int_equal(bi.fb.pitch, 4096);
	assert_int_equal(bi.fb.bpp, 32);
	assert_int_equal(bi.fb.red_pos, 16);
	assert_int_equal(bi.fb.green_pos, 8);
	assert_int_equal(bi.fb.blue_pos, 0);
	assert_int_equal(bi.fb.blue_size, 8);

	assert_int_equal(bi.rsdp, 0);
	assert_int_equal(bi.rsdp_copy_len, 36);
	assert_memory_equal(bi.rsdp_copy, rsdp2, 36);
}

static void test_minimal(void **state)
{
	(void)state;
	add_basic_mmap();
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.kernel.size, 0);
	assert_int_equal(bi.initrd.size, 0);
	assert_int_equal(bi.cfg.log, LOG_INFO);
	assert_int_equal(bi.fb.type, FB_NONE);
	assert_int_equal(bi.rsdp_copy_len, 0);
	assert_int_equal(bi.mem.count, 2);
}

static void test_rsdp_old_only_and_order(void **state)
{
	u8 r1[20], r2[36];

	(void)state;
	memset(r1, 1, sizeof(r1));
	memset(r2, 2, sizeof(r2));
	add_basic_mmap();
	add_tag(MB2_TAG_ACPI_OLD, r1, sizeof(r1));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.rsdp_copy_len, 20);
	assert_memory_equal(bi.rsdp_copy, r1, 20);

	/* Old first, then new: the new copy replaces it. */
	mbi_start(NULL);
	add_basic_mmap();
	add_tag(MB2_TAG_ACPI_OLD, r1, sizeof(r1));
	add_tag(MB2_TAG_ACPI_NEW, r2, sizeof(r2));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.rsdp_copy_len, 36);
	assert_memory_equal(bi.rsdp_copy, r2, 36);

	/* A copy shorter than an ACPI 1.0 RSDP is refused. */
	mbi_start(NULL);
	add_basic_mmap();
	add_tag(MB2_TAG_ACPI_NEW, r2, 19);
	finish();
	expect_error("multiboot2: ACPI RSDP tag at offset 0x48 is too short (size 0x1b)");
}

static void test_framebuffer_kinds(void **state)
{
	u8 fb[24] = { 0 };

	(void)state;
	add_basic_mmap();
	put64(fb, 0xb8000);
	put32(fb + 8, 160);
	put32(fb + 12, 80);
	put32(fb + 16, 25);
	fb[20] = 16;
	fb[21] = MB2_FB_EGA_TEXT;
	add_tag(MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.fb.type, FB_EGA_TEXT);
	assert_int_equal(bi.fb.base, 0xb8000);
	assert_int_equal(bi.fb.width, 80);
	assert_int_equal(bi.fb.size, 160 * 25);

	/* Indexed colour: hv does not use it. */
	mbi_start(NULL);
	add_basic_mmap();
	fb[21] = MB2_FB_INDEXED;
	add_tag(MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.fb.type, FB_NONE);
	assert_int_equal(bi.fb.base, 0);

	/* RGB without its colour fields, and a tag too short for the common part. */
	mbi_start(NULL);
	add_basic_mmap();
	fb[21] = MB2_FB_RGB;
	add_tag(MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	finish();
	expect_error("multiboot2: RGB framebuffer tag at offset 0x48 is too short (size 0x20)");
	mbi_start(NULL);
	add_basic_mmap();
	add_tag(MB2_TAG_FRAMEBUFFER, fb, 20);
	finish();
	expect_error("multiboot2: framebuffer tag at offset 0x48 is too short (size 0x1c)");
}

static void test_header_errors(void **state)
{
	(void)state;
	add_basic_mmap();
	finish();
	assert_int_equal(mb2_parse(mb.buf, 7, NULL, &bi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "multiboot2: only 0x7 bytes of information");
	assert_int_equal(mb2_parse(mb.buf, mb.len - 1, NULL, &bi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "multiboot2: total size 0x50 is outside 8..0x4f");
	put32(mb.buf, 4);
	expect_error("multiboot2: total size 0x4 is outside 8..0x50");
	put32(mb.buf, 8);
	expect_error("multiboot2: no end tag within the information (total 0x8)");
	put32(mb.buf, mb.len);
	assert_int_equal(mb2_parse(mb.buf + 4, mb.len - 4, NULL, &bi, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "is not 8-byte aligned"));
	assert_int_equal(mb2_parse(NULL, 64, NULL, &bi, err, sizeof(err)), -EINVAL);
	/* A total size that is not a multiple of 8 is fine if the end tag fits. */
	put32(mb.buf, mb.len);
	assert_int_equal(mb2_parse(mb.buf, mb.len + 4, NULL, &bi, err, sizeof(err)), 0);
}

static void test_overrun_message(void **state)
{
	u8 name[0x30];

	(void)state;
	memset(name, 'g', sizeof(name));
	name[sizeof(name) - 1] = 0;
	add_tag(MB2_TAG_BOOT_LOADER_NAME, name, sizeof(name)); /* 0x8..0x40 */
	add_basic_mmap();                                      /* 0x40..0x68 */
	put32(mb.buf + 0x44, 0x30);
	put32(mb.buf, 0x50);
	mb.len = 0x50;
	expect_error("multiboot2: tag 6 at offset 0x40 overruns the information "
		     "(size 0x30, total 0x50)");
	put32(mb.buf + 0x44, 4);
	expect_error("multiboot2: tag 6 at offset 0x40 has size 0x4 (below 8)");
}

static void test_no_end_tag(void **state)
{
	(void)state;
	add_basic_mmap();
	put32(mb.buf, mb.len);
	expect_error("multiboot2: no end tag within the information (total 0x48)");
	/* Four stray bytes where the end tag should be. */
	put32(mb.buf, mb.len + 4);
	mb.len += 4;
	expect_error("multiboot2: no end tag within the information (total 0x4c)");
}

static void test_no_mmap(void **state)
{
	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "");
	finish();
	expect_error("multiboot2: no memory-map tag (type 6)");
}

static void test_mmap_errors(void **state)
{
	static const struct mmap_entry e[] = {
		{ 0, 0x9fc00, MB2_MEM_AVAILABLE },
		{ 0x100000, 0x100000, MB2_MEM_AVAILABLE },
	};
	u8 p[4] = { 0 };

	(void)state;
	add_mmap(e, 2, 16);
	finish();
	expect_error("multiboot2: memory-map entry size 0x10 is below 0x18");

	mbi_start(NULL);
	add_tag(MB2_TAG_MMAP, p, sizeof(p));
	finish();
	expect_error("multiboot2: memory-map tag at offset 0x8 is too short (size 0xc)");

	mbi_start(NULL);
	add_basic_mmap();
	add_basic_mmap();
	finish();
	expect_error("multiboot2: second memory-map tag at offset 0x48");

	/* Larger entries than 24 bytes (a future version) are read by entry_size. */
	mbi_start(NULL);
	add_mmap(e, 2, 32);
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(bi.mem.count, 2);
	assert_int_equal(bi.mem.r[1].base, 0x100000);
}

static void test_mmap_too_many(void **state)
{
	u32 i, tag;

	(void)state;
	/* One memory-map tag with MEMMAP_MAX + 1 disjoint entries, built by hand. */
	free(mb.buf);
	mb.buf = aligned_alloc(8, 0x8000);
	memset(mb.buf, 0, 0x8000);
	mb.len = 8;
	tag = mb.len;
	put32(mb.buf + tag, MB2_TAG_MMAP);
	put32(mb.buf + tag + 4, 16 + 513 * 24);
	put32(mb.buf + tag + 8, 24);
	for (i = 0; i < 513; i++) {
		put64(mb.buf + tag + 16 + i * 24, (u64)i * 0x2000);
		put64(mb.buf + tag + 24 + i * 24, 0x1000);
		put32(mb.buf + tag + 32 + i * 24, MB2_MEM_AVAILABLE);
	}
	mb.len += (16 + 513 * 24 + 7) & ~7u;
	put32(mb.buf + mb.len, 0);
	put32(mb.buf + mb.len + 4, 8);
	mb.len += 8;
	put32(mb.buf, mb.len);
	expect_error("multiboot2: memory map has more than 512 ranges");
}

static void test_modules(void **state)
{
	(void)state;
	add_basic_mmap();
	add_module(0x1000000, 0x1000000, "");
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.kernel.name, "module 1");
	assert_string_equal(bi.cfg.cmdline, "");
	assert_int_equal(bi.kernel.size, 0);

	mbi_start(NULL);
	add_basic_mmap();
	add_module(0x2000, 0x1000, "x");
	finish();
	expect_error("multiboot2: module 1 ends (0x1000) before it starts (0x2000)");

	mbi_start(NULL);
	add_basic_mmap();
	add_module(0x1000, 0x2000, "k");
	add_module(0x3000, 0x4000, "i");
	add_module(0x5000, 0x6000, "extra");
	finish();
	expect_error("multiboot2: module 3 is one too many (expected the guest kernel, at "
		     "most an initrd, and hv.cfg)");

	mbi_start(NULL);
	add_basic_mmap();
	add_tag(MB2_TAG_MODULE, "\x00\x10\x00\x00", 4);
	finish();
	expect_error("multiboot2: module tag at offset 0x48 is too short (size 0xc)");
}

static void test_module_strings(void **state)
{
	static char big[CONFIG_CMDLINE_MAX + 16];
	u32 size;
	u8 *t;

	(void)state;
	/* A module string without its NUL ends at the tag's end. */
	add_basic_mmap();
	add_module(0x1000, 0x2000, "quiet");
	t = mb.buf + 0x48;
	size = 16 + 5; /* drop the NUL */
	put32(t + 4, size);
	mb.len = 0x48 + 24;
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cfg.cmdline, "quiet");

	/* A long string: the name is cut for messages, the command line is refused. */
	free(mb.buf);
	mb.buf = aligned_alloc(8, 0x2000);
	memset(mb.buf, 0, 0x2000);
	mb.len = 8;
	add_basic_mmap();
	memset(big, 'a', CONFIG_CMDLINE_MAX);
	t = mb.buf + mb.len;
	put32(t, MB2_TAG_MODULE);
	put32(t + 4, 16 + CONFIG_CMDLINE_MAX + 1);
	put32(t + 8, 0x1000);
	put32(t + 12, 0x2000);
	memcpy(t + 16, big, CONFIG_CMDLINE_MAX);
	mb.len += (16 + CONFIG_CMDLINE_MAX + 1 + 7) & ~7u;
	finish();
	expect_error("multiboot2: the guest command line (module 1's string) is too long "
		     "(2048 bytes, at most 2047)");
	/* One byte shorter fits. */
	t[16 + CONFIG_CMDLINE_MAX - 1] = 0;
	assert_int_equal(parse(), 0);
	assert_int_equal(strlen(bi.cfg.cmdline), CONFIG_CMDLINE_MAX - 1);
}

static void test_cmdline_errors(void **state)
{
	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "log=info foo=bar");
	add_basic_mmap();
	finish();
	expect_error("command line word 2: unknown key 'foo'");

	mbi_start(NULL);
	add_string_tag(MB2_TAG_CMDLINE, "kernel=/boot/bzImage");
	add_basic_mmap();
	finish();
	expect_error("command line word 1: 'kernel' is not used under GRUB (the guest is the "
		     "first module2, the initrd the second)");

	mbi_start(NULL);
	add_string_tag(MB2_TAG_CMDLINE, "log=warn");
	add_string_tag(MB2_TAG_CMDLINE, "log=info");
	finish();
	expect_error("multiboot2: second command-line tag at offset 0x20");
}

/* hv.cfg is found in any position; the guest modules keep their order. */
static void test_config_positions(void **state)
{
	(void)state;
	add_basic_mmap();
	add_config("log = debug\n", "hv.cfg");
	add_module(0x1000000, 0x1800000, "");
	add_module(0x2000000, 0x2400000, "");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 1);
	assert_int_equal(mods.config_size, 12);
	assert_string_equal(bi.kernel.name, "module 2");
	assert_int_equal(bi.kernel.base, 0x1000000);
	assert_string_equal(bi.initrd.name, "module 3");
	assert_int_equal(bi.initrd.size, 0x400000);
	assert_int_equal(bi.cfg.log, LOG_DEBUG);

	mbi_start(NULL);
	add_basic_mmap();
	add_module(0x1000000, 0x1800000, "");
	add_module(0x2000000, 0x2400000, "");
	add_config("mbec = off\n", "hv.cfg");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 3);
	assert_string_equal(bi.kernel.name, "module 1");
	assert_string_equal(bi.initrd.name, "module 2");
	assert_int_equal(bi.cfg.mbec, MBEC_OFF);

	/* Without hv.cfg: nothing found, defaults. */
	mbi_start(NULL);
	add_basic_mmap();
	add_module(0x1000000, 0x1800000, "");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 0);
	assert_int_equal(bi.cfg.log, LOG_INFO);
}

/* hv.cfg, then the kernel's string, then the multiboot2 line. */
static void test_config_precedence(void **state)
{
	static const char text[] =
		"# written by mkusb.sh\r\n"
		"kernel = \\EFI\\hv\\vmlinuz\n"
		"initrd = \\EFI\\hv\\initrd.gz\n"
		"cmdline = console=ttyS0,115200 hv.test=1\n"
		"log = debug\n"
		"mbec = off\n"
		"mmio_trace = 0xfec00000+0x1000\n";

	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "log=warn");
	add_basic_mmap();
	add_module(0x1000000, 0x1800000, "");
	add_config(text, "hv.cfg");
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cfg.cmdline, "console=ttyS0,115200 hv.test=1");
	assert_int_equal(bi.cfg.log, LOG_WARN);
	assert_int_equal(bi.cfg.mbec, MBEC_OFF);
	/* Accepted and left for mb2_main() to report as ignored. */
	assert_string_equal(bi.cfg.kernel, "\\EFI\\hv\\vmlinuz");
	assert_string_equal(bi.cfg.initrd, "\\EFI\\hv\\initrd.gz");
	assert_int_equal(bi.cfg.trace_count, 1);

	/* The kernel's own string wins over hv.cfg's cmdline; mmio_trace is replaced. */
	mbi_start(NULL);
	add_string_tag(MB2_TAG_CMDLINE, "mmio_trace=0x1000+0x1000,0x3000+0x1000");
	add_basic_mmap();
	add_config(text, "hv.cfg");
	add_module(0x1000000, 0x1800000, "quiet");
	finish();
	assert_int_equal(parse(), 0);
	assert_string_equal(bi.cfg.cmdline, "quiet");
	assert_int_equal(bi.cfg.log, LOG_DEBUG);
	assert_int_equal(bi.cfg.trace_count, 2);
	assert_int_equal(bi.cfg.trace[0].base, 0x1000);
	assert_int_equal(bi.cfg.trace[1].base, 0x3000);
}

static void test_config_errors(void **state)
{
	(void)state;
	add_basic_mmap();
	add_config("log = info\nfoo = bar\n", "hv.cfg");
	add_module(0x1000000, 0x1800000, "");
	finish();
	expect_error("hv.cfg:2: unknown key 'foo'");

	/* hv.cfg's own errors come before the multiboot2 line's. */
	mbi_start(NULL);
	add_string_tag(MB2_TAG_CMDLINE, "log=loud");
	add_basic_mmap();
	add_config("mbec = sometimes\n", "hv.cfg");
	finish();
	expect_error("hv.cfg:1: bad value 'sometimes' for mbec (expected auto|on|off)");

	mbi_start(NULL);
	add_string_tag(MB2_TAG_CMDLINE, "log=loud");
	add_basic_mmap();
	add_config("mbec = on\n", "hv.cfg");
	finish();
	expect_error("command line word 1: bad value 'loud' for log (expected "
		     "error|warn|info|debug)");

	mbi_start(NULL);
	add_basic_mmap();
	add_config("log = info\n", "hv.cfg");
	add_module(0x1000000, 0x1800000, "");
	add_module(0x1000, 0x2000, "hv.cfg");
	finish();
	expect_error("multiboot2: module 3 is a second hv.cfg (module 1 is the first)");

	/* An hv.cfg the caller cannot read: no window at all, or one too short. */
	mbi_start(NULL);
	add_basic_mmap();
	add_config("log = info\n", "hv.cfg");
	finish();
	assert_int_equal(mb2_parse(mb.buf, mb.len, NULL, &bi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "multiboot2: module 1 (hv.cfg) at 0x100000-0x10000b lies "
			    "outside readable memory");
	mods.limit = CFG_BASE + cfg_len - 1;
	assert_int_equal(mb2_parse(mb.buf, mb.len, &mods, &bi, err, sizeof(err)), -EINVAL);

	/* An empty hv.cfg is a valid (empty) configuration. */
	mbi_start(NULL);
	add_basic_mmap();
	add_config("", "hv.cfg");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 1);
	assert_int_equal(mods.config_size, 0);
}

/* Only a string that is exactly "hv.cfg" marks the configuration. */
static void test_config_strings(void **state)
{
	static const char *const not_config[] = { "hv.cfg ", " hv.cfg", "hv.cf", "HV.CFG",
						   "hv.cfg.bak", "hv.cfg=1" };
	u32 i, at;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(not_config); i++) {
		mbi_start(NULL);
		add_basic_mmap();
		add_module(0x1000, 0x2000, not_config[i]);
		finish();
		assert_int_equal(parse(), 0);
		assert_int_equal(mods.config_module, 0);
		assert_string_equal(bi.cfg.cmdline, not_config[i]);
	}

	/* The string ends at its NUL: what follows in the tag does not count. */
	mbi_start(NULL);
	add_basic_mmap();
	add_config("log = warn\n", "hv.cfg\0junk");
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 1);
	assert_int_equal(bi.cfg.log, LOG_WARN);

	/* Unterminated at the tag's end ("hv.cfg" without its NUL): still hv.cfg. */
	mbi_start(NULL);
	add_basic_mmap();
	at = mb.len;
	add_config("log = warn\n", "hv.cfg");
	put32(mb.buf + at + 4, 16 + 6);
	mb.len = at + 24;
	finish();
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 1);

	/* Cut to "hv.cf": a guest module whose string is "hv.cf". */
	put32(mb.buf + at + 4, 16 + 5);
	assert_int_equal(parse(), 0);
	assert_int_equal(mods.config_module, 0);
	assert_string_equal(bi.cfg.cmdline, "hv.cf");
}

/* Every prefix of a good buffer, as an exact heap allocation. */
static void test_truncation_everywhere(void **state)
{
	u8 fb[30] = { 0 }, rsdp[36] = { 0 };
	u32 n, full;

	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "log=warn");
	add_module(0x1000000, 0x1800000, "console=ttyS0");
	add_module(0x2000000, 0x2400000, "");
	add_basic_mmap();
	fb[21] = MB2_FB_RGB;
	add_tag(MB2_TAG_FRAMEBUFFER, fb, sizeof(fb));
	add_tag(MB2_TAG_ACPI_NEW, rsdp, sizeof(rsdp));
	finish();
	full = mb.len;
	for (n = 0; n <= full; n++) {
		u8 *copy = malloc(n ? n : 1); /* 16-byte aligned, exact size */
		u32 k;

		memcpy(copy, mb.buf, n);
		/* avail shorter than total_size: refused before any tag is read. */
		assert_int_equal(mb2_parse(copy, n, NULL, &bi, err, sizeof(err)), n == full ? 0 : -EINVAL);
		/* total_size patched to match: each cut must still be caught. */
		if (n >= 8) {
			put32(copy, n);
			k = (u32)mb2_parse(copy, n, NULL, &bi, err, sizeof(err));
			assert_int_equal((int)k, n == full ? 0 : -EINVAL);
		}
		free(copy);
	}
}

/* Random corruption of a good buffer must only ever produce errors. */
static void test_random_corruption(void **state)
{
	unsigned int seed = 99, round;
	u8 rsdp[36] = { 0 };
	u8 *orig;
	u32 len;

	(void)state;
	add_string_tag(MB2_TAG_CMDLINE, "log=warn");
	add_module(0x1000000, 0x1800000, "console=ttyS0");
	add_basic_mmap();
	add_tag(MB2_TAG_ACPI_OLD, rsdp, 20);
	finish();
	len = mb.len;
	orig = malloc(len);
	memcpy(orig, mb.buf, len);
	for (round = 0; round < 20000; round++) {
		u32 flips = 1 + rand_r(&seed) % 4, i;

		memcpy(mb.buf, orig, len);
		for (i = 0; i < flips; i++)
			mb.buf[rand_r(&seed) % len] = (u8)rand_r(&seed);
		(void)mb2_parse(mb.buf, len, NULL, &bi, err, sizeof(err));
		assert_true(strlen(err) < sizeof(err));
	}
	free(orig);
}

#define T(f) cmocka_unit_test_setup_teardown(f, mbi_start, mbi_free)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_full),
		T(test_minimal),
		T(test_rsdp_old_only_and_order),
		T(test_framebuffer_kinds),
		T(test_header_errors),
		T(test_overrun_message),
		T(test_no_end_tag),
		T(test_no_mmap),
		T(test_mmap_errors),
		T(test_mmap_too_many),
		T(test_modules),
		T(test_module_strings),
		T(test_cmdline_errors),
		T(test_config_positions),
		T(test_config_precedence),
		T(test_config_errors),
		T(test_config_strings),
		T(test_truncation_everywhere),
		T(test_random_corruption),
	};

	return RUN_TESTS(tests);
}
