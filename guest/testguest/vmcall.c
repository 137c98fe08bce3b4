/* SPDX-License-Identifier: MIT */
/*
 * Hypercall helpers of the test guest, over probe_vmcall (probes.asm).
 */
#include "guest/testguest/vmcall.h"

#include "guest/testguest/probes.h"

int vmcall_safe(struct vmcall_regs *regs)
{
	probe_arm();
	probe_vmcall(regs);
	return probe_last.vector;
}

bool vmcall_exit_count(uint32_t reason, uint64_t *count)
{
	struct vmcall_regs r = { .rax = HC_EXIT_COUNT, .rbx = reason };

	if (vmcall_safe(&r) != PROBE_NO_FAULT || (int64_t)r.rax < 0)
		return false;
	*count = r.rax;
	return true;
}
