// SPDX-License-Identifier: MIT
/*
 * Unit tests for guest/acpi_tables.c: the synthesized tables are read back
 * with hv's own ACPI parser (arch/x86/acpi.c), which checks every length and
 * checksum, and a few fields are checked byte for byte.
 */
#include "tests/unit/unit.h"
#include "arch/x86/acpi.h"
#include "guest/acpi_tables.h"
#include "lib/errno.h"

#define GPA 0x9f000

static u8 page[ACPI_TABLES_SIZE];

static int read_page(void *opaque, u64 pa, void *buf, size_t n)
{
	if (pa < GPA || pa - GPA > sizeof(page) || n > sizeof(page) - (pa - GPA))
		return -1;
	memcpy(buf, page + (pa - GPA), n);
	return 0;
}

static struct acpi_machine machine(u32 cpus, u16 pm_base)
{
	struct acpi_machine m = { .cpu_count = cpus, .lapic_base = 0xfee00000,
				  .ioapic_base = 0xfec00000, .ioapic_id = 2, .pm_base = pm_base,
				  .sci_irq = 9 };

	for (u32 i = 0; i < cpus; i++)
		m.apic_id[i] = i * 2;
	return m;
}

static void test_cpus_and_power_off(void **state)
{
	struct acpi_machine m = machine(4, 0x600);
	struct acpi_cpus cpus;
	char err[80];
	u16 port = 0;
	u64 rsdp;

	memset(page, 0, sizeof(page));
	rsdp = acpi_tables_build(page, GPA, &m);
	assert_int_equal(rsdp, GPA);
	assert_int_equal(acpi_find_cpus(page, 36, read_page, NULL, &cpus, err, sizeof(err)), 0);
	assert_int_equal(cpus.count, 4);
	assert_int_equal(cpus.apic_id[0], 0);
	assert_int_equal(cpus.apic_id[3], 6);
	assert_int_equal(cpus.lapic_base, 0xfee00000);
	assert_int_equal(acpi_find_pm1a_control(page, 36, read_page, NULL, &port), 0);
	assert_int_equal(port, 0x604);
}

/* Without a PM block there is no FADT (and so no DSDT): the CPUs only. */
static void test_no_pm_block(void **state)
{
	struct acpi_machine m = machine(2, 0);
	struct acpi_cpus cpus;
	char err[80];
	u16 port = 0;

	memset(page, 0, sizeof(page));
	acpi_tables_build(page, GPA, &m);
	assert_int_equal(acpi_find_cpus(page, 36, read_page, NULL, &cpus, err, sizeof(err)), 0);
	assert_int_equal(cpus.count, 2);
	assert_int_equal(acpi_find_pm1a_control(page, 36, read_page, NULL, &port), -ENOENT);
}

/* The DSDT holds exactly Name (_S5, Package (4) {0, 0, 0, 0}). */
static void test_dsdt_s5(void **state)
{
	struct acpi_machine m = machine(1, 0xb000);
	static const u8 aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0, 0, 0, 0 };
	u8 sum = 0;
	u32 dsdt, len;

	memset(page, 0, sizeof(page));
	acpi_tables_build(page, GPA, &m);
	/* FADT is the XSDT's first entry; its DSDT field points at the DSDT. */
	memcpy(&dsdt, page + 0x100 + 40, 4);
	assert_memory_equal(page + (dsdt - GPA), "DSDT", 4);
	memcpy(&len, page + (dsdt - GPA) + 4, 4);
	assert_int_equal(len, 36 + sizeof(aml));
	assert_memory_equal(page + (dsdt - GPA) + 36, aml, sizeof(aml));
	for (u32 i = 0; i < len; i++)
		sum += page[dsdt - GPA + i];
	assert_int_equal(sum, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpus_and_power_off),
		cmocka_unit_test(test_no_pm_block),
		cmocka_unit_test(test_dsdt_s5),
	};

	return RUN_TESTS(tests);
}
