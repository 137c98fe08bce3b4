// SPDX-License-Identifier: MIT
/*
 * Emulating the guest instruction behind an MMIO trap (see mmio_emulate.h).
 * The instruction bytes and the guest's page tables are read only from guest
 * RAM (never from hv memory or an MMIO region: a fetch from there is
 * refused, which is how an instruction fetch from hv memory is caught on the
 * fast path, where the exit qualification says nothing).
 */
#include "vmm/mmio_emulate.h"
#include "arch/x86/cpu.h"
#include "arch/x86/insn.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/guest_walk.h"
#include "vmm/guest_mem.h"
#include "vmm/log.h"


static enum cpu_mode guest_mode(u64 cr0, u64 efer)
{
	u64 cs_ar = vmcs_read(VMCS_GUEST_CS_AR);

	if (!(cr0 & CR0_PE) || (vmcs_read(VMCS_GUEST_RFLAGS) & RFLAGS_VM))
		return CPU_MODE_16;
	if ((efer & EFER_LMA) && (cs_ar & AR_L))
		return CPU_MODE_64;
	return cs_ar & AR_DB ? CPU_MODE_32 : CPU_MODE_16;
}

static unsigned int user_access(void)
{
	return vcpu_cpl() == 3 ? WALK_USER : 0;
}

static void read_segment_bases(u64 base[SEG_COUNT])
{
	/* enum insn_seg and the VMCS base fields share the ES, CS, SS, DS, FS, GS order. */
	for (int s = 0; s < SEG_COUNT; s++)
		base[s] = vmcs_read(VMCS_GUEST_ES_BASE + 2 * s);
}

static enum exit_action refuse(struct vcpu *v, const char *why, const u8 *bytes, size_t n)
{
	char hex[3 * INSN_MAX_LEN + 1];

	insn_format_bytes(bytes, n, hex, sizeof(hex));
	pr_err("cannot emulate MMIO access at RIP 0x%llx: %s; bytes: %s",
	       (unsigned long long)v->exit.guest_rip, why, n ? hex : "(none)");
	vcpu_report_stop(v, "MMIO access hv does not emulate");
	return EXIT_STOP;
}

/* Fetch up to INSN_MAX_LEN bytes at CS:RIP; returns how many could be read. */
static size_t fetch(struct vcpu *v, const struct guest_walk_ctx *c, const u64 seg[SEG_COUNT],
		    enum cpu_mode mode, u8 *bytes)
{
	gva_t rip = v->exit.guest_rip + (mode == CPU_MODE_64 ? 0 : seg[SEG_CS]);
	size_t n = INSN_MAX_LEN;
	u64 pf;

	if (mode != CPU_MODE_64)
		rip &= 0xffffffffULL;
	/* Shrink to what is readable (the instruction may end before an unmapped page). */
	while (n && guest_read_linear(c, rip, bytes, n, WALK_FETCH | user_access(), &pf))
		n = n > PAGE_SIZE - (rip & (PAGE_SIZE - 1)) ? PAGE_SIZE - (rip & (PAGE_SIZE - 1)) : 0;
	return n;
}

/* The guest-physical address the decoded operand accesses, or ~0 on a walk fault. */
static gpa_t operand_gpa(struct vcpu *v, const struct guest_walk_ctx *c, const struct insn *in,
			 const u64 seg[SEG_COUNT])
{
	gva_t la = insn_linear_address(in, v->regs.gpr, v->exit.guest_rip + in->len, seg);
	struct guest_walk_result res;
	unsigned int access = user_access() | (in->kind == INSN_LOAD ? 0 : WALK_WRITE);

	if (guest_walk(c, la, access, &res))
		return ~0ULL;
	return res.gpa;
}

static void do_access(struct vcpu *v, struct mmio_region *r, const struct insn *in, gpa_t gpa)
{
	if (in->kind == INSN_LOAD) {
		insn_complete_load(in, v->regs.gpr, r->ops->read(r->opaque, gpa, in->access_size));
		if (in->reg == REG_RSP && !in->reg_high8)
			vmcs_write(VMCS_GUEST_RSP, v->regs.gpr[REG_RSP]);
	} else {
		r->ops->write(r->opaque, gpa, in->access_size, insn_store_value(in, v->regs.gpr));
	}
}

enum exit_action mmio_emulate(struct vcpu *v, struct mmio_region *r, gpa_t gpa)
{
	struct guest_walk_ctx c;
	u64 seg[SEG_COUNT];
	u8 bytes[INSN_MAX_LEN];
	enum cpu_mode mode;
	struct insn in;
	char why[96];
	gpa_t at;
	size_t n;

	guest_mem_walk_context(v, &c);
	mode = guest_mode(c.cr0, c.efer);
	read_segment_bases(seg);
	n = fetch(v, &c, seg, mode, bytes);
	if (!n)
		return refuse(v, "the instruction cannot be read from guest RAM "
				 "(hv memory, MMIO or unmapped)", bytes, 0);
	v->regs.gpr[REG_RSP] = vmcs_read(VMCS_GUEST_RSP);
	if (insn_decode(bytes, n, mode, &in, why, sizeof(why)))
		return refuse(v, why, bytes, n);
	at = operand_gpa(v, &c, &in, seg);
	if (ALIGN_DOWN(at, PAGE_SIZE) != ALIGN_DOWN(gpa, PAGE_SIZE) ||
	    (at & (PAGE_SIZE - 1)) + in.access_size > PAGE_SIZE)
		return refuse(v, "its memory operand is not the trapped address", bytes, in.len);
	do_access(v, r, &in, at);
	v->exit.instruction_len = in.len; /* the decoder's length, not the exit field's */
	vcpu_skip_instruction(v);
	return EXIT_RESUME;
}
