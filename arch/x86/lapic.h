/* SPDX-License-Identifier: MIT */
/*
 * The few local-APIC operations hv needs to start the other CPUs: its own
 * APIC ID and INIT / start-up IPIs, in xAPIC (MMIO) or x2APIC (MSR) mode,
 * whichever the firmware left on. Intel SDM Vol. 3A, 12.4 "Local APIC",
 * 12.6.1 "Interrupt Command Register (ICR)", 12.12 "Extended XAPIC (x2APIC)"
 * and 10.4.4.1 "Typical BSP Initialization Sequence" (INIT-SIPI-SIPI).
 */
#ifndef HV_ARCH_X86_LAPIC_H
#define HV_ARCH_X86_LAPIC_H

#include "lib/types.h"

/* Read IA32_APIC_BASE once: x2APIC or xAPIC, and the MMIO base. */
void lapic_init(void);

/* This CPU's local APIC ID. */
u32 lapic_id(void);

/* Send INIT (level assert) to apic_id and wait until the IPI is delivered. */
void lapic_send_init(u32 apic_id);

/* Send a start-up IPI with `vector` (the page number of the start address). */
void lapic_send_sipi(u32 apic_id, u8 vector);

/*
 * Send an NMI to apic_id (SDM Vol. 3A, 12.6.1 "Interrupt Command Register
 * (ICR)", delivery mode 100b). Reads the APIC's mode from IA32_APIC_BASE
 * each time (the guest owns the APIC and may switch it to x2APIC), and in
 * xAPIC mode restores the ICR's high half, which the guest may have written
 * for an IPI of its own.
 */
void lapic_send_nmi(u32 apic_id);

/* INIT / start-up IPI to every CPU but this one (destination shorthand 11b). */
void lapic_broadcast_init(void);
void lapic_broadcast_sipi(u8 vector);

#endif
