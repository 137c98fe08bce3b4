/* SPDX-License-Identifier: MIT */
/*
 * Minimal ACPI tables for a guest whose firmware handed over none (Debian's
 * OVMF under Bochs builds its tables from QEMU's fw_cfg, which Bochs lacks):
 * an RSDP, an XSDT, a MADT naming the CPUs hv runs and the I/O APIC, and,
 * when the chipset's power-management block is known, a FADT with a FACS
 * and a DSDT holding only \_S5, so the guest can find its CPUs and power the
 * machine off. Formats: ACPI 6.5, 5.2.5 "Root System Description Pointer",
 * 5.2.8 "XSDT", 5.2.9 "FADT", 5.2.10 "FACS", 5.2.11.1 "DSDT", 5.2.12
 * "MADT", and 7.4.2 "\_Sx (System States)" for the AML.
 * Pure: the tables are written into a buffer; no hardware is touched.
 */
#ifndef HV_GUEST_ACPI_TABLES_H
#define HV_GUEST_ACPI_TABLES_H

#include "lib/types.h"

#define ACPI_TABLES_SIZE 0x1000 /* one page holds everything */
#define ACPI_SYNTH_CPUS_MAX 64

struct acpi_machine {
	u32 cpu_count;
	u32 apic_id[ACPI_SYNTH_CPUS_MAX]; /* the boot CPU first */
	hpa_t lapic_base;
	hpa_t ioapic_base;               /* 0: no I/O APIC entry */
	u8 ioapic_id;
	u16 pm_base;                     /* PM1a event block; 0: no FADT (no power-off) */
	u8 sci_irq;
};

/*
 * Write the tables into buf (ACPI_TABLES_SIZE bytes, zeroed by the caller),
 * which the guest will see at guest-physical address gpa (16-byte aligned).
 * Returns the guest-physical address of the RSDP (gpa itself).
 */
u64 acpi_tables_build(u8 *buf, gpa_t gpa, const struct acpi_machine *m);

#endif
