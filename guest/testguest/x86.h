/* SPDX-License-Identifier: MIT */
/*
 * One static inline wrapper per privileged or special instruction the test
 * guest executes directly (port I/O, CPUID, control registers, TSC, XCR0,
 * caches, MMIO). Instructions that are expected to fault go through the
 * probes in probes.asm instead, so that the fault can be caught and resumed.
 */
#ifndef TG_X86_H
#define TG_X86_H

#include "guest/testguest/tg.h"

/* Control-register bits: Intel SDM Vol. 3A, 2.5 "Control Registers". */
#define X86_CR4_VMXE BIT_ULL(13)
#define X86_CR4_PCIDE BIT_ULL(17)
#define X86_CR4_OSXSAVE BIT_ULL(18)
#define X86_CR4_SMEP BIT_ULL(20)

/*
 * CPUID.1 feature bits: Intel SDM Vol. 2A, 3.3 "Instructions (A-L)", CPUID,
 * tables "Feature Information Returned in the ECX/EDX Register".
 */
#define CPUID1_ECX_VMX BIT(5)
#define CPUID1_ECX_XSAVE BIT(26)
#define CPUID1_ECX_HYPERVISOR BIT(31) /* reserved for hypervisor use */
#define CPUID1_EDX_APIC BIT(9)

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf)
			 : "memory");
	return r;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t xgetbv(uint32_t xcr)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(xcr));
	return ((uint64_t)hi << 32) | lo;
}

/* Write back, then invalidate: INVD alone would drop dirty lines on real hardware. */
static inline void wbinvd_invd(void)
{
	__asm__ volatile("wbinvd\n\tinvd" : : : "memory");
}

static inline __noreturn void cpu_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
