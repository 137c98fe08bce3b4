// SPDX-License-Identifier: MIT
/*
 * Port I/O exits: only the data and line-control registers of the UART hv
 * logs to (console=, COM1 by default; none with console=none or without a
 * UART) and the ACPI PM1a control port are trapped (I/O bitmaps A and B,
 * Intel SDM Vol. 3C, 25.6.4 "I/O-Bitmap Addresses"), so that hv and the
 * guest can share the serial console line by line. Every access
 * is performed on the real UART unchanged; hv only watches the bytes the
 * guest transmits to know when the guest is in the middle of a line, and
 * holds its own log lines until the guest's line is complete (vmm/log.c).
 * The UART's interrupts are the guest's: hv never injects one.
 * Exit qualification: SDM Vol. 3C, 28.2.1, Table 28-5.
 */
#include "vmm/exit.h"
#include "arch/x86/cpu.h"
#include "arch/x86/uart.h"
#include "lib/panic.h"
#include "mm/pmm.h"
#include "vmm/log.h"
#include "vmm/mmio.h"
#include "vmm/stats.h"

#define IOQ_SIZE GENMASK_ULL(2, 0)   /* access size - 1 */
#define IOQ_IN BIT_ULL(3)
#define IOQ_STRING BIT_ULL(4)
#define IOQ_PORT GENMASK_ULL(31, 16)

#define PM1_CNT_SLP_EN BIT_ULL(13) /* ACPI 6.5, 4.8.3.2.1 "PM1 Control Registers" */
#define PM1_CNT_SLP_TYP GENMASK_ULL(12, 10)

static bool guest_dlab; /* the guest set LCR.DLAB: port +0 is the divisor latch */
static u16 shared_port; /* the console UART's base port hv traps, 0 for none */

/* Bitmap A covers ports 0-0x7fff, B 0x8000-0xffff (SDM Vol. 3C, 25.6.4). */
static void intercept_port(struct vm *vm, u16 port)
{
	u8 *bitmap = port < 0x8000 ? vm->io_bitmap_a : vm->io_bitmap_b;
	u16 bit = port & 0x7fff;

	bitmap[bit / 8] |= (u8)(1u << (bit % 8));
}

/*
 * The guest enters an ACPI sleep state (S5 is power-off): say so with the
 * exit statistics before the write reaches the hardware, since nothing of
 * hv runs after it.
 */
static void watch_sleep(const struct vcpu *v, u32 value)
{
	if (!(value & PM1_CNT_SLP_EN))
		return;
	pr_info("vCPU %u: the guest enters ACPI sleep (SLP_TYP %llu): power-off or suspend", v->id,
		(unsigned long long)FIELD_GET(PM1_CNT_SLP_TYP, value));
	stats_report("exit statistics");
	mmio_report(v->vm);
	log_flush_held();
}

void exit_io_bitmap_init(struct vm *vm)
{
	vm->io_bitmap_a = pmm_alloc_page();
	vm->io_bitmap_b = pmm_alloc_page();
	if (!vm->io_bitmap_a || !vm->io_bitmap_b)
		panic("out of memory for the I/O bitmaps");
	shared_port = log_console_port();
	if (shared_port) {
		intercept_port(vm, shared_port + UART_THR);
		intercept_port(vm, shared_port + UART_LCR);
	}
	if (vm->pm1a_control_port)
		intercept_port(vm, vm->pm1a_control_port);
}

static u32 port_in(u16 port, unsigned int size)
{
	u32 v;

	if (size == 1)
		asm volatile("inb %1, %b0" : "=a"(v) : "Nd"(port));
	else if (size == 2)
		asm volatile("inw %1, %w0" : "=a"(v) : "Nd"(port));
	else
		asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return size == 1 ? v & 0xff : size == 2 ? v & 0xffff : v;
}

static void port_out(u16 port, unsigned int size, u32 v)
{
	if (size == 1)
		asm volatile("outb %b0, %1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		asm volatile("outw %w0, %1" : : "a"(v), "Nd"(port));
	else
		asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static void watch_out(u16 port, u32 v)
{
	if (!shared_port)
		return;
	if (port == shared_port + UART_LCR)
		guest_dlab = v & UART_LCR_DLAB;
	else if (port == shared_port + UART_THR && !guest_dlab)
		log_guest_console_byte((char)v);
}

enum exit_action exit_io(struct vcpu *v)
{
	u64 q = v->exit.qualification;
	u16 port = (u16)FIELD_GET(IOQ_PORT, q);
	unsigned int size = (unsigned int)FIELD_GET(IOQ_SIZE, q) + 1;
	u64 *rax = &v->regs.gpr[REG_RAX];

	if (q & IOQ_STRING) {
		vcpu_report_stop(v, "string I/O to the shared serial port is not emulated");
		return EXIT_STOP;
	}
	if (q & IOQ_IN) {
		u64 mask = size == 4 ? 0xffffffffULL : (1ULL << (size * 8)) - 1;
		u64 val = port_in(port, size);

		/* A 32-bit IN zero-extends into RAX; 8/16-bit ones merge (SDM Vol. 2A, IN). */
		*rax = size == 4 ? val : (*rax & ~mask) | val;
	} else {
		if (port == v->vm->pm1a_control_port && size >= 2)
			watch_sleep(v, (u32)*rax);
		port_out(port, size, (u32)*rax);
		if (size == 1) /* after the byte is in the UART: hv's held lines follow it */
			watch_out(port, (u32)*rax & 0xff);
	}
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
