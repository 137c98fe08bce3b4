// SPDX-License-Identifier: MIT
/*
 * hv's exception handler. hv runs with interrupts off and takes no faults by
 * design, so any exception but NMI is a bug: report the frame and panic.
 * An NMI that arrives while hv runs (VMX root operation) belongs to the
 * guest, which owns NMIs, unless the NMI hook says it was hv's own signal:
 * a guest NMI is counted in the per-CPU state and injected at the next VM
 * entry (vmm/vcpu_run.c).
 */
#include "arch/x86/exceptions.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "lib/log.h"
#include "lib/panic.h"

#define VECTOR_NMI 2
#define VECTOR_GP 13
#define VECTOR_PF 14

/* msr_safe.asm: the two MSR instructions that may fault, and where to resume. */
extern const u8 msr_safe_insn_rd[], msr_safe_insn_wr[], msr_safe_fault[];

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static bool (*nmi_hook)(void);

void exceptions_set_nmi_hook(bool (*hook)(void))
{
	nmi_hook = hook;
}

void exception_handle(struct exception_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector] ?
				   exception_names[f->vector] : "reserved";

	if (f->vector == VECTOR_NMI) {
		if (pcpu_ready && !(nmi_hook && nmi_hook()))
			this_pcpu()->nmi_pending++;
		return;
	}
	if (f->vector == VECTOR_GP && (f->rip == (u64)(uintptr_t)msr_safe_insn_rd ||
				       f->rip == (u64)(uintptr_t)msr_safe_insn_wr)) {
		f->rip = (u64)(uintptr_t)msr_safe_fault;
		return;
	}
	pr_err("exception %llu (%s) in hv: error 0x%llx rip 0x%llx rsp 0x%llx rflags 0x%llx",
	       (unsigned long long)f->vector, name, (unsigned long long)f->error_code,
	       (unsigned long long)f->rip, (unsigned long long)f->rsp,
	       (unsigned long long)f->rflags);
	if (f->vector == VECTOR_PF)
		pr_err("  cr2 0x%llx", (unsigned long long)read_cr2());
	pr_err("  rax %016llx rbx %016llx rcx %016llx rdx %016llx",
	       (unsigned long long)f->rax, (unsigned long long)f->rbx,
	       (unsigned long long)f->rcx, (unsigned long long)f->rdx);
	pr_err("  rsi %016llx rdi %016llx rbp %016llx r8  %016llx",
	       (unsigned long long)f->rsi, (unsigned long long)f->rdi,
	       (unsigned long long)f->rbp, (unsigned long long)f->r8);
	panic("unexpected exception %llu in hv", (unsigned long long)f->vector);
}
