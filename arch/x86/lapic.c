// SPDX-License-Identifier: MIT
/* Local APIC: ID and INIT/SIPI; see lapic.h. */
#include "arch/x86/lapic.h"
#include "arch/x86/cpu.h"

#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_X2APIC BIT_ULL(10)
#define APIC_BASE_ADDR GENMASK_ULL(51, 12)
#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_ICR 0x830
#define XAPIC_ID 0x20
#define XAPIC_ICR_LOW 0x300
#define XAPIC_ICR_HIGH 0x310
#define ICR_DELIVERY_NMI (4u << 8)
#define ICR_DELIVERY_INIT (5u << 8)
#define ICR_DELIVERY_STARTUP (6u << 8)
#define ICR_LEVEL_ASSERT BIT_ULL(14)
#define ICR_SEND_PENDING BIT_ULL(12) /* xAPIC only: delivery status */
#define ICR_ALL_EXCLUDING_SELF (3u << 18)

static bool x2apic;
static volatile u32 *xapic;

void lapic_init(void)
{
	u64 base = rdmsr(MSR_IA32_APIC_BASE);

	x2apic = base & APIC_BASE_X2APIC;
	xapic = (volatile u32 *)(uintptr_t)(base & APIC_BASE_ADDR);
}

u32 lapic_id(void)
{
	return x2apic ? (u32)rdmsr(MSR_X2APIC_ID) : xapic[XAPIC_ID / 4] >> 24;
}

static void send_ipi(u32 apic_id, u32 low)
{
	if (x2apic) {
		wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | low);
		return;
	}
	xapic[XAPIC_ICR_HIGH / 4] = apic_id << 24;
	xapic[XAPIC_ICR_LOW / 4] = low;
	for (int i = 0; i < 1000000 && (xapic[XAPIC_ICR_LOW / 4] & ICR_SEND_PENDING); i++)
		cpu_relax();
}

void lapic_send_init(u32 apic_id)
{
	send_ipi(apic_id, ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT);
}

void lapic_send_sipi(u32 apic_id, u8 vector)
{
	send_ipi(apic_id, ICR_DELIVERY_STARTUP | ICR_LEVEL_ASSERT | vector);
}

void lapic_send_nmi(u32 apic_id)
{
	u64 base = rdmsr(MSR_IA32_APIC_BASE);
	volatile u32 *mmio = (volatile u32 *)(uintptr_t)(base & APIC_BASE_ADDR);
	u32 high;

	/* The guest owns the APIC and may have changed its mode since lapic_init(). */
	if (base & APIC_BASE_X2APIC) {
		wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | ICR_DELIVERY_NMI | ICR_LEVEL_ASSERT);
		return;
	}
	/*
	 * xAPIC: the guest may have written ICR high and not yet ICR low (its
	 * next instruction): give it back its destination afterwards.
	 */
	high = mmio[XAPIC_ICR_HIGH / 4];
	mmio[XAPIC_ICR_HIGH / 4] = apic_id << 24;
	mmio[XAPIC_ICR_LOW / 4] = ICR_DELIVERY_NMI | ICR_LEVEL_ASSERT;
	for (int i = 0; i < 1000000 && (mmio[XAPIC_ICR_LOW / 4] & ICR_SEND_PENDING); i++)
		cpu_relax();
	mmio[XAPIC_ICR_HIGH / 4] = high;
}

void lapic_broadcast_init(void)
{
	send_ipi(0, ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT | ICR_ALL_EXCLUDING_SELF);
}

void lapic_broadcast_sipi(u8 vector)
{
	send_ipi(0, ICR_DELIVERY_STARTUP | ICR_LEVEL_ASSERT | ICR_ALL_EXCLUDING_SELF | vector);
}
