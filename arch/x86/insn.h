/* SPDX-License-Identifier: MIT */
/*
 * Decoding and emulating the one memory access of a trapped MMIO instruction.
 * When a guest touches emulated MMIO, hv reads the faulting instruction's
 * bytes and must perform exactly that access or refuse. Only the forms
 * drivers use are accepted: MOV 88/89/8A/8B/C6 /0/C7 /0, MOV A0-A3 (moffs),
 * MOVZX 0F B6/B7 and MOVSX 0F BE/BF, with a memory operand, under the
 * prefixes 66, 67, segment overrides and REX, in 16-, 32- and 64-bit modes
 * (Intel SDM Vol. 2A, 2.1 "Instruction Format for Protected Mode,
 * Real-Address Mode, and Virtual-8086 Mode", 2.2.1 "REX Prefixes"; Vol. 2B,
 * "MOV--Move", "MOVZX--Move With Zero-Extend", "MOVSX/MOVSXD--Move With
 * Sign-Extension"). Everything else (LOCK, REP, register operands, other
 * opcodes) is refused with a reason, never guessed.
 *
 * The decoder and the emulation helpers are pure: no guest memory, no VMCS.
 * The caller supplies the bytes, the CPU mode, the registers and the segment
 * bases. No segment limit, type or canonical-address checks are made here.
 */
#ifndef HV_ARCH_X86_INSN_H
#define HV_ARCH_X86_INSN_H

#include "lib/types.h"

/* Architectural maximum (SDM Vol. 2A, 2.3.11 "AVX Instruction Length"; 2.1). */
#define INSN_MAX_LEN 15

/* The CPU mode the instruction was fetched in; decides default sizes. */
enum cpu_mode {
	CPU_MODE_16, /* real, virtual-8086, or 16-bit protected: operand 16, address 16 */
	CPU_MODE_32, /* 32-bit protected or compatibility mode: operand 32, address 32 */
	CPU_MODE_64, /* IA-32e 64-bit mode: operand 32, address 64 */
};

/*
 * Segment registers in the sreg encoding (SDM Vol. 2D, B.1.4.8 "Segment
 * Register Field (sreg)"), so seg_base[] can be indexed by them.
 */
enum insn_seg {
	SEG_ES = 0,
	SEG_CS = 1,
	SEG_SS = 2,
	SEG_DS = 3,
	SEG_FS = 4,
	SEG_GS = 5,
	SEG_COUNT = 6,
};

/* General-purpose register numbers as the ModR/M, SIB and REX fields encode them. */
enum insn_gpr {
	GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI,
	GPR_R8, GPR_R9, GPR_R10, GPR_R11, GPR_R12, GPR_R13, GPR_R14, GPR_R15,
	GPR_COUNT,
};

enum insn_kind {
	INSN_LOAD,      /* reg <- mem, plain, zero- or sign-extending */
	INSN_STORE,     /* mem <- reg */
	INSN_STORE_IMM, /* mem <- immediate */
};

/*
 * One decoded instruction. The memory operand's effective address is
 * (gpr[base] + gpr[index] * scale + disp) wrapped to addr_size bytes, or
 * (rip_after + disp) wrapped likewise when rip_relative; a missing base or
 * index is -1. disp is sign-extended from its encoded width (a 64-bit moffs
 * is stored bit for bit); the wrap makes the two readings equal.
 */
struct insn {
	u8 len;             /* bytes consumed, 1..INSN_MAX_LEN */
	enum insn_kind kind;
	enum cpu_mode mode; /* as passed to insn_decode() */
	u16 opcode;         /* 0x88..0xc7, or 0x0fb6..0x0fbf for the two-byte forms */
	u8 access_size;     /* bytes read or written in memory: 1, 2, 4 or 8 */
	u8 dest_size;       /* loads: register width written (1, 2, 4, 8); else access_size */
	u8 reg;             /* register operand 0..15 (reg_high8: 0..3 = AH..BH); 0 for STORE_IMM */
	bool reg_high8;     /* the register is AH/CH/DH/BH (8-bit, no REX, encodings 4-7) */
	bool sign_extend;   /* MOVSX */
	bool zero_extend;   /* MOVZX */
	u64 imm;            /* INSN_STORE_IMM: the immediate, sign-extended to 64 bits */
	int base;           /* base register 0..15, or -1 */
	int index;          /* index register 0..15, or -1 */
	u8 scale;           /* 1, 2, 4 or 8 (meaningless without an index) */
	s64 disp;
	bool rip_relative;  /* 64-bit mode, mod=00 r/m=101: base is the next instruction's RIP */
	/* enum insn_seg: the override (64-bit mode: FS/GS only), else SS for an rSP/rBP base, else DS */
	u8 seg;
	u8 addr_size;       /* 2, 4 or 8 */
};

/*
 * Decode the instruction at bytes[0..avail) fetched in mode. Returns 0 and
 * fills *out; -EINVAL if it is not one of the supported forms, with a
 * one-line reason in err (e.g. "unsupported opcode 0x0f 0x38"), including an
 * instruction longer than INSN_MAX_LEN bytes; or -ENODATA when the bytes end
 * before the instruction can be decoded (fetch more, e.g. across a page
 * boundary, and call again). err may be NULL or errlen 0; *out is
 * unspecified on error. Never reads past bytes[avail - 1] or bytes[14].
 */
int insn_decode(const u8 *bytes, size_t avail, enum cpu_mode mode, struct insn *out,
		char *err, size_t errlen);

/*
 * The linear address the instruction accesses: the effective address wrapped
 * to addr_size, plus the segment base. gpr[] is indexed by enum insn_gpr,
 * rip_after is the address of the next instruction (RIP + len), seg_base[]
 * is indexed by enum insn_seg and may be NULL (all bases 0). In 64-bit mode
 * only the FS and GS bases apply and the sum is 64 bits; in 16- and 32-bit
 * modes the sum wraps at 4 GiB.
 */
u64 insn_linear_address(const struct insn *i, const u64 gpr[GPR_COUNT], u64 rip_after,
			const u64 seg_base[SEG_COUNT]);

/*
 * The value a store writes, truncated to access_size: the register (bits
 * 15:8 for AH..BH) for INSN_STORE, the immediate for INSN_STORE_IMM; 0 for a
 * load.
 */
u64 insn_store_value(const struct insn *i, const u64 gpr[GPR_COUNT]);

/*
 * Finish a load: value holds the access_size bytes read (higher bits are
 * ignored). Extends them to dest_size (MOVZX/MOVSX), then writes the
 * destination register with x86 semantics: a 32-bit write zero-extends to 64
 * bits, 16- and 8-bit writes merge, AH..BH write bits 15:8. Does nothing for
 * a store.
 */
void insn_complete_load(const struct insn *i, u64 gpr[GPR_COUNT], u64 value);

/*
 * Print bytes[0..n) as lower-case hex pairs separated by spaces
 * ("89 04 25 00 00 e0 fe") into buf, always terminated when size > 0.
 * Returns the untruncated length.
 */
int insn_format_bytes(const u8 *bytes, size_t n, char *buf, size_t size);

#endif
