/* SPDX-License-Identifier: MIT */
/* The cross-CPU EPT flush check (ept_remote.h). */
#include "guest/testguest/ept_remote.h"

#include "guest/testguest/apic.h"
#include "guest/testguest/checks.h"
#include "guest/testguest/print.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/x86.h"
#include "vmm/hypercall.h"

#define CODE_PAGE 0x72000UL    /* the other CPUs start here (SIPI vector 0x72) */
#define WRITE_PAGE 0x73000UL   /* and increment the word here, forever */
#define WAIT_TICKS 50000000ULL /* 1 s at Bochs' 50 MHz TSC */

static void wait_ticks(uint64_t ticks)
{
	uint64_t end = rdtsc() + ticks;

	while (rdtsc() < end)
		__asm__ volatile("pause");
}

/* Wait (bounded) until the word at WRITE_PAGE moves: the other CPU writes it. */
static bool counter_moves(void)
{
	volatile uint16_t *counter = (volatile uint16_t *)WRITE_PAGE;
	uint16_t first = *counter;
	uint64_t end = rdtsc() + WAIT_TICKS;

	while (rdtsc() < end)
		if (*counter != first)
			return true;
	return false;
}

void ept_remote_check(void)
{
	/* mov ax, 0x7300; mov ds, ax; l: inc word [0]; jmp l */
	static const uint8_t code[] = { 0xb8, 0x00, 0x73, 0x8e, 0xd8, 0xff, 0x06, 0x00, 0x00,
					0xeb, 0xfa };
	volatile uint8_t *page = (volatile uint8_t *)CODE_PAGE;
	struct check_ctx c = { .detail = "" };
	struct testdev_info d;
	struct ept_last before, after;
	char why[CHECK_DETAIL_MAX];
	uint64_t end;

	if (testif_get(&c, &d) != TESTIF_ON || !apic_init(why, sizeof(why))) {
		tg_printf("SKIP ept_flush_remote %s\n",
			  c.detail[0] ? c.detail : "no test interface or no APIC");
		return;
	}
	for (size_t i = 0; i < sizeof(code); i++)
		page[i] = code[i];
	*(volatile uint16_t *)WRITE_PAGE = 0;
	apic_ipi_others(-1);
	wait_ticks(WAIT_TICKS / 100);
	apic_ipi_others((int)(CODE_PAGE >> 12));
	wait_ticks(WAIT_TICKS / 1000);
	apic_ipi_others((int)(CODE_PAGE >> 12));
	if (!counter_moves()) {
		tg_printf("SKIP ept_flush_remote no other CPU runs the loop\n");
		return;
	}
	if (!testif_ept_last(&c, &before) || !testif_ept_watch(&c, WRITE_PAGE, HC_PERM_R)) {
		tg_printf("FAIL ept_flush_remote %s\n", c.detail);
		return;
	}
	end = rdtsc() + WAIT_TICKS;
	do {
		if (!testif_ept_last(&c, &after)) {
			tg_printf("FAIL ept_flush_remote %s\n", c.detail);
			return;
		}
	} while (after.violations == before.violations && rdtsc() < end);
	if (after.violations == before.violations)
		tg_printf("FAIL ept_flush_remote the other CPU kept writing GPA 0x%lx for 1 s after "
			  "hv took write rights from it (no EPT violation)\n", WRITE_PAGE);
	else if (after.gpa != WRITE_PAGE)
		tg_printf("FAIL ept_flush_remote violation at GPA 0x%lx, want 0x%lx\n", after.gpa,
			  WRITE_PAGE);
	else
		tg_printf("PASS ept_flush_remote the other CPU's next write faulted "
			  "(qualification 0x%lx)\n", after.qualification);
}
