// SPDX-License-Identifier: MIT
/*
 * EPT violations and misconfigurations. A violation is, in order: a page the
 * test interface watches (recorded, full rights restored, the instruction
 * retried), the first access to a page of emulated MMIO or hv memory (the
 * trap cache's slow path), or unexpected (decoded, reported, guest stopped).
 * A misconfiguration is the trap cache's fast path. Exit qualification:
 * Intel SDM Vol. 3C, 28.2.1, Table 28-7 (decoded by arch/x86/ept_violation.c).
 */
#include "vmm/exit.h"
#include "arch/x86/ept_violation.h"
#include "vmm/ept_sync.h"
#include "vmm/log.h"
#include "vmm/mmio.h"

static enum exit_action watch_hit(struct vcpu *v, gpa_t gpa, const char *what)
{
	struct ept_watch *w = &v->vm->watch;

	int err;

	ept_sync_lock(v->vm);
	if (!w->armed || ALIGN_DOWN(gpa, PAGE_SIZE) != w->gpa) {
		ept_sync_unlock(v->vm); /* another CPU took the hit and restored the rights */
		vmx_flush_ept(ept_eptp(&v->vm->ept));
		return EXIT_RESUME;
	}
	w->violations++;
	w->last_qualification = v->exit.qualification;
	w->last_gpa = gpa;
	w->armed = false;
	err = ept_map_range(&v->vm->ept, w->gpa, w->gpa, PAGE_SIZE, EPT_PERM_RWX, w->memtype);
	ept_sync_unlock(v->vm);
	pr_info("watched page GPA 0x%llx: %s; full rights restored", (unsigned long long)gpa, what);
	if (err)
		return EXIT_STOP;
	/* Rights were added: other CPUs need no flush (a stale entry only faults: see below). */
	vmx_flush_ept(ept_eptp(&v->vm->ept));
	return EXIT_RESUME;
}

/*
 * Does the EPT allow this access now? Then the violation came from a
 * translation this CPU cached before another CPU added rights (SDM Vol. 3C,
 * 29.4.3.3 "Guidelines for Use of the INVEPT Instruction": adding rights
 * needs no flush elsewhere, a stale entry faults at worst): flush here and
 * retry. Under MBEC a fetch needs the execute bit of its linear address's
 * mode; without advanced exit information that mode is unknown, so both.
 */
static bool allowed_now(struct vcpu *v, gpa_t gpa, const struct ept_violation *ev)
{
	u64 *leaf = ept_lookup(&v->vm->ept, gpa, NULL);
	unsigned int perm, need = 0;

	if (!leaf || !ept_is_present(&v->vm->ept.fmt, *leaf) || mmio_is_entry(*leaf))
		return false;
	perm = ept_bits_to_perm(&v->vm->ept.fmt, *leaf);
	if (ev->read)
		need |= EPT_PERM_R;
	if (ev->write)
		need |= EPT_PERM_W;
	if (ev->fetch)
		need |= !v->vm->mbec ? EPT_PERM_XS :
			!ev->adv_valid ? EPT_PERM_X :
			ev->user_address ? EPT_PERM_XU : EPT_PERM_XS;
	return need && (perm & need) == need;
}

enum exit_action exit_ept_violation(struct vcpu *v)
{
	gpa_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	struct ept_violation ev;
	enum exit_action act;
	char what[128];
	bool handled;

	ept_violation_decode(v->exit.qualification, v->vm->mbec, v->vm->ept_adv_info, &ev);
	ept_violation_format(&ev, what, sizeof(what));
	if (v->vm->watch.armed && ALIGN_DOWN(gpa, PAGE_SIZE) == v->vm->watch.gpa)
		return watch_hit(v, gpa, what);
	if (allowed_now(v, gpa, &ev)) {
		vmx_flush_ept(ept_eptp(&v->vm->ept));
		return EXIT_RESUME;
	}
	act = mmio_slow_path(v, gpa, &ev, &handled);
	if (handled)
		return act;
	pr_err("EPT violation at GPA 0x%llx: %s", (unsigned long long)gpa, what);
	vcpu_report_stop(v, "unexpected EPT violation");
	return EXIT_STOP;
}

enum exit_action exit_ept_misconfig(struct vcpu *v)
{
	return mmio_fast_path(v, vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS));
}
