/* SPDX-License-Identifier: MIT */
/*
 * Checks of the CPUID view hv gives its guest and of the hypercall ABI
 * (vmm/hypercall.h). CPUID.1 feature bits: Intel SDM Vol. 2A, 3.3
 * "Instructions (A-L)", CPUID; bit 31 of ECX, which Intel leaves unused, is
 * the bit hypervisors set to announce themselves, and leaf
 * 0x40000000 carries hv's signature and highest leaf.
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/probes.h"
#include "guest/testguest/string.h"
#include "guest/testguest/vmcall.h"
#include "guest/testguest/x86.h"

#define HC_UNKNOWN_NR 0x7F00BEEFULL /* no hv function will ever have this number */

/* FAIL detail for a hypercall that faulted. */
static bool fail_fault(struct check_ctx *c, const char *what, int vector)
{
	return check_fail(c, "%s: VMCALL raised vector %d", what, vector);
}

bool check_cpuid_hypervisor_bit(struct check_ctx *c)
{
	uint32_t ecx = cpuid(1, 0).ecx;

	if (!(ecx & CPUID1_ECX_HYPERVISOR))
		return check_fail(c, "CPUID.1:ECX=0x%x bit 31 clear", ecx);
	return true;
}

bool check_cpuid_no_vmx(struct check_ctx *c)
{
	uint32_t ecx = cpuid(1, 0).ecx;

	if (ecx & CPUID1_ECX_VMX)
		return check_fail(c, "CPUID.1:ECX=0x%x bit 5 (VMX) set", ecx);
	return true;
}

bool check_cpuid_signature(struct check_ctx *c)
{
	struct cpuid_regs r = cpuid(HV_CPUID_LEAF_BASE, 0);
	char sig[13];

	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	sig[12] = '\0';
	if (memcmp(sig, HV_CPUID_SIGNATURE, 12) != 0 || r.eax < HV_CPUID_LEAF_MAX) {
		for (unsigned i = 0; i < 12; i++)
			if (sig[i] < ' ' || sig[i] > '~')
				sig[i] = '.';
		return check_fail(c, "leaf 0x%x: EAX=0x%x signature '%s'",
				  HV_CPUID_LEAF_BASE, r.eax, sig);
	}
	return true;
}

bool check_vmcall_version(struct check_ctx *c)
{
	struct vmcall_regs r = { .rax = HC_VERSION };
	int vector = vmcall_safe(&r);

	if (vector != PROBE_NO_FAULT)
		return fail_fault(c, "HC_VERSION", vector);
	if (r.rax != HC_ABI_VERSION)
		return check_fail(c, "HC_VERSION returned 0x%lx, want 0x%x", r.rax,
				  HC_ABI_VERSION);
	return true;
}

bool check_vmcall_echo(struct check_ctx *c)
{
	static const uint64_t values[] = {
		0, 1, 0x0123456789ABCDEFULL, 0x8000000000000000ULL, ~0ULL,
	};

	for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
		struct vmcall_regs r = { .rax = HC_ECHO, .rbx = values[i] };
		int vector = vmcall_safe(&r);

		if (vector != PROBE_NO_FAULT)
			return fail_fault(c, "HC_ECHO", vector);
		if (r.rax != ~values[i])
			return check_fail(c, "HC_ECHO(0x%lx) returned 0x%lx", values[i], r.rax);
	}
	return true;
}

bool check_vmcall_unknown(struct check_ctx *c)
{
	struct vmcall_regs r = { .rax = HC_UNKNOWN_NR };
	int vector = vmcall_safe(&r);

	if (vector != PROBE_NO_FAULT)
		return fail_fault(c, "function 0x7f00beef", vector);
	if (r.rax != (uint64_t)-HC_ENOSYS)
		return check_fail(c, "function 0x%llx returned 0x%lx, want -%d", HC_UNKNOWN_NR,
				  r.rax, HC_ENOSYS);
	return true;
}
