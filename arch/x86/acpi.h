/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables hv reads: the RSDP, then the XSDT (or RSDT), then the MADT
 * ("APIC": the CPUs, from Processor Local APIC / Local x2APIC entries) and
 * the FADT ("FACP": the PM1a control port the guest powers off through).
 * ACPI 6.5: 5.2.5.3 "Root System Description Pointer (RSDP) Structure",
 * 5.2.7 "Root System Description Table (RSDT)", 5.2.8 "Extended System
 * Description Table (XSDT)", 5.2.12 "Multiple APIC Description Table
 * (MADT)", 5.2.12.2 "Processor Local APIC Structure", 5.2.12.12 "Processor
 * Local x2APIC Structure". Pure: memory is read through a callback, every
 * length and checksum is checked, and nothing is trusted beyond the bytes
 * that were read.
 */
#ifndef HV_ARCH_X86_ACPI_H
#define HV_ARCH_X86_ACPI_H

#include "lib/types.h"

#define ACPI_CPUS_MAX 64

struct acpi_cpus {
	u32 count;
	u32 apic_id[ACPI_CPUS_MAX]; /* enabled (or online-capable) CPUs, in table order */
	bool truncated;             /* more CPUs than ACPI_CPUS_MAX */
	u64 lapic_base;             /* the MADT's local APIC address (override included) */
};

/* Read n bytes of physical memory at pa into buf; 0 or a negative error. */
typedef int (*acpi_read_fn)(void *opaque, u64 pa, void *buf, size_t n);

/*
 * Find the CPUs. rsdp points at a copy of the RSDP (20 bytes for revision 0,
 * 36 for revision 2+; rsdp_len says how many bytes are valid). Returns 0, or
 * -EINVAL / -ENOENT with one line in err ("ACPI: no MADT (APIC) table").
 */
int acpi_find_cpus(const void *rsdp, size_t rsdp_len, acpi_read_fn read, void *opaque,
		   struct acpi_cpus *out, char *err, size_t errlen);

/*
 * The I/O port of the PM1a control register from the FADT ("FACP"; its
 * 64-bit X_PM1a_CNT_BLK when that is a system-I/O address, else
 * PM1a_CNT_BLK). Returns 0 or -ENOENT.
 */
int acpi_find_pm1a_control(const void *rsdp, size_t rsdp_len, acpi_read_fn read, void *opaque,
			   u16 *port);

#endif
