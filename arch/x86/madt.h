/* SPDX-License-Identifier: MIT */
/*
 * Finding the machine's CPUs: the ACPI RSDP, then the XSDT (or RSDT), then
 * the MADT ("APIC") and its Processor Local APIC / Local x2APIC entries.
 * ACPI 6.5: 5.2.5.3 "Root System Description Pointer (RSDP) Structure",
 * 5.2.7 "Root System Description Table (RSDT)", 5.2.8 "Extended System
 * Description Table (XSDT)", 5.2.12 "Multiple APIC Description Table
 * (MADT)", 5.2.12.2 "Processor Local APIC Structure", 5.2.12.12 "Processor
 * Local x2APIC Structure". Pure: memory is read through a callback, every
 * length and checksum is checked, and nothing is trusted beyond the bytes
 * that were read.
 */
#ifndef HV_ARCH_X86_MADT_H
#define HV_ARCH_X86_MADT_H

#include "lib/types.h"

#define MADT_CPUS_MAX 64

struct madt_cpus {
	u32 count;
	u32 apic_id[MADT_CPUS_MAX]; /* enabled (or online-capable) CPUs, in table order */
	bool truncated;             /* more CPUs than MADT_CPUS_MAX */
	u64 lapic_base;             /* the MADT's local APIC address (override included) */
};

/* Read n bytes of physical memory at pa into buf; 0 or a negative error. */
typedef int (*madt_read_fn)(void *opaque, u64 pa, void *buf, size_t n);

/*
 * Find the CPUs. rsdp points at a copy of the RSDP (20 bytes for revision 0,
 * 36 for revision 2+; rsdp_len says how many bytes are valid). Returns 0, or
 * -EINVAL / -ENOENT with one line in err ("ACPI: no MADT (APIC) table").
 */
int madt_find_cpus(const void *rsdp, size_t rsdp_len, madt_read_fn read, void *opaque,
		   struct madt_cpus *out, char *err, size_t errlen);

#endif
