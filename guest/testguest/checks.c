/* SPDX-License-Identifier: MIT */
/*
 * The check runner: the ordered list of checks, the PASS/FAIL/SKIP lines and
 * the counts. The order puts the cheap, side-effect-free checks first and the
 * ones that touch interrupts and hv's memory last; of the test-interface
 * checks, mmio_cache_paths comes first because it needs the test device's
 * page untouched (its first access must take the slow path).
 */
#include "guest/testguest/checks.h"

#include <stdarg.h>

#include "guest/testguest/print.h"

struct check {
	const char *name;
	bool (*run)(struct check_ctx *c);
};

static const struct check checks[] = {
	{ "cpuid_hypervisor_bit", check_cpuid_hypervisor_bit },
	{ "cpuid_no_vmx", check_cpuid_no_vmx },
	{ "cpuid_signature", check_cpuid_signature },
	{ "vmcall_version", check_vmcall_version },
	{ "vmcall_echo", check_vmcall_echo },
	{ "vmcall_unknown", check_vmcall_unknown },
	{ "vmx_insn_ud", check_vmx_insn_ud },
	{ "feature_control_hides_vmx", check_feature_control_hides_vmx },
	{ "vmx_msrs_gp", check_vmx_msrs_gp },
	{ "feature_control_write_gp", check_feature_control_write_gp },
	{ "cr4_vmxe_hidden", check_cr4_vmxe_hidden },
	{ "hv_memory_hidden", check_hv_memory_hidden },
	{ "hv_memory_e820", check_hv_memory_e820 },
	{ "hlt_resume", check_hlt_resume },
	{ "xsetbv", check_xsetbv },
	{ "invd", check_invd },
	{ "cpuid_exit_counted", check_cpuid_exit_counted },
	{ "ioapic_version", check_ioapic_version },
	{ "mmio_cache_paths", check_mmio_cache_paths },
	{ "testdev_id", check_testdev_id },
	{ "testdev_echo", check_testdev_echo },
	{ "testdev_move", check_testdev_move },
	{ "mmio_generation_wrap", check_mmio_generation_wrap },
	{ "mbec_matrix", check_mbec_matrix },
	{ "mbec_paging_off", check_mbec_paging_off },
	{ "ept_write_protect", check_ept_write_protect },
};

bool check_fail(struct check_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return false;
}

bool check_ok(struct check_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return true;
}

bool check_skip(struct check_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	c->skipped = true;
	return true;
}

void checks_run_all(struct check_counts *n)
{
	*n = (struct check_counts){ 0 };
	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		struct check_ctx c = { .detail = "" };
		bool ok = checks[i].run(&c);

		if (c.skipped) {
			n->skipped++;
			tg_printf("SKIP %s %s\n", checks[i].name, c.detail);
		} else if (ok) {
			n->passed++;
			tg_printf("PASS %s%s%s\n", checks[i].name, c.detail[0] ? " " : "",
				  c.detail);
		} else {
			n->failed++;
			tg_printf("FAIL %s %s\n", checks[i].name,
				  c.detail[0] ? c.detail : "(no detail)");
		}
	}
}
