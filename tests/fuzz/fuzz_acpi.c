// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for arch/x86/madt.c: the input is a small physical memory
 * image whose first 36 bytes are the RSDP; table pointers index into it.
 * Checks that the walk never reads outside the image and that what it
 * reports stays within its documented bounds.
 */
#include <stdint.h>
#include <string.h>
#include "arch/x86/acpi.h"

struct image {
	const uint8_t *data;
	size_t size;
};

static int read_image(void *opaque, u64 pa, void *buf, size_t n)
{
	const struct image *im = opaque;

	if (pa > im->size || n > im->size - pa)
		return -1;
	memcpy(buf, im->data + pa, n);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image im = { data, size };
	struct acpi_cpus cpus;
	char err[96];

	if (size < 36)
		return 0;
	if (acpi_find_cpus(data, 36, read_image, &im, &cpus, err, sizeof(err)) == 0 &&
	    cpus.count > ACPI_CPUS_MAX)
		__builtin_trap();
	return 0;
}
