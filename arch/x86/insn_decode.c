// SPDX-License-Identifier: MIT
/*
 * The MMIO instruction decoder (insn_emulate.c holds the steps around the
 * access). Decoding follows the byte order of SDM Vol. 2A, 2.1 "Instruction Format
 * for Protected Mode, Real-Address Mode, and Virtual-8086 Mode": legacy
 * prefixes, REX, opcode, ModR/M, SIB, displacement, immediate. Each step
 * fetches through one bounds check that tells "the bytes ran out" (-ENODATA:
 * fetch more and retry) from "past the 15-byte limit" (-EINVAL: the CPU
 * would raise #GP). Anything outside the accepted forms is refused with a
 * reason rather than approximated.
 */
#include <stdarg.h>
#include "arch/x86/insn.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* Legacy prefixes (SDM Vol. 2A, 2.1.1 "Instruction Prefixes"). */
#define PFX_LOCK 0xf0
#define PFX_REPNE 0xf2
#define PFX_REP 0xf3
#define PFX_OPERAND_SIZE 0x66
#define PFX_ADDRESS_SIZE 0x67
#define PFX_ES 0x26
#define PFX_CS 0x2e
#define PFX_SS 0x36
#define PFX_DS 0x3e
#define PFX_FS 0x64
#define PFX_GS 0x65
#define OPCODE_ESCAPE 0x0f

/* REX is 0100WRXB (SDM Vol. 2A, 2.2.1 "REX Prefixes", Table 2-4 "REX Prefix Fields"). */
#define REX_PREFIX_MASK 0xf0
#define REX_PREFIX 0x40
#define REX_W BIT_ULL(3) /* 64-bit operand size */
#define REX_R BIT_ULL(2) /* extends ModR/M reg */
#define REX_X BIT_ULL(1) /* extends SIB index */
#define REX_B BIT_ULL(0) /* extends ModR/M r/m or SIB base */

/* SDM Vol. 2A, 2.1.5 "Addressing-Mode Encoding of ModR/M and SIB Bytes". */
#define MODRM_MOD GENMASK_ULL(7, 6)
#define MODRM_REG GENMASK_ULL(5, 3)
#define MODRM_RM GENMASK_ULL(2, 0)
#define SIB_SCALE GENMASK_ULL(7, 6)
#define SIB_INDEX GENMASK_ULL(5, 3)
#define SIB_BASE GENMASK_ULL(2, 0)
#define MOD_NO_DISP 0
#define MOD_DISP8 1
#define MOD_DISP_FULL 2 /* disp16 or disp32 */
#define MOD_REGISTER 3
#define RM_SIB 4        /* 32/64-bit: a SIB byte follows */
#define RM_DISP32 5     /* 32/64-bit, mod=00: disp32 (64-bit mode: RIP-relative) */
#define SIB_NO_INDEX 4  /* index 100 without REX.X: none */
#define SIB_NO_BASE 5   /* base 101 with mod=00: disp32, no base */
#define RM16_DISP16 6   /* 16-bit, mod=00: disp16, no base */

static_assert(MODRM_MOD == 0xc0 && MODRM_REG == 0x38 && MODRM_RM == 0x07, "ModR/M fields");
static_assert((SIB_SCALE | SIB_INDEX | SIB_BASE) == 0xff, "SIB fields cover the byte");
static_assert(SEG_COUNT == 6 && SEG_GS == 5 && GPR_COUNT == 16, "register numbering");
static_assert(INSN_MAX_LEN <= 0xff, "len fits struct insn.len");

/* Decoding state that is not part of the result. */
struct decoder {
	const u8 *bytes;
	size_t avail;
	unsigned int pos;   /* next byte to fetch */
	enum cpu_mode mode;
	u8 rex;             /* the REX prefix right before the opcode, or 0 */
	bool operand_prefix, address_prefix;
	int seg_override;   /* enum insn_seg, or -1 */
	bool byte_reg;      /* the reg operand is an 8-bit register */
	bool moffs;         /* A0-A3: address is a moffs, no ModR/M */
	u8 imm_bytes;       /* immediate after the memory operand */
	char *err;
	size_t errlen;
};

static int __printf(3, 4) fail(struct decoder *d, int ret, const char *fmt, ...)
{
	va_list ap;

	if (d->err && d->errlen) {
		va_start(ap, fmt);
		fmt_vsnprintf(d->err, d->errlen, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/* The one place bytes are read: the 15-byte limit first, then the buffer end. */
static int fetch(struct decoder *d, u8 *b)
{
	if (d->pos >= INSN_MAX_LEN)
		return fail(d, -EINVAL, "instruction longer than %d bytes", INSN_MAX_LEN);
	if (d->pos >= d->avail)
		return fail(d, -ENODATA, "instruction truncated after %u bytes", d->pos);
	*b = d->bytes[d->pos++];
	return 0;
}

/* A little-endian field of n (1, 2, 4 or 8) bytes, sign-extended to 64 bits. */
static int fetch_signed(struct decoder *d, unsigned int n, s64 *out)
{
	u64 v = 0;
	unsigned int k;
	u8 b = 0;
	int ret;

	for (k = 0; k < n; k++) {
		ret = fetch(d, &b);
		if (ret)
			return ret;
		v |= (u64)b << (8 * k);
	}
	if (n < 8 && (v & BIT_ULL(8 * n - 1)))
		v |= GENMASK_ULL(63, 8 * n);
	*out = (s64)v;
	return 0;
}

/*
 * Legacy prefixes in any order, then REX in 64-bit mode. A REX counts only
 * immediately before the opcode: a legacy prefix after it cancels it (SDM
 * Vol. 2A, 2.2.1 "REX Prefixes"). In 64-bit mode the ES/CS/SS/DS bases are
 * treated as 0 (SDM Vol. 1, 3.7.4.1 "Segmentation in 64-Bit Mode"), so
 * those overrides are dropped and only FS and GS are recorded. Of repeated
 * overrides the last wins.
 */
static int decode_prefixes(struct decoder *d, u8 *opcode)
{
	bool legacy_seg = d->mode != CPU_MODE_64;
	u8 b;
	int ret;

	for (;;) {
		ret = fetch(d, &b);
		if (ret)
			return ret;
		if (d->mode == CPU_MODE_64 && (b & REX_PREFIX_MASK) == REX_PREFIX) {
			d->rex = b;
			continue;
		}
		switch (b) {
		case PFX_LOCK:
			return fail(d, -EINVAL, "LOCK prefix refused");
		case PFX_REPNE:
		case PFX_REP:
			return fail(d, -EINVAL, "REP prefix 0x%02x refused", b);
		case PFX_OPERAND_SIZE:
			d->operand_prefix = true;
			break;
		case PFX_ADDRESS_SIZE:
			d->address_prefix = true;
			break;
		case PFX_ES:
		case PFX_CS:
		case PFX_SS:
		case PFX_DS:
			if (legacy_seg)
				d->seg_override = b == PFX_ES ? SEG_ES : b == PFX_CS ? SEG_CS
					        : b == PFX_SS ? SEG_SS : SEG_DS;
			break;
		case PFX_FS:
		case PFX_GS:
			d->seg_override = b == PFX_FS ? SEG_FS : SEG_GS;
			break;
		default:
			*opcode = b;
			return 0;
		}
		d->rex = 0;
	}
}

/*
 * SDM Vol. 1, 3.6.1 "Operand Size and Address Size in 64-Bit Mode" and
 * Table 3-4 "Effective Operand- and Address-Size Attributes in 64-Bit Mode":
 * REX.W beats 66; 66 and 67 toggle the mode's defaults.
 */
static u8 operand_size(const struct decoder *d)
{
	if (d->mode == CPU_MODE_64)
		return (d->rex & REX_W) ? 8 : d->operand_prefix ? 2 : 4;
	if (d->mode == CPU_MODE_32)
		return d->operand_prefix ? 2 : 4;
	return d->operand_prefix ? 4 : 2;
}

static u8 address_size(const struct decoder *d)
{
	if (d->mode == CPU_MODE_64)
		return d->address_prefix ? 4 : 8;
	if (d->mode == CPU_MODE_32)
		return d->address_prefix ? 2 : 4;
	return d->address_prefix ? 4 : 2;
}

static void set_form(struct insn *out, enum insn_kind kind, u8 access_size, u8 dest_size)
{
	out->kind = kind;
	out->access_size = access_size;
	out->dest_size = dest_size;
}

/* MOVZX 0F B6/B7, MOVSX 0F BE/BF: load r/m8 or r/m16, extend to the operand size. */
static int decode_0f(struct decoder *d, struct insn *out, u8 osz)
{
	u8 op;
	int ret;

	ret = fetch(d, &op);
	if (ret)
		return ret;
	out->opcode = (u16)(OPCODE_ESCAPE << 8 | op);
	switch (op) {
	case 0xb6:
	case 0xb7:
		out->zero_extend = true;
		break;
	case 0xbe:
	case 0xbf:
		out->sign_extend = true;
		break;
	default:
		return fail(d, -EINVAL, "unsupported opcode 0x0f 0x%02x", op);
	}
	set_form(out, INSN_LOAD, (op & 1) ? 2 : 1, osz);
	return 0;
}

/* The opcode byte(s): kind and sizes; what follows is noted in *d. */
static int decode_opcode(struct decoder *d, u8 op, struct insn *out)
{
	u8 osz = operand_size(d);

	out->opcode = op;
	switch (op) {
	case 0x88: /* MOV r/m8, r8 */
	case 0x8a: /* MOV r8, r/m8 */
		d->byte_reg = true;
		set_form(out, op == 0x8a ? INSN_LOAD : INSN_STORE, 1, 1);
		return 0;
	case 0x89: /* MOV r/m, r */
	case 0x8b: /* MOV r, r/m */
		set_form(out, op == 0x8b ? INSN_LOAD : INSN_STORE, osz, osz);
		return 0;
	case 0xc6: /* MOV r/m8, imm8 */
		d->imm_bytes = 1;
		set_form(out, INSN_STORE_IMM, 1, 1);
		return 0;
	case 0xc7: /* MOV r/m, imm16/32 (imm32 sign-extended under REX.W) */
		d->imm_bytes = osz == 2 ? 2 : 4;
		set_form(out, INSN_STORE_IMM, osz, osz);
		return 0;
	case 0xa0: /* MOV AL, moffs8 */
	case 0xa1: /* MOV eAX, moffs */
	case 0xa2: /* MOV moffs8, AL */
	case 0xa3: /* MOV moffs, eAX */
		d->moffs = true;
		osz = (op & 1) ? osz : 1;
		set_form(out, (op & 2) ? INSN_STORE : INSN_LOAD, osz, osz);
		return 0;
	case OPCODE_ESCAPE:
		return decode_0f(d, out, osz);
	}
	return fail(d, -EINVAL, "unsupported opcode 0x%02x", op);
}

/* Displacement by mod: none, disp8, or the full width (2 or 4 bytes). */
static int decode_disp(struct decoder *d, unsigned int mod, unsigned int full, struct insn *out)
{
	if (mod == MOD_DISP8)
		return fetch_signed(d, 1, &out->disp);
	if (mod == MOD_DISP_FULL)
		return fetch_signed(d, full, &out->disp);
	return 0;
}

/*
 * 16-bit addressing, SDM Vol. 2A, Table 2-1 "16-Bit Addressing Forms with
 * the ModR/M Byte": r/m picks BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX;
 * mod=00 r/m=110 is disp16 alone. BP-based forms default to SS.
 */
static int decode_mem16(struct decoder *d, u8 modrm, struct insn *out)
{
	static const s8 base16[8] = { GPR_RBX, GPR_RBX, GPR_RBP, GPR_RBP,
				      GPR_RSI, GPR_RDI, GPR_RBP, GPR_RBX };
	static const s8 index16[8] = { GPR_RSI, GPR_RDI, GPR_RSI, GPR_RDI, -1, -1, -1, -1 };
	unsigned int mod = FIELD_GET(MODRM_MOD, modrm), rm = FIELD_GET(MODRM_RM, modrm);

	if (mod == MOD_NO_DISP && rm == RM16_DISP16)
		return fetch_signed(d, 2, &out->disp);
	out->base = base16[rm];
	out->index = index16[rm];
	if (out->base == GPR_RBP)
		out->seg = SEG_SS;
	return decode_disp(d, mod, 2, out);
}

/*
 * The SIB byte, SDM Vol. 2A, Table 2-3 "32-Bit Addressing Forms with the
 * SIB Byte": index 100 (without REX.X) means none; base 101 with mod=00
 * means no base and a disp32, whatever REX.B says.
 */
static int decode_sib(struct decoder *d, unsigned int mod, struct insn *out)
{
	unsigned int index, base;
	u8 sib;
	int ret;

	ret = fetch(d, &sib);
	if (ret)
		return ret;
	out->scale = (u8)(1u << FIELD_GET(SIB_SCALE, sib));
	index = FIELD_GET(SIB_INDEX, sib) | ((d->rex & REX_X) ? 8 : 0);
	if (index != SIB_NO_INDEX)
		out->index = (int)index;
	base = FIELD_GET(SIB_BASE, sib);
	if (mod == MOD_NO_DISP && base == SIB_NO_BASE)
		return fetch_signed(d, 4, &out->disp);
	out->base = (int)(base | ((d->rex & REX_B) ? 8 : 0));
	return 0;
}

/*
 * 32/64-bit addressing, SDM Vol. 2A, Table 2-2 "32-Bit Addressing Forms with
 * the ModR/M Byte", with REX.B extending the base and 2.2.1.6 "RIP-Relative
 * Addressing" for mod=00 r/m=101 in 64-bit mode (REX.B does not change it).
 * An rSP or rBP base defaults to SS (SDM Vol. 1, 3.7.5 "Specifying an Offset").
 */
static int decode_mem32(struct decoder *d, u8 modrm, struct insn *out)
{
	unsigned int mod = FIELD_GET(MODRM_MOD, modrm), rm = FIELD_GET(MODRM_RM, modrm);
	int ret;

	if (rm == RM_SIB) {
		ret = decode_sib(d, mod, out);
		if (ret)
			return ret;
	} else if (mod == MOD_NO_DISP && rm == RM_DISP32) {
		out->rip_relative = d->mode == CPU_MODE_64;
		return fetch_signed(d, 4, &out->disp);
	} else {
		out->base = (int)(rm | ((d->rex & REX_B) ? 8 : 0));
	}
	if (out->base == GPR_RSP || out->base == GPR_RBP)
		out->seg = SEG_SS;
	return decode_disp(d, mod, 4, out);
}

/* A0-A3: the address is an addr_size-wide offset, no ModR/M (SDM Vol. 2B, "MOV--Move"). */
static int decode_moffs(struct decoder *d, struct insn *out)
{
	out->reg = GPR_RAX;
	return fetch_signed(d, out->addr_size, &out->disp);
}

/*
 * The reg field names the register operand; with REX.R it reaches R8-R15.
 * Byte registers 4-7 are AH, CH, DH, BH without any REX and SPL, BPL, SIL,
 * DIL with one (SDM Vol. 2A, 2.2.1.2 "More on REX Prefix Fields"; 3.1.1.1
 * "Opcode Column in the Instruction Summary Table", Table 3-1 "Register
 * Codes Associated With +rb, +rw, +rd, +ro").
 */
static void set_reg(const struct decoder *d, unsigned int field, struct insn *out)
{
	if (out->kind == INSN_STORE_IMM)
		return;
	if (d->byte_reg && !d->rex && field >= 4) {
		out->reg = (u8)(field - 4);
		out->reg_high8 = true;
		return;
	}
	out->reg = (u8)(field | ((d->rex & REX_R) ? 8 : 0));
}

/* ModR/M, then SIB/displacement, then any immediate. */
static int decode_modrm_form(struct decoder *d, struct insn *out)
{
	unsigned int field;
	s64 imm = 0;
	u8 modrm;
	int ret;

	ret = fetch(d, &modrm);
	if (ret)
		return ret;
	if (FIELD_GET(MODRM_MOD, modrm) == MOD_REGISTER)
		return fail(d, -EINVAL, "register operand (mod=11), not a memory access");
	field = FIELD_GET(MODRM_REG, modrm);
	if (out->kind == INSN_STORE_IMM && field != 0)
		return fail(d, -EINVAL, "unsupported opcode 0x%02x /%u", out->opcode, field);
	if (out->addr_size == 2)
		ret = decode_mem16(d, modrm, out);
	else
		ret = decode_mem32(d, modrm, out);
	if (ret)
		return ret;
	set_reg(d, field, out);
	if (!d->imm_bytes)
		return 0;
	ret = fetch_signed(d, d->imm_bytes, &imm);
	out->imm = (u64)imm;
	return ret;
}

int insn_decode(const u8 *bytes, size_t avail, enum cpu_mode mode, struct insn *out,
		char *err, size_t errlen)
{
	struct decoder d = {
		.bytes = bytes, .avail = avail, .mode = mode,
		.seg_override = -1, .err = err, .errlen = errlen,
	};
	u8 op = 0;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if ((unsigned int)mode > CPU_MODE_64)
		return fail(&d, -EINVAL, "unknown CPU mode %u", (unsigned int)mode);
	memset(out, 0, sizeof(*out));
	out->mode = mode;
	out->base = out->index = -1;
	out->scale = 1;
	out->seg = SEG_DS;
	ret = decode_prefixes(&d, &op);
	if (ret)
		return ret;
	out->addr_size = address_size(&d);
	ret = decode_opcode(&d, op, out);
	if (ret)
		return ret;
	ret = d.moffs ? decode_moffs(&d, out) : decode_modrm_form(&d, out);
	if (ret)
		return ret;
	if (d.seg_override >= 0)
		out->seg = (u8)d.seg_override;
	out->len = (u8)d.pos;
	return 0;
}
