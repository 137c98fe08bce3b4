// SPDX-License-Identifier: MIT
/* Platform reset; see reset.h. Each method is tried in turn. */
#include "arch/x86/reset.h"
#include "arch/x86/cpu.h"

#define RESET_CONTROL_PORT 0xcf9
#define RST_SYS_RST 0x02
#define RST_RST_CPU 0x04
#define RST_FULL_RST 0x08
#define KBC_STATUS_PORT 0x64
#define KBC_INPUT_FULL 0x02
#define KBC_PULSE_RESET 0xfe

static void settle(void)
{
	for (int i = 0; i < 100000; i++)
		cpu_relax();
}

void platform_reset(void)
{
	struct desc_ptr no_idt = { 0, 0 };

	irq_disable();
	outb(RESET_CONTROL_PORT, RST_SYS_RST | RST_FULL_RST);
	outb(RESET_CONTROL_PORT, RST_SYS_RST | RST_RST_CPU | RST_FULL_RST);
	settle();
	for (int i = 0; i < 100000 && (inb(KBC_STATUS_PORT) & KBC_INPUT_FULL); i++)
		cpu_relax();
	outb(KBC_STATUS_PORT, KBC_PULSE_RESET);
	settle();
	lidt(&no_idt);
	asm volatile("int3");
	cpu_park();
}
