/* SPDX-License-Identifier: MIT */
/*
 * CPL 3 calls; the CPU side is ring3_entry.asm. Two 4 KiB pages get user aliases
 * (paging.c): the stub page holding INT 0x80, the return address every
 * function is given, and the user stack. A trap from CPL 3 arrives on the
 * TSS's RSP0 stack (gdt.c) through traps.asm; ring3_trap() turns its frame
 * into a CPL 0 return to ring3_resume (64-bit IRETQ to the same privilege
 * level still pops SS:RSP: Intel SDM Vol. 2A, IRET).
 */
#include "guest/testguest/ring3.h"

#include "guest/testguest/paging.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/string.h"
#include "guest/testguest/x86.h"

#define PAGE_4K 4096

extern uint64_t ring3_kernel_rsp;                     /* ring3_entry.asm */
extern const char ring3_iretq[], ring3_resume[];      /* ring3_entry.asm */
void ring3_enter(uint64_t rip, uint64_t rsp);         /* ring3_entry.asm */

/* INT 0x80 (CD ib); a JMP $ (EB FE) behind it in case it ever returned. */
static const uint8_t stub_bytes[] = { 0xCD, TG_VECTOR_USER_RETURN, 0xEB, 0xFE };

static uint8_t stub_page[PAGE_4K] __attribute__((aligned(PAGE_4K)));
static uint64_t stack_page[PAGE_4K / 8] __attribute__((aligned(PAGE_4K)));
static uint64_t stub_alias, stack_alias;
static struct ring3_exit last;
static volatile bool active;

static bool map_pages(void)
{
	if (stub_alias)
		return true;
	memcpy(stub_page, stub_bytes, sizeof(stub_bytes));
	stub_alias = paging_map_user_alias((uint64_t)stub_page);
	stack_alias = paging_map_user_alias((uint64_t)stack_page);
	return stub_alias && stack_alias;
}

bool ring3_call(uint64_t fn, struct ring3_exit *out)
{
	if (!map_pages())
		return false;
	/* The return address on top; RSP = 8 mod 16 at entry, as after a CALL. */
	stack_page[PAGE_4K / 8 - 1] = stub_alias;
	last = (struct ring3_exit){ 0 };
	active = true;
	ring3_enter(fn, stack_alias + PAGE_4K - 8);
	active = false;
	*out = last;
	return true;
}

bool ring3_trap(struct trap_frame *f)
{
	if (!active || ((f->cs & 3) != TG_RPL_USER && f->rip != (uint64_t)ring3_iretq))
		return false;
	last = (struct ring3_exit){
		.vector = f->vector,
		.error = f->error,
		.rip = f->rip,
		.cs = f->cs,
		.cr2 = f->vector == X86_VECTOR_PF ? read_cr2() : 0,
		.rax = f->rax,
	};
	active = false;
	f->rip = (uint64_t)ring3_resume;
	f->cs = TG_GDT_CODE64;
	f->rflags = 0x2; /* ring3_resume restores ring3_enter's own RFLAGS */
	f->rsp = ring3_kernel_rsp;
	f->ss = TG_GDT_DATA;
	return true;
}
