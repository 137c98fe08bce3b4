// SPDX-License-Identifier: MIT
/*
 * Writes a small seed corpus for the fuzz targets into <dir>/<target>/: a
 * full hv.cfg and command line, a GRUB-like Multiboot2 information block and
 * a minimal valid bzImage header, so each fuzzer starts from inputs that
 * reach the deep paths instead of having to discover the magic numbers.
 * A host tool: plain C with the C library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "lib/types.h"

static void write_seed(const char *dir, const char *target, const char *name,
		       const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void put(u8 *p, u64 v, unsigned int n)
{
	while (n--) {
		*p++ = (u8)v;
		v >>= 8;
	}
}

static u32 add_tag(u8 *buf, u32 off, u32 type, const void *data, u32 len)
{
	put(buf + off, type, 4);
	put(buf + off + 4, 8 + len, 4);
	if (len)
		memcpy(buf + off + 8, data, len);
	return off + ((8 + len + 7) & ~7u);
}

static void multiboot2_seed(const char *dir)
{
	static u8 buf[1024];
	u8 mod[64] = { 0 }, mmap[8 + 3 * 24] = { 0 }, fb[30] = { 0 }, rsdp[36] = { 0 };
	u32 off = 8;

	off = add_tag(buf, off, 1, "log=debug", 10);
	off = add_tag(buf, off, 2, "GRUB 2.06", 10);
	put(mod, 0x1000000, 4);
	put(mod + 4, 0x1800000, 4);
	memcpy(mod + 8, "console=ttyS0 quiet", 20);
	off = add_tag(buf, off, 3, mod, 28);
	put(mod, 0x2000000, 4);
	put(mod + 4, 0x2100000, 4);
	memcpy(mod + 8, "initrd", 7);
	off = add_tag(buf, off, 3, mod, 15);
	put(mmap, 24, 4);
	put(mmap + 8, 0, 8), put(mmap + 16, 0x9fc00, 8), put(mmap + 24, 1, 4);
	put(mmap + 32, 0x9fc00, 8), put(mmap + 40, 0x400, 8), put(mmap + 48, 2, 4);
	put(mmap + 56, 0x100000, 8), put(mmap + 64, 0x7ff00000, 8), put(mmap + 72, 1, 4);
	off = add_tag(buf, off, 6, mmap, sizeof(mmap));
	put(fb, 0xfd000000, 8), put(fb + 8, 4096, 4), put(fb + 12, 1024, 4);
	put(fb + 16, 768, 4), fb[20] = 32, fb[21] = 1;
	off = add_tag(buf, off, 8, fb, sizeof(fb));
	memcpy(rsdp, "RSD PTR ", 8);
	off = add_tag(buf, off, 14, rsdp, 20);
	off = add_tag(buf, off, 15, rsdp, 36);
	off = add_tag(buf, off, 0, NULL, 0);
	put(buf, off, 4);
	write_seed(dir, "fuzz_multiboot2", "grub", buf, off);
}

static void bzimage_seed(const char *dir)
{
	static u8 img[0x1200];

	img[0x1f1] = 7;
	put(img + 0x1fe, 0xaa55, 2);
	img[0x200] = 0xeb;
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	put(img + 0x206, 0x020f, 2);
	img[0x211] = 1;
	put(img + 0x214, 0x100000, 4);
	put(img + 0x22c, 0x7fffffff, 4);
	put(img + 0x230, 0x200000, 4);
	img[0x234] = 1;
	put(img + 0x236, 0x7f, 2);
	put(img + 0x238, 2047, 4);
	put(img + 0x258, 0x1000000, 8);
	put(img + 0x260, 0x800000, 4);
	write_seed(dir, "fuzz_bzimage", "good", img, sizeof(img));
}

static void config_seeds(const char *dir)
{
	static const char file[] = "\x00\xEF\xBB\xBF# hv.cfg\r\nkernel = \\EFI\\hv\\bzImage\r\n"
				   "initrd=/EFI/hv/initrd # comment\r\n"
				   "cmdline = console=ttyS0 root=/dev/vda\r\nlog = debug\r\n";
	static const char cmdline[] = "\x01log=warn";

	write_seed(dir, "fuzz_config", "file", file, sizeof(file) - 1);
	write_seed(dir, "fuzz_config", "cmdline", cmdline, sizeof(cmdline) - 1);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
		return 2;
	}
	config_seeds(argv[1]);
	multiboot2_seed(argv[1]);
	bzimage_seed(argv[1]);
	return 0;
}
