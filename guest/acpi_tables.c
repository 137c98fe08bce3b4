// SPDX-License-Identifier: MIT
/* Minimal ACPI tables for a guest without firmware tables; see acpi_tables.h. */
#include "guest/acpi_tables.h"
#include "lib/string.h"

/* Where each table lives in the page. */
#define OFF_RSDP 0x000
#define OFF_XSDT 0x040
#define OFF_FACS 0x080 /* 64-byte aligned */
#define OFF_FADT 0x100
#define OFF_DSDT 0x200
#define OFF_MADT 0x280

#define SDT_HEADER 36
#define FADT_REV3_LEN 244
#define FACS_LEN 64
#define MADT_LAPIC_LEN 8
#define MADT_IOAPIC_LEN 12
#define MADT_ISO_LEN 10
#define MADT_PCAT_COMPAT 1

/* FADT field offsets (ACPI 6.5, 5.2.9, Table 5.9). */
#define FADT_FIRMWARE_CTRL 36
#define FADT_DSDT 40
#define FADT_SCI_INT 46
#define FADT_PM1A_EVT_BLK 56
#define FADT_PM1A_CNT_BLK 64
#define FADT_PM_TMR_BLK 76
#define FADT_PM1_EVT_LEN 88
#define FADT_PM1_CNT_LEN 89
#define FADT_PM_TMR_LEN 91
#define FADT_FLAGS 112
#define FADT_FLAG_WBINVD BIT_ULL(0)
#define FADT_FLAG_PROC_C1 BIT_ULL(2)
#define FADT_FLAG_PWR_BUTTON BIT_ULL(4) /* 1: no fixed power button */
#define FADT_FLAG_SLP_BUTTON BIT_ULL(5) /* 1: no fixed sleep button */

/* AML: Name (_S5, Package (4) { 0, 0, 0, 0 }) — SLP_TYP 0 is the PIIX4's soft-off. */
static const u8 dsdt_aml[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };

static void put16(u8 *p, u16 v) { memcpy(p, &v, 2); }
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put64(u8 *p, u64 v) { memcpy(p, &v, 8); }

static u8 checksum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return (u8)-sum;
}

/* A system description table header; the checksum is fixed last by seal(). */
static void header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, "HVHVHV", 6);    /* OEM ID */
	memcpy(t + 16, "HV      ", 8);  /* OEM table ID */
	put32(t + 20, 1);
	memcpy(t + 24, "HV  ", 4);      /* creator ID */
	put32(t + 28, 1);
}

static void seal(u8 *t)
{
	u32 len;

	memcpy(&len, t + 4, 4);
	t[9] = 0;
	t[9] = checksum(t, len);
}

static u32 build_madt(u8 *t, const struct acpi_machine *m)
{
	u32 off = 44;

	put32(t + 36, (u32)m->lapic_base);
	put32(t + 40, MADT_PCAT_COMPAT);
	for (u32 i = 0; i < m->cpu_count && i < ACPI_SYNTH_CPUS_MAX; i++, off += MADT_LAPIC_LEN) {
		t[off] = 0;                    /* Processor Local APIC */
		t[off + 1] = MADT_LAPIC_LEN;
		t[off + 2] = (u8)i;            /* ACPI processor UID */
		t[off + 3] = (u8)m->apic_id[i];
		put32(t + off + 4, 1);         /* enabled */
	}
	if (m->ioapic_base) {
		t[off] = 1;                    /* I/O APIC */
		t[off + 1] = MADT_IOAPIC_LEN;
		t[off + 2] = m->ioapic_id;
		put32(t + off + 4, (u32)m->ioapic_base);
		put32(t + off + 8, 0);         /* GSI base */
		off += MADT_IOAPIC_LEN;
		t[off] = 2;                    /* interrupt source override: IRQ0 -> GSI2 */
		t[off + 1] = MADT_ISO_LEN;
		put32(t + off + 4, 2);
		off += MADT_ISO_LEN;
		if (m->pm_base) {
			t[off] = 2;            /* the SCI: level-triggered, active high */
			t[off + 1] = MADT_ISO_LEN;
			t[off + 3] = m->sci_irq;
			put32(t + off + 4, m->sci_irq);
			put16(t + off + 8, 0x000d);
			off += MADT_ISO_LEN;
		}
	}
	header(t, "APIC", off, 4);
	seal(t);
	return off;
}

static void build_fadt(u8 *t, gpa_t gpa, const struct acpi_machine *m)
{
	header(t, "FACP", FADT_REV3_LEN, 3);
	put32(t + FADT_FIRMWARE_CTRL, (u32)(gpa + OFF_FACS));
	put32(t + FADT_DSDT, (u32)(gpa + OFF_DSDT));
	put16(t + FADT_SCI_INT, m->sci_irq);
	put32(t + FADT_PM1A_EVT_BLK, m->pm_base);
	put32(t + FADT_PM1A_CNT_BLK, m->pm_base + 4u);
	put32(t + FADT_PM_TMR_BLK, m->pm_base + 8u);
	t[FADT_PM1_EVT_LEN] = 4;
	t[FADT_PM1_CNT_LEN] = 2;
	t[FADT_PM_TMR_LEN] = 4;
	put32(t + FADT_FLAGS, FADT_FLAG_WBINVD | FADT_FLAG_PROC_C1 | FADT_FLAG_PWR_BUTTON |
				      FADT_FLAG_SLP_BUTTON);
	seal(t);
}

u64 acpi_tables_build(u8 *buf, gpa_t gpa, const struct acpi_machine *m)
{
	u8 *rsdp = buf + OFF_RSDP, *xsdt = buf + OFF_XSDT;
	u32 entries = 0;

	if (m->pm_base) {
		memcpy(buf + OFF_FACS, "FACS", 4);
		put32(buf + OFF_FACS + 4, FACS_LEN);
		header(buf + OFF_DSDT, "DSDT", SDT_HEADER + sizeof(dsdt_aml), 2);
		memcpy(buf + OFF_DSDT + SDT_HEADER, dsdt_aml, sizeof(dsdt_aml));
		seal(buf + OFF_DSDT);
		build_fadt(buf + OFF_FADT, gpa, m);
		put64(xsdt + SDT_HEADER + 8 * entries++, gpa + OFF_FADT);
	}
	build_madt(buf + OFF_MADT, m);
	put64(xsdt + SDT_HEADER + 8 * entries++, gpa + OFF_MADT);
	header(xsdt, "XSDT", SDT_HEADER + 8 * entries, 1);
	seal(xsdt);
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "HVHVHV", 6);
	rsdp[15] = 2;
	put32(rsdp + 20, 36);
	put64(rsdp + 24, gpa + OFF_XSDT);
	rsdp[8] = checksum(rsdp, 20);
	rsdp[32] = checksum(rsdp, 36);
	return gpa + OFF_RSDP;
}
