// SPDX-License-Identifier: MIT
/*
 * Differential test of arch/x86/insn_decode.c against Capstone 4 (a host
 * program, not cmocka). It generates random byte strings biased towards the
 * forms hv accepts (0-3 legacy prefixes, a REX in 64-bit mode, an opcode
 * from the supported set or any byte, then random ModR/M, SIB, displacement
 * and immediate bytes), in 16-, 32- and 64-bit mode, and decodes each with
 * both. When hv accepts, Capstone must decode the same length, mnemonic,
 * memory operand (base, index, scale, displacement, segment), access size,
 * direction, register operand and immediate. When hv refuses, Capstone must
 * refuse too or decode something outside the supported set (another
 * instruction, a register operand, a LOCK/REP prefix). Capstone 4 is not
 * an oracle everywhere: each place where it is excused is marked ALLOWANCE
 * with an example, and counted in the summary. Usage: diff_insn [N [SEED]]
 * (N strings, spread over the three modes; SEED defaults to the time and is
 * printed); exits 1 on any mismatch, printing the first 20 in full. One file
 * of about 600 lines, over the usual size, so that the test stands alone.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "arch/x86/insn.h"
#include "lib/errno.h"

#define DEFAULT_N 2000000UL
#define MAX_SHOWN 20

/* ---- random byte strings ---- */

static u64 rng_state;

/* splitmix64: small, good enough, and the same sequence on every host. */
static u64 rng_next(void)
{
	u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(rng_next() % n);
}

static const u8 gen_prefixes[] = { 0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65,
				   0xf0, 0xf2, 0xf3 };
static const u8 gen_opcodes[] = { 0x88, 0x89, 0x8a, 0x8b, 0xc6, 0xc7,
				  0xa0, 0xa1, 0xa2, 0xa3, 0x0f };
static const u8 gen_opcodes_0f[] = { 0xb6, 0xb7, 0xbe, 0xbf };

/*
 * A legacy prefix: LOCK/REP (always refused) one time in sixteen; in 64-bit
 * mode, one time in sixteen a REX in the middle of the prefixes, which a
 * later legacy prefix cancels.
 */
static u8 gen_prefix(enum cpu_mode mode)
{
	unsigned int r = rng_below(16);

	if (r == 0)
		return gen_prefixes[8 + rng_below(3)];
	if (r == 1 && mode == CPU_MODE_64)
		return (u8)(0x40 | rng_below(16));
	return gen_prefixes[rng_below(8)];
}

/*
 * Fill b[0..INSN_MAX_LEN) with random bytes, then write over the front:
 * 0-3 prefixes (now and then up to 13, to reach the length limit), a REX
 * (64-bit mode, half the time), an opcode (supported seven times in eight),
 * and a ModR/M byte biased to a memory form and, for C6/C7, to /0.
 */
static void gen_insn(enum cpu_mode mode, u8 *b)
{
	unsigned int n = 0, k, np = rng_below(32) ? rng_below(4) : 4 + rng_below(10);
	u8 op;

	for (k = 0; k < INSN_MAX_LEN; k += 8) {
		u64 r = rng_next();

		memcpy(b + k, &r, MIN(8u, INSN_MAX_LEN - k));
	}
	for (k = 0; k < np; k++)
		b[n++] = gen_prefix(mode);
	if (mode == CPU_MODE_64 && rng_below(2))
		b[n++] = (u8)(0x40 | rng_below(16));
	op = rng_below(8) ? gen_opcodes[rng_below(sizeof(gen_opcodes))] : (u8)rng_next();
	b[n++] = op;
	if (n >= INSN_MAX_LEN)
		return;
	if (op == 0x0f && rng_below(8))
		b[n++] = gen_opcodes_0f[rng_below(sizeof(gen_opcodes_0f))];
	if (n >= INSN_MAX_LEN)
		return;
	if (rng_below(8) && (b[n] & 0xc0) == 0xc0)
		b[n] &= 0x3f | (u8)(rng_below(3) << 6);
	if ((op == 0xc6 || op == 0xc7) && rng_below(4))
		b[n] &= 0xc7;
}

/* ---- Capstone registers in hv's numbering ---- */

struct cs_gpr {
	s8 num;     /* enum insn_gpr (0..3 for AH..BH), -1: not a general-purpose register */
	u8 size;    /* bytes */
	bool high8; /* AH, CH, DH, BH */
};

static struct cs_gpr gpr_of[X86_REG_ENDING];

static void map_regs(const x86_reg *regs, unsigned int n, u8 size, bool high8)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		gpr_of[regs[k]] = (struct cs_gpr){ .num = (s8)k, .size = size, .high8 = high8 };
}

static void init_gpr_map(void)
{
	static const x86_reg q[16] = { X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX,
		X86_REG_RSP, X86_REG_RBP, X86_REG_RSI, X86_REG_RDI, X86_REG_R8, X86_REG_R9,
		X86_REG_R10, X86_REG_R11, X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15 };
	static const x86_reg d[16] = { X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX,
		X86_REG_ESP, X86_REG_EBP, X86_REG_ESI, X86_REG_EDI, X86_REG_R8D, X86_REG_R9D,
		X86_REG_R10D, X86_REG_R11D, X86_REG_R12D, X86_REG_R13D, X86_REG_R14D,
		X86_REG_R15D };
	static const x86_reg w[16] = { X86_REG_AX, X86_REG_CX, X86_REG_DX, X86_REG_BX,
		X86_REG_SP, X86_REG_BP, X86_REG_SI, X86_REG_DI, X86_REG_R8W, X86_REG_R9W,
		X86_REG_R10W, X86_REG_R11W, X86_REG_R12W, X86_REG_R13W, X86_REG_R14W,
		X86_REG_R15W };
	static const x86_reg b[16] = { X86_REG_AL, X86_REG_CL, X86_REG_DL, X86_REG_BL,
		X86_REG_SPL, X86_REG_BPL, X86_REG_SIL, X86_REG_DIL, X86_REG_R8B, X86_REG_R9B,
		X86_REG_R10B, X86_REG_R11B, X86_REG_R12B, X86_REG_R13B, X86_REG_R14B,
		X86_REG_R15B };
	static const x86_reg h[4] = { X86_REG_AH, X86_REG_CH, X86_REG_DH, X86_REG_BH };
	unsigned int k;

	for (k = 0; k < X86_REG_ENDING; k++)
		gpr_of[k].num = -1;
	map_regs(q, 16, 8, false);
	map_regs(d, 16, 4, false);
	map_regs(w, 16, 2, false);
	map_regs(b, 16, 1, false);
	map_regs(h, 4, 1, true);
}

static struct cs_gpr cs_gpr(x86_reg r)
{
	return (unsigned int)r < X86_REG_ENDING ? gpr_of[r] : (struct cs_gpr){ .num = -1 };
}

/* ---- what the raw prefixes say (Capstone 4's detail does not give their order) ---- */

struct raw_prefixes {
	bool lock_rep;   /* an F0, F2 or F3 before the opcode */
	int last_fs_gs;  /* enum insn_seg of the last 64/65, or -1 */
};

static bool is_legacy_prefix(u8 b)
{
	return memchr(gen_prefixes, b, sizeof(gen_prefixes)) != NULL;
}

static struct raw_prefixes scan_prefixes(enum cpu_mode mode, const u8 *b, size_t n)
{
	struct raw_prefixes p = { .last_fs_gs = -1 };
	size_t k;

	for (k = 0; k < n; k++) {
		if (mode == CPU_MODE_64 && (b[k] & 0xf0) == 0x40)
			continue;
		if (!is_legacy_prefix(b[k]))
			break;
		if (b[k] == 0xf0 || b[k] == 0xf2 || b[k] == 0xf3)
			p.lock_rep = true;
		if (b[k] == 0x64 || b[k] == 0x65)
			p.last_fs_gs = b[k] == 0x64 ? SEG_FS : SEG_GS;
	}
	return p;
}

/* ---- results ---- */

enum allowance {
	ALLOW_SEG64,      /* Capstone reports ES/CS/SS/DS in 64-bit mode */
	ALLOW_SEG64_FSGS, /* ... and lets it beat an earlier FS/GS */
	ALLOW_MOFFS32,    /* 64-bit 67 A0-A3 named "mov", not "movabs" */
	ALLOW_COUNT,
};

static const char *const allowance_names[ALLOW_COUNT] = {
	[ALLOW_SEG64] = "64-bit ES/CS/SS/DS override reported by Capstone, ignored by hv",
	[ALLOW_SEG64_FSGS] = "64-bit ES/CS/SS/DS after FS/GS: Capstone says the null one",
	[ALLOW_MOFFS32] = "64-bit 67 A0-A3 (moffs32) named mov, not movabs",
};

/*
 * Checked against Capstone 4.0.2 and needing no allowance (each agrees with
 * hv in every run): redundant and repeated prefixes ("2e 26 89 03" is es:);
 * REX then 66 ("48 66 89 03" is mov word ptr [rbx], ax: the REX is
 * cancelled) and 66 then REX.W ("66 48 89 03" is qword); two REX ("48 44
 * 89 03": the last counts); 67 with RIP-relative in 64-bit mode ("67 89 15
 * 20 00 00 00" has base EIP); moffs widths with 67 in every mode; the disp16
 * of 16-bit forms (Capstone sign-extends it; compared wrapped anyway); C6 F8
 * and C7 F8 (xabort, xbegin: other mnemonics, so outside the supported set).
 */
struct stats {
	unsigned long tried, accepted, agreed, refused, both_refused, outside_set, mismatches;
	unsigned long allowed[ALLOW_COUNT];
};

static struct stats st;

static const char *const mode_names[] = { "16-bit", "32-bit", "64-bit" };

/* Why the current string mismatched; set by the checks below. */
static char why[256];

static bool mismatch(const char *fmt, ...) __printf(1, 2);
static bool mismatch(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return false;
}

static u64 mask_of(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : BIT_ULL(8 * bytes) - 1;
}

/* ---- hv accepted: Capstone must say the same ---- */

static x86_insn expected_id(const struct insn *i)
{
	switch (i->opcode) {
	case 0x0fb6:
	case 0x0fb7:
		return X86_INS_MOVZX;
	case 0x0fbe:
	case 0x0fbf:
		return X86_INS_MOVSX;
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3:
		return i->mode == CPU_MODE_64 ? X86_INS_MOVABS : X86_INS_MOV;
	}
	return X86_INS_MOV;
}

/*
 * ALLOWANCE (ALLOW_MOFFS32): in 64-bit mode Capstone 4 names A0-A3 "movabs"
 * only with the 8-byte moffs; with 67 (a 4-byte moffs) it says "mov":
 * "67 a1 78 56 34 12" is "mov eax, dword ptr [0x12345678]". Same
 * instruction, another name.
 */
static bool is_moffs32_mov(const struct insn *i, const cs_insn *ci)
{
	if (i->mode != CPU_MODE_64 || i->opcode < 0xa0 || i->opcode > 0xa3 ||
	    i->addr_size != 4 || ci->id != X86_INS_MOV)
		return false;
	st.allowed[ALLOW_MOFFS32]++;
	return true;
}

/* Exactly two operands, one in memory: *mem_pos is its position (0 = destination). */
static bool split_operands(const cs_x86 *x, const cs_x86_op **mem, const cs_x86_op **other,
			   int *mem_pos)
{
	if (x->op_count != 2)
		return mismatch("capstone has %u operands", x->op_count);
	*mem_pos = x->operands[0].type == X86_OP_MEM ? 0 : 1;
	*mem = &x->operands[*mem_pos];
	*other = &x->operands[!*mem_pos];
	if ((*mem)->type != X86_OP_MEM || (*other)->type == X86_OP_MEM)
		return mismatch("capstone operand types %d, %d", x->operands[0].type,
				x->operands[1].type);
	return true;
}

/* A register used in an address: hv's number and the address size. */
static bool same_addr_reg(x86_reg r, int want, u8 addr_size, const char *what)
{
	struct cs_gpr g = cs_gpr(r);

	if (want < 0 && r == X86_REG_INVALID)
		return true;
	if (want < 0 || g.num != want || g.size != addr_size || g.high8)
		return mismatch("%s: hv %d, capstone reg %d (gpr %d size %u)", what, want, r,
				g.num, g.size);
	return true;
}

static int seg_of(x86_reg r)
{
	switch (r) {
	case X86_REG_ES: return SEG_ES;
	case X86_REG_CS: return SEG_CS;
	case X86_REG_SS: return SEG_SS;
	case X86_REG_DS: return SEG_DS;
	case X86_REG_FS: return SEG_FS;
	case X86_REG_GS: return SEG_GS;
	default: return -1;
	}
}

/*
 * The segment. With no override Capstone reports none, and hv must use the
 * default: SS for an rSP/rBP base (BP in 16-bit forms), else DS.
 *
 * ALLOWANCE (ALLOW_SEG64, ALLOW_SEG64_FSGS): in 64-bit mode Capstone 4
 * reports an ES/CS/SS/DS override as given ("26 89 03" is "mov dword ptr
 * es:[rbx], eax"), and lets it beat an FS/GS that came first ("64 26 89 03"
 * is "es:[rbx]"). The CPU ignores those four in 64-bit mode (SDM Vol. 1,
 * 3.7.4.1 "Segmentation in 64-Bit Mode"; Bochs and Zydis skip them during
 * prefix decoding, so an earlier FS/GS stays in force), as hv does: the
 * expected segment is then the last FS/GS prefix in the bytes, else the
 * default.
 */
static bool same_seg(const struct insn *i, const x86_op_mem *m, const struct raw_prefixes *raw)
{
	int cs = seg_of(m->segment), base = cs_gpr(m->base).num, want;
	bool stack = (base == GPR_RSP || base == GPR_RBP) && !cs_gpr(m->base).high8;
	int dflt = stack && m->base != X86_REG_RIP ? SEG_SS : SEG_DS;

	want = cs < 0 ? dflt : cs;
	if (i->mode == CPU_MODE_64 && cs >= 0 && cs < SEG_FS) {
		want = raw->last_fs_gs >= 0 ? raw->last_fs_gs : dflt;
		st.allowed[raw->last_fs_gs >= 0 ? ALLOW_SEG64_FSGS : ALLOW_SEG64]++;
	}
	if (i->seg != want)
		return mismatch("segment: hv %u, want %d (capstone reg %d)", i->seg, want,
				m->segment);
	return true;
}

/*
 * Base, index, scale and displacement. The scale counts only with an index
 * (Capstone reports the SIB's scale even without one: "8b 04 64" in 32-bit
 * mode is [esp] with scale 2). The displacement is compared wrapped to the
 * address size, where both readings of a disp16 or moffs agree.
 */
static bool same_address(const struct insn *i, const x86_op_mem *m)
{
	u64 mask = mask_of(i->addr_size);

	if (i->rip_relative) {
		if (m->base != (i->addr_size == 8 ? X86_REG_RIP : X86_REG_EIP))
			return mismatch("rip-relative: capstone base reg %d", m->base);
	} else if (!same_addr_reg(m->base, i->base, i->addr_size, "base")) {
		return false;
	}
	if (!same_addr_reg(m->index, i->index, i->addr_size, "index"))
		return false;
	if (i->index >= 0 && m->scale != i->scale)
		return mismatch("scale: hv %u, capstone %d", i->scale, m->scale);
	if (((u64)m->disp & mask) != ((u64)i->disp & mask))
		return mismatch("disp: hv %#" PRIx64 ", capstone %#" PRIx64, (u64)i->disp,
				(u64)m->disp);
	return true;
}

/* The register or immediate operand. */
static bool same_other(const struct insn *i, const cs_x86_op *o)
{
	u64 mask = mask_of(i->access_size);
	struct cs_gpr g;
	u8 size;

	if (i->kind == INSN_STORE_IMM) {
		if (o->type != X86_OP_IMM || ((u64)o->imm & mask) != (i->imm & mask))
			return mismatch("immediate: hv %#" PRIx64 ", capstone type %d %#" PRIx64,
					i->imm, o->type, (u64)o->imm);
		if (i->access_size < 8 && (s64)i->imm != (s64)(i->imm << (64 - 8 * i->access_size))
							   >> (64 - 8 * i->access_size))
			return mismatch("immediate %#" PRIx64 " not sign-extended", i->imm);
		return true;
	}
	g = cs_gpr(o->type == X86_OP_REG ? o->reg : X86_REG_INVALID);
	size = i->kind == INSN_LOAD ? i->dest_size : i->access_size;
	if (g.num != i->reg || g.high8 != i->reg_high8 || g.size != size)
		return mismatch("register: hv %u%s size %u, capstone reg %d (gpr %d%s size %u)",
				i->reg, i->reg_high8 ? " high8" : "", size,
				o->type == X86_OP_REG ? (int)o->reg : -1, g.num, g.high8 ? " high8" : "",
				g.size);
	return true;
}

/* The opcode bytes, the address size, and the extension flags the mnemonic implies. */
static bool same_form(const struct insn *i, const cs_insn *ci)
{
	const cs_x86 *x = &ci->detail->x86;
	u16 op = x->opcode[0] == 0x0f ? (u16)(0x0f00 | x->opcode[1]) : x->opcode[0];

	if (op != i->opcode)
		return mismatch("opcode: hv %#x, capstone %#x", i->opcode, op);
	if (x->addr_size != i->addr_size)
		return mismatch("address size: hv %u, capstone %u", i->addr_size, x->addr_size);
	if (i->zero_extend != (ci->id == X86_INS_MOVZX) ||
	    i->sign_extend != (ci->id == X86_INS_MOVSX))
		return mismatch("extension: hv zx %d sx %d", i->zero_extend, i->sign_extend);
	if (i->kind != INSN_LOAD && i->dest_size != i->access_size)
		return mismatch("store with dest_size %u", i->dest_size);
	return true;
}

/*
 * Everything hv decoded. The direction is read from the operand order
 * (Intel syntax: destination first) and from Capstone's access flags, which
 * 4.0.2 fills in correctly for these MOVs.
 */
static bool same_decode(const struct insn *i, const cs_insn *ci, const struct raw_prefixes *raw)
{
	const cs_x86 *x = &ci->detail->x86;
	const cs_x86_op *mem, *other;
	bool store = i->kind != INSN_LOAD;
	int pos;

	if (ci->size != i->len)
		return mismatch("length: hv %u, capstone %u", i->len, ci->size);
	if (ci->id != expected_id(i) && !is_moffs32_mov(i, ci))
		return mismatch("mnemonic: capstone %s", ci->mnemonic);
	if (!same_form(i, ci))
		return false;
	if (!split_operands(x, &mem, &other, &pos))
		return false;
	if ((pos == 0) != store || !(mem->access & (store ? CS_AC_WRITE : CS_AC_READ)))
		return mismatch("direction: hv %s, capstone memory operand %d access %#x",
				store ? "store" : "load", pos, mem->access);
	if (mem->size != i->access_size)
		return mismatch("access size: hv %u, capstone %u", i->access_size, mem->size);
	return same_address(i, &mem->mem) && same_seg(i, &mem->mem, raw) && same_other(i, other);
}

/* ---- hv refused: Capstone may decode only something outside the supported set ---- */

static bool is_supported_opcode(const cs_x86 *x)
{
	static const u8 one[] = { 0x88, 0x89, 0x8a, 0x8b, 0xc6, 0xc7, 0xa0, 0xa1, 0xa2, 0xa3 };

	if (x->opcode[0] == 0x0f)
		return memchr(gen_opcodes_0f, x->opcode[1], sizeof(gen_opcodes_0f)) != NULL;
	return memchr(one, x->opcode[0], sizeof(one)) != NULL;
}

/*
 * A MOV/MOVZX/MOVSX/MOVABS memory form of a supported opcode without
 * LOCK/REP. LOCK and REP come from the raw bytes, not from Capstone: hv
 * refuses them by policy, while Capstone 4 prints "f3 89 03" as a plain
 * "mov dword ptr [rbx], eax" (F3 is XRELEASE or ignored there) and refuses
 * "f0 89 03".
 */
static bool in_supported_set(const cs_insn *ci, const struct raw_prefixes *raw)
{
	const cs_x86 *x = &ci->detail->x86;
	unsigned int k, mems = 0;

	if (ci->id != X86_INS_MOV && ci->id != X86_INS_MOVZX && ci->id != X86_INS_MOVSX &&
	    ci->id != X86_INS_MOVABS)
		return false;
	for (k = 0; k < x->op_count; k++)
		mems += x->operands[k].type == X86_OP_MEM;
	return mems == 1 && is_supported_opcode(x) && !raw->lock_rep;
}

/* ---- reporting ---- */

static void print_hv(int rc, const struct insn *i, const char *err)
{
	static const char *const kinds[] = { "load", "store", "store-imm" };

	if (rc) {
		printf("  hv:       rc %d (%s)\n", rc, err);
		return;
	}
	printf("  hv:       len %u %s opcode %#x access %u dest %u reg %u%s%s%s imm %#" PRIx64 "\n",
	       i->len, kinds[i->kind], i->opcode, i->access_size, i->dest_size, i->reg,
	       i->reg_high8 ? " (high8)" : "", i->zero_extend ? " zx" : "",
	       i->sign_extend ? " sx" : "", i->imm);
	printf("            base %d index %d scale %u disp %#" PRIx64 "%s seg %u addr_size %u\n",
	       i->base, i->index, i->scale, (u64)i->disp, i->rip_relative ? " rip" : "", i->seg,
	       i->addr_size);
}

static void print_cs(const cs_insn *ci)
{
	const cs_x86 *x;
	unsigned int k;

	if (!ci) {
		printf("  capstone: invalid\n");
		return;
	}
	x = &ci->detail->x86;
	printf("  capstone: \"%s %s\" len %u id %u opcode %02x %02x prefix %02x %02x %02x %02x "
	       "rex %02x modrm %02x addr_size %u\n", ci->mnemonic, ci->op_str, ci->size, ci->id,
	       x->opcode[0], x->opcode[1], x->prefix[0], x->prefix[1], x->prefix[2], x->prefix[3],
	       x->rex, x->modrm, x->addr_size);
	for (k = 0; k < x->op_count; k++) {
		const cs_x86_op *o = &x->operands[k];

		printf("            op%u type %d size %u access %#x", k, o->type, o->size, o->access);
		if (o->type == X86_OP_REG)
			printf(" reg %d\n", o->reg);
		else if (o->type == X86_OP_IMM)
			printf(" imm %#" PRIx64 "\n", (u64)o->imm);
		else
			printf(" seg %d base %d index %d scale %d disp %#" PRIx64 "\n", o->mem.segment,
			       o->mem.base, o->mem.index, o->mem.scale, (u64)o->mem.disp);
	}
}

static void report(enum cpu_mode mode, const u8 *b, int rc, const struct insn *i,
		   const char *err, const cs_insn *ci)
{
	char hex[3 * INSN_MAX_LEN + 1];

	if (++st.mismatches > MAX_SHOWN)
		return;
	insn_format_bytes(b, INSN_MAX_LEN, hex, sizeof(hex));
	printf("MISMATCH %s: %s\n  why:      %s\n", mode_names[mode], hex, why);
	print_hv(rc, i, err);
	print_cs(ci);
}

/* ---- one string ---- */

/* Decode b[0..15) both ways and compare; a mismatch is reported. */
static void check_one(csh cs, cs_insn *ci, enum cpu_mode mode, const u8 *b)
{
	const u8 *code = b;
	size_t size = INSN_MAX_LEN;
	u64 addr = 0;
	bool cs_ok = cs_disasm_iter(cs, &code, &size, &addr, ci);
	struct raw_prefixes raw = scan_prefixes(mode, b, INSN_MAX_LEN);
	char err[128];
	struct insn i;
	int rc = insn_decode(b, INSN_MAX_LEN, mode, &i, err, sizeof(err));

	st.tried++;
	why[0] = '\0';
	if (rc == 0) {
		st.accepted++;
		if (!cs_ok)
			mismatch("hv accepts, capstone refuses");
		else if (same_decode(&i, ci, &raw))
			st.agreed++;
	} else if (rc == -EINVAL) {
		st.refused++;
		if (!cs_ok)
			st.both_refused++;
		else if (!in_supported_set(ci, &raw))
			st.outside_set++;
		else
			mismatch("hv refuses a supported form capstone decodes");
	} else {
		mismatch("hv returned %d on %d bytes", rc, INSN_MAX_LEN);
	}
	if (why[0])
		report(mode, b, rc, &i, err, cs_ok ? ci : NULL);
}

static void print_summary(double secs)
{
	unsigned int k;

	printf("diff_insn: %lu strings in %.1fs; hv accepted %lu, agreed %lu; hv refused %lu "
	       "(capstone refused %lu, outside the supported set %lu); %lu mismatches\n",
	       st.tried, secs, st.accepted, st.agreed, st.refused, st.both_refused,
	       st.outside_set, st.mismatches);
	for (k = 0; k < ALLOW_COUNT; k++)
		printf("  allowance: %-62s %lu\n", allowance_names[k], st.allowed[k]);
}

static int open_capstone(csh cs[3], cs_insn *ci[3])
{
	static const cs_mode modes[3] = { CS_MODE_16, CS_MODE_32, CS_MODE_64 };
	unsigned int k;

	for (k = 0; k < 3; k++) {
		if (cs_open(CS_ARCH_X86, modes[k], &cs[k]) != CS_ERR_OK ||
		    cs_option(cs[k], CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK) {
			fprintf(stderr, "diff_insn: cannot open capstone\n");
			return -1;
		}
		ci[k] = cs_malloc(cs[k]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : DEFAULT_N, k;
	/* A fixed default seed keeps `make test` repeatable; DIFF_SEED=random explores. */
	const char *env = getenv("DIFF_SEED");
	u64 seed = argc > 2 ? strtoull(argv[2], NULL, 0) :
		   env && !strcmp(env, "random") ? (u64)time(NULL) :
		   env ? strtoull(env, NULL, 0) : 20261125;
	struct timespec t0, t1;
	cs_insn *ci[3];
	u8 b[INSN_MAX_LEN];
	csh cs[3];

	if (open_capstone(cs, ci))
		return 2;
	init_gpr_map();
	rng_state = seed;
	printf("diff_insn: %lu strings, seed %" PRIu64 " (rerun: %s %lu %" PRIu64 ")\n", n, seed,
	       argv[0], n, seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (k = 0; k < n; k++) {
		enum cpu_mode mode = (enum cpu_mode)(k % 3);

		gen_insn(mode, b);
		check_one(cs[mode], ci[mode], mode, b);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_summary((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (k = 0; k < 3; k++) {
		cs_free(ci[k], 1);
		cs_close(&cs[k]);
	}
	return st.mismatches ? 1 : 0;
}
