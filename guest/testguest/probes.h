/* SPDX-License-Identifier: MIT */
/*
 * C side of the probes (probes.asm): instructions that may fault, run so that
 * a fault is caught by the guest's own handler (idt.c), recorded in
 * probe_last, and execution resumes after the instruction. The *_safe
 * wrappers return PROBE_NO_FAULT or the vector of the exception raised.
 */
#ifndef TG_PROBES_H
#define TG_PROBES_H

#include "guest/testguest/tg.h"

#define PROBE_NO_FAULT (-1)

/* Exception vectors: Intel SDM Vol. 3A, 7.3 "Sources of Interrupts", Table 7-1. */
#define X86_VECTOR_UD 6
#define X86_VECTOR_GP 13
#define X86_VECTOR_PF 14

/* The last fault a probe took; written by idt.c, reset by each wrapper. */
struct probe_fault {
	int vector;
	uint64_t error;
	uint64_t cr2;
};
extern volatile struct probe_fault probe_last;

uint64_t probe_rdmsr(uint32_t msr);
void probe_wrmsr(uint32_t msr, uint64_t value);
void probe_write_cr4(uint64_t value);
void probe_xsetbv(uint32_t xcr, uint64_t value);
void probe_vmxon(const uint64_t *region_pa);
void probe_vmclear(const uint64_t *vmcs_pa);
void probe_vmptrld(const uint64_t *vmcs_pa);
uint64_t probe_vmread(uint64_t field);
void probe_vmxoff(void);
uint64_t probe_read64(uint64_t addr);
void probe_write64(uint64_t addr, uint64_t value);
uint64_t probe_read8_movzx(uint64_t addr);

static inline void probe_arm(void)
{
	probe_last.vector = PROBE_NO_FAULT;
	probe_last.error = 0;
	probe_last.cr2 = 0;
}

static inline int rdmsr_safe(uint32_t msr, uint64_t *value)
{
	probe_arm();
	*value = probe_rdmsr(msr);
	return probe_last.vector;
}

static inline int wrmsr_safe(uint32_t msr, uint64_t value)
{
	probe_arm();
	probe_wrmsr(msr, value);
	return probe_last.vector;
}

static inline int write_cr4_safe(uint64_t value)
{
	probe_arm();
	probe_write_cr4(value);
	return probe_last.vector;
}

static inline int xsetbv_safe(uint32_t xcr, uint64_t value)
{
	probe_arm();
	probe_xsetbv(xcr, value);
	return probe_last.vector;
}

static inline int read64_safe(uint64_t addr, uint64_t *value)
{
	probe_arm();
	*value = probe_read64(addr);
	return probe_last.vector;
}

/* read8_movzx_safe: a byte read by MOVZX EAX, BYTE [addr]; *value is the whole RAX. */
static inline int read8_movzx_safe(uint64_t addr, uint64_t *value)
{
	probe_arm();
	*value = probe_read8_movzx(addr);
	return probe_last.vector;
}

static inline int write64_safe(uint64_t addr, uint64_t value)
{
	probe_arm();
	probe_write64(addr, value);
	return probe_last.vector;
}

#endif
