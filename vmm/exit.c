// SPDX-License-Identifier: MIT
/*
 * VM-exit dispatch: a designated-initializer table from basic exit reason
 * (Intel SDM Vol. 3D, Appendix C "VMX Basic Exit Reasons") to handler. A
 * reason without a handler is unexpected: hv reports it and stops the guest.
 */
#include "vmm/exit.h"
#include "vmm/log.h"

static const exit_handler_t exit_handlers[EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI] = exit_exception_nmi,
	[EXIT_REASON_NMI_WINDOW] = exit_nmi_window,
	[EXIT_REASON_TRIPLE_FAULT] = exit_triple_fault,
	[EXIT_REASON_INIT] = exit_init,
	[EXIT_REASON_SIPI] = exit_sipi,
	[EXIT_REASON_CPUID] = exit_cpuid,
	[EXIT_REASON_HLT] = exit_hlt,
	[EXIT_REASON_INVD] = exit_invd,
	[EXIT_REASON_VMCALL] = exit_vmcall,
	[EXIT_REASON_VMCLEAR] = exit_vmx_instruction,
	[EXIT_REASON_VMLAUNCH] = exit_vmx_instruction,
	[EXIT_REASON_VMPTRLD] = exit_vmx_instruction,
	[EXIT_REASON_VMPTRST] = exit_vmx_instruction,
	[EXIT_REASON_VMREAD] = exit_vmx_instruction,
	[EXIT_REASON_VMRESUME] = exit_vmx_instruction,
	[EXIT_REASON_VMWRITE] = exit_vmx_instruction,
	[EXIT_REASON_VMXOFF] = exit_vmx_instruction,
	[EXIT_REASON_VMXON] = exit_vmx_instruction,
	[EXIT_REASON_INVEPT] = exit_vmx_instruction,
	[EXIT_REASON_INVVPID] = exit_vmx_instruction,
	[EXIT_REASON_VMFUNC] = exit_vmx_instruction,
	[EXIT_REASON_CR_ACCESS] = exit_cr_access,
	[EXIT_REASON_IO_INSTRUCTION] = exit_io,
	[EXIT_REASON_MSR_READ] = exit_msr_read,
	[EXIT_REASON_MSR_WRITE] = exit_msr_write,
	[EXIT_REASON_EPT_VIOLATION] = exit_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = exit_ept_misconfig,
	[EXIT_REASON_WBINVD] = exit_wbinvd,
	[EXIT_REASON_XSETBV] = exit_xsetbv,
};

static const char *const exit_names[EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI] = "exception or NMI",
	[EXIT_REASON_EXTERNAL_INTERRUPT] = "external interrupt",
	[EXIT_REASON_TRIPLE_FAULT] = "triple fault",
	[EXIT_REASON_INIT] = "INIT signal",
	[EXIT_REASON_SIPI] = "SIPI",
	[EXIT_REASON_INTERRUPT_WINDOW] = "interrupt window",
	[EXIT_REASON_NMI_WINDOW] = "NMI window",
	[EXIT_REASON_TASK_SWITCH] = "task switch",
	[EXIT_REASON_CPUID] = "CPUID",
	[EXIT_REASON_GETSEC] = "GETSEC",
	[EXIT_REASON_HLT] = "HLT",
	[EXIT_REASON_INVD] = "INVD",
	[EXIT_REASON_INVLPG] = "INVLPG",
	[EXIT_REASON_RDPMC] = "RDPMC",
	[EXIT_REASON_RDTSC] = "RDTSC",
	[EXIT_REASON_VMCALL] = "VMCALL",
	[EXIT_REASON_VMXON] = "VMXON",
	[EXIT_REASON_CR_ACCESS] = "control-register access",
	[EXIT_REASON_DR_ACCESS] = "debug-register access",
	[EXIT_REASON_IO_INSTRUCTION] = "I/O instruction",
	[EXIT_REASON_MSR_READ] = "RDMSR",
	[EXIT_REASON_MSR_WRITE] = "WRMSR",
	[EXIT_REASON_INVALID_GUEST_STATE] = "VM-entry failure: invalid guest state",
	[EXIT_REASON_MSR_LOADING] = "VM-entry failure: MSR loading",
	[EXIT_REASON_MWAIT] = "MWAIT",
	[EXIT_REASON_MONITOR_TRAP_FLAG] = "monitor trap flag",
	[EXIT_REASON_MONITOR] = "MONITOR",
	[EXIT_REASON_PAUSE] = "PAUSE",
	[EXIT_REASON_MACHINE_CHECK] = "VM-entry failure: machine check",
	[EXIT_REASON_APIC_ACCESS] = "APIC access",
	[EXIT_REASON_GDTR_IDTR] = "GDTR/IDTR access",
	[EXIT_REASON_LDTR_TR] = "LDTR/TR access",
	[EXIT_REASON_EPT_VIOLATION] = "EPT violation",
	[EXIT_REASON_EPT_MISCONFIG] = "EPT misconfiguration",
	[EXIT_REASON_RDTSCP] = "RDTSCP",
	[EXIT_REASON_PREEMPTION_TIMER] = "preemption timer",
	[EXIT_REASON_WBINVD] = "WBINVD",
	[EXIT_REASON_XSETBV] = "XSETBV",
	[EXIT_REASON_RDRAND] = "RDRAND",
	[EXIT_REASON_INVPCID] = "INVPCID",
	[EXIT_REASON_RDSEED] = "RDSEED",
	[EXIT_REASON_XSAVES] = "XSAVES",
	[EXIT_REASON_XRSTORS] = "XRSTORS",
};

const char *exit_reason_name(u32 reason)
{
	if (reason < EXIT_REASON_MAX && exit_names[reason])
		return exit_names[reason];
	return reason >= EXIT_REASON_VMCLEAR && reason <= EXIT_REASON_VMXOFF ?
		       "VMX instruction" : "unknown";
}

enum exit_action exit_dispatch(struct vcpu *v)
{
	u32 r = v->exit.reason;

	if (r < EXIT_REASON_MAX && exit_handlers[r])
		return exit_handlers[r](v);
	pr_err("unexpected VM exit %u (%s): qualification 0x%llx, guest RIP 0x%llx", r,
	       exit_reason_name(r), (unsigned long long)v->exit.qualification,
	       (unsigned long long)v->exit.guest_rip);
	return EXIT_STOP;
}
