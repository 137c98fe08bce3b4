// SPDX-License-Identifier: MIT
/*
 * Building a vCPU's VMCS (running it is vmm/vcpu_run.c's), and the helpers
 * exit handlers share. hv is thin: the guest owns
 * interrupts, NMIs, I/O ports, CR3 and almost every MSR; hv asks for exits
 * only where it must (CPUID, VMX instructions, XSETBV, INVD: unconditional)
 * or where its policy wants them (HLT when the CPU has the HLT activity
 * state, the CR0/CR4 bits VMX fixes, the VMX and FEATURE_CONTROL MSRs).
 * Control and guest-state rules: Intel SDM Vol. 3C, Chapter 25 "Virtual
 * Machine Control Structures" and 27.3 "Checking and Loading Guest State".
 */
#include "vmm/vcpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/lapic.h"
#include "arch/x86/msr.h"
#include "arch/x86/percpu.h"
#include "arch/x86/regs.h"
#include "arch/x86/vmx_caps.h"
#include "arch/x86/vmx_controls.h"
#include "arch/x86/vmx_cpu.h"
#include "arch/x86/vmx_exit_info.h"
#include "lib/panic.h"
#include "mm/pmm.h"
#include "vmm/log.h"

#define PAT_POWER_ON 0x0007040600070406ULL

extern const u8 vmx_exit_point[]; /* arch/x86/vmx_entry.asm: where VM exits land */

/* Adjust one control field against its capability MSR; missing wanted bits are a bug. */
static u32 controls(const char *name, u64 cap, u32 want1, u32 want0)
{
	u32 out = 0, missing = 0;

	if (vmx_adjust_controls(cap, want1, want0, &out, &missing))
		panic("%s controls: cannot set 0x%x as needed", name, missing);
	return out;
}

/* Optional controls: those of `bits` the CPU allows. */
static u32 optional(u64 cap, u32 bits)
{
	return bits & vmx_control_may_be1(cap);
}

static void setup_controls(struct vcpu *v, const struct guest_entry *g)
{
	const struct vmx_caps *c = &vmx_caps;
	u32 proc2_opt = optional(c->procbased2, PROC2_ENABLE_RDTSCP | PROC2_ENABLE_INVPCID |
					       PROC2_ENABLE_XSAVES | PROC2_ENABLE_USER_WAIT_PAUSE);

	/*
	 * NMIs exit (pin-based control 3) so that vm_ept_flush() can reach a CPU
	 * in guest mode (vmm/ept_sync.h); the guest's own NMIs are injected back
	 * (vmm/exit_nmi.c), with NMI-window exits when "virtual NMIs" is offered.
	 */
	v->vm->virtual_nmis = vmx_control_allowed1(c->pinbased, PIN_VIRTUAL_NMIS);
	vmcs_write(VMCS_PIN_BASED_CTLS,
		   controls("pin-based", c->pinbased,
			    PIN_NMI_EXITING | (v->vm->virtual_nmis ? PIN_VIRTUAL_NMIS : 0),
			    PIN_EXTERNAL_INTERRUPT_EXITING));
	vmcs_write(VMCS_PROC_BASED_CTLS,
		   controls("processor-based", c->procbased,
			    (v->vm->hlt_exiting ? PROC_HLT_EXITING : 0) | PROC_USE_MSR_BITMAPS |
				    PROC_USE_IO_BITMAPS | PROC_ACTIVATE_SECONDARY_CONTROLS,
			    VMX_PROC_EXITS_HV_AVOIDS | (v->vm->hlt_exiting ? 0 : PROC_HLT_EXITING)));
	vmcs_write(VMCS_PROC_BASED_CTLS2,
		   controls("secondary", c->procbased2,
			    PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST | proc2_opt |
				    (v->vm->mbec ? PROC2_MODE_BASED_EXECUTE_CONTROL : 0) |
				    (v->vm->vpid ? PROC2_ENABLE_VPID : 0),
			    (v->vm->mbec ? 0 : PROC2_MODE_BASED_EXECUTE_CONTROL) |
				    (v->vm->vpid ? 0 : PROC2_ENABLE_VPID)));
	if (v->vm->vpid)
		vmcs_write(VMCS_VPID, VCPU_GUEST_VPID);
	vmcs_write(VMCS_EXIT_CTLS,
		   controls("VM-exit", c->exit,
			    EXIT_HOST_ADDRESS_SPACE_SIZE | EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER |
				    optional(c->exit, EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT),
			    EXIT_ACK_INTERRUPT_ON_EXIT));
	vmcs_write(VMCS_ENTRY_CTLS,
		   controls("VM-entry", c->entry,
			    ENTRY_LOAD_IA32_EFER | optional(c->entry, ENTRY_LOAD_IA32_PAT) |
				    (g->long_mode ? ENTRY_IA32E_MODE_GUEST : 0),
			    g->long_mode ? 0 : ENTRY_IA32E_MODE_GUEST));
	vmcs_write(VMCS_EXCEPTION_BITMAP, 0);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write(VMCS_MSR_BITMAP, (u64)(uintptr_t)v->vm->msr_bitmap);
	vmcs_write(VMCS_IO_BITMAP_A, (u64)(uintptr_t)v->vm->io_bitmap_a);
	vmcs_write(VMCS_IO_BITMAP_B, (u64)(uintptr_t)v->vm->io_bitmap_b);
	vmcs_write(VMCS_EPT_POINTER, ept_eptp(&v->vm->ept));
	vmcs_write(VMCS_LINK_POINTER, ~0ULL);
}

/*
 * CR0/CR4 bits VMX fixes (SDM Vol. 3C, 24.8): owned by hv, so the guest reads
 * its own value from the read shadow and writes that touch them exit.
 * Unrestricted guest frees CR0.PE and CR0.PG (25.6.2, Table 25-7).
 */
static void setup_cr_masks(struct vcpu *v, const struct guest_entry *g)
{
	const struct vmx_caps *c = &vmx_caps;

	v->cr0_fixed0 = c->cr0_fixed0 & ~(CR0_PE | CR0_PG);
	v->cr0_fixed1 = c->cr0_fixed1;
	v->cr4_fixed0 = c->cr4_fixed0;
	v->cr4_fixed1 = c->cr4_fixed1;
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, v->cr0_fixed0 | (~v->cr0_fixed1 & 0xffffffffULL));
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, v->cr4_fixed0 | (~v->cr4_fixed1 & 0xffffffffULL));
	vmcs_write(VMCS_CR0_READ_SHADOW, g->cr0);
	vmcs_write(VMCS_CR4_READ_SHADOW, g->cr4);
	vmcs_write(VMCS_GUEST_CR0, (g->cr0 | v->cr0_fixed0) & v->cr0_fixed1);
	vmcs_write(VMCS_GUEST_CR4, (g->cr4 | v->cr4_fixed0) & v->cr4_fixed1);
	vmcs_write(VMCS_GUEST_CR3, g->cr3);
}

static void setup_host_state(void)
{
	struct desc_ptr gdtr, idtr;
	struct pcpu *p = this_pcpu();

	sgdt(&gdtr);
	sidt(&idtr);
	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SEL, GDT_SEL_CODE64);
	vmcs_write(VMCS_HOST_SS_SEL, GDT_SEL_DATA);
	vmcs_write(VMCS_HOST_DS_SEL, GDT_SEL_DATA);
	vmcs_write(VMCS_HOST_ES_SEL, GDT_SEL_DATA);
	vmcs_write(VMCS_HOST_FS_SEL, 0);
	vmcs_write(VMCS_HOST_GS_SEL, 0);
	vmcs_write(VMCS_HOST_TR_SEL, GDT_SEL_TSS);
	vmcs_write(VMCS_HOST_FS_BASE, 0);
	vmcs_write(VMCS_HOST_GS_BASE, (u64)(uintptr_t)p);
	vmcs_write(VMCS_HOST_TR_BASE, (u64)(uintptr_t)&((struct cpu_desc *)(uintptr_t)gdtr.base)->tss);
	vmcs_write(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_SYSENTER_CS, 0);
	vmcs_write(VMCS_HOST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_HOST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_HOST_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(VMCS_HOST_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write(VMCS_HOST_RIP, (u64)(uintptr_t)vmx_exit_point);
}

static void setup_guest_state(struct vcpu *v, const struct guest_entry *g)
{
	vmcs_write_segment(VMCS_GUEST_CS_SEL, g->cs_sel, 0, 0xffffffff, AR_CODE64);
	vmcs_write_segment(VMCS_GUEST_SS_SEL, g->ds_sel, 0, 0xffffffff, AR_DATA);
	vmcs_write_segment(VMCS_GUEST_DS_SEL, g->ds_sel, 0, 0xffffffff, AR_DATA);
	vmcs_write_segment(VMCS_GUEST_ES_SEL, g->ds_sel, 0, 0xffffffff, AR_DATA);
	vmcs_write_segment(VMCS_GUEST_FS_SEL, g->ds_sel, 0, 0xffffffff, AR_DATA);
	vmcs_write_segment(VMCS_GUEST_GS_SEL, g->ds_sel, 0, 0xffffffff, AR_DATA);
	vmcs_write_segment(VMCS_GUEST_LDTR_SEL, 0, 0, 0, AR_UNUSABLE);
	vmcs_write_segment(VMCS_GUEST_TR_SEL, 0, 0, 0xff, AR_TSS_BUSY);
	vmcs_write(VMCS_GUEST_GDTR_BASE, g->gdt_base);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, g->gdt_limit);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_EFER, g->efer);
	vmcs_write(VMCS_GUEST_PAT, PAT_POWER_ON);
	vmcs_write(VMCS_GUEST_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_DR7, DR7_INIT);
	vmcs_write(VMCS_GUEST_RSP, g->rsp);
	vmcs_write(VMCS_GUEST_RIP, g->rip);
	vmcs_write(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	v->regs.gpr[REG_RSI] = g->rsi;
}

void vcpu_setup_vmcs(struct vcpu *v, struct vm *vm, const struct guest_entry *entry)
{
	v->vm = vm;
	v->vmcs = vmx_vmcs_region(pmm_alloc_page());
	if (!v->vmcs)
		panic("out of memory for a VMCS");
	if (!vmcs_clear(v->vmcs) || !vmcs_load(v->vmcs))
		panic("VMCLEAR/VMPTRLD of VMCS 0x%llx failed", (unsigned long long)v->vmcs);
	this_pcpu()->vmcs_loaded = true;
	setup_controls(v, entry);
	setup_cr_masks(v, entry);
	setup_host_state();
	vcpu_flush_tlb(v); /* nothing tagged with the guest's VPID survives from before hv */
	vmx_flush_ept(ept_eptp(&vm->ept)); /* nor anything derived from this EPTP */
	v->apic_id = lapic_id();
	this_pcpu()->vcpu = v;
}

void vcpu_setup(struct vcpu *v, struct vm *vm, const struct guest_entry *entry)
{
	vcpu_setup_vmcs(v, vm, entry);
	setup_guest_state(v, entry);
}

void vcpu_skip_instruction(struct vcpu *v)
{
	u64 intr;

	if (!vmx_instruction_len_valid(v->exit.instruction_len)) {
		pr_err("VM exit %u at guest RIP 0x%llx gives no usable instruction length (%u): "
		       "stopping the guest instead of guessing",
		       v->exit.reason, (unsigned long long)v->exit.guest_rip, v->exit.instruction_len);
		v->stop = true;
		return;
	}
	intr = vmcs_read(VMCS_GUEST_INTERRUPTIBILITY);
	vmcs_write(VMCS_GUEST_RIP, v->exit.guest_rip + v->exit.instruction_len);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write(VMCS_GUEST_INTERRUPTIBILITY,
			   intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

void vcpu_flush_tlb(struct vcpu *v)
{
	if (v->vm->vpid)
		vmx_flush_vpid(VCPU_GUEST_VPID);
}

void vcpu_inject_exception(struct vcpu *v, u8 vector, bool has_error, u32 error)
{
	u64 info = INTR_INFO_VALID | FIELD_PREP(INTR_INFO_TYPE_MASK, INTR_TYPE_HW_EXCEPTION) |
		   FIELD_PREP(INTR_INFO_VECTOR_MASK, vector);

	if (has_error) {
		info |= INTR_INFO_DELIVER_ERROR_CODE;
		vmcs_write(VMCS_ENTRY_EXCEPTION_ERROR_CODE, error);
	}
	vmcs_write(VMCS_ENTRY_INTR_INFO, info);
}

static u64 guest_view(enum vmcs_field guest, enum vmcs_field mask, enum vmcs_field shadow)
{
	u64 m = vmcs_read(mask);

	return (vmcs_read(guest) & ~m) | (vmcs_read(shadow) & m);
}

u64 vcpu_guest_cr0(void)
{
	return guest_view(VMCS_GUEST_CR0, VMCS_CR0_GUEST_HOST_MASK, VMCS_CR0_READ_SHADOW);
}

u64 vcpu_guest_cr4(void)
{
	return guest_view(VMCS_GUEST_CR4, VMCS_CR4_GUEST_HOST_MASK, VMCS_CR4_READ_SHADOW);
}

u32 vcpu_cpl(void)
{
	return (u32)FIELD_GET(AR_DPL_MASK, vmcs_read(VMCS_GUEST_SS_AR));
}

void vcpu_report_stop(struct vcpu *v, const char *why)
{
	pr_err("%s: exit reason %u, qualification 0x%llx, guest RIP 0x%llx", why,
	       v->exit.reason, (unsigned long long)v->exit.qualification,
	       (unsigned long long)v->exit.guest_rip);
}
