// SPDX-License-Identifier: MIT
/*
 * Host unit tests for boot/efi_memmap.c: the EFI memory type table, the
 * descriptor stride (firmware descriptors may be larger than 40 bytes), the
 * rejection of malformed maps, and the shape of the converted map (sorted,
 * merged, overlaps resolved by mm/memmap.c).
 */
#include "tests/unit/unit.h"
#include "boot/efi_memmap.h"
#include "lib/errno.h"

#define MAX_DESCS 2048

/* A raw map being built: descriptors `stride` bytes apart. */
struct raw_map {
	u8 buf[MAX_DESCS * 64];
	u64 stride;
	u64 size;
};

static struct raw_map raw;
static struct memmap mm;

static void raw_reset(u64 stride)
{
	memset(raw.buf, 0xa5, sizeof(raw.buf)); /* padding must be ignored */
	raw.stride = stride;
	raw.size = 0;
}

static void raw_add(u32 type, u64 base, u64 pages)
{
	struct efi_mem_desc d = {
		.type = type, .phys_start = base, .virt_start = 0,
		.num_pages = pages, .attribute = 0xf,
	};

	assert_true(raw.size + raw.stride <= sizeof(raw.buf));
	memcpy(raw.buf + raw.size, &d, sizeof(d));
	raw.size += raw.stride;
}

static int convert(void)
{
	return efi_memmap_convert(&mm, raw.buf, raw.size, raw.stride);
}

static void expect_range(u32 i, u64 base, u64 size, u32 type)
{
	assert_true(i < mm.count);
	assert_int_equal(mm.r[i].base, base);
	assert_int_equal(mm.r[i].size, size);
	assert_int_equal(mm.r[i].type, type);
}

static void test_type_table(void **state)
{
	static const struct { u32 efi, hv; } t[] = {
		{ EFI_MEM_RESERVED, MEM_RESERVED },
		{ EFI_MEM_LOADER_CODE, MEM_USABLE },
		{ EFI_MEM_LOADER_DATA, MEM_USABLE },
		{ EFI_MEM_BOOT_SERVICES_CODE, MEM_USABLE },
		{ EFI_MEM_BOOT_SERVICES_DATA, MEM_USABLE },
		{ EFI_MEM_RUNTIME_SERVICES_CODE, MEM_RESERVED },
		{ EFI_MEM_RUNTIME_SERVICES_DATA, MEM_RESERVED },
		{ EFI_MEM_CONVENTIONAL, MEM_USABLE },
		{ EFI_MEM_UNUSABLE, MEM_UNUSABLE },
		{ EFI_MEM_ACPI_RECLAIM, MEM_ACPI },
		{ EFI_MEM_ACPI_NVS, MEM_NVS },
		{ EFI_MEM_MMIO, MEM_RESERVED },
		{ EFI_MEM_MMIO_PORT_SPACE, MEM_RESERVED },
		{ EFI_MEM_PAL_CODE, MEM_RESERVED },
		{ EFI_MEM_PERSISTENT, MEM_PMEM },
		{ EFI_MEM_UNACCEPTED, MEM_RESERVED },
		{ 16, MEM_RESERVED },          /* newer than UEFI 2.10 */
		{ 0x70000000, MEM_RESERVED },  /* OEM range */
		{ 0x80000000, MEM_RESERVED },  /* OS-vendor range */
		{ 0xffffffff, MEM_RESERVED },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(efi_memmap_type(t[i].efi), t[i].hv);
}

/* A trimmed OVMF q35 map: neighbours of usable kinds become one range. */
static void test_ovmf_like_map(void **state)
{
	raw_reset(48); /* OVMF reports DescriptorSize 48 */
	raw_add(EFI_MEM_BOOT_SERVICES_CODE, 0x0, 1);
	raw_add(EFI_MEM_CONVENTIONAL, 0x1000, 0x9f);
	raw_add(EFI_MEM_CONVENTIONAL, 0x100000, 0x700);
	raw_add(EFI_MEM_ACPI_NVS, 0x800000, 8);
	raw_add(EFI_MEM_CONVENTIONAL, 0x808000, 8);
	raw_add(EFI_MEM_LOADER_DATA, 0x810000, 0x10);
	raw_add(EFI_MEM_LOADER_CODE, 0x820000, 0x20);
	raw_add(EFI_MEM_BOOT_SERVICES_DATA, 0x840000, 0x7c0);
	raw_add(EFI_MEM_RUNTIME_SERVICES_DATA, 0x1000000, 0x10);
	raw_add(EFI_MEM_ACPI_RECLAIM, 0x1010000, 4);
	raw_add(EFI_MEM_RESERVED, 0x1014000, 0x4);
	raw_add(EFI_MEM_MMIO, 0xffc00000, 0x400);

	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, 8);
	expect_range(0, 0x0, 0xa0000, MEM_USABLE);
	expect_range(1, 0x100000, 0x700000, MEM_USABLE);
	expect_range(2, 0x800000, 0x8000, MEM_NVS);
	expect_range(3, 0x808000, 0x1000000 - 0x808000, MEM_USABLE);
	expect_range(4, 0x1000000, 0x10000, MEM_RESERVED);
	expect_range(5, 0x1010000, 0x4000, MEM_ACPI);
	expect_range(6, 0x1014000, 0x4000, MEM_RESERVED);
	expect_range(7, 0xffc00000, 0x400000, MEM_RESERVED);
}

/* Descriptor sizes other than 48 are stepped by exactly desc_size. */
static void test_strides(void **state)
{
	static const u64 strides[] = { 40, 41, 56, 64 };
	size_t i;

	for (i = 0; i < sizeof(strides) / sizeof(strides[0]); i++) {
		raw_reset(strides[i]);
		raw_add(EFI_MEM_CONVENTIONAL, 0x100000, 0x100);
		raw_add(EFI_MEM_ACPI_RECLAIM, 0x200000, 1);
		raw_add(EFI_MEM_PERSISTENT, 0x100000000ULL, 0x40000);
		assert_int_equal(convert(), 0);
		assert_int_equal(mm.count, 3);
		expect_range(0, 0x100000, 0x100000, MEM_USABLE);
		expect_range(1, 0x200000, 0x1000, MEM_ACPI);
		expect_range(2, 0x100000000ULL, 0x40000000ULL, MEM_PMEM);
	}
}

static void test_bad_sizes(void **state)
{
	raw_reset(48);
	raw_add(EFI_MEM_CONVENTIONAL, 0x100000, 1);
	raw_add(EFI_MEM_CONVENTIONAL, 0x200000, 1);

	mm.count = 7;
	assert_int_equal(efi_memmap_convert(&mm, raw.buf, raw.size, 39), -EINVAL);
	assert_int_equal(mm.count, 0);
	assert_int_equal(efi_memmap_convert(&mm, raw.buf, raw.size, 0), -EINVAL);
	assert_int_equal(efi_memmap_convert(&mm, raw.buf, raw.size - 1, 48), -EINVAL);
	assert_int_equal(efi_memmap_convert(&mm, raw.buf, 96, 40), -EINVAL);
	assert_int_equal(efi_memmap_convert(&mm, raw.buf, 100, 48), -EINVAL);
}

static void test_empty_and_zero_pages(void **state)
{
	raw_reset(48);
	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, 0);

	raw_add(EFI_MEM_CONVENTIONAL, 0x100000, 0);
	raw_add(EFI_MEM_RESERVED, 0x0, 0);
	raw_add(EFI_MEM_CONVENTIONAL, 0x200000, 2);
	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, 1);
	expect_range(0, 0x200000, 0x2000, MEM_USABLE);
}

/* Firmware need not sort its map; overlaps go to the stronger type. */
static void test_unsorted_and_overlapping(void **state)
{
	raw_reset(48);
	raw_add(EFI_MEM_CONVENTIONAL, 0x400000, 0x100);
	raw_add(EFI_MEM_CONVENTIONAL, 0x0, 0x100);
	raw_add(EFI_MEM_RUNTIME_SERVICES_CODE, 0x480000, 0x10);
	raw_add(EFI_MEM_BOOT_SERVICES_DATA, 0x100000, 0x300);

	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, 3);
	expect_range(0, 0x0, 0x480000, MEM_USABLE);
	expect_range(1, 0x480000, 0x10000, MEM_RESERVED);
	expect_range(2, 0x490000, 0x70000, MEM_USABLE);
}

static void test_wrapping_descriptor(void **state)
{
	raw_reset(48);
	raw_add(EFI_MEM_CONVENTIONAL, 0xfffffffffffff000ULL, 2);
	assert_int_equal(convert(), -EINVAL);
	assert_int_equal(mm.count, 0);

	raw_reset(48);
	raw_add(EFI_MEM_RESERVED, 0x1000, 0x0010000000000000ULL); /* pages * 4 KiB wraps */
	assert_int_equal(convert(), -EINVAL);

	raw_reset(48);
	raw_add(EFI_MEM_RESERVED, 0xfffffffffffff000ULL - 0x1000, 1);
	assert_int_equal(convert(), 0);
	expect_range(0, 0xffffffffffffe000ULL, 0x1000, MEM_RESERVED);
}

/* Many small contiguous descriptors fit; many disjoint ones do not. */
static void test_capacity(void **state)
{
	u64 i;

	raw_reset(40);
	for (i = 0; i < MAX_DESCS; i++)
		raw_add(i & 1 ? EFI_MEM_BOOT_SERVICES_DATA : EFI_MEM_CONVENTIONAL,
			0x100000 + i * 0x1000, 1);
	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, 1);
	expect_range(0, 0x100000, MAX_DESCS * 0x1000ULL, MEM_USABLE);

	raw_reset(40);
	for (i = 0; i < MAX_DESCS; i++)
		raw_add(i & 1 ? EFI_MEM_RESERVED : EFI_MEM_CONVENTIONAL,
			0x100000 + i * 0x1000, 1);
	assert_int_equal(convert(), -ENOSPC);
	assert_int_equal(mm.count, 0);

	raw_reset(40);
	for (i = 0; i < MEMMAP_MAX; i++)
		raw_add(i & 1 ? EFI_MEM_RESERVED : EFI_MEM_CONVENTIONAL,
			0x100000 + i * 0x1000, 1);
	assert_int_equal(convert(), 0);
	assert_int_equal(mm.count, MEMMAP_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_table),
		cmocka_unit_test(test_ovmf_like_map),
		cmocka_unit_test(test_strides),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_empty_and_zero_pages),
		cmocka_unit_test(test_unsorted_and_overlapping),
		cmocka_unit_test(test_wrapping_descriptor),
		cmocka_unit_test(test_capacity),
	};

	return RUN_TESTS(tests);
}
