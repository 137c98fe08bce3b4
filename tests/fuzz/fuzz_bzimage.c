// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for guest/bzimage.c: the input is the image. On success
 * the reported layout must fit the file and the setup header must lie in
 * it; the header is then copied the way the loader will, so ASan checks
 * that bzimage_setup_header_len() stays inside a validated image.
 */
#include <stdlib.h>
#include <string.h>
#include "guest/bzimage.h"
#include "lib/errno.h"

static void check(bool cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 zero_page[4096];
	struct bzimage_info bi;
	char err[160];
	u8 *img = malloc(size ? size : 1);
	u64 end;
	int ret;

	memcpy(img, data, size);
	ret = bzimage_parse(img, size, &bi, err, sizeof(err));
	check(ret == 0 || ret == -ENOEXEC);
	if (ret) {
		check(err[0] && strnlen(err, sizeof(err)) < sizeof(err));
		free(img);
		return 0;
	}
	end = bzimage_setup_header_len(img);
	check(end >= BZ_HEADER_MIN_END && end <= size && end <= sizeof(zero_page));
	memcpy(zero_page + BZ_SETUP_HEADER, img + BZ_SETUP_HEADER, end - BZ_SETUP_HEADER);
	check(bi.kernel_offset == bi.setup_size && bi.kernel_offset + bi.kernel_size == size);
	check(bi.kernel_size > 0 && bi.init_size >= bi.kernel_size);
	check(bi.version >= BZ_MIN_VERSION && (bi.xloadflags & BZ_XLF_KERNEL_64));
	check(!bi.relocatable || (bi.kernel_alignment &&
				  !(bi.kernel_alignment & (bi.kernel_alignment - 1))));
	free(img);
	return 0;
}
