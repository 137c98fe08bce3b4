/* SPDX-License-Identifier: MIT */
/*
 * xAPIC register access for the test guest. Register offsets and the LVT
 * timer format: Intel SDM Vol. 3A, 12.4 "Local APIC" (Table 12-1 "Local APIC
 * Register Address Map"), 12.5.4 "APIC Timer", 12.9 "Spurious Interrupt";
 * IA32_APIC_BASE: 12.4.4 "Local APIC Status and Location".
 */
#include "guest/testguest/apic.h"

#include <stdarg.h>

#include "guest/testguest/paging.h"
#include "guest/testguest/print.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/x86.h"

#define MSR_IA32_APIC_BASE 0x1B
#define APIC_BASE_EXTD BIT_ULL(10)   /* x2APIC mode */
#define APIC_BASE_ENABLE BIT_ULL(11) /* APIC global enable */
#define APIC_BASE_ADDR_MASK 0x000FFFFFFFFFF000ULL

#define APIC_VERSION 0x030
#define APIC_TPR 0x080
#define APIC_EOI 0x0B0
#define APIC_SVR 0x0F0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_TIMER_INITIAL_COUNT 0x380
#define APIC_TIMER_DIVIDE 0x3E0

/* ICR (12.6.1 "Interrupt Command Register (ICR)"). */
#define APIC_ICR_INIT (5u << 8)
#define APIC_ICR_STARTUP (6u << 8)
#define APIC_ICR_SEND_PENDING BIT(12)
#define APIC_ICR_LEVEL_ASSERT BIT(14)
#define APIC_ICR_ALL_BUT_SELF (3u << 18)
#define APIC_SVR_ENABLE BIT(8)
#define APIC_LVT_MASKED BIT(16)
#define APIC_LVT_TIMER_ONESHOT 0 /* bits 18:17 = 00 */
#define APIC_TIMER_DIVIDE_BY_1 0xB

static uint64_t apic_base; /* 0 until apic_init succeeds */

static uint32_t apic_read(uint32_t reg)
{
	return mmio_read32(apic_base + reg);
}

static void apic_write(uint32_t reg, uint32_t v)
{
	mmio_write32(apic_base + reg, v);
}

static bool why_not(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return false;
}

bool apic_init(char *why, size_t len)
{
	uint64_t msr, base;
	uint32_t version;
	int vector;

	if (!(cpuid(1, 0).edx & CPUID1_EDX_APIC))
		return why_not(why, len, "CPUID.1:EDX.APIC clear");
	vector = rdmsr_safe(MSR_IA32_APIC_BASE, &msr);
	if (vector != PROBE_NO_FAULT)
		return why_not(why, len, "RDMSR IA32_APIC_BASE raised vector %d", vector);
	if (!(msr & APIC_BASE_ENABLE) || (msr & APIC_BASE_EXTD))
		return why_not(why, len, "IA32_APIC_BASE=0x%lx: not enabled in xAPIC mode", msr);
	base = msr & APIC_BASE_ADDR_MASK;
	if (!paging_map_identity(base))
		return why_not(why, len, "cannot map the APIC page at 0x%lx", base);
	apic_base = base;
	version = apic_read(APIC_VERSION);
	if (version == 0 || version == 0xFFFFFFFF) {
		apic_base = 0;
		return why_not(why, len, "APIC version register reads 0x%x", version);
	}
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | TG_VECTOR_APIC_SPURIOUS);
	return true;
}

void apic_timer_oneshot(uint8_t vector, uint32_t count)
{
	apic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIVIDE_BY_1);
	apic_write(APIC_LVT_TIMER, APIC_LVT_TIMER_ONESHOT | vector);
	apic_write(APIC_TIMER_INITIAL_COUNT, count);
}

void apic_timer_stop(void)
{
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TG_VECTOR_TIMER);
	apic_write(APIC_TIMER_INITIAL_COUNT, 0);
}

void apic_ipi_others(int sipi_vector)
{
	uint32_t mode = sipi_vector < 0 ? APIC_ICR_INIT : APIC_ICR_STARTUP | (uint8_t)sipi_vector;

	apic_write(APIC_ICR_HIGH, 0);
	apic_write(APIC_ICR_LOW, APIC_ICR_ALL_BUT_SELF | APIC_ICR_LEVEL_ASSERT | mode);
	while (apic_read(APIC_ICR_LOW) & APIC_ICR_SEND_PENDING)
		__asm__ volatile("pause");
}

void apic_eoi(void)
{
	if (apic_base)
		apic_write(APIC_EOI, 0);
}
