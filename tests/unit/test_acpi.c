// SPDX-License-Identifier: MIT
/* Unit tests for arch/x86/madt.c: finding the CPUs through RSDP, XSDT/RSDT and MADT. */
#include "tests/unit/unit.h"
#include "arch/x86/acpi.h"
#include "lib/errno.h"

#define MEM_SIZE 0x4000
#define XSDT_PA 0x1000
#define MADT_PA 0x2000
#define FADT_PA 0x3000

static u8 mem[MEM_SIZE];
static u32 fadt_len = 116; /* an ACPI 1.0-sized FADT unless a test says otherwise */
static char err[128];

static int read_mem(void *opaque, u64 pa, void *buf, size_t n)
{
	if (pa > MEM_SIZE || n > MEM_SIZE - pa)
		return -EINVAL;
	memcpy(buf, mem + pa, n);
	return 0;
}

static void fix_checksum(u8 *p, size_t n, size_t at)
{
	u8 sum = 0;

	p[at] = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	p[at] = (u8)-sum;
}

static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put64(u8 *p, u64 v) { memcpy(p, &v, 8); }

static void make_header(u8 *t, const char *sig, u32 len)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = 2;
	fix_checksum(t, len, 9);
}

/* RSDP v2 -> XSDT {FACP, APIC}; MADT with the given entries appended. */
static void build(u8 *rsdp, const u8 *entries, u32 elen, bool v2)
{
	u8 *xsdt = mem + XSDT_PA, *madt = mem + MADT_PA;
	u32 mlen = 44 + elen;

	memset(mem, 0, sizeof(mem));
	memset(rsdp, 0, 36);
	memcpy(rsdp, "RSD PTR ", 8);
	rsdp[15] = v2 ? 2 : 0;
	put32(rsdp + 16, XSDT_PA); /* also the RSDT for v1: 4-byte entries then */
	put32(rsdp + 20, 36);
	put64(rsdp + 24, v2 ? XSDT_PA : 0);
	fix_checksum(rsdp, 20, 8);
	fix_checksum(rsdp, 36, 32);
	put32(mem + FADT_PA + 64, 0xb004);            /* PM1a_CNT_BLK */
	make_header(mem + FADT_PA, "FACP", fadt_len);
	if (v2) {
		put64(xsdt + 36, FADT_PA);
		put64(xsdt + 44, MADT_PA);
		make_header(xsdt, "XSDT", 52);
	} else {
		put32(xsdt + 36, FADT_PA);
		put32(xsdt + 40, MADT_PA);
		make_header(xsdt, "RSDT", 44);
	}
	put32(madt + 36, 0xfee00000);
	memcpy(madt + 44, entries, elen);
	make_header(madt, "APIC", mlen);
}

static const u8 two_cpus_and_disabled[] = {
	0, 8, 0, 0, 1, 0, 0, 0,    /* processor 0, APIC ID 0, enabled */
	0, 8, 1, 2, 0, 0, 0, 0,    /* APIC ID 2, disabled and not online-capable */
	0, 8, 2, 4, 2, 0, 0, 0,    /* APIC ID 4, online-capable */
	1, 12, 0, 0, 0, 0, 0xc0, 0xfe, 0, 0, 0, 0, /* an I/O APIC: ignored */
	9, 16, 0, 0, 0x10, 1, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, /* x2APIC ID 0x110, enabled */
	0, 8, 3, 0, 1, 0, 0, 0,    /* APIC ID 0 again: counted once */
};

static void test_xsdt_cpus(void **state)
{
	struct acpi_cpus cpus;
	u8 rsdp[36];

	build(rsdp, two_cpus_and_disabled, sizeof(two_cpus_and_disabled), true);
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), 0);
	assert_int_equal(cpus.count, 3);
	assert_int_equal(cpus.apic_id[0], 0);
	assert_int_equal(cpus.apic_id[1], 4);
	assert_int_equal(cpus.apic_id[2], 0x110);
	assert_int_equal(cpus.lapic_base, 0xfee00000);
	assert_false(cpus.truncated);
}

static void test_rsdt_v1(void **state)
{
	struct acpi_cpus cpus;
	u8 rsdp[36];

	build(rsdp, two_cpus_and_disabled, 16, false);
	assert_int_equal(acpi_find_cpus(rsdp, 20, read_mem, NULL, &cpus, err, sizeof(err)), 0);
	assert_int_equal(cpus.count, 1);
}

static void test_errors(void **state)
{
	struct acpi_cpus cpus;
	u8 rsdp[36];

	build(rsdp, two_cpus_and_disabled, sizeof(two_cpus_and_disabled), true);
	rsdp[9] ^= 1; /* RSDP checksum */
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "ACPI: no valid RSDP");
	build(rsdp, two_cpus_and_disabled, sizeof(two_cpus_and_disabled), true);
	mem[MADT_PA + 50] ^= 1; /* MADT checksum */
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "ACPI: bad MADT (APIC) table");
	build(rsdp, two_cpus_and_disabled, sizeof(two_cpus_and_disabled), true);
	memcpy(mem + MADT_PA, "APIX", 4);
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "ACPI: no MADT (APIC) table");
	build(rsdp, two_cpus_and_disabled, sizeof(two_cpus_and_disabled), true);
	put32(mem + XSDT_PA + 4, 0x100000); /* XSDT length far beyond memory */
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "ACPI: bad XSDT");
}

/* An entry whose length runs past the table is refused, not followed. */
static void test_entry_overrun(void **state)
{
	struct acpi_cpus cpus;
	u8 rsdp[36];
	u8 bad[] = { 0, 8, 0, 0, 1, 0, 0, 0, 0, 30, 1, 1 };

	build(rsdp, bad, sizeof(bad), true);
	assert_int_equal(acpi_find_cpus(rsdp, 36, read_mem, NULL, &cpus, err, sizeof(err)), -EINVAL);
}

/* PM1a control: the 32-bit block, or the 64-bit X_ block when it is I/O space. */
static void test_pm1a_control(void **state)
{
	u8 rsdp[36];
	u16 port = 0;

	fadt_len = 116;
	build(rsdp, two_cpus_and_disabled, 8, true);
	assert_int_equal(acpi_find_pm1a_control(rsdp, 36, read_mem, NULL, &port), 0);
	assert_int_equal(port, 0xb004);
	fadt_len = 276;
	build(rsdp, two_cpus_and_disabled, 8, true);
	mem[FADT_PA + 172] = 1;                       /* GAS: system I/O */
	put64(mem + FADT_PA + 176, 0x604);
	make_header(mem + FADT_PA, "FACP", fadt_len);
	assert_int_equal(acpi_find_pm1a_control(rsdp, 36, read_mem, NULL, &port), 0);
	assert_int_equal(port, 0x604);
	memcpy(mem + FADT_PA, "FACX", 4);
	assert_int_equal(acpi_find_pm1a_control(rsdp, 36, read_mem, NULL, &port), -ENOENT);
	fadt_len = 116;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xsdt_cpus),
		cmocka_unit_test(test_rsdt_v1),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_entry_overrun),
		cmocka_unit_test(test_pm1a_control),
	};

	return RUN_TESTS(tests);
}
