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
#include "vmm/log.h"
#include "vmm/mmio.h"

static enum exit_action watch_hit(struct vcpu *v, gpa_t gpa, const char *what)
{
	struct ept_watch *w = &v->vm->watch;

	w->violations++;
	w->last_qualification = v->exit.qualification;
	w->last_gpa = gpa;
	w->armed = false;
	pr_info("watched page GPA 0x%llx: %s; full rights restored", (unsigned long long)gpa, what);
	if (ept_map_range(&v->vm->ept, w->gpa, w->gpa, PAGE_SIZE, EPT_PERM_RWX, w->memtype))
		return EXIT_STOP;
	vmx_flush_ept(ept_eptp(&v->vm->ept));
	return EXIT_RESUME;
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
