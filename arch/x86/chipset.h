/* SPDX-License-Identifier: MIT */
/*
 * The little hv needs to know about the platform's chipset: where its ACPI
 * power-management I/O block is (for guests whose firmware published no ACPI
 * tables, guest/acpi_tables.h) and the I/O APIC's ID. PCI configuration
 * mechanism #1 (ports 0xCF8/0xCFC; PCI Local Bus Specification 3.0, 3.2.2.3.2).
 */
#ifndef HV_ARCH_X86_CHIPSET_H
#define HV_ARCH_X86_CHIPSET_H

#include "lib/types.h"

/*
 * The PM1a event block's I/O base if the chipset is one hv knows (Intel
 * PIIX4 / 82371AB function 3, PMBA; ICH9 LPC, PMBASE) and its ACPI I/O is
 * enabled; 0 otherwise.
 */
u16 chipset_acpi_pm_base(void);

/* The I/O APIC's ID (I/O APIC register 0, bits 27:24) at MMIO base `base`. */
u8 chipset_ioapic_id(hpa_t base);

#endif
