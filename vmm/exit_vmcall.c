// SPDX-License-Identifier: MIT
/*
 * VMCALL: hv's hypercall interface (vmm/hypercall.h, docs/hypercalls.md).
 * Only CPL 0 may call; anything else gets -HC_EPERM and no effect, except
 * HC_LOG_READ: it shows what hv's serial console shows, and writes only where
 * the caller itself may write, so guest user space (hv-log) may call it. The
 * interface (numbers 16 and up) changes EPT rights and MMIO state, so it
 * answers only when the configuration turned it on (test_hypercalls=on).
 */
#include "vmm/exit.h"
#include "vmm/ept_sync.h"
#include "vmm/guest_mem.h"
#include "vmm/hypercall.h"
#include "vmm/log.h"
#include "vmm/mmio.h"
#include "vmm/testdev.h"

static_assert(HC_PERM_R == EPT_PERM_R && HC_PERM_W == EPT_PERM_W && HC_PERM_XS == EPT_PERM_XS &&
		      HC_PERM_XU == EPT_PERM_XU,
	      "HC_EPT_WATCH passes EPT_PERM_* bits");

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

/* Where HC_LOG_READ stands while it copies; see log_fill(). */
struct log_copy {
	u64 next;
	u64 lost;
	bool started;
};

/*
 * Copy the log into one piece of the guest's buffer. The log lock is taken
 * per piece, so the log may wrap between pieces: a piece that would skip
 * overwritten bytes ends the copy instead, and the next call reports them.
 */
static size_t log_fill(void *opaque, char *dst, size_t len)
{
	struct log_copy *c = opaque;
	struct log_ring_span s = log_read(c->next, dst, len);

	if (c->started && s.lost)
		return 0;
	if (!c->started)
		c->lost = s.lost;
	c->started = true;
	c->next = s.next;
	return s.copied;
}

static s64 hc_log_read(struct vcpu *v, u64 from, gva_t buf, u64 len)
{
	struct log_copy c = { .next = from };
	s64 n = 0;

	if (len)
		n = guest_mem_fill_linear(v, buf, MIN(len, HC_LOG_READ_MAX), log_fill, &c);
	if (n < 0)
		return -HC_EFAULT;
	v->regs.gpr[REG_RBX] = c.next;
	v->regs.gpr[REG_RCX] = c.lost;
	return n;
}

static u64 features(const struct vm *vm)
{
	return (vm->mbec ? HC_FEATURE_MBEC : 0) | (vm->ept_adv_info ? HC_FEATURE_EPT_ADV_INFO : 0) |
	       (vm->test_hypercalls ? HC_FEATURE_TEST : 0) | (vm->hlt_exiting ? HC_FEATURE_HLT_EXIT : 0);
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
	ept_sync_lock(vm);
	leaf = ept_lookup(&vm->ept, gpa, &level);
	if (!leaf || vm->watch.armed) {
		ept_sync_unlock(vm);
		return -HC_EINVAL;
	}
	vm->watch.memtype = (u8)FIELD_GET(EPT_MEMTYPE_MASK, *leaf);
	if (ept_map_range(&vm->ept, gpa, gpa, PAGE_SIZE, (unsigned int)perm, vm->watch.memtype)) {
		ept_sync_unlock(vm);
		return -HC_EINVAL;
	}
	vm->watch.gpa = gpa;
	vm->watch.armed = true;
	ept_sync_unlock(vm);
	/* Rights removed: no CPU may go on with the old ones (vmm/ept_sync.h). */
	vm_ept_flush(vm);
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

static s64 hypercall(struct vcpu *v, u64 nr, u64 a0, u64 a1, u64 a2)
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
	case HC_LOG_READ:
		return hc_log_read(v, a0, a1, a2);
	default:
		return nr >= HC_TESTDEV && nr <= HC_TEST_LAST ? test_hypercall(v, nr, a0, a1) :
							 -HC_ENOSYS;
	}
}

enum exit_action exit_vmcall(struct vcpu *v)
{
	u64 *r = v->regs.gpr;

	if (vcpu_cpl() && r[REG_RAX] != HC_LOG_READ)
		r[REG_RAX] = (u64)-HC_EPERM;
	else
		r[REG_RAX] = (u64)hypercall(v, r[REG_RAX], r[REG_RBX], r[REG_RCX], r[REG_RDX]);
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
