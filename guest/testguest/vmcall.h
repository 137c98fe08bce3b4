/* SPDX-License-Identifier: MIT */
/*
 * The guest side of hv's hypercall ABI (vmm/hypercall.h): VMCALL with the
 * function number in RAX and arguments in RBX, RCX, RDX, results in the same
 * four registers. VMCALL runs as a probe, so that without a hypervisor (where
 * VMCALL raises #UD) the checks fail with a reason instead of crashing.
 */
#ifndef TG_VMCALL_H
#define TG_VMCALL_H

#include "guest/testguest/tg.h"
#include "vmm/hypercall.h"

struct vmcall_regs {
	uint64_t rax, rbx, rcx, rdx;
};
/* probes.asm addresses the fields by these offsets. */
_Static_assert(offsetof(struct vmcall_regs, rax) == 0, "probe_vmcall layout");
_Static_assert(offsetof(struct vmcall_regs, rbx) == 8, "probe_vmcall layout");
_Static_assert(offsetof(struct vmcall_regs, rcx) == 16, "probe_vmcall layout");
_Static_assert(offsetof(struct vmcall_regs, rdx) == 24, "probe_vmcall layout");

/* probe_vmcall: probes.asm; executes VMCALL with regs in and out. */
void probe_vmcall(struct vmcall_regs *regs);

/*
 * vmcall_safe: execute VMCALL with *regs; returns PROBE_NO_FAULT (regs then
 * hold the results) or the vector of the exception VMCALL raised.
 */
int vmcall_safe(struct vmcall_regs *regs);

/*
 * vmcall_exit_count: HC_EXIT_COUNT for a basic exit reason. Returns true and
 * sets *count on success; false if VMCALL faulted or hv returned an error
 * (then *count is untouched).
 */
bool vmcall_exit_count(uint32_t reason, uint64_t *count);

#endif
