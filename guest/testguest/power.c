/* SPDX-License-Identifier: MIT */
/*
 * Power-off for the test guest, in this order:
 *   1. "Shutdown" written byte by byte to port 0x8900: Bochs' shutdown port.
 *   2. 0x31 to port 0xf4: QEMU's isa-debug-exit (iobase 0xf4), which exits
 *      with status (0x31 << 1) | 1 = 99, so a QEMU run ends deterministically.
 *   3. ACPI soft-off, SLP_TYP = 0 (S5 in these firmwares' tables) with SLP_EN
 *      (bit 13) written to PM1a_CNT: 0xb004 for Bochs' legacy BIOS (PIIX4 PM),
 *      0x604 for QEMU's firmware on i440fx and q35.
 *   4. cli; hlt forever.
 * PM1 control register layout: ACPI 6.5, 4.8.3.2.1 "PM1 Control Registers".
 */
#include "guest/testguest/power.h"

#include "guest/testguest/print.h"
#include "guest/testguest/serial.h"
#include "guest/testguest/x86.h"

#define BOCHS_SHUTDOWN_PORT 0x8900
#define QEMU_DEBUG_EXIT_PORT 0xF4
#define QEMU_DEBUG_EXIT_CODE 0x31
#define ACPI_PM1_CNT_BOCHS 0xB004
#define ACPI_PM1_CNT_QEMU 0x604
#define ACPI_PM1_CNT_SLP_EN BIT(13)

void power_off(void)
{
	tg_printf("testguest: power off\n");
	serial_flush();
	for (const char *p = "Shutdown"; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
	outb(QEMU_DEBUG_EXIT_PORT, QEMU_DEBUG_EXIT_CODE);
	outw(ACPI_PM1_CNT_BOCHS, ACPI_PM1_CNT_SLP_EN);
	outw(ACPI_PM1_CNT_QEMU, ACPI_PM1_CNT_SLP_EN);
	cpu_halt_forever();
	__builtin_unreachable();
}
