/* SPDX-License-Identifier: MIT */
/*
 * The test guest's checks of hv. Each check is a function that returns true
 * (PASS) or false (FAIL) and may leave a detail in its context: required for
 * a failure, optional for a pass. A check that needs something hv may
 * legitimately not offer (its test interface, off unless hv's configuration
 * has test_hypercalls=on) calls check_skip() instead. The runner prints one
 * line per check,
 *     PASS <name>[ <detail>]  or  FAIL <name> <detail>  or  SKIP <name> <reason>
 * Every check must be able to fail: it tests something hv does, never
 * something that holds by construction.
 */
#ifndef TG_CHECKS_H
#define TG_CHECKS_H

#include "guest/testguest/tg.h"

#define CHECK_DETAIL_MAX 320

struct check_ctx {
	char detail[CHECK_DETAIL_MAX];
	bool skipped; /* set by check_skip(): neither passed nor failed */
};

/* check_fail: set the failure detail; returns false, for `return check_fail(...)`. */
bool check_fail(struct check_ctx *c, const char *fmt, ...) __printf(2, 3);

/* check_ok: set a note shown after PASS; returns true. */
bool check_ok(struct check_ctx *c, const char *fmt, ...) __printf(2, 3);

/*
 * check_skip: the check cannot run here (reason, e.g. "test interface off");
 * it counts as neither passed nor failed. Returns true; the runner looks at
 * the flag first.
 */
bool check_skip(struct check_ctx *c, const char *fmt, ...) __printf(2, 3);

struct check_counts {
	unsigned passed, failed, skipped;
};

/*
 * checks_run_all: run every check in order, print its line, and return the
 * counts. Needs serial output, the IDT (probes) and the guest's page tables.
 */
void checks_run_all(struct check_counts *counts);

/* checks_cpuid.c: CPUID view and the hypercall ABI. */
bool check_cpuid_hypervisor_bit(struct check_ctx *c);
bool check_cpuid_no_vmx(struct check_ctx *c);
bool check_cpuid_signature(struct check_ctx *c);
bool check_vmcall_version(struct check_ctx *c);
bool check_vmcall_echo(struct check_ctx *c);
bool check_vmcall_unknown(struct check_ctx *c);

/* checks_vmx.c: VMX hidden from the guest. */
bool check_vmx_insn_ud(struct check_ctx *c);
bool check_feature_control_hides_vmx(struct check_ctx *c);
bool check_vmx_msrs_gp(struct check_ctx *c);
bool check_feature_control_write_gp(struct check_ctx *c);
bool check_cr4_vmxe_hidden(struct check_ctx *c);

/* checks_memory.c: hv's own memory hidden from the guest. */
bool check_hv_memory_hidden(struct check_ctx *c);
bool check_hv_memory_e820(struct check_ctx *c);

/* checks_exits.c: exits that hv handles and counts. */
bool check_hlt_resume(struct check_ctx *c);
bool check_xsetbv(struct check_ctx *c);
bool check_invd(struct check_ctx *c);
bool check_cpuid_exit_counted(struct check_ctx *c);

/* checks_testdev.c: hv's virtual test device and the MMIO trap cache (test interface). */
bool check_mmio_cache_paths(struct check_ctx *c);
bool check_testdev_id(struct check_ctx *c);
bool check_testdev_echo(struct check_ctx *c);
bool check_testdev_move(struct check_ctx *c);
bool check_mmio_generation_wrap(struct check_ctx *c);

/* checks_ioapic.c: the I/O APIC, passed through (or traced) by hv. */
bool check_ioapic_version(struct check_ctx *c);

/* checks_mbec.c: EPT execute rights with and without MBEC, EPT write protection. */
bool check_mbec_matrix(struct check_ctx *c);
bool check_mbec_paging_off(struct check_ctx *c);
bool check_ept_write_protect(struct check_ctx *c);

#endif
