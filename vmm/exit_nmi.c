// SPDX-License-Identifier: MIT
/*
 * NMI exits. NMI exiting is on (vmm/vcpu.c) only so that hv can signal a
 * CPU in guest mode (vmm/ept_sync.h); every other NMI is the guest's, and
 * hv hands it back: it counts it as pending and vcpu_run() injects it at
 * the next VM entry the guest can take it, asking for an NMI-window exit
 * (Intel SDM Vol. 3C, 25.6.2 "Processor-Based VM-Execution Controls",
 * "NMI-window exiting") when the guest blocks NMIs and the CPU has virtual
 * NMIs.
 */
#include "vmm/exit.h"
#include "arch/x86/percpu.h"
#include "vmm/ept_sync.h"
#include "vmm/log.h"

enum exit_action exit_exception_nmi(struct vcpu *v)
{
	u64 info = vmcs_read(VMCS_EXIT_INTR_INFO);

	if (!(info & INTR_INFO_VALID) || FIELD_GET(INTR_INFO_TYPE_MASK, info) != INTR_TYPE_NMI) {
		/* The exception bitmap is 0: no exception should exit. */
		vcpu_report_stop(v, "unexpected exception exit");
		return EXIT_STOP;
	}
	/*
	 * Bit 12, "NMI unblocking due to IRET": the guest's IRET had unblocked
	 * (virtual) NMIs when the exit came, and blocking must be set again
	 * before resuming (SDM Vol. 3C, 28.2.2 "Information for VM Exits Due to
	 * Vectored Events"; defined only with virtual NMIs).
	 */
	if ((info & INTR_INFO_NMI_UNBLOCKED_BY_IRET) && v->vm->virtual_nmis)
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY,
			   vmcs_read(VMCS_GUEST_INTERRUPTIBILITY) | GUEST_INTR_STATE_NMI);
	if (!ept_sync_nmi())
		this_pcpu()->nmi_pending++;
	return EXIT_RESUME;
}

enum exit_action exit_nmi_window(struct vcpu *v)
{
	/* vcpu_run() injects the pending NMI now that the guest can take it. */
	vmcs_write(VMCS_PROC_BASED_CTLS, vmcs_read(VMCS_PROC_BASED_CTLS) & ~PROC_NMI_WINDOW_EXITING);
	return EXIT_RESUME;
}
