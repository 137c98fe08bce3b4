/* SPDX-License-Identifier: MIT */
/* What hv does when it takes an exception itself (always a bug, except NMI). */
#ifndef HV_ARCH_X86_EXCEPTIONS_H
#define HV_ARCH_X86_EXCEPTIONS_H

#include "lib/types.h"

/* Layout pushed by exception_stubs.asm, lowest address first. */
struct exception_frame {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rdx, rcx, rbx, rax;
	u64 vector, error_code;
	u64 rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};
static_assert(sizeof(struct exception_frame) == 22 * 8, "matches exception_stubs.asm");

/*
 * An NMI taken in VMX root operation is the guest's (it is counted in the
 * per-CPU nmi_pending and injected later) unless `hook`, when set, says it
 * was hv's own (returns true: consumed). vmm/ sets it: its EPT flush on
 * every CPU signals with NMIs (vmm/ept_sync.c). Runs in NMI context.
 */
void exceptions_set_nmi_hook(bool (*hook)(void));

/* Called by the stubs: returns for NMI, otherwise reports and panics. */
void exception_handle(struct exception_frame *f);

#endif
