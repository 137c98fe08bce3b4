// SPDX-License-Identifier: MIT
/*
 * Running a vCPU: VM entry, reading the exit, dispatching it (vmm/exit.c),
 * until a handler stops the guest. The entry/exit stub is
 * arch/x86/vmx_entry.asm.
 */
#include "vmm/vcpu_run.h"
#include "arch/x86/percpu.h"
#include "arch/x86/vmcs_dump.h"
#include "arch/x86/vmx_exit_info.h"
#include "vmm/exit.h"
#include "vmm/log.h"

int vmx_enter(struct guest_regs *regs, int launched); /* arch/x86/vmx_entry.asm */

static void report_entry_failure(struct vcpu *v)
{
	pr_err("VM%s failed: VM-instruction error %llu", v->launched ? "RESUME" : "LAUNCH",
	       (unsigned long long)vmcs_read(VMCS_VM_INSTRUCTION_ERROR));
	vmcs_dump();
}

static void read_exit(struct vcpu *v)
{
	u64 reason = vmcs_read(VMCS_EXIT_REASON);

	v->exit.reason = (u32)FIELD_GET(EXIT_REASON_BASIC_MASK, reason);
	v->exit.qualification = vmcs_read(VMCS_EXIT_QUALIFICATION);
	v->exit.guest_rip = vmcs_read(VMCS_GUEST_RIP);
	/* Undefined for other exits (SDM Vol. 3C, 28.2.4): never read, so never trusted. */
	v->exit.instruction_len = vmx_exit_has_instruction_len(v->exit.reason) ?
					  vmcs_read32(VMCS_EXIT_INSTRUCTION_LEN) : 0;
	if (reason & EXIT_REASON_FAILED_ENTRY)
		v->exit.reason |= EXIT_REASON_FAILED_ENTRY;
}

/*
 * Hand an NMI that hit hv back to the guest: inject it when nothing else is
 * being injected and the guest does not block NMIs (SDM Vol. 3C, 27.3.1.5
 * "Checks on Guest Non-Register State": NMI injection needs NMI, MOV-SS and
 * STI blocking clear); otherwise it waits: for the NMI-window exit the
 * guest's unblocking causes when the CPU has virtual NMIs, else for a later
 * entry.
 */
static void deliver_pending_nmi(void)
{
	struct pcpu *p = this_pcpu();
	u64 block = GUEST_INTR_STATE_NMI | GUEST_INTR_STATE_MOV_SS | GUEST_INTR_STATE_STI;

	if (!p->nmi_pending ||
	    vmcs_read(VMCS_GUEST_ACTIVITY_STATE) == GUEST_ACTIVITY_WAIT_SIPI)
		return;
	if ((vmcs_read(VMCS_ENTRY_INTR_INFO) & INTR_INFO_VALID) ||
	    (vmcs_read(VMCS_GUEST_INTERRUPTIBILITY) & block)) {
		/* Not now: with virtual NMIs, exit as soon as the guest can take it. */
		if (p->vcpu->vm->virtual_nmis)
			vmcs_write(VMCS_PROC_BASED_CTLS,
				   vmcs_read(VMCS_PROC_BASED_CTLS) | PROC_NMI_WINDOW_EXITING);
		return;
	}
	p->nmi_pending--;
	vmcs_write(VMCS_ENTRY_INTR_INFO, INTR_INFO_VALID | FIELD_PREP(INTR_INFO_TYPE_MASK, INTR_TYPE_NMI) |
						 VECTOR_NMI);
	if (vmcs_read(VMCS_GUEST_ACTIVITY_STATE) == GUEST_ACTIVITY_HLT)
		vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
}

void vcpu_run(struct vcpu *v)
{
	for (;;) {
		deliver_pending_nmi();
		if (vmx_enter(&v->regs, v->launched)) {
			report_entry_failure(v);
			break;
		}
		v->launched = true;
		read_exit(v);
		if (v->exit.reason & EXIT_REASON_FAILED_ENTRY) {
			v->exit.reason &= ~EXIT_REASON_FAILED_ENTRY;
			vcpu_report_stop(v, "VM entry failed (invalid guest state or MSR loading)");
			vmcs_dump();
			break;
		}
		v->exits_total++;
		if (v->exit.reason != EXIT_REASON_INIT)
			v->sipi_fresh = false; /* it ran: a later INIT is a new one */
		if (v->exit.reason < EXIT_REASON_MAX)
			v->exit_counts[v->exit.reason]++;
		if (exit_dispatch(v) == EXIT_STOP || v->stop)
			break;
	}
	log_flush_held();
	pr_info("vCPU %u handled %llu VM exits", v->id, (unsigned long long)v->exits_total);
}
