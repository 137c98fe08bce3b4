// SPDX-License-Identifier: MIT
/*
 * VMCALL: hv's hypercall interface (vmm/hypercall.h, docs/hypercalls.md).
 * Only CPL 0 may call; anything else gets -HC_EPERM and no effect. The test
 * interface (numbers 16 and up) changes EPT rights and MMIO state, so it
 * answers only when the configuration turned it on (test_hypercalls=on).
 */
#include "vmm/exit.h"
#include "vmm/hypercall.h"
#include "vmm/log.h"
#include "vmm/mmio.h"
#include "vmm/testdev.h"

static s64 hc_hv_range(struct vcpu *v, u64 index)
{
	if (index >= v->vm->hv_range_count)
		return -HC_ENOENT;
	v->regs.gpr[REG_RBX] = v->vm->hv_ranges[index].base;
	v->regs.gpr[REG_RCX] = v->vm->hv_ranges[index].size;
	return 0;
}

static s64 hc_mmio_stats(struct vcpu *v, u64 index)
{
	const struct mmio_region *r;

	if (index >= MMIO_REGION_MAX || !v->vm->mmio.region[index].used)
		return -HC_ENOENT;
	r = &v->vm->mmio.region[index];
	v->regs.gpr[REG_RBX] = r->count.fast;
	v->regs.gpr[REG_RCX] = r->count.slow;
	v->regs.gpr[REG_RDX] = r->count.stale;
	return 0;
}

static u64 features(const struct vm *vm)
{
	return (vm->mbec ? HC_FEATURE_MBEC : 0) | (vm->ept_adv_info ? HC_FEATURE_EPT_ADV_INFO : 0) |
	       (vm->test_hypercalls ? HC_FEATURE_TEST : 0);
}

/* Give one page of guest RAM the rights `perm` and watch its next violation. */
static s64 hc_ept_watch(struct vcpu *v, gpa_t gpa, u64 perm)
{
	struct vm *vm = v->vm;
	int level;
	u64 *leaf;

	gpa = ALIGN_DOWN(gpa, PAGE_SIZE);
	if (memmap_type_at(&vm->guest_mem, gpa) != MEM_USABLE || perm > EPT_PERM_RWX ||
	    !(perm & (EPT_PERM_R | EPT_PERM_W | EPT_PERM_X)))
		return -HC_EINVAL;
	leaf = ept_lookup(&vm->ept, gpa, &level);
	if (!leaf || vm->watch.armed)
		return -HC_EINVAL;
	vm->watch.memtype = (u8)FIELD_GET(EPT_MEMTYPE_MASK, *leaf);
	if (ept_map_range(&vm->ept, gpa, gpa, PAGE_SIZE, (unsigned int)perm, vm->watch.memtype))
		return -HC_EINVAL;
	vmx_flush_ept(ept_eptp(&vm->ept));
	vm->watch.gpa = gpa;
	vm->watch.armed = true;
	pr_debug("watching GPA 0x%llx with EPT rights 0x%llx", (unsigned long long)gpa,
		 (unsigned long long)perm);
	return 0;
}

static s64 hc_testdev_move(struct vm *vm, gpa_t gpa)
{
	if (!vm->testdev || memmap_type_at(&vm->guest_mem, gpa) ||
	    memmap_type_at(&vm->guest_mem, gpa + TESTDEV_REGION_SIZE - 1))
		return -HC_EINVAL;
	if (mmio_move_region(vm, (u32)vm->testdev_index, gpa))
		return -HC_EINVAL;
	vm->testdev->base = gpa;
	return 0;
}

static s64 test_hypercall(struct vcpu *v, u64 nr, u64 a0, u64 a1)
{
	struct vm *vm = v->vm;
	u64 *r = v->regs.gpr;

	if (!vm->test_hypercalls)
		return -HC_EPERM;
	switch (nr) {
	case HC_TESTDEV:
		r[REG_RBX] = vm->testdev ? vm->testdev->base : 0;
		r[REG_RCX] = TESTDEV_REGION_SIZE;
		r[REG_RDX] = (u64)vm->testdev_index;
		return vm->testdev ? 0 : -HC_ENOENT;
	case HC_MMIO_BUMP:
		return mmio_bump(vm);
	case HC_EPT_WATCH:
		return hc_ept_watch(v, a0, a1);
	case HC_TESTDEV_MOVE:
		return hc_testdev_move(vm, a0);
	case HC_EPT_LAST:
		r[REG_RBX] = vm->watch.last_qualification;
		r[REG_RCX] = vm->watch.last_gpa;
		return (s64)vm->watch.violations;
	default:
		return -HC_ENOSYS;
	}
}

static s64 hypercall(struct vcpu *v, u64 nr, u64 a0, u64 a1)
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
	case HC_FEATURES:
		return (s64)features(v->vm);
	case HC_MMIO_STATS:
		return hc_mmio_stats(v, a0);
	default:
		return nr >= HC_TESTDEV && nr <= HC_TEST_LAST ? test_hypercall(v, nr, a0, a1) :
							 -HC_ENOSYS;
	}
}

enum exit_action exit_vmcall(struct vcpu *v)
{
	u64 *r = v->regs.gpr;

	r[REG_RAX] = vcpu_cpl() ? (u64)-HC_EPERM :
				  (u64)hypercall(v, r[REG_RAX], r[REG_RBX], r[REG_RCX]);
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
