/* SPDX-License-Identifier: MIT */
/*
 * The local APIC in xAPIC (MMIO) mode, as far as the test guest uses it: a
 * one-shot timer to wake the CPU from HLT, and EOI.
 */
#ifndef TG_APIC_H
#define TG_APIC_H

#include "guest/testguest/tg.h"

/*
 * apic_init: find the local APIC (CPUID.1:EDX.APIC, IA32_APIC_BASE), check it
 * is globally enabled and in xAPIC mode, make its page reachable, and
 * software-enable it with spurious vector TG_VECTOR_APIC_SPURIOUS and TPR 0.
 * Returns true on success; otherwise writes the reason to why (size len).
 */
bool apic_init(char *why, size_t len);

/* apic_timer_oneshot: one-shot timer, divide by 1, count ticks, vector given. */
void apic_timer_oneshot(uint8_t vector, uint32_t count);

/* apic_timer_stop: mask the timer and clear its count. */
void apic_timer_stop(void);

/* apic_eoi: end of interrupt; a no-op before apic_init succeeded. */
void apic_eoi(void);

/*
 * apic_ipi_others: send an INIT (sipi_vector < 0) or a start-up IPI with
 * that vector to all CPUs but this one, and wait until the APIC has sent it.
 * Needs apic_init.
 */
void apic_ipi_others(int sipi_vector);

#endif
