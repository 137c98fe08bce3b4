/* SPDX-License-Identifier: MIT */
/*
 * The test guest's start-up and run, in order. It prints, on COM1:
 *     testguest: start (<32|64>-bit entry, zero page 0x...)
 *     testguest: cmdline '<command line>'
 *     testguest: causing a triple fault                (command line has "triple_fault";
 *                                                       nothing follows)
 *     testguest: unsupported MMIO instruction now      (command line has "mmio_unsupported"
 *                                                       and the test interface is on;
 *                                                       hv must stop the guest here)
 *     PASS <name>[ <note>] | FAIL <name> <detail> | SKIP <name> <reason>  (one per check)
 *     testguest: <N> passed, <M> failed, <K> skipped
 *     BENCH cpuid_exit_ticks ...                       (command line has "bench")
 *     BENCH mmio_fast_ticks ..., mmio_slow_ticks ..., mmio_slow_fast_ratio ...
 *     testguest: INIT-SIPI-SIPI to the other CPUs: <none started|a CPU started>
 *                                                      (command line has "init_sipi_others")
 *     PASS|FAIL|SKIP ept_flush_remote ...              (command line has "ept_remote")
 *     testguest: power off
 */
#include "guest/testguest/main.h"

#include "guest/testguest/apic.h"
#include "guest/testguest/bench.h"
#include "guest/testguest/bootparams.h"
#include "guest/testguest/checks.h"
#include "guest/testguest/ept_remote.h"
#include "guest/testguest/gdt.h"
#include "guest/testguest/idt.h"
#include "guest/testguest/mmio_forms.h"
#include "guest/testguest/paging.h"
#include "guest/testguest/pic.h"
#include "guest/testguest/power.h"
#include "guest/testguest/print.h"
#include "guest/testguest/serial.h"
#include "guest/testguest/string.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/x86.h"

#define SIPI_PAGE 0x70000ULL /* low RAM the guest owns (OVMF and BIOS maps alike) */
#define SIPI_MARK 0x100
#define SIPI_WAIT_TICKS 1000000ULL /* 20 ms at Bochs' 50 MHz TSC */

static void tsc_wait(uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks;

	while (rdtsc() < end)
		__asm__ volatile("pause");
}

/*
 * The bare-metal way to start the other CPUs, aimed at all of them: INIT,
 * SIPI, SIPI to a page whose real-mode code marks the page and halts
 * (mov byte [cs:SIPI_MARK], 0x5a; cli; hlt; jmp back to hlt). Prints
 * whether any CPU ran it: one that hv parks in VMX root must not.
 */
static void init_sipi_others(void)
{
	static const uint8_t code[] = { 0x2e, 0xc6, 0x06, SIPI_MARK & 0xff, SIPI_MARK >> 8, 0x5a,
					0xfa, 0xf4, 0xeb, 0xfd };
	volatile uint8_t *page = (volatile uint8_t *)SIPI_PAGE;
	char why[CHECK_DETAIL_MAX];

	for (size_t i = 0; i < sizeof(code); i++)
		page[i] = code[i];
	page[SIPI_MARK] = 0;
	if (page[0] != code[0] || !apic_init(why, sizeof(why))) {
		tg_printf("testguest: INIT-SIPI-SIPI not sent: %s\n",
			  page[0] != code[0] ? "page 0x70000 is not writable RAM" : why);
		return;
	}
	apic_ipi_others(-1);
	tsc_wait(SIPI_WAIT_TICKS / 2);
	apic_ipi_others((int)(SIPI_PAGE >> 12));
	tsc_wait(SIPI_WAIT_TICKS / 100);
	apic_ipi_others((int)(SIPI_PAGE >> 12));
	tsc_wait(SIPI_WAIT_TICKS * 5);
	tg_printf("testguest: INIT-SIPI-SIPI to the other CPUs: %s\n",
		  page[SIPI_MARK] == 0x5a ? "a CPU started" : "none started");
}

/*
 * An MMIO access hv must refuse to emulate (ADD to the test device): hv
 * stops the guest, so this returns only if the interface is off or hv let
 * the instruction through, which is a failure.
 */
static void mmio_unsupported(void)
{
	struct check_ctx c = { .detail = "" };
	struct testdev_info d;

	if (testif_get(&c, &d) != TESTIF_ON) {
		testif_verdict(&c);
		tg_printf("SKIP mmio_unsupported %s\n", c.detail[0] ? c.detail : "(no detail)");
		return;
	}
	tg_printf("testguest: unsupported MMIO instruction now\n");
	tg_mmio_unsupported(d.base);
	tg_printf("FAIL mmio_unsupported hv ran 'add dword [testdev+0x100], 1' instead of "
		  "stopping the guest\n");
}

void tg_main(const void *zero_page, unsigned entry_bits)
{
	struct check_counts n;

	/* 1. Copy the zero page and command line: they may lie outside our map. */
	bootparams_save(zero_page);
	/* 2. Own page tables: identity 0..4 GiB with 2 MiB pages. */
	paging_init();
	/* 3. Serial output, then the GDT with user segments and TSS, then exceptions. */
	serial_init();
	gdt_init();
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
	/* 6. On request, an MMIO access hv must refuse: hv stops the guest. */
	if (str_has_word(bootparams_cmdline(), "mmio_unsupported"))
		mmio_unsupported();
	checks_run_all(&n);
	/* Not "N passed, M failed" alone: that line belongs to the test harness. */
	tg_printf("testguest: %u passed, %u failed, %u skipped\n", n.passed, n.failed, n.skipped);
	if (str_has_word(bootparams_cmdline(), "init_sipi_others"))
		init_sipi_others();
	if (str_has_word(bootparams_cmdline(), "ept_remote"))
		ept_remote_check();
	if (str_has_word(bootparams_cmdline(), "bench")) {
		bench_cpuid_exit();
		bench_mmio();
	}
	power_off();
}
