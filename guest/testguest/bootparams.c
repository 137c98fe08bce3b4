/* SPDX-License-Identifier: MIT */
/*
 * Saving the zero page and the command line. The command line's address is
 * hdr.cmd_line_ptr, extended by ext_cmd_line_ptr for loaders that place it
 * above 4 GiB; its length is bounded by hdr.cmdline_size (boot protocol
 * 2.06+) and by the guest's own buffer.
 */
#include "guest/testguest/bootparams.h"

#include "guest/testguest/string.h"

static uint8_t zero_page_copy[BP_SIZE];
static char cmdline_copy[BP_CMDLINE_MAX];

static uint32_t read_u32(const uint8_t *p, unsigned off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

void bootparams_save(const void *zero_page)
{
	const char *src;
	uint64_t ptr;
	size_t max;

	memcpy(zero_page_copy, zero_page, BP_SIZE);
	ptr = read_u32(zero_page_copy, BP_HDR_CMD_LINE_PTR) |
	      (uint64_t)read_u32(zero_page_copy, BP_EXT_CMD_LINE_PTR) << 32;
	if (!ptr)
		return;
	max = read_u32(zero_page_copy, BP_HDR_CMDLINE_SIZE);
	if (max == 0 || max > BP_CMDLINE_MAX - 1)
		max = BP_CMDLINE_MAX - 1;
	src = (const char *)ptr;
	for (size_t i = 0; i < max && src[i]; i++)
		cmdline_copy[i] = src[i];
}

const char *bootparams_cmdline(void)
{
	return cmdline_copy;
}

const struct boot_e820_entry *bootparams_e820(unsigned *count)
{
	unsigned n = zero_page_copy[BP_E820_ENTRIES];

	*count = n > BP_E820_MAX ? BP_E820_MAX : n;
	return (const struct boot_e820_entry *)(zero_page_copy + BP_E820_TABLE);
}
