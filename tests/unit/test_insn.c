// SPDX-License-Identifier: MIT
/*
 * Tests of arch/x86/insn_decode.c and insn_emulate.c. The decode table holds
 * real encodings, each produced by an assembler (NASM "bits 16/32/64", or
 * GAS .code16/.code32/.code64 for RIP-relative forms) from the text next to
 * it, and the fields that text implies; prefix orders no assembler emits
 * (REX before 66, two REX) were written by hand and checked with objdump.
 * Every row is decoded from an exactly-sized heap copy, with trailing bytes,
 * and at every shorter length (ASan catches any read past the end). Then
 * the emulation helpers (addresses, store values, register write-back), the
 * refusals (LOCK, REP, register operands, other opcodes, over-long
 * instructions) and the hex dump.
 */
#include "unit.h"
#include "arch/x86/insn.h"
#include "lib/errno.h"

#define NONE -1
/* One table row: mode, the assembler's text, its bytes as objdump prints them, the fields. */
#define ROW(m, txt, hexbytes, ...) \
	{ .mode = (m), .text = (txt), .hex = (hexbytes), .want = { __VA_ARGS__ } }
#define M16 CPU_MODE_16
#define M32 CPU_MODE_32
#define M64 CPU_MODE_64
#define LD(sz, dsz, r) .kind = INSN_LOAD, .access_size = (sz), .dest_size = (dsz), .reg = (r)
#define ST(sz, r) .kind = INSN_STORE, .access_size = (sz), .dest_size = (sz), .reg = (r)
#define STI(sz, v) .kind = INSN_STORE_IMM, .access_size = (sz), .dest_size = (sz), .imm = (u64)(v)
#define MEM(b, i, s, d) .base = (b), .index = (i), .scale = (s), .disp = (d)
#define AT(sg, asz) .seg = (sg), .addr_size = (asz)
#define OP(o) .opcode = (o)
#define ZX .zero_extend = true
#define SX .sign_extend = true
#define RIP .rip_relative = true
#define HI8 .reg_high8 = true

struct row {
	enum cpu_mode mode;
	const char *text;
	const char *hex;
	struct insn want;
};

static const struct row rows[] = {
	/* 64-bit mode */
	ROW(M64, "mov [rax], bl", "88 18",
	    OP(0x88), ST(1, GPR_RBX), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rax], ah", "88 20",
	    OP(0x88), ST(1, GPR_RAX), HI8, MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rax], ch", "88 28",
	    OP(0x88), ST(1, GPR_RCX), HI8, MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "REX then 3e: mov [rax], ah (REX dropped)", "40 3e 88 20",
	    OP(0x88), ST(1, GPR_RAX), HI8, MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rax], spl", "40 88 20",
	    OP(0x88), ST(1, GPR_RSP), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rdi], bpl", "40 88 2f",
	    OP(0x88), ST(1, GPR_RBP), MEM(GPR_RDI, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rsp+8], sil", "40 88 74 24 08",
	    OP(0x88), ST(1, GPR_RSI), MEM(GPR_RSP, NONE, 1, 8), AT(SEG_SS, 8)),
	ROW(M64, "mov [rbp], ah", "88 65 00",
	    OP(0x88), ST(1, GPR_RAX), HI8, MEM(GPR_RBP, NONE, 1, 0), AT(SEG_SS, 8)),
	ROW(M64, "mov [r12], r9b", "45 88 0c 24",
	    OP(0x88), ST(1, GPR_R9), MEM(GPR_R12, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rax+r12*1], dl", "42 88 14 20",
	    OP(0x88), ST(1, GPR_RDX), MEM(GPR_RAX, GPR_R12, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rbx+rsi*4+0x10], eax", "89 44 b3 10",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, GPR_RSI, 4, 0x10), AT(SEG_DS, 8)),
	ROW(M64, "mov dword [0xfffffffffee00020], eax", "89 04 25 20 00 e0 fe",
	    OP(0x89), ST(4, GPR_RAX), MEM(NONE, NONE, 1, -0x11fffe0), AT(SEG_DS, 8)),
	ROW(M64, "gas: mov %rcx, 0x1234(%rip)", "48 89 0d 34 12 00 00",
	    OP(0x89), ST(8, GPR_RCX), MEM(NONE, NONE, 1, 0x1234), RIP, AT(SEG_DS, 8)),
	ROW(M64, "mov [rel 0x1234] as nasm -f bin emits it: rcx to [0x1234]", "48 89 0c 25 34 12 00 00",
	    OP(0x89), ST(8, GPR_RCX), MEM(NONE, NONE, 1, 0x1234), AT(SEG_DS, 8)),
	ROW(M64, "mov [a32 eax+0x10], edx", "67 89 50 10",
	    OP(0x89), ST(4, GPR_RDX), MEM(GPR_RAX, NONE, 1, 0x10), AT(SEG_DS, 4)),
	ROW(M64, "gas: mov %edx, 0x20(%eip)", "67 89 15 20 00 00 00",
	    OP(0x89), ST(4, GPR_RDX), MEM(NONE, NONE, 1, 0x20), RIP, AT(SEG_DS, 4)),
	ROW(M64, "mov [rbp+r13*2+0x12345678], r11d", "46 89 9c 6d 78 56 34 12",
	    OP(0x89), ST(4, GPR_R11), MEM(GPR_RBP, GPR_R13, 2, 0x12345678), AT(SEG_SS, 8)),
	ROW(M64, "mov [r13], eax", "41 89 45 00",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_R13, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [rsp], edi", "89 3c 24",
	    OP(0x89), ST(4, GPR_RDI), MEM(GPR_RSP, NONE, 1, 0), AT(SEG_SS, 8)),
	ROW(M64, "mov [rsp+rax*1], ecx", "89 0c 04",
	    OP(0x89), ST(4, GPR_RCX), MEM(GPR_RSP, GPR_RAX, 1, 0), AT(SEG_SS, 8)),
	ROW(M64, "mov [rax+r12*2], ecx", "42 89 0c 60",
	    OP(0x89), ST(4, GPR_RCX), MEM(GPR_RAX, GPR_R12, 2, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [r12+r13*4+0x80], r14", "4f 89 b4 ac 80 00 00 00",
	    OP(0x89), ST(8, GPR_R14), MEM(GPR_R12, GPR_R13, 4, 0x80), AT(SEG_DS, 8)),
	ROW(M64, "mov [r10+0x7fffffff], r13w", "66 45 89 aa ff ff ff 7f",
	    OP(0x89), ST(2, GPR_R13), MEM(GPR_R10, NONE, 1, 0x7fffffff), AT(SEG_DS, 8)),
	ROW(M64, "mov [eax*4+0x10], ecx", "67 89 0c 85 10 00 00 00",
	    OP(0x89), ST(4, GPR_RCX), MEM(NONE, GPR_RAX, 4, 0x10), AT(SEG_DS, 4)),
	ROW(M64, "mov [es:rax], eax (ES ignored)", "26 89 00",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov [ss:rbx], eax (SS ignored)", "36 89 03",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "REX.W then 66: mov [rbx], ax (REX dropped)", "48 66 89 03",
	    OP(0x89), ST(2, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "66 then REX.W: mov [rbx], rax (W wins)", "66 48 89 03",
	    OP(0x89), ST(8, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "REX.B then 64: mov [fs:rbx], eax", "41 64 89 03",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_FS, 8)),
	ROW(M64, "two REX: only the last (REX.R) counts", "48 44 89 03",
	    OP(0x89), ST(4, GPR_R8), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "REX.B, SIB base 101 mod=00: no base", "41 8b 04 25 00 10 00 00",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(NONE, NONE, 1, 0x1000), AT(SEG_DS, 8)),
	ROW(M64, "REX.B, mod=00 r/m=101: still RIP-relative", "41 8b 05 08 00 00 00",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(NONE, NONE, 1, 8), RIP, AT(SEG_DS, 8)),
	ROW(M64, "gas: mov -0x10(%rip), %eax", "8b 05 f0 ff ff ff",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(NONE, NONE, 1, -0x10), RIP, AT(SEG_DS, 8)),
	ROW(M64, "mov r8w, [r13]", "66 45 8b 45 00",
	    OP(0x8b), LD(2, 2, GPR_R8), MEM(GPR_R13, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov r15, [r12+r9*8-0x80]", "4f 8b 7c cc 80",
	    OP(0x8b), LD(8, 8, GPR_R15), MEM(GPR_R12, GPR_R9, 8, -0x80), AT(SEG_DS, 8)),
	ROW(M64, "mov rdi, [rsi-0x80000000]", "48 8b be 00 00 00 80",
	    OP(0x8b), LD(8, 8, GPR_RDI), MEM(GPR_RSI, NONE, 1, -0x80000000LL), AT(SEG_DS, 8)),
	ROW(M64, "mov eax, [rbp+rsi*8+0x7f]", "8b 44 f5 7f",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(GPR_RBP, GPR_RSI, 8, 0x7f), AT(SEG_SS, 8)),
	ROW(M64, "mov eax, [fs:rax]", "64 8b 00",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_FS, 8)),
	ROW(M64, "mov rax, [gs:0x10]", "65 48 8b 04 25 10 00 00 00",
	    OP(0x8b), LD(8, 8, GPR_RAX), MEM(NONE, NONE, 1, 0x10), AT(SEG_GS, 8)),
	ROW(M64, "mov r10b, [rax]", "44 8a 10",
	    OP(0x8a), LD(1, 1, GPR_R10), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov dil, [rdx]", "40 8a 3a",
	    OP(0x8a), LD(1, 1, GPR_RDI), MEM(GPR_RDX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov bh, [rbx+rbp]", "8a 3c 2b",
	    OP(0x8a), LD(1, 1, GPR_RBX), HI8, MEM(GPR_RBX, GPR_RBP, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov byte [rdi], 0x80", "c6 07 80",
	    OP(0xc6), STI(1, -0x80), MEM(GPR_RDI, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov byte [r8+0x7f], 0xff", "41 c6 40 7f ff",
	    OP(0xc6), STI(1, -1), MEM(GPR_R8, NONE, 1, 0x7f), AT(SEG_DS, 8)),
	ROW(M64, "gas: movb $0x7, -4(%rip)", "c6 05 fc ff ff ff 07",
	    OP(0xc6), STI(1, 7), MEM(NONE, NONE, 1, -4), RIP, AT(SEG_DS, 8)),
	ROW(M64, "mov qword [rax], -2", "48 c7 00 fe ff ff ff",
	    OP(0xc7), STI(8, -2), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov qword [rsp-8], 0x7fffffff", "48 c7 44 24 f8 ff ff ff 7f",
	    OP(0xc7), STI(8, 0x7fffffff), MEM(GPR_RSP, NONE, 1, -8), AT(SEG_SS, 8)),
	ROW(M64, "mov word [rax+rcx*2], 0x8001", "66 c7 04 48 01 80",
	    OP(0xc7), STI(2, -0x7fff), MEM(GPR_RAX, GPR_RCX, 2, 0), AT(SEG_DS, 8)),
	ROW(M64, "gas: movl $0x11223344, 0x40(%rip)", "c7 05 40 00 00 00 44 33 22 11",
	    OP(0xc7), STI(4, 0x11223344), MEM(NONE, NONE, 1, 0x40), RIP, AT(SEG_DS, 8)),
	ROW(M64, "movzx eax, byte [rdx]", "0f b6 02",
	    OP(0x0fb6), LD(1, 4, GPR_RAX), ZX, MEM(GPR_RDX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movzx cx, byte [rax]", "66 0f b6 08",
	    OP(0x0fb6), LD(1, 2, GPR_RCX), ZX, MEM(GPR_RAX, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movzx ebx, byte [gs:rcx]", "65 0f b6 19",
	    OP(0x0fb6), LD(1, 4, GPR_RBX), ZX, MEM(GPR_RCX, NONE, 1, 0), AT(SEG_GS, 8)),
	ROW(M64, "gas: movzbl 0x8(%rip), %r9d", "44 0f b6 0d 08 00 00 00",
	    OP(0x0fb6), LD(1, 4, GPR_R9), ZX, MEM(NONE, NONE, 1, 8), RIP, AT(SEG_DS, 8)),
	ROW(M64, "movzx r10, word [rbx+4]", "4c 0f b7 53 04",
	    OP(0x0fb7), LD(2, 8, GPR_R10), ZX, MEM(GPR_RBX, NONE, 1, 4), AT(SEG_DS, 8)),
	ROW(M64, "movzx eax, word [r13+r14*1]", "43 0f b7 44 35 00",
	    OP(0x0fb7), LD(2, 4, GPR_RAX), ZX, MEM(GPR_R13, GPR_R14, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movsx ecx, byte [rsi]", "0f be 0e",
	    OP(0x0fbe), LD(1, 4, GPR_RCX), SX, MEM(GPR_RSI, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movsx r8d, byte [r9]", "45 0f be 01",
	    OP(0x0fbe), LD(1, 4, GPR_R8), SX, MEM(GPR_R9, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movsx r12, byte [r12]", "4d 0f be 24 24",
	    OP(0x0fbe), LD(1, 8, GPR_R12), SX, MEM(GPR_R12, NONE, 1, 0), AT(SEG_DS, 8)),
	ROW(M64, "movsx rdx, word [rdi+0x100]", "48 0f bf 97 00 01 00 00",
	    OP(0x0fbf), LD(2, 8, GPR_RDX), SX, MEM(GPR_RDI, NONE, 1, 0x100), AT(SEG_DS, 8)),
	ROW(M64, "movsx eax, word [rax+rax*8]", "0f bf 04 c0",
	    OP(0x0fbf), LD(2, 4, GPR_RAX), SX, MEM(GPR_RAX, GPR_RAX, 8, 0), AT(SEG_DS, 8)),
	ROW(M64, "mov ax, [abs qword 0xfee00000]", "66 a1 00 00 e0 fe 00 00 00 00",
	    OP(0xa1), LD(2, 2, GPR_RAX), MEM(NONE, NONE, 1, 0xfee00000), AT(SEG_DS, 8)),
	ROW(M64, "mov rax, [abs qword 0xffffffffff5fd0f0]", "48 a1 f0 d0 5f ff ff ff ff ff",
	    OP(0xa1), LD(8, 8, GPR_RAX), MEM(NONE, NONE, 1, -0xa02f10), AT(SEG_DS, 8)),
	ROW(M64, "mov [abs qword 0xfee000f0], al", "a2 f0 00 e0 fe 00 00 00 00",
	    OP(0xa2), ST(1, GPR_RAX), MEM(NONE, NONE, 1, 0xfee000f0), AT(SEG_DS, 8)),
	ROW(M64, "mov [abs qword 0x1122334455667788], rax", "48 a3 88 77 66 55 44 33 22 11",
	    OP(0xa3), ST(8, GPR_RAX), MEM(NONE, NONE, 1, 0x1122334455667788), AT(SEG_DS, 8)),
	ROW(M64, "mov [a32 abs dword 0xfee00000], eax", "67 a3 00 00 e0 fe",
	    OP(0xa3), ST(4, GPR_RAX), MEM(NONE, NONE, 1, -0x1200000), AT(SEG_DS, 4)),
	/* 32-bit protected mode */
	ROW(M32, "mov %eax, 0xfee00020", "a3 20 00 e0 fe",
	    OP(0xa3), ST(4, GPR_RAX), MEM(NONE, NONE, 1, -0x11fffe0), AT(SEG_DS, 4)),
	ROW(M32, "mov 0x12345678, %al", "a0 78 56 34 12",
	    OP(0xa0), LD(1, 1, GPR_RAX), MEM(NONE, NONE, 1, 0x12345678), AT(SEG_DS, 4)),
	ROW(M32, "mov %eax, %gs:0x10", "65 a3 10 00 00 00",
	    OP(0xa3), ST(4, GPR_RAX), MEM(NONE, NONE, 1, 0x10), AT(SEG_GS, 4)),
	ROW(M32, "mov ax, [a16 0xfee0]", "66 67 a1 e0 fe",
	    OP(0xa1), LD(2, 2, GPR_RAX), MEM(NONE, NONE, 1, -0x120), AT(SEG_DS, 2)),
	ROW(M32, "mov ecx, [0xfee00020] (no RIP-relative)", "8b 0d 20 00 e0 fe",
	    OP(0x8b), LD(4, 4, GPR_RCX), MEM(NONE, NONE, 1, -0x11fffe0), AT(SEG_DS, 4)),
	ROW(M32, "mov 0x10(%ebx,%esi,4), %ecx", "8b 4c b3 10",
	    OP(0x8b), LD(4, 4, GPR_RCX), MEM(GPR_RBX, GPR_RSI, 4, 0x10), AT(SEG_DS, 4)),
	ROW(M32, "mov 8(%esp), %ax", "66 8b 44 24 08",
	    OP(0x8b), LD(2, 2, GPR_RAX), MEM(GPR_RSP, NONE, 1, 8), AT(SEG_SS, 4)),
	ROW(M32, "mov 0x20(%bp,%si), %eax", "67 8b 42 20",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(GPR_RBP, GPR_RSI, 1, 0x20), AT(SEG_SS, 2)),
	ROW(M32, "mov %dl, (%ebp)", "88 55 00",
	    OP(0x88), ST(1, GPR_RDX), MEM(GPR_RBP, NONE, 1, 0), AT(SEG_SS, 4)),
	ROW(M32, "mov 0x0(%ebp,%ecx,1), %dh", "8a 74 0d 00",
	    OP(0x8a), LD(1, 1, GPR_RDX), HI8, MEM(GPR_RBP, GPR_RCX, 1, 0), AT(SEG_SS, 4)),
	ROW(M32, "mov %eax, %es:(%ebx)", "26 89 03",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_ES, 4)),
	ROW(M32, "mov [ss:ebp+4], eax", "36 89 45 04",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBP, NONE, 1, 4), AT(SEG_SS, 4)),
	ROW(M32, "mov [ds:ebp+4], eax", "3e 89 45 04",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBP, NONE, 1, 4), AT(SEG_DS, 4)),
	ROW(M32, "cs then es: last override wins", "2e 26 89 03",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_ES, 4)),
	ROW(M32, "mov %cs:(%ebx), %eax", "2e 8b 03",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_CS, 4)),
	ROW(M32, "mov %ebx, 0x0(,%eax,2)", "89 1c 45 00 00 00 00",
	    OP(0x89), ST(4, GPR_RBX), MEM(NONE, GPR_RAX, 2, 0), AT(SEG_DS, 4)),
	ROW(M32, "mov [esp+esi*2+0x80], bx", "66 89 9c 74 80 00 00 00",
	    OP(0x89), ST(2, GPR_RBX), MEM(GPR_RSP, GPR_RSI, 2, 0x80), AT(SEG_SS, 4)),
	ROW(M32, "movw $0x1234, (%edi)", "66 c7 07 34 12",
	    OP(0xc7), STI(2, 0x1234), MEM(GPR_RDI, NONE, 1, 0), AT(SEG_DS, 4)),
	ROW(M32, "movl $0xdeadbeef, 0x100(%eax,%ecx,8)", "c7 84 c8 00 01 00 00 ef be ad de",
	    OP(0xc7), STI(4, (s32)0xdeadbeef), MEM(GPR_RAX, GPR_RCX, 8, 0x100), AT(SEG_DS, 4)),
	ROW(M32, "mov byte [fs:eax], 0x11", "64 c6 00 11",
	    OP(0xc6), STI(1, 0x11), MEM(GPR_RAX, NONE, 1, 0), AT(SEG_FS, 4)),
	ROW(M32, "movsbl (%esi), %edx", "0f be 16",
	    OP(0x0fbe), LD(1, 4, GPR_RDX), SX, MEM(GPR_RSI, NONE, 1, 0), AT(SEG_DS, 4)),
	ROW(M32, "movzwl %fs:4(%eax), %ecx", "64 0f b7 48 04",
	    OP(0x0fb7), LD(2, 4, GPR_RCX), ZX, MEM(GPR_RAX, NONE, 1, 4), AT(SEG_FS, 4)),
	/* 16-bit (real or 16-bit protected) mode */
	ROW(M16, "mov (%bx,%si), %al", "8a 00",
	    OP(0x8a), LD(1, 1, GPR_RAX), MEM(GPR_RBX, GPR_RSI, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov %ax, (%bx,%di)", "89 01",
	    OP(0x89), ST(2, GPR_RAX), MEM(GPR_RBX, GPR_RDI, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov 0x2(%bp,%si), %cx", "8b 4a 02",
	    OP(0x8b), LD(2, 2, GPR_RCX), MEM(GPR_RBP, GPR_RSI, 1, 2), AT(SEG_SS, 2)),
	ROW(M16, "mov %dx, -0x2(%bp,%di)", "89 53 fe",
	    OP(0x89), ST(2, GPR_RDX), MEM(GPR_RBP, GPR_RDI, 1, -2), AT(SEG_SS, 2)),
	ROW(M16, "mov (%si), %bl", "8a 1c",
	    OP(0x8a), LD(1, 1, GPR_RBX), MEM(GPR_RSI, NONE, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov 0x1234(%di), %sp", "8b a5 34 12",
	    OP(0x8b), LD(2, 2, GPR_RSP), MEM(GPR_RDI, NONE, 1, 0x1234), AT(SEG_DS, 2)),
	ROW(M16, "mov 0x0(%bp), %ax", "8b 46 00",
	    OP(0x8b), LD(2, 2, GPR_RAX), MEM(GPR_RBP, NONE, 1, 0), AT(SEG_SS, 2)),
	ROW(M16, "mov [bp], bl", "88 5e 00",
	    OP(0x88), ST(1, GPR_RBX), MEM(GPR_RBP, NONE, 1, 0), AT(SEG_SS, 2)),
	ROW(M16, "mov cx, [0xfee0]", "8b 0e e0 fe",
	    OP(0x8b), LD(2, 2, GPR_RCX), MEM(NONE, NONE, 1, -0x120), AT(SEG_DS, 2)),
	ROW(M16, "mov [bx+si+0x7fff], ax", "89 80 ff 7f",
	    OP(0x89), ST(2, GPR_RAX), MEM(GPR_RBX, GPR_RSI, 1, 0x7fff), AT(SEG_DS, 2)),
	ROW(M16, "mov 0x80(%bx), %ah", "8a a7 80 00",
	    OP(0x8a), LD(1, 1, GPR_RAX), HI8, MEM(GPR_RBX, NONE, 1, 0x80), AT(SEG_DS, 2)),
	ROW(M16, "mov bh, [bp+di+0x80]", "8a bb 80 00",
	    OP(0x8a), LD(1, 1, GPR_RBX), HI8, MEM(GPR_RBP, GPR_RDI, 1, 0x80), AT(SEG_SS, 2)),
	ROW(M16, "movw $0xabcd, (%bx)", "c7 07 cd ab",
	    OP(0xc7), STI(2, (s16)0xabcd), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov word [es:bp+si], 0x55aa", "26 c7 02 aa 55",
	    OP(0xc7), STI(2, 0x55aa), MEM(GPR_RBP, GPR_RSI, 1, 0), AT(SEG_ES, 2)),
	ROW(M16, "movl $0x12345678, 0x4(%si)", "66 c7 44 04 78 56 34 12",
	    OP(0xc7), STI(4, 0x12345678), MEM(GPR_RSI, NONE, 1, 4), AT(SEG_DS, 2)),
	ROW(M16, "mov %eax, (%bx)", "66 89 07",
	    OP(0x89), ST(4, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov eax, [ebp+4]", "66 67 8b 45 04",
	    OP(0x8b), LD(4, 4, GPR_RAX), MEM(GPR_RBP, NONE, 1, 4), AT(SEG_SS, 4)),
	ROW(M16, "mov (%eax,%ebx,4), %dx", "67 8b 14 98",
	    OP(0x8b), LD(2, 2, GPR_RDX), MEM(GPR_RAX, GPR_RBX, 4, 0), AT(SEG_DS, 4)),
	ROW(M16, "mov %ds:0x0(%bp), %ax", "3e 8b 46 00",
	    OP(0x8b), LD(2, 2, GPR_RAX), MEM(GPR_RBP, NONE, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov %ss:(%bx), %ax", "36 8b 07",
	    OP(0x8b), LD(2, 2, GPR_RAX), MEM(GPR_RBX, NONE, 1, 0), AT(SEG_SS, 2)),
	ROW(M16, "movsbw (%bp,%si), %ax", "0f be 02",
	    OP(0x0fbe), LD(1, 2, GPR_RAX), SX, MEM(GPR_RBP, GPR_RSI, 1, 0), AT(SEG_SS, 2)),
	ROW(M16, "movzbl (%di), %ecx", "66 0f b6 0d",
	    OP(0x0fb6), LD(1, 4, GPR_RCX), ZX, MEM(GPR_RDI, NONE, 1, 0), AT(SEG_DS, 2)),
	ROW(M16, "mov 0x1234, %ax", "a1 34 12",
	    OP(0xa1), LD(2, 2, GPR_RAX), MEM(NONE, NONE, 1, 0x1234), AT(SEG_DS, 2)),
	ROW(M16, "mov %al, 0x10", "a2 10 00",
	    OP(0xa2), ST(1, GPR_RAX), MEM(NONE, NONE, 1, 0x10), AT(SEG_DS, 2)),
	ROW(M16, "mov %eax, 0x8000", "66 a3 00 80",
	    OP(0xa3), ST(4, GPR_RAX), MEM(NONE, NONE, 1, -0x8000), AT(SEG_DS, 2)),
};

static char err[128];

/* "89 04 25" -> bytes; returns the count. The tables are ours, so malformed text is a test bug. */
static size_t parse_hex(const char *hex, u8 *out, size_t max)
{
	size_t n = 0;
	char *end;

	while (*hex) {
		unsigned long v = strtoul(hex, &end, 16);

		assert_true(end != hex && v <= 0xff && n < max);
		out[n++] = (u8)v;
		hex = end;
	}
	return n;
}

/* An exactly-sized heap copy of the first len bytes, so ASan sees any overread. */
static u8 *exact_copy(const u8 *b, size_t len)
{
	u8 *p = malloc(len ? len : 1);

	assert_non_null(p);
	memcpy(p, b, len);
	return p;
}

/* Field by field, naming the row and the field on a mismatch. */
#define EXPECT_FIELD(f)                                                                      \
	do {                                                                                 \
		if ((u64)got->f != (u64)w->f) {                                              \
			print_error("%s: " #f " = %#llx, want %#llx\n", r->text,           \
				    (unsigned long long)got->f, (unsigned long long)w->f);   \
			fail();                                                              \
		}                                                                            \
	} while (0)

static void expect_row(const struct row *r, size_t n, const struct insn *got)
{
	const struct insn *w = &r->want;

	if (got->len != n || got->mode != r->mode) {
		print_error("%s: len %u mode %d\n", r->text, got->len, got->mode);
		fail();
	}
	EXPECT_FIELD(opcode);
	EXPECT_FIELD(kind);
	EXPECT_FIELD(access_size);
	EXPECT_FIELD(dest_size);
	EXPECT_FIELD(reg);
	EXPECT_FIELD(reg_high8);
	EXPECT_FIELD(sign_extend);
	EXPECT_FIELD(zero_extend);
	EXPECT_FIELD(imm);
	EXPECT_FIELD(base);
	EXPECT_FIELD(index);
	EXPECT_FIELD(scale);
	EXPECT_FIELD(disp);
	EXPECT_FIELD(rip_relative);
	EXPECT_FIELD(seg);
	EXPECT_FIELD(addr_size);
}

/* Every row decodes from an exact-size buffer and with trailing bytes after it. */
static void test_decode_table(void **state)
{
	u8 bytes[INSN_MAX_LEN + 8], *exact;
	struct insn got;
	size_t k, n;

	for (k = 0; k < ARRAY_SIZE(rows); k++) {
		const struct row *r = &rows[k];

		memset(bytes, 0x89, sizeof(bytes));
		n = parse_hex(r->hex, bytes, INSN_MAX_LEN);
		exact = exact_copy(bytes, n);
		assert_int_equal(insn_decode(exact, n, r->mode, &got, err, sizeof(err)), 0);
		assert_string_equal(err, "");
		expect_row(r, n, &got);
		free(exact);
		assert_int_equal(insn_decode(bytes, sizeof(bytes), r->mode, &got, NULL, 0), 0);
		expect_row(r, n, &got);
	}
}

/* Each proper prefix of each row is -ENODATA, read from an exact-size heap copy. */
static void test_truncated_every_length(void **state)
{
	u8 bytes[INSN_MAX_LEN], *exact;
	struct insn got;
	size_t k, len, n;

	for (k = 0; k < ARRAY_SIZE(rows); k++) {
		n = parse_hex(rows[k].hex, bytes, sizeof(bytes));
		for (len = 0; len < n; len++) {
			exact = exact_copy(bytes, len);
			assert_int_equal(insn_decode(exact, len, rows[k].mode, &got, err, sizeof(err)),
					 -ENODATA);
			assert_non_null(strstr(err, "truncated"));
			free(exact);
		}
	}
}

static void expect_refused(enum cpu_mode mode, const u8 *b, size_t n, const char *msg)
{
	struct insn got;

	assert_int_equal(insn_decode(b, n, mode, &got, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, msg);
}

static void refuse_hex(enum cpu_mode mode, const char *hex, const char *msg)
{
	u8 bytes[INSN_MAX_LEN];
	size_t n = parse_hex(hex, bytes, sizeof(bytes));
	u8 *exact = exact_copy(bytes, n);

	expect_refused(mode, exact, n, msg);
	free(exact);
}

#define REFUSE(mode, msg, hex) refuse_hex(mode, hex, msg)

static void test_lock_rep_refused(void **state)
{
	REFUSE(M64, "LOCK prefix refused", "f0 89 03");
	REFUSE(M64, "LOCK prefix refused", "66 f0 89 03");
	REFUSE(M32, "LOCK prefix refused", "f0 c7 00 01 00 00 00");
	REFUSE(M64, "REP prefix 0xf3 refused", "f3 89 03");
	REFUSE(M16, "REP prefix 0xf2 refused", "f2 8b 07");
	REFUSE(M64, "REP prefix 0xf3 refused", "f3 48 a5"); /* rep movsq */
	/* Refused on the prefix alone, before the rest has arrived. */
	REFUSE(M64, "LOCK prefix refused", "f0");
}

static void test_register_operand_refused(void **state)
{
	static const char msg[] = "register operand (mod=11), not a memory access";

	REFUSE(M64, msg, "89 d8"); /* mov eax, ebx */
	REFUSE(M64, msg, "48 8b c3"); /* mov rax, rbx */
	REFUSE(M64, msg, "88 e0"); /* mov al, ah */
	REFUSE(M64, msg, "8a c4"); /* mov al, ah */
	REFUSE(M32, msg, "c6 c0 01"); /* mov al, 1 */
	REFUSE(M32, msg, "c7 c0 01 00 00 00"); /* mov eax, 1 */
	REFUSE(M16, msg, "0f b6 c0"); /* movzx ax, al */
	REFUSE(M64, msg, "48 0f bf c1"); /* movsx rax, cx */
}

static void test_other_opcodes_refused(void **state)
{
	REFUSE(M64, "unsupported opcode 0x0f 0x38", "0f 38 00 03");
	REFUSE(M64, "unsupported opcode 0x0f 0xb1", "0f b1 03"); /* cmpxchg */
	REFUSE(M64, "unsupported opcode 0x8d", "48 8d 03"); /* lea */
	REFUSE(M64, "unsupported opcode 0x01", "01 03"); /* add */
	REFUSE(M64, "unsupported opcode 0xa5", "a5"); /* movsd */
	REFUSE(M64, "unsupported opcode 0xc5", "c5 f8 10 03"); /* VEX */
	REFUSE(M64, "unsupported opcode 0x8c", "8c 18"); /* mov [rax], ds */
	REFUSE(M64, "unsupported opcode 0xc6 /1", "c6 08 00");
	REFUSE(M64, "unsupported opcode 0xc7 /7", "c7 38 00 00 00 00");
	/* 40-4F are INC/DEC outside 64-bit mode, not REX. */
	REFUSE(M32, "unsupported opcode 0x48", "48 89 03");
	REFUSE(M16, "unsupported opcode 0x41", "41 89 03");
	REFUSE((enum cpu_mode)3, "unknown CPU mode 3", "89 03");
}

/* 15 bytes is the limit; the 16th byte is refused whether or not it is there. */
static void test_length_limit(void **state)
{
	u8 b[24];
	struct insn got;

	memset(b, 0x2e, sizeof(b));
	b[13] = 0x89; /* 13 prefixes + 89 03 = 15 bytes */
	b[14] = 0x03;
	assert_int_equal(insn_decode(b, 15, CPU_MODE_32, &got, err, sizeof(err)), 0);
	assert_int_equal(got.len, 15);
	assert_int_equal(got.seg, SEG_CS);
	memset(b, 0x2e, sizeof(b));
	b[14] = 0x89; /* 14 prefixes + 89 03 = 16 bytes */
	b[15] = 0x03;
	expect_refused(CPU_MODE_32, b, sizeof(b), "instruction longer than 15 bytes");
	expect_refused(CPU_MODE_32, b, 16, "instruction longer than 15 bytes");
	expect_refused(CPU_MODE_32, b, 15, "instruction longer than 15 bytes");
	/* Prefixes only: -ENODATA until the limit says otherwise. */
	assert_int_equal(insn_decode(b, 14, CPU_MODE_32, &got, err, sizeof(err)), -ENODATA);
	/* A long form: 26 x3, REX.W, C7 84 SIB disp32 imm32 = 15; one more prefix = 16. */
	parse_hex("26 26 26 48 c7 84 c8 00 01 00 00 ef be ad de", b, 15);
	assert_int_equal(insn_decode(b, 15, CPU_MODE_64, &got, err, sizeof(err)), 0);
	assert_int_equal(got.len, 15);
	assert_int_equal(got.imm, 0xffffffffdeadbeefULL);
	memmove(b + 1, b, 15);
	expect_refused(CPU_MODE_64, b, 16, "instruction longer than 15 bytes");
	expect_refused(CPU_MODE_64, b, 15, "instruction longer than 15 bytes");
}

/* Decode text that must be exactly one supported instruction. */
static void decode_hex(enum cpu_mode mode, const char *hex, struct insn *i)
{
	u8 bytes[INSN_MAX_LEN];
	size_t n = parse_hex(hex, bytes, sizeof(bytes));

	assert_int_equal(insn_decode(bytes, n, mode, i, err, sizeof(err)), 0);
	assert_int_equal(i->len, n);
}

#define DECODE(mode, i, hex) decode_hex(mode, hex, i)

static void test_linear_address_64(void **state)
{
	u64 gpr[GPR_COUNT] = { 0 };
	u64 seg[SEG_COUNT] = { 0x1000, 0x2000, 0x3000, 0x4000, 0x7fff0000, 0x88880000 };
	struct insn i;

	gpr[GPR_RBX] = 0x1000;
	gpr[GPR_RSI] = 3;
	DECODE(M64, &i, "89 44 b3 10"); /* [rbx+rsi*4+0x10]: DS base ignored */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x101c);
	DECODE(M64, &i, "89 04 25 20 00 e0 fe"); /* disp32 sign-extends */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0xfffffffffee00020ULL);
	gpr[GPR_RAX] = 0x10;
	DECODE(M64, &i, "64 8b 00"); /* [fs:rax] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x7fff0010);
	assert_int_equal(insn_linear_address(&i, gpr, 0, NULL), 0x10);
	DECODE(M64, &i, "65 48 8b 04 25 10 00 00 00"); /* [gs:0x10] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x88880010);
	DECODE(M64, &i, "48 89 0d 34 12 00 00"); /* [rip+0x1234] */
	assert_int_equal(insn_linear_address(&i, gpr, 0xffffffff81000007ULL, seg), 0xffffffff8100123bULL);
	DECODE(M64, &i, "8b 05 f0 ff ff ff"); /* [rip-0x10] */
	assert_int_equal(insn_linear_address(&i, gpr, 0x1006, seg), 0xff6);
	DECODE(M64, &i, "67 89 15 20 00 00 00"); /* [eip+0x20] wraps at 4G */
	assert_int_equal(insn_linear_address(&i, gpr, 0xfffffff0, seg), 0x10);
	gpr[GPR_RAX] = 0x1fffffff8ULL;
	DECODE(M64, &i, "67 89 50 10"); /* [eax+0x10]: upper half of rax unused */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x8);
	DECODE(M64, &i, "67 a3 00 00 e0 fe"); /* a32 moffs */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0xfee00000);
	DECODE(M64, &i, "48 a1 f0 d0 5f ff ff ff ff ff");
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0xffffffffff5fd0f0ULL);
	gpr[GPR_R12] = 0x100;
	gpr[GPR_R9] = 0x20;
	DECODE(M64, &i, "4f 8b 7c cc 80"); /* [r12+r9*8-0x80] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x180);
}

static void test_linear_address_legacy(void **state)
{
	u64 gpr[GPR_COUNT] = { 0 }, seg[SEG_COUNT] = { 0x10000, 0, 0x20000, 0xf0000, 0x30000, 0x40000 };
	struct insn i;

	gpr[GPR_RBP] = 0xfff0;
	gpr[GPR_RSI] = 0x20;
	DECODE(M16, &i, "8b 4a 02"); /* [bp+si+2] wraps at 64K, SS */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x20012);
	DECODE(M16, &i, "8b 0e e0 fe"); /* [0xfee0], DS */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0xffee0);
	DECODE(M16, &i, "26 c7 02 aa 55"); /* es:[bp+si] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x10010);
	DECODE(M16, &i, "66 67 8b 45 04"); /* [ebp+4]: 32-bit address in 16-bit mode */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x2fff4);
	seg[SEG_DS] = 0x02000000;
	DECODE(M32, &i, "8b 0d 20 00 e0 fe"); /* linear wraps at 4G */
	assert_int_equal(insn_linear_address(&i, gpr, 0x12345678, seg), 0x00e00020);
	gpr[GPR_RAX] = 0xdead80000010ULL; /* bits above 31 are not part of EAX */
	DECODE(M32, &i, "89 1c 45 00 00 00 00"); /* [eax*2] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x02000020);
	DECODE(M32, &i, "64 0f b7 48 04"); /* fs:[eax+4] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, seg), 0x80030014);
	DECODE(M32, &i, "65 a3 10 00 00 00"); /* gs:[0x10] */
	assert_int_equal(insn_linear_address(&i, gpr, 0, NULL), 0x10);
}

static void test_store_value(void **state)
{
	u64 gpr[GPR_COUNT];
	struct insn i;
	size_t k;

	for (k = 0; k < GPR_COUNT; k++)
		gpr[k] = 0x1122334455667788ULL + k * 0x0101010101010101ULL;
	DECODE(M64, &i, "88 65 00"); /* ah */
	assert_int_equal(insn_store_value(&i, gpr), 0x77);
	DECODE(M64, &i, "40 88 74 24 08"); /* sil */
	assert_int_equal(insn_store_value(&i, gpr), 0x8e);
	DECODE(M64, &i, "88 28"); /* ch */
	assert_int_equal(insn_store_value(&i, gpr), 0x78);
	DECODE(M64, &i, "45 88 0c 24"); /* r9b */
	assert_int_equal(insn_store_value(&i, gpr), 0x91);
	DECODE(M64, &i, "89 44 b3 10"); /* eax */
	assert_int_equal(insn_store_value(&i, gpr), 0x55667788);
	DECODE(M64, &i, "66 45 89 aa ff ff ff 7f"); /* r13w */
	assert_int_equal(insn_store_value(&i, gpr), 0x8495);
	DECODE(M64, &i, "48 89 0d 34 12 00 00"); /* rcx */
	assert_int_equal(insn_store_value(&i, gpr), 0x1223344556677889ULL);
	DECODE(M64, &i, "c6 07 80");
	assert_int_equal(insn_store_value(&i, gpr), 0x80);
	DECODE(M64, &i, "48 c7 00 fe ff ff ff"); /* imm32 sign-extended */
	assert_int_equal(insn_store_value(&i, gpr), 0xfffffffffffffffeULL);
	DECODE(M32, &i, "c7 84 c8 00 01 00 00 ef be ad de");
	assert_int_equal(insn_store_value(&i, gpr), 0xdeadbeef);
	DECODE(M64, &i, "66 c7 04 48 01 80");
	assert_int_equal(insn_store_value(&i, gpr), 0x8001);
	DECODE(M64, &i, "8b 00"); /* a load writes nothing */
	assert_int_equal(insn_store_value(&i, gpr), 0);
}

static void load(const struct insn *i, u64 *gpr, u64 before, u64 value, u64 after)
{
	gpr[i->reg] = before;
	insn_complete_load(i, gpr, value);
	assert_int_equal(gpr[i->reg], after);
}

static void test_complete_load(void **state)
{
	u64 gpr[GPR_COUNT] = { 0 };
	struct insn i;

	DECODE(M64, &i, "8b 05 f0 ff ff ff"); /* eax: zero-extends */
	load(&i, gpr, ~0ULL, 0xaaaaaaaa12345678ULL, 0x12345678);
	DECODE(M64, &i, "4f 8b 7c cc 80"); /* r15 */
	load(&i, gpr, 0, 0x8877665544332211ULL, 0x8877665544332211ULL);
	DECODE(M64, &i, "66 45 8b 45 00"); /* r8w: merges */
	load(&i, gpr, 0x1111111111111111ULL, 0xffffabcd, 0x111111111111abcdULL);
	DECODE(M64, &i, "44 8a 10"); /* r10b: merges */
	load(&i, gpr, 0x1111111111111111ULL, 0x1ee, 0x11111111111111eeULL);
	DECODE(M64, &i, "8a 3c 2b"); /* bh: bits 15:8 */
	load(&i, gpr, 0x1234, 0xff, 0xff34);
	DECODE(M16, &i, "8a a7 80 00"); /* ah */
	load(&i, gpr, 0xffffffff00001111ULL, 0x5a, 0xffffffff00005a11ULL);
	DECODE(M64, &i, "0f be 0e"); /* movsx ecx, byte: then zero-extends */
	load(&i, gpr, ~0ULL, 0x80, 0xffffff80);
	load(&i, gpr, ~0ULL, 0x17f, 0x7f);
	DECODE(M64, &i, "48 0f bf 97 00 01 00 00"); /* movsx rdx, word */
	load(&i, gpr, 0, 0x8000, 0xffffffffffff8000ULL);
	DECODE(M64, &i, "4d 0f be 24 24"); /* movsx r12, byte */
	load(&i, gpr, 0, 0xfe, ~1ULL);
	DECODE(M16, &i, "0f be 02"); /* movsx ax, byte: merges 16 */
	load(&i, gpr, 0x12345678, 0xff, 0x1234ffff);
	DECODE(M64, &i, "0f b6 02"); /* movzx eax, byte */
	load(&i, gpr, ~0ULL, 0x1ff, 0xff);
	DECODE(M64, &i, "66 0f b6 08"); /* movzx cx, byte: merges 16 */
	load(&i, gpr, ~0ULL, 0x80, 0xffffffffffff0080ULL);
	DECODE(M64, &i, "4c 0f b7 53 04"); /* movzx r10, word */
	load(&i, gpr, ~0ULL, 0xffffffff, 0xffff);
	DECODE(M16, &i, "a1 34 12"); /* mov ax, moffs */
	load(&i, gpr, 0xabcd0000ffffULL, 0x4242, 0xabcd00004242ULL);
	DECODE(M64, &i, "89 44 b3 10"); /* a store: untouched */
	load(&i, gpr, 0x55, 0x1234, 0x55);
}

/* Only the destination changes. */
static void test_complete_load_touches_one_register(void **state)
{
	u64 gpr[GPR_COUNT], before[GPR_COUNT];
	struct insn i;
	size_t k;

	for (k = 0; k < GPR_COUNT; k++)
		before[k] = gpr[k] = 0xa5a5a5a5a5a5a5a5ULL ^ k;
	DECODE(M64, &i, "8a 3c 2b"); /* bh */
	insn_complete_load(&i, gpr, 0);
	for (k = 0; k < GPR_COUNT; k++)
		assert_int_equal(gpr[k], k == GPR_RBX ? (before[k] & ~0xff00ULL) : before[k]);
}

static void test_format_bytes(void **state)
{
	static const u8 b[] = { 0x89, 0x04, 0x25, 0x00, 0x00, 0xe0, 0xfe };
	char buf[32];

	assert_int_equal(insn_format_bytes(b, sizeof(b), buf, sizeof(buf)), 20);
	assert_string_equal(buf, "89 04 25 00 00 e0 fe");
	assert_int_equal(insn_format_bytes(b, 1, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "89");
	assert_int_equal(insn_format_bytes(b, 0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(insn_format_bytes(b, sizeof(b), buf, 5), 20);
	assert_string_equal(buf, "89 0");
	assert_int_equal(insn_format_bytes(b, sizeof(b), NULL, 0), 20);
}

static void test_error_buffer(void **state)
{
	static const u8 b[] = { 0xf0, 0x89, 0x03 };
	struct insn got;
	char small[5];

	assert_int_equal(insn_decode(b, sizeof(b), CPU_MODE_64, &got, NULL, 0), -EINVAL);
	assert_int_equal(insn_decode(b, sizeof(b), CPU_MODE_64, &got, small, sizeof(small)), -EINVAL);
	assert_string_equal(small, "LOCK");
	assert_int_equal(insn_decode(b, 0, CPU_MODE_64, &got, err, sizeof(err)), -ENODATA);
	assert_string_equal(err, "instruction truncated after 0 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_table),
		cmocka_unit_test(test_truncated_every_length),
		cmocka_unit_test(test_lock_rep_refused),
		cmocka_unit_test(test_register_operand_refused),
		cmocka_unit_test(test_other_opcodes_refused),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_linear_address_64),
		cmocka_unit_test(test_linear_address_legacy),
		cmocka_unit_test(test_store_value),
		cmocka_unit_test(test_complete_load),
		cmocka_unit_test(test_complete_load_touches_one_register),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_error_buffer),
	};

	return RUN_TESTS(tests);
}
