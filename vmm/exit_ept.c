// SPDX-License-Identifier: MIT
/*
 * EPT violations and misconfigurations. hv's own memory is never mapped in
 * the guest's EPT, so a guest access to it lands here: a read or write gets
 * #GP(0) (the guest sees a fault, never hv's bytes), an instruction fetch
 * stops the guest. Each is counted and logged, rate-limited. Any other
 * violation or misconfiguration is unexpected in this version: report and
 * stop. Exit qualification: Intel SDM Vol. 3C, 28.2.1 "Basic VM-Exit
 * Information", Table 28-7.
 */
#include "vmm/exit.h"
#include "vmm/log.h"

#define EPTQ_READ BIT_ULL(0)
#define EPTQ_WRITE BIT_ULL(1)
#define EPTQ_FETCH BIT_ULL(2)
#define HV_ACCESS_LOG_FIRST 8 /* log the first few, then every 1024th */

static bool in_hv_memory(const struct vm *vm, gpa_t gpa)
{
	for (u32 i = 0; i < vm->hv_range_count; i++)
		if (gpa - vm->hv_ranges[i].base < vm->hv_ranges[i].size)
			return true;
	return false;
}

static const char *access_kind(u64 q)
{
	return q & EPTQ_FETCH ? "fetch" : q & EPTQ_WRITE ? "write" : "read";
}

enum exit_action exit_ept_violation(struct vcpu *v)
{
	gpa_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	u64 q = v->exit.qualification;
	u64 n;

	if (!in_hv_memory(v->vm, gpa)) {
		pr_err("EPT violation at GPA 0x%llx (%s) outside guest memory",
		       (unsigned long long)gpa, access_kind(q));
		vcpu_report_stop(v, "unexpected EPT violation");
		return EXIT_STOP;
	}
	n = ++v->vm->hv_access_reports;
	if (q & EPTQ_FETCH) {
		pr_err("guest fetched code from hv memory at GPA 0x%llx", (unsigned long long)gpa);
		vcpu_report_stop(v, "guest executes hv memory");
		return EXIT_STOP;
	}
	if (n <= HV_ACCESS_LOG_FIRST || !(n % 1024))
		pr_warn("guest %s of hv memory at GPA 0x%llx, RIP 0x%llx: #GP injected (%llu so far)",
			access_kind(q), (unsigned long long)gpa,
			(unsigned long long)v->exit.guest_rip, (unsigned long long)n);
	vcpu_inject_exception(v, VECTOR_GP, true, 0);
	return EXIT_RESUME;
}

enum exit_action exit_ept_misconfig(struct vcpu *v)
{
	pr_err("EPT misconfiguration at GPA 0x%llx",
	       (unsigned long long)vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS));
	vcpu_report_stop(v, "unexpected EPT misconfiguration");
	return EXIT_STOP;
}
