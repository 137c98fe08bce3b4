/* SPDX-License-Identifier: MIT */
/*
 * Checks that VMX is invisible to the guest: the VMX instructions raise #UD
 * as on a CPU without VMX (Intel SDM Vol. 3C, 31.3 "VMX Instructions": #UD
 * outside VMX operation, and Vol. 3C, 26.1.2 "Instructions That Cause VM
 * Exits Unconditionally" for what hv must turn into #UD), IA32_FEATURE_CONTROL
 * reads locked with VMX disabled and cannot be written, the VMX capability
 * MSRs do not exist (#GP, Vol. 4, 2.1 "Architectural MSRs"), and CR4.VMXE
 * reads as clear while CR4 stays writable (Vol. 3A, 2.5 "Control Registers").
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/probes.h"
#include "guest/testguest/x86.h"

#define MSR_IA32_FEATURE_CONTROL 0x3A
#define FEATURE_CONTROL_LOCKED BIT_ULL(0)
#define FEATURE_CONTROL_VMX_IN_SMX BIT_ULL(1)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX BIT_ULL(2)
#define MSR_IA32_VMX_BASIC 0x480
#define VMCS_GUEST_RIP 0x681E /* any valid field encoding will do */

/* Operand of VMXON/VMCLEAR/VMPTRLD: a 4 KiB-aligned region's address. */
static uint8_t vmx_region[4096] __attribute__((aligned(4096)));

static bool expect_ud(struct check_ctx *c, const char *insn, int vector)
{
	if (vector == X86_VECTOR_UD)
		return true;
	if (vector == PROBE_NO_FAULT)
		return check_fail(c, "%s completed without #UD", insn);
	return check_fail(c, "%s raised vector %d, not #UD", insn, vector);
}

bool check_vmx_insn_ud(struct check_ctx *c)
{
	uint64_t region_pa = (uint64_t)vmx_region;

	probe_arm();
	probe_vmxon(&region_pa);
	if (!expect_ud(c, "VMXON", probe_last.vector))
		return false;
	probe_arm();
	probe_vmclear(&region_pa);
	if (!expect_ud(c, "VMCLEAR", probe_last.vector))
		return false;
	probe_arm();
	probe_vmptrld(&region_pa);
	if (!expect_ud(c, "VMPTRLD", probe_last.vector))
		return false;
	probe_arm();
	probe_vmread(VMCS_GUEST_RIP);
	if (!expect_ud(c, "VMREAD", probe_last.vector))
		return false;
	probe_arm();
	probe_vmxoff();
	return expect_ud(c, "VMXOFF", probe_last.vector);
}

bool check_feature_control_hides_vmx(struct check_ctx *c)
{
	uint64_t v;
	int vector = rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &v);

	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "RDMSR 0x3a raised vector %d", vector);
	if (!(v & FEATURE_CONTROL_LOCKED) ||
	    (v & (FEATURE_CONTROL_VMX_IN_SMX | FEATURE_CONTROL_VMX_OUTSIDE_SMX)))
		return check_fail(c, "IA32_FEATURE_CONTROL=0x%lx (want lock set, bits 1-2 clear)",
				  v);
	return true;
}

bool check_vmx_msrs_gp(struct check_ctx *c)
{
	uint64_t v;
	int vector = rdmsr_safe(MSR_IA32_VMX_BASIC, &v);

	if (vector == X86_VECTOR_GP)
		return true;
	if (vector == PROBE_NO_FAULT)
		return check_fail(c, "RDMSR 0x480 returned 0x%lx", v);
	return check_fail(c, "RDMSR 0x480 raised vector %d, not #GP", vector);
}

bool check_feature_control_write_gp(struct check_ctx *c)
{
	uint64_t v;
	int vector;

	/* Write back what reads (no change if hv wrongly lets it through). */
	if (rdmsr_safe(MSR_IA32_FEATURE_CONTROL, &v) != PROBE_NO_FAULT)
		v = FEATURE_CONTROL_LOCKED;
	vector = wrmsr_safe(MSR_IA32_FEATURE_CONTROL, v);
	if (vector == X86_VECTOR_GP)
		return true;
	if (vector == PROBE_NO_FAULT)
		return check_fail(c, "WRMSR 0x3a <- 0x%lx completed without #GP", v);
	return check_fail(c, "WRMSR 0x3a raised vector %d, not #GP", vector);
}

bool check_cr4_vmxe_hidden(struct check_ctx *c)
{
	uint64_t cr4 = read_cr4(), again;
	int vector;

	if (cr4 & X86_CR4_VMXE)
		return check_fail(c, "CR4=0x%lx has VMXE (bit 13) set", cr4);
	vector = write_cr4_safe(cr4);
	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "MOV CR4 <- 0x%lx (unchanged) raised vector %d", cr4, vector);
	again = read_cr4();
	if (again != cr4)
		return check_fail(c, "CR4 read 0x%lx after writing 0x%lx", again, cr4);
	return true;
}
