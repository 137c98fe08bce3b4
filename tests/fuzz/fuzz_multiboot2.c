// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for boot/multiboot2.c. The input is copied into a
 * 16-byte-aligned buffer of exactly its size (so ASan flags any read past
 * `avail`). If the low bit of the reserved field is clear, total_size is
 * overwritten with the input size, which lets the fuzzer reach the tags
 * without first guessing a consistent length. On success the memory map
 * must be normalized and every string terminated.
 */
#include <stdlib.h>
#include <string.h>
#include "boot/multiboot2.h"
#include "lib/errno.h"

static void check(bool cond)
{
	if (!cond)
		abort();
}

static void check_normalized(const struct memmap *m)
{
	u32 i;

	check(m->count <= MEMMAP_MAX);
	for (i = 0; i < m->count; i++) {
		check(m->r[i].size && m->r[i].type && m->r[i].base + m->r[i].size > m->r[i].base);
		if (i)
			check(m->r[i - 1].base + m->r[i - 1].size <= m->r[i].base);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct boot_info bi;
	struct mb2_modules mods;
	char err[200];
	u8 *buf;
	int ret;

	if (size > 1 << 20)
		return 0;
	buf = malloc(size ? size : 1); /* malloc aligns to 16; the size is exact */
	memcpy(buf, data, size);
	if (size >= 8 && !(buf[4] & 1)) {
		u32 total = (u32)size;

		memcpy(buf, &total, 4);
	}
	/* avail = size: nothing past the input may be read; an hv.cfg module's
	 * physical addresses index the input itself. */
	mods = (struct mb2_modules){ .offset = (uintptr_t)buf, .limit = size };
	ret = mb2_parse(buf, size, &mods, &bi, err, sizeof(err));
	free(buf);
	check(ret == 0 || ret == -EINVAL);
	check(mods.config_size <= size);
	if (ret) {
		check(err[0] && strnlen(err, sizeof(err)) < sizeof(err));
		return 0;
	}
	check(bi.loader == BOOT_LOADER_MULTIBOOT2);
	check_normalized(&bi.mem);
	check(bi.rsdp_copy_len == 0 || (bi.rsdp_copy_len >= 20 && bi.rsdp_copy_len <= 36));
	check(strnlen(bi.kernel.name, sizeof(bi.kernel.name)) < sizeof(bi.kernel.name));
	check(strnlen(bi.initrd.name, sizeof(bi.initrd.name)) < sizeof(bi.initrd.name));
	check(strnlen(bi.cfg.cmdline, sizeof(bi.cfg.cmdline)) < sizeof(bi.cfg.cmdline));
	check(!bi.initrd.size || bi.kernel.name[0]);
	return 0;
}
