// SPDX-License-Identifier: MIT
/*
 * Small exit handlers: HLT, INVD/WBINVD, XSETBV, VMX instructions executed
 * by the guest, and triple fault.
 */
#include "vmm/exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "vmm/log.h"

/*
 * HLT: let the CPU halt in the guest's place by resuming it in the HLT
 * activity state (Intel SDM Vol. 3C, 25.4.2 "Guest Non-Register State"); the
 * next interrupt the guest would take wakes it exactly as on bare metal.
 * Only reached when the CPU offers that state (vm->hlt_exiting); otherwise
 * HLT exiting is off and the guest's HLT halts natively.
 */
enum exit_action exit_hlt(struct vcpu *v)
{
	vcpu_skip_instruction(v);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
	return EXIT_RESUME;
}

/*
 * INVD would discard dirty lines that hv (or the other CPUs) still need;
 * hv writes them back instead (WBINVD), which is a correct INVD as far as
 * any guest can tell (SDM Vol. 2A, INVD: "data ... may be lost").
 */
enum exit_action exit_invd(struct vcpu *v)
{
	wbinvd();
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

/* WBINVD exiting is off by default (the guest owns its caches); the policy may turn it on. */
enum exit_action exit_wbinvd(struct vcpu *v)
{
	wbinvd();
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

/*
 * XSETBV exits unconditionally. Check it as the CPU would (SDM Vol. 2C,
 * XSETBV; Vol. 1, 13.3 "Enabling the XSAVE Feature Set and XSAVE-Enabled
 * Features") and then execute it: hv never uses extended state, so the
 * guest's XCR0 simply stays loaded.
 */
static bool xcr0_valid(u64 val)
{
	struct cpuid_regs leaf_d = cpuid_count(0xd, 0);
	u64 supported = ((u64)leaf_d.edx << 32) | leaf_d.eax;
	u64 avx512 = GENMASK_ULL(7, 5), mpx = GENMASK_ULL(4, 3);

	if (!(val & BIT_ULL(0)) || (val & ~supported))
		return false;
	if ((val & BIT_ULL(2)) && !(val & BIT_ULL(1)))
		return false;
	if ((val & mpx) && (val & mpx) != mpx)
		return false;
	if ((val & avx512) && ((val & avx512) != avx512 || !(val & BIT_ULL(2))))
		return false;
	return true;
}

enum exit_action exit_xsetbv(struct vcpu *v)
{
	u32 index = (u32)v->regs.gpr[REG_RCX];
	u64 val = (v->regs.gpr[REG_RDX] << 32) | (u32)v->regs.gpr[REG_RAX];

	if (!(vcpu_guest_cr4() & CR4_OSXSAVE)) {
		vcpu_inject_exception(v, VECTOR_UD, false, 0);
		return EXIT_RESUME;
	}
	if (vcpu_cpl() || index != 0 || !xcr0_valid(val)) {
		vcpu_inject_exception(v, VECTOR_GP, true, 0);
		return EXIT_RESUME;
	}
	xsetbv(0, val);
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}

/* VMX is hidden from the guest: its instructions are invalid opcodes there. */
enum exit_action exit_vmx_instruction(struct vcpu *v)
{
	pr_debug("guest executed a VMX instruction (exit %u) at RIP 0x%llx: #UD", v->exit.reason,
		 (unsigned long long)v->exit.guest_rip);
	vcpu_inject_exception(v, VECTOR_UD, false, 0);
	return EXIT_RESUME;
}

enum exit_action exit_triple_fault(struct vcpu *v)
{
	vcpu_report_stop(v, "guest triple fault");
	return EXIT_STOP;
}
