// SPDX-License-Identifier: MIT
/*
 * VMCALL: hv's hypercall interface (vmm/hypercall.h, docs/hypercalls.md).
 * Only CPL 0 may call; anything else gets -HC_EPERM and no effect.
 */
#include "vmm/exit.h"
#include "vmm/hypercall.h"

static s64 hc_hv_range(struct vcpu *v, u64 index)
{
	if (index >= v->vm->hv_range_count)
		return -HC_ENOENT;
	v->regs.gpr[REG_RBX] = v->vm->hv_ranges[index].base;
	v->regs.gpr[REG_RCX] = v->vm->hv_ranges[index].size;
	return 0;
}

static s64 hypercall(struct vcpu *v, u64 nr, u64 a0)
{
	switch (nr) {
	case HC_VERSION:
		return HC_ABI_VERSION;
	case HC_ECHO:
		return (s64)~a0;
	case HC_EXIT_COUNT:
		return a0 < EXIT_REASON_MAX ? (s64)v->exit_counts[a0] : 0;
	case HC_HV_RANGE:
		return hc_hv_range(v, a0);
	default:
		return -HC_ENOSYS;
	}
}

enum exit_action exit_vmcall(struct vcpu *v)
{
	u64 *r = v->regs.gpr;

	r[REG_RAX] = vcpu_cpl() ? (u64)-HC_EPERM : (u64)hypercall(v, r[REG_RAX], r[REG_RBX]);
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
