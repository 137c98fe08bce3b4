// SPDX-License-Identifier: MIT
/*
 * A vCPU's INIT and start-up IPI: the architectural state after INIT (Intel
 * SDM Vol. 3A, 10.1.1 "Processor State After Reset", Table 10-1; INIT keeps
 * the MSRs other than EFER's effect on the mode, and a few registers), the
 * wait-for-SIPI activity state (Vol. 3C, 25.4.2 "Guest Non-Register State"),
 * and real-mode entry at the SIPI vector, which unrestricted guest lets the
 * guest run natively (Vol. 3C, 27.3.1.2: real-mode segment checks with
 * unrestricted guest).
 */
#include "vmm/vcpu_reset.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "lib/string.h"

#define REAL_LIMIT 0xffff

static void load_real_mode_segments(u16 cs_sel, u64 cs_base)
{
	vmcs_write_segment(VMCS_GUEST_CS_SEL, cs_sel, cs_base, REAL_LIMIT, AR_REAL_CODE);
	vmcs_write_segment(VMCS_GUEST_DS_SEL, 0, 0, REAL_LIMIT, AR_REAL_DATA);
	vmcs_write_segment(VMCS_GUEST_ES_SEL, 0, 0, REAL_LIMIT, AR_REAL_DATA);
	vmcs_write_segment(VMCS_GUEST_SS_SEL, 0, 0, REAL_LIMIT, AR_REAL_DATA);
	vmcs_write_segment(VMCS_GUEST_FS_SEL, 0, 0, REAL_LIMIT, AR_REAL_DATA);
	vmcs_write_segment(VMCS_GUEST_GS_SEL, 0, 0, REAL_LIMIT, AR_REAL_DATA);
	vmcs_write_segment(VMCS_GUEST_LDTR_SEL, 0, 0, REAL_LIMIT, AR_LDT);
	vmcs_write_segment(VMCS_GUEST_TR_SEL, 0, 0, REAL_LIMIT, AR_TSS_BUSY);
	vmcs_write(VMCS_GUEST_GDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, REAL_LIMIT);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, REAL_LIMIT);
}

void vcpu_setup_ap(struct vcpu *v, struct vm *vm)
{
	struct guest_entry init = { .cr0 = CR0_INIT_VALUE };

	vcpu_setup_vmcs(v, vm, &init);
	vcpu_reset_to_init(v);
}

void vcpu_reset_to_init(struct vcpu *v)
{
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.gpr[REG_RDX] = cpuid(1).eax; /* processor signature */
	vmcs_write(VMCS_CR0_READ_SHADOW, CR0_INIT_VALUE);
	vmcs_write(VMCS_GUEST_CR0, (CR0_INIT_VALUE | v->cr0_fixed0) & v->cr0_fixed1);
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
	vmcs_write(VMCS_GUEST_CR4, v->cr4_fixed0 & v->cr4_fixed1);
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_EFER, 0);
	vmcs_write(VMCS_ENTRY_CTLS, vmcs_read(VMCS_ENTRY_CTLS) & ~ENTRY_IA32E_MODE_GUEST);
	load_real_mode_segments(0xf000, 0xffff0000);
	vmcs_write(VMCS_GUEST_RIP, 0xfff0);
	vmcs_write(VMCS_GUEST_RSP, 0);
	vmcs_write(VMCS_GUEST_RFLAGS, RFLAGS_FIXED);
	vmcs_write(VMCS_GUEST_DR7, DR7_INIT);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_DEBUGCTL, 0);
	vmcs_write(VMCS_ENTRY_INTR_INFO, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_WAIT_SIPI);
	v->waiting_sipi = true; /* no guest code runs here until the SIPI (vmm/ept_sync.h) */
	/* INIT invalidates the TLBs (SDM Vol. 3A, 4.10.4.1); with VPID no VM exit did. */
	vcpu_flush_tlb(v);
}

void vcpu_start_at_sipi(struct vcpu *v, u8 vector)
{
	load_real_mode_segments((u16)(vector << 8), (u64)vector << 12);
	vmcs_write(VMCS_GUEST_RIP, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
}
