// SPDX-License-Identifier: MIT
/*
 * Control-register exits. hv owns only the CR0/CR4 bits VMX fixes (CR0.NE,
 * CR4.VMXE, and any bit the CPU cannot hold); the guest reads its own values
 * from the read shadows. A guest write that touches an owned bit exits here:
 * hv checks it as the CPU would (#GP for reserved or inconsistent values,
 * and for CR4.VMXE, since VMX is hidden), keeps the guest's value in the
 * shadow and the VMX-legal value in the VMCS, follows a paging switch into
 * or out of IA-32e mode, and with VPID flushes the guest's translations
 * where the write would have (arch/x86/tlb.h). Exit qualification: Intel
 * SDM Vol. 3C, 28.2.1 "Basic VM-Exit Information", Table 28-3; CR rules:
 * Vol. 3A, 2.5 "Control Registers" and 10.8.5 "Initializing IA-32e Mode".
 */
#include "vmm/exit.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "arch/x86/tlb.h"
#include "vmm/log.h"

#define CRQ_NUMBER GENMASK_ULL(3, 0)
#define CRQ_ACCESS GENMASK_ULL(5, 4)
#define CRQ_GPR GENMASK_ULL(11, 8)
#define CRQ_LMSW_SOURCE GENMASK_ULL(31, 16)
#define CR_ACCESS_MOV_TO 0
#define CR_ACCESS_MOV_FROM 1
#define CR_ACCESS_CLTS 2
#define CR_ACCESS_LMSW 3
#define LMSW_BITS 0xfULL /* PE, MP, EM, TS */

static u64 read_gpr(struct vcpu *v, unsigned int n)
{
	return n == REG_RSP ? vmcs_read(VMCS_GUEST_RSP) : v->regs.gpr[n];
}

/* Enter or leave IA-32e mode when CR0.PG changes with EFER.LME set. */
static bool switch_paging_mode(u64 old_cr0, u64 new_cr0)
{
	u64 efer = vmcs_read(VMCS_GUEST_EFER);
	u64 entry = vmcs_read(VMCS_ENTRY_CTLS);

	if (!(old_cr0 & CR0_PG) && (new_cr0 & CR0_PG) && (efer & EFER_LME)) {
		if (!(vcpu_guest_cr4() & CR4_PAE))
			return false;
		vmcs_write(VMCS_GUEST_EFER, efer | EFER_LMA);
		vmcs_write(VMCS_ENTRY_CTLS, entry | ENTRY_IA32E_MODE_GUEST);
	} else if ((old_cr0 & CR0_PG) && !(new_cr0 & CR0_PG) && (efer & EFER_LMA)) {
		vmcs_write(VMCS_GUEST_EFER, efer & ~EFER_LMA);
		vmcs_write(VMCS_ENTRY_CTLS, entry & ~ENTRY_IA32E_MODE_GUEST);
	}
	return true;
}

static bool guest_write_cr0(struct vcpu *v, u64 val)
{
	u64 old = vcpu_guest_cr0();

	if ((val >> 32) || ((val & CR0_PG) && !(val & CR0_PE)) ||
	    ((val & CR0_NW) && !(val & CR0_CD)))
		return false;
	if (!switch_paging_mode(old, val))
		return false;
	vmcs_write(VMCS_CR0_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR0, (val | v->cr0_fixed0) & v->cr0_fixed1);
	if (tlb_cr0_write_flushes(old, val))
		vcpu_flush_tlb(v);
	return true;
}

static bool guest_write_cr4(struct vcpu *v, u64 val)
{
	u64 allowed = v->cr4_fixed1 & ~CR4_VMXE;
	u64 old = vcpu_guest_cr4();

	if (val & ~allowed)
		return false;
	if ((vmcs_read(VMCS_GUEST_EFER) & EFER_LMA) && !(val & CR4_PAE))
		return false;
	vmcs_write(VMCS_CR4_READ_SHADOW, val);
	vmcs_write(VMCS_GUEST_CR4, (val | v->cr4_fixed0) & v->cr4_fixed1);
	if (tlb_cr4_write_flushes(old, val))
		vcpu_flush_tlb(v);
	return true;
}

enum exit_action exit_cr_access(struct vcpu *v)
{
	u64 q = v->exit.qualification;
	unsigned int cr = (unsigned int)FIELD_GET(CRQ_NUMBER, q);
	unsigned int access = (unsigned int)FIELD_GET(CRQ_ACCESS, q);
	u64 cr0 = vcpu_guest_cr0();
	bool ok;

	if (access == CR_ACCESS_MOV_TO && cr == 0)
		ok = guest_write_cr0(v, read_gpr(v, (unsigned int)FIELD_GET(CRQ_GPR, q)));
	else if (access == CR_ACCESS_MOV_TO && cr == 4)
		ok = guest_write_cr4(v, read_gpr(v, (unsigned int)FIELD_GET(CRQ_GPR, q)));
	else if (access == CR_ACCESS_LMSW)
		/* LMSW sets PE but never clears it (SDM Vol. 2A, LMSW). */
		ok = guest_write_cr0(v, (cr0 & ~(LMSW_BITS & ~CR0_PE)) |
				       (FIELD_GET(CRQ_LMSW_SOURCE, q) & LMSW_BITS));
	else if (access == CR_ACCESS_CLTS)
		ok = guest_write_cr0(v, cr0 & ~CR0_TS);
	else {
		vcpu_report_stop(v, "unexpected control-register exit");
		return EXIT_STOP;
	}
	if (!ok) {
		pr_debug("guest CR%u write refused: #GP at RIP 0x%llx", cr,
			 (unsigned long long)v->exit.guest_rip);
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
