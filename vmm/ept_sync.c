// SPDX-License-Identifier: MIT
/* EPT changes on every CPU (vmm/ept_sync.h). */
#include "vmm/ept_sync.h"
#include "arch/x86/cpu.h"
#include "arch/x86/lapic.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tsc.h"
#include "vmm/log.h"

#define FLUSH_WAIT_DIVISOR 10 /* wait at most 1/10 s (in TSC ticks) for each CPU */

void ept_sync_add_vcpu(struct vm *vm, struct vcpu *v)
{
	u32 i;

	ept_sync_lock(vm);
	i = vm->vcpu_count;
	if (i < HV_CPUS_MAX) {
		vm->vcpus[i] = v;
		__atomic_store_n(&vm->vcpu_count, i + 1, __ATOMIC_RELEASE);
	}
	ept_sync_unlock(vm);
}

/* INVEPT here, then record which EPT generation this CPU has caught up with. */
static void flush_here(struct vm *vm, struct vcpu *v)
{
	u64 gen = __atomic_load_n(&vm->ept_gen, __ATOMIC_ACQUIRE);

	vmx_flush_ept(ept_eptp(&vm->ept));
	if (v)
		__atomic_store_n(&v->flush_done_gen, gen, __ATOMIC_RELEASE);
}

bool ept_sync_nmi(void)
{
	struct vcpu *v = pcpu_ready ? this_pcpu()->vcpu : NULL;
	u32 req;

	if (!v)
		return false;
	req = __atomic_load_n(&v->flush_req, __ATOMIC_ACQUIRE);
	if (req == v->flush_seen)
		return false;
	v->flush_seen = req;
	flush_here(v->vm, v);
	return true;
}

void ept_sync_sipi(struct vcpu *v)
{
	flush_here(v->vm, v);
	__atomic_store_n(&v->waiting_sipi, false, __ATOMIC_RELEASE);
}

/* Has t flushed since generation gen began (or does it run no guest code)? */
static bool caught_up(const struct vcpu *t, u64 gen)
{
	return __atomic_load_n(&t->flush_done_gen, __ATOMIC_ACQUIRE) >= gen ||
	       __atomic_load_n(&t->waiting_sipi, __ATOMIC_ACQUIRE);
}

bool vm_ept_flush(struct vm *vm)
{
	struct vcpu *self = pcpu_ready ? this_pcpu()->vcpu : NULL;
	u32 n = __atomic_load_n(&vm->vcpu_count, __ATOMIC_ACQUIRE);
	u64 gen = __atomic_add_fetch(&vm->ept_gen, 1, __ATOMIC_ACQ_REL);
	bool all = true;

	flush_here(vm, self);
#ifdef HV_TEST_LOCAL_EPT_FLUSH_ONLY
	n = 0; /* test build: show that a flush on this CPU alone leaves the others stale */
#endif
	for (u32 i = 0; i < n; i++) {
		struct vcpu *t = vm->vcpus[i];

		if (t == self || caught_up(t, gen))
			continue;
		__atomic_add_fetch(&t->flush_req, 1, __ATOMIC_ACQ_REL);
		lapic_send_nmi(t->apic_id);
	}
	for (u32 i = 0; i < n; i++) {
		struct vcpu *t = vm->vcpus[i];
		u64 deadline = rdtsc() + tsc_hz() / FLUSH_WAIT_DIVISOR;

		if (t == self)
			continue;
		/* Serve our own requests meanwhile: our NMIs may be blocked right now. */
		while (!caught_up(t, gen) && rdtsc() < deadline) {
			ept_sync_nmi();
			cpu_relax();
		}
		if (!caught_up(t, gen)) {
			pr_err("EPT flush: vCPU %u (APIC ID %u) did not flush within %u ms; "
			       "it may still use rights hv removed",
			       t->id, t->apic_id, 1000 / FLUSH_WAIT_DIVISOR);
			all = false;
		}
	}
	return all;
}
