// SPDX-License-Identifier: MIT
/*
 * hv's emulated MMIO regions and the two paths of the trap cache (see
 * mm/ept_mmio.h for the entry format and why W=1 R=0 always exits).
 */
#include "vmm/mmio.h"
#include "arch/x86/percpu.h"
#include "lib/errno.h"
#include "mm/pmm.h"
#include "vmm/ept_sync.h"
#include "vmm/log.h"
#include "vmm/mmio_emulate.h"
#include "vmm/testdev.h"

#define HV_MEMORY_LOG_FIRST 8 /* log the first few guest touches of hv memory */

/* ---- region: hv's own memory ---- */

static u64 hv_memory_read(void *opaque, gpa_t gpa, unsigned int size)
{
	struct vm *vm = opaque;

	if (++vm->hv_reads <= HV_MEMORY_LOG_FIRST || !(vm->hv_reads % 4096))
		pr_warn("guest read of hv memory at GPA 0x%llx: reads as absent (%llu reads so far)",
			(unsigned long long)gpa, (unsigned long long)vm->hv_reads);
	return ~0ULL;
}

static void hv_memory_write(void *opaque, gpa_t gpa, unsigned int size, u64 value)
{
	struct vm *vm = opaque;

	if (++vm->hv_writes <= HV_MEMORY_LOG_FIRST || !(vm->hv_writes % 4096))
		pr_warn("guest write of hv memory at GPA 0x%llx: dropped (%llu writes so far)",
			(unsigned long long)gpa, (unsigned long long)vm->hv_writes);
}

static const struct mmio_ops hv_memory_ops = { hv_memory_read, hv_memory_write };

/* ---- region: mmio_trace= (forward to the device, log every access) ---- */

static u64 trace_read(void *opaque, gpa_t gpa, unsigned int size)
{
	volatile void *p = (volatile void *)(uintptr_t)gpa; /* identity: hpa == gpa */
	u64 v = size == 1 ? *(volatile u8 *)p : size == 2 ? *(volatile u16 *)p :
		size == 4 ? *(volatile u32 *)p : *(volatile u64 *)p;

	pr_info("mmio_trace: R%u 0x%llx = 0x%llx rip 0x%llx", size * 8, (unsigned long long)gpa,
		(unsigned long long)v, (unsigned long long)this_pcpu()->vcpu->exit.guest_rip);
	return v;
}

static void trace_write(void *opaque, gpa_t gpa, unsigned int size, u64 v)
{
	volatile void *p = (volatile void *)(uintptr_t)gpa;

	pr_info("mmio_trace: W%u 0x%llx = 0x%llx rip 0x%llx", size * 8, (unsigned long long)gpa,
		(unsigned long long)v, (unsigned long long)this_pcpu()->vcpu->exit.guest_rip);
	if (size == 1)
		*(volatile u8 *)p = (u8)v;
	else if (size == 2)
		*(volatile u16 *)p = (u16)v;
	else if (size == 4)
		*(volatile u32 *)p = (u32)v;
	else
		*(volatile u64 *)p = v;
}

static const struct mmio_ops trace_ops = { trace_read, trace_write };

/* ---- set-up ---- */

static bool is_mmio_entry_pred(u64 e)
{
	return mmio_is_entry(e);
}

/* Under vm->ept_lock; the caller flushes every CPU once it is released. */
static u64 zap_all(struct vm *vm)
{
	return ept_zap_leaves(&vm->ept, is_mmio_entry_pred);
}

static void report_zap(u64 n)
{
	pr_info("MMIO generation wrapped: %llu MMIO entries zapped", (unsigned long long)n);
}

static int add_region(struct vm *vm, gpa_t base, u64 size, const char *name,
		      const struct mmio_ops *ops, void *opaque)
{
	bool wrapped = false;
	u64 zapped = 0;
	int idx, err;

	ept_sync_lock(vm);
	idx = mmio_register(&vm->mmio, base, size, name, ops, opaque, &wrapped);
	if (idx >= 0 && wrapped)
		zapped = zap_all(vm);
	err = idx >= 0 && ept_unmap_range(&vm->ept, base, size) ? -ENOMEM : 0;
	ept_sync_unlock(vm);
	if (idx < 0) {
		pr_err("cannot add MMIO region %s 0x%llx+0x%llx: error %d", name,
		       (unsigned long long)base, (unsigned long long)size, idx);
		return idx;
	}
	if (wrapped)
		report_zap(zapped);
	vm_ept_flush(vm); /* the region's pages were mapped until now */
	return err ? err : idx;
}

static int add_testdev(struct vm *vm)
{
	struct testdev *d = pmm_alloc_pages(ALIGN_UP(sizeof(*d), PAGE_SIZE) / PAGE_SIZE, PAGE_SIZE);

	if (!d)
		return -ENOMEM;
	d->base = vm->ept_top; /* just past everything the EPT maps: nothing else lives there */
	vm->testdev = d;
	vm->testdev_index = add_region(vm, d->base, TESTDEV_REGION_SIZE, "testdev", &testdev_ops, d);
	if (vm->testdev_index < 0)
		return vm->testdev_index;
	pr_info("test interface on: test device at GPA 0x%llx (MMIO region %d)",
		(unsigned long long)d->base, vm->testdev_index);
	return 0;
}

int mmio_setup(struct vm *vm, const struct hv_config *cfg)
{
	int ret;

	mmio_registry_init(&vm->mmio);
	for (u32 i = 0; i < vm->hv_range_count; i++) {
		ret = add_region(vm, vm->hv_ranges[i].base, vm->hv_ranges[i].size, "hv memory",
				 &hv_memory_ops, vm);
		if (ret < 0)
			return ret;
	}
	for (u32 i = 0; i < cfg->trace_count; i++) {
		ret = add_region(vm, cfg->trace[i].base, cfg->trace[i].size, "mmio_trace",
				 &trace_ops, vm);
		if (ret < 0)
			return ret;
		vm->traced_ranges++;
		pr_info("mmio_trace: tracing GPA 0x%llx-0x%llx", (unsigned long long)cfg->trace[i].base,
			(unsigned long long)(cfg->trace[i].base + cfg->trace[i].size));
	}
	return cfg->test_hypercalls ? add_testdev(vm) : 0;
}

/* ---- the two paths ---- */

/* Under vm->ept_lock: cache "gpa's page is region idx" in its EPT entry. */
static int install(struct vcpu *v, int idx, gpa_t gpa)
{
	int err = ept_set_leaf_4k(&v->vm->ept, ALIGN_DOWN(gpa, PAGE_SIZE),
				  mmio_make_entry((u32)idx, v->vm->mmio.generation));

	if (!err)
		v->vm->mmio.region[idx].count.slow++;
	return err;
}

static enum exit_action emulate_installed(struct vcpu *v, int idx, gpa_t gpa, int err)
{
	if (err) {
		pr_err("out of hv memory for an MMIO entry at GPA 0x%llx", (unsigned long long)gpa);
		return EXIT_STOP;
	}
	return mmio_emulate(v, &v->vm->mmio.region[idx], gpa);
}

enum exit_action mmio_slow_path(struct vcpu *v, gpa_t gpa, const struct ept_violation *ev,
				bool *handled)
{
	int idx, err = 0;

	ept_sync_lock(v->vm);
	idx = mmio_find(&v->vm->mmio, gpa);
	if (idx >= 0 && !ev->fetch)
		err = install(v, idx, gpa);
	ept_sync_unlock(v->vm);
	*handled = idx >= 0;
	if (idx < 0)
		return EXIT_STOP;
	if (ev->fetch) {
		pr_err("guest instruction fetch from %s at GPA 0x%llx",
		       v->vm->mmio.region[idx].name, (unsigned long long)gpa);
		vcpu_report_stop(v, "guest executes emulated MMIO or hv memory");
		return EXIT_STOP;
	}
	return emulate_installed(v, idx, gpa, err);
}

enum exit_action mmio_fast_path(struct vcpu *v, gpa_t gpa)
{
	u64 *slot = ept_lookup(&v->vm->ept, gpa, NULL);
	u32 idx = 0;
	int found, err;

	switch (mmio_check_entry(&v->vm->mmio, slot ? *slot : 0, gpa, &idx)) {
	case MMIO_HIT_FAST:
		v->vm->mmio.region[idx].count.fast++;
		return mmio_emulate(v, &v->vm->mmio.region[idx], gpa);
	case MMIO_HIT_STALE:
		/* Rebuild through the slow path: the region may have moved or gone. */
		ept_sync_lock(v->vm);
		if (mmio_check_entry(&v->vm->mmio, *slot, gpa, &idx) == MMIO_HIT_FAST) {
			ept_sync_unlock(v->vm); /* another CPU rebuilt it meanwhile */
			return mmio_fast_path(v, gpa);
		}
		*slot = 0;
		found = mmio_find(&v->vm->mmio, gpa);
		err = found >= 0 ? install(v, found, gpa) : 0;
		if (found >= 0)
			v->vm->mmio.region[found].count.stale++;
		ept_sync_unlock(v->vm);
		if (found >= 0)
			return emulate_installed(v, found, gpa, err);
		/* An MMIO entry is never a cached translation: a flush here is enough. */
		vmx_flush_ept(ept_eptp(&v->vm->ept));
		return EXIT_RESUME; /* retried: now an ordinary EPT violation */
	default:
		pr_err("EPT misconfiguration at GPA 0x%llx, entry 0x%llx", (unsigned long long)gpa,
		       (unsigned long long)(slot ? *slot : 0));
		vcpu_report_stop(v, "unexpected EPT misconfiguration");
		return EXIT_STOP;
	}
}

/*
 * Take ordinary mappings out of [base, base+size) so accesses there fault,
 * but keep MMIO entries: one left from an earlier stay of a region is stale
 * now and must be found so by the fast path, not silently dropped.
 */
static int unmap_non_mmio(struct vm *vm, gpa_t base, u64 size)
{
	for (gpa_t gpa = base; gpa < base + size; gpa += PAGE_SIZE) {
		u64 *leaf = ept_lookup(&vm->ept, gpa, NULL);

		if (leaf && !mmio_is_entry(*leaf) && ept_unmap_range(&vm->ept, gpa, PAGE_SIZE))
			return -ENOMEM;
	}
	return 0;
}

int mmio_move_region(struct vm *vm, u32 index, gpa_t new_base)
{
	bool wrapped = false;
	u64 zapped = 0;
	int err;

	ept_sync_lock(vm);
	err = mmio_move(&vm->mmio, index, new_base, &wrapped);
	if (!err && wrapped)
		zapped = zap_all(vm);
	if (!err)
		err = unmap_non_mmio(vm, new_base, vm->mmio.region[index].size);
	ept_sync_unlock(vm);
	if (wrapped)
		report_zap(zapped);
	vm_ept_flush(vm); /* the new range's pages lost their mappings */
	return err;
}

u32 mmio_bump(struct vm *vm)
{
	bool wrapped;
	u64 zapped = 0;
	u32 gen;

	ept_sync_lock(vm);
	mmio_bump_generation(&vm->mmio, &wrapped);
	if (wrapped)
		zapped = zap_all(vm);
	gen = vm->mmio.generation;
	ept_sync_unlock(vm);
	if (wrapped) {
		report_zap(zapped);
		vm_ept_flush(vm);
	}
	return gen;
}

void mmio_report(const struct vm *vm)
{
	for (u32 i = 0; i < MMIO_REGION_MAX; i++) {
		const struct mmio_region *r = &vm->mmio.region[i];

		if (r->used)
			pr_info("MMIO region %u %s 0x%llx+0x%llx: fast %llu, slow %llu, stale %llu", i,
				r->name, (unsigned long long)r->base, (unsigned long long)r->size,
				(unsigned long long)r->count.fast, (unsigned long long)r->count.slow,
				(unsigned long long)r->count.stale);
	}
	pr_info("MMIO generation %u, %llu wrap-arounds", vm->mmio.generation,
		(unsigned long long)vm->mmio.wraps);
}

