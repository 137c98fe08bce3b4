// SPDX-License-Identifier: MIT
/* Per-CPU state through GS base (arch/x86/percpu.h). */
#include "arch/x86/percpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"

bool pcpu_ready;

void pcpu_install(struct pcpu *p)
{
	p->self = p;
	wrmsr(MSR_IA32_GS_BASE, (u64)(uintptr_t)p);
	pcpu_ready = true;
}
