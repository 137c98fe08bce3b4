/* SPDX-License-Identifier: MIT */
/*
 * Checks of exits hv must handle and count (HC_EXIT_COUNT; basic exit
 * reasons from Intel SDM Vol. 3D, Appendix C "VMX Basic Exit Reasons"):
 * HLT woken by the local APIC timer, XSETBV with a valid and an invalid XCR0,
 * INVD, and CPUID. A count must grow across the instruction; without hv the
 * hypercall faults and the check fails, but the instruction itself still
 * runs, so the native run exercises the timer, HLT and XSETBV paths too.
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/apic.h"
#include "guest/testguest/idt.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/vmcall.h"
#include "guest/testguest/x86.h"

#define EXIT_REASON_CPUID 10
#define EXIT_REASON_HLT 12
#define EXIT_REASON_INVD 13
#define EXIT_REASON_XSETBV 55

#define TIMER_COUNT 100000 /* bus ticks at divide-by-1: about a millisecond at most */
/* x87 state: must stay set (Vol. 1, 13.3 "Enabling the XSAVE Feature Set and
 * XSAVE-Enabled Features"), so clearing it makes XSETBV raise #GP. */
#define XCR0_X87 BIT_ULL(0)

/* Judge an exit count read before and after: it must be known and have grown. */
static bool judge_count(struct check_ctx *c, const char *what, uint32_t reason, bool known,
			uint64_t before, uint64_t after)
{
	if (!known)
		return check_fail(c, "%sHC_EXIT_COUNT(%u) unavailable", what, reason);
	if (after < before + 1)
		return check_fail(c, "%sHC_EXIT_COUNT(%u) went from %lu to %lu", what, reason,
				  before, after);
	return true;
}

/* As judge_count, reading the "after" count now. */
static bool count_grew(struct check_ctx *c, const char *what, uint32_t reason,
		       bool have_before, uint64_t before)
{
	uint64_t after = 0;
	bool have_after = vmcall_exit_count(reason, &after);

	return judge_count(c, what, reason, have_before && have_after, before, after);
}

bool check_hlt_resume(struct check_ctx *c)
{
	char why[CHECK_DETAIL_MAX];
	uint64_t before = 0, ticks, features = 0;
	bool have_before;

	if (!apic_init(why, sizeof(why)))
		return check_fail(c, "%s", why);
	have_before = vmcall_exit_count(EXIT_REASON_HLT, &before);
	ticks = idt_timer_ticks();
	apic_timer_oneshot(TG_VECTOR_TIMER, TIMER_COUNT);
	/* STI's one-instruction shadow: the interrupt cannot slip in before HLT. */
	__asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
	apic_timer_stop();
	if (idt_timer_ticks() == ticks)
		return check_fail(c, "HLT returned but the timer ISR did not run");
	/* Without the HLT activity state hv leaves HLT native: no exit to count. */
	if (testif_features(c, &features) && !(features & HC_FEATURE_HLT_EXIT))
		return check_ok(c, "timer woke a native HLT (hv reports no HLT exiting)");
	return count_grew(c, "timer woke HLT but ", EXIT_REASON_HLT, have_before, before);
}

bool check_xsetbv(struct check_ctx *c)
{
	uint64_t cr4 = read_cr4(), xcr0, bad, before = 0, after = 0;
	bool have_before, have_after;
	int vector;

	if (!(cpuid(1, 0).ecx & CPUID1_ECX_XSAVE))
		return check_ok(c, "skipped: CPUID.1:ECX.XSAVE clear");
	if (!(cr4 & X86_CR4_OSXSAVE)) {
		vector = write_cr4_safe(cr4 | X86_CR4_OSXSAVE);
		if (vector != PROBE_NO_FAULT)
			return check_fail(c, "setting CR4.OSXSAVE raised vector %d", vector);
	}
	xcr0 = xgetbv(0);
	have_before = vmcall_exit_count(EXIT_REASON_XSETBV, &before);
	vector = xsetbv_safe(0, xcr0);
	/* Read now: the faulting XSETBV below exits too. */
	have_after = vmcall_exit_count(EXIT_REASON_XSETBV, &after);
	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "XSETBV XCR0 <- 0x%lx (unchanged) raised vector %d", xcr0,
				  vector);
	bad = xcr0 & ~XCR0_X87;
	vector = xsetbv_safe(0, bad);
	if (vector != X86_VECTOR_GP)
		return check_fail(c, "XSETBV XCR0 <- 0x%lx (x87 clear) gave vector %d, not #GP",
				  bad, vector);
	if (xgetbv(0) != xcr0)
		return check_fail(c, "XCR0 is 0x%lx after the faulting XSETBV, was 0x%lx",
				  xgetbv(0), xcr0);
	return judge_count(c, "", EXIT_REASON_XSETBV, have_before && have_after, before, after);
}

bool check_invd(struct check_ctx *c)
{
	uint64_t before = 0;
	bool have_before = vmcall_exit_count(EXIT_REASON_INVD, &before);

	wbinvd_invd();
	return count_grew(c, "", EXIT_REASON_INVD, have_before, before);
}

bool check_cpuid_exit_counted(struct check_ctx *c)
{
	uint64_t before = 0;
	bool have_before = vmcall_exit_count(EXIT_REASON_CPUID, &before);

	cpuid(0, 0);
	return count_grew(c, "", EXIT_REASON_CPUID, have_before, before);
}
