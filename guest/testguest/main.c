/* SPDX-License-Identifier: MIT */
/*
 * The test guest's start-up and run, in order. It prints, on COM1:
 *     testguest: start (<32|64>-bit entry, zero page 0x...)
 *     testguest: cmdline '<command line>'
 *     testguest: causing a triple fault                (command line has "triple_fault";
 *                                                       nothing follows)
 *     PASS <name>[ <note>] | FAIL <name> <detail> | SKIP <name> <reason>  (one per check)
 *     testguest: <N> passed, <M> failed, <K> skipped
 *     BENCH cpuid_exit_ticks ...                       (command line has "bench")
 *     testguest: power off
 */
#include "guest/testguest/main.h"

#include "guest/testguest/bench.h"
#include "guest/testguest/bootparams.h"
#include "guest/testguest/checks.h"
#include "guest/testguest/idt.h"
#include "guest/testguest/paging.h"
#include "guest/testguest/pic.h"
#include "guest/testguest/power.h"
#include "guest/testguest/print.h"
#include "guest/testguest/serial.h"
#include "guest/testguest/string.h"

void tg_main(const void *zero_page, unsigned entry_bits)
{
	struct check_counts n;

	/* 1. Copy the zero page and command line: they may lie outside our map. */
	bootparams_save(zero_page);
	/* 2. Own page tables: identity 0..4 GiB with 2 MiB pages. */
	paging_init();
	/* 3. Serial output, then exceptions (reported on serial). */
	serial_init();
	idt_init();
	/* 4. No 8259 interrupts, ever: only the APIC timer is used. */
	pic_disable();

	tg_printf("testguest: start (%u-bit entry, zero page 0x%lx)\n", entry_bits,
		  (uint64_t)zero_page);
	tg_printf("testguest: cmdline '%s'\n", bootparams_cmdline());
	/* 5. On request, end here the hard way: hv must catch the triple fault. */
	if (str_has_word(bootparams_cmdline(), "triple_fault")) {
		tg_printf("testguest: causing a triple fault\n");
		idt_triple_fault();
	}
	checks_run_all(&n);
	/* Not "N passed, M failed" alone: that line belongs to the test harness. */
	tg_printf("testguest: %u passed, %u failed, %u skipped\n", n.passed, n.failed, n.skipped);
	if (str_has_word(bootparams_cmdline(), "bench"))
		bench_cpuid_exit();
	power_off();
}
