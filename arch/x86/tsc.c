// SPDX-License-Identifier: MIT
/*
 * TSC calibration against the 8254 PIT's channel 2, gated through port 0x61
 * (Intel 8254 data sheet, "Programmable Interval Timer"; the PC's port 0x61
 * gate/output bits as in the IBM PC/AT technical reference). Under Bochs with
 * `clock: sync=none` both follow executed instructions, so the rate is
 * repeatable there.
 */
#include "arch/x86/tsc.h"
#include "arch/x86/cpu.h"

#define PIT_HZ 1193182ULL
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE_PORT 0x61
#define PIT_GATE_CH2 0x01
#define PIT_SPEAKER 0x02
#define PIT_OUT2 0x20
#define PIT_CMD_CH2_LOHI_MODE0 0xb0
#define CALIBRATE_PIT_TICKS 11932 /* ~10 ms */

static u64 tsc_rate;

u64 tsc_calibrate(void)
{
	u8 gate = inb(PIT_GATE_PORT);
	u64 start, end;
	u32 spins = 0;

	outb(PIT_GATE_PORT, (gate & ~PIT_SPEAKER) & ~PIT_GATE_CH2);
	outb(PIT_CMD, PIT_CMD_CH2_LOHI_MODE0);
	outb(PIT_CH2, CALIBRATE_PIT_TICKS & 0xff);
	outb(PIT_CH2, CALIBRATE_PIT_TICKS >> 8);
	outb(PIT_GATE_PORT, (gate & ~PIT_SPEAKER) | PIT_GATE_CH2);
	start = rdtsc();
	while (!(inb(PIT_GATE_PORT) & PIT_OUT2) && ++spins < 50000000)
		;
	end = rdtsc();
	outb(PIT_GATE_PORT, gate);
	if (spins >= 50000000 || end <= start)
		tsc_rate = 1000000000ULL; /* no PIT: assume 1 GHz */
	else
		tsc_rate = (end - start) * PIT_HZ / CALIBRATE_PIT_TICKS;
	return tsc_rate;
}

u64 tsc_hz(void)
{
	return tsc_rate;
}
