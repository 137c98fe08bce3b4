/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU state, reached through GS base (hv's host GS base, restored on
 * every VM exit from the VMCS host-state area). The first field points at the
 * struct itself so that `mov %gs:0` yields it.
 */
#ifndef HV_ARCH_X86_PERCPU_H
#define HV_ARCH_X86_PERCPU_H

#include "lib/types.h"

struct vcpu;

struct pcpu {
	struct pcpu *self;
	u32 id;           /* hv's CPU number: 0 = boot CPU */
	u32 apic_id;
	hva_t stack_top;  /* hv stack of this CPU */
	void *vmxon_region;
	struct vcpu *vcpu;
	bool vmcs_loaded; /* this CPU has a current VMCS (panic() can dump it) */
	volatile u32 nmi_pending; /* NMIs that arrived while hv ran: the guest's */
};

extern bool pcpu_ready; /* GS base holds a struct pcpu on every CPU in hv */

/*
 * Make p this CPU's struct pcpu (p->self set, IA32_GS_BASE written); the
 * first call, on the boot CPU, sets pcpu_ready.
 */
void pcpu_install(struct pcpu *p);

/* This CPU's struct pcpu; only valid once pcpu_ready. */
static inline struct pcpu *this_pcpu(void)
{
	struct pcpu *p;

	asm volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

/* This CPU's number for log lines: 0 until per-CPU state exists. */
static inline u32 this_cpu_id(void)
{
	return pcpu_ready ? this_pcpu()->id : 0;
}

#endif
