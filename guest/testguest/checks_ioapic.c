/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC seen through hv: its version register must read like a real
 * one. hv passes the I/O APIC through (identity EPT, uncached); with
 * `mmio_trace=0xfec00000+0x1000` it traps, logs and forwards both accesses,
 * which tests/e2e/test_bochs_mmio_trace.sh compares with the value printed
 * here. Registers: Intel 82093AA I/O APIC datasheet, 3.1 "Memory Mapped
 * Registers for Accessing IOAPIC Registers" (IOREGSEL at +0x00, IOWIN at
 * +0x10, 32-bit accesses only) and 3.2.2 "IOAPICVER" (bits 7:0 version,
 * 23:16 maximum redirection entry). Runs with or without the test interface.
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/x86.h"

#define IOAPIC_BASE 0xFEC00000ULL  /* the PC default; paging.c maps 3..4 GiB uncached */
#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_VERSION_MIN 0x11    /* 0x1X: integrated I/O APICs (82093AA: 0x11) */
#define IOAPIC_VERSION_MAX 0x20
#define IOAPIC_MIN_REDIR_ENTRIES 24 /* PC I/O APICs have 24 pins or more */

bool check_ioapic_version(struct check_ctx *c)
{
	uint32_t v, version, entries;

	mmio_write32(IOAPIC_BASE + IOAPIC_IOREGSEL, IOAPIC_REG_VERSION);
	v = mmio_read32(IOAPIC_BASE + IOAPIC_IOWIN);
	version = v & 0xFF;
	entries = ((v >> 16) & 0xFF) + 1;
	if (version < IOAPIC_VERSION_MIN || version > IOAPIC_VERSION_MAX ||
	    entries < IOAPIC_MIN_REDIR_ENTRIES)
		return check_fail(c, "IOAPICVER 0x%x: version 0x%x (want 0x%x..0x%x), %u redirection "
				  "entries (want >= %u)", v, version, IOAPIC_VERSION_MIN,
				  IOAPIC_VERSION_MAX, entries, IOAPIC_MIN_REDIR_ENTRIES);
	return check_ok(c, "(IOAPICVER 0x%x: version 0x%x, %u redirection entries)", v, version,
			entries);
}
