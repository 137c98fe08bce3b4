; SPDX-License-Identifier: MIT
;
; One fixed sequence of MMIO accesses to hv's virtual test device, in the
; exact instruction forms hv's MMIO emulation must decode (hence NASM, not C:
; a compiler picks its own forms). Opcodes: Intel SDM Vol. 2, MOV (88, 89,
; 8A, 8B, C6, C7), MOVZX (0F B6, 0F B7), MOVSX (0F BE, 0F BF); operand size,
; REX and SIB: Vol. 2A, 2.1 "Instruction Format for Protected Mode,
; Real-Address Mode, and Virtual-8086 Mode" and 2.2.1 "REX Prefixes".
;
;   void tg_mmio_forms(u64 dev, u64 *out)      (mmio_forms.h)
;
; dev is the device's page (linear = guest-physical); only its echo area
; (TESTDEV_ECHO_BASE = 0x100 and up) is written. Each load is followed by
; RESULT, which stores the whole 64-bit register into the next out[] slot and
; records what it must hold in tg_mmio_forms_expect (so every form and its
; expectation sit on neighbouring lines). Registers are preloaded with
; patterns so that a load that should merge (8/16-bit) or zero-extend
; (32-bit) shows it. MW and MR count the device writes and reads, and
; tg_mmio_forms_counts exports the totals and the LAST value the final write
; leaves, so the C check never counts by hand. RIP-relative forms cannot reach
; the device (it lies more than 2 GiB away) and are not used.
; Clobbers what the SysV ABI lets a callee clobber; no stack use but pushes.

global tg_mmio_forms, tg_mmio_forms_expect, tg_mmio_forms_expect_end
global tg_mmio_forms_counts, tg_mmio_unsupported

bits 64

%assign WRITES 0
%assign READS 0
%assign RESULTS 0

; MW insn: a write to the device.
%macro MW 1+
	%1
	%assign WRITES WRITES + 1
%endmacro

; MR insn: a read from the device.
%macro MR 1+
	%1
	%assign READS READS + 1
%endmacro

; RESULT reg64, expected, "form": out[k] = reg64, expect[k] = {expected, "form"}.
%macro RESULT 3
	mov [r13 + 8 * RESULTS], %1
	[section .rodata]
%%what:	db %3, 0
	[section .rodata.tg_mmio_forms]
	dq %2, %%what
	__SECT__
	%assign RESULTS RESULTS + 1
%endmacro

section .rodata.tg_mmio_forms progbits alloc noexec nowrite align=8
tg_mmio_forms_expect:

section .text
tg_mmio_forms:
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov r13, rsi                    ; out[]
	mov r14, rdi                    ; dev again, as a REX base register

	; ---- width 1
	mov eax, 0x11
	MW mov [rdi + 0x100], al                        ; 88 /r
	mov rax, 0xAAAAAAAAAAAAAAAA
	MR mov al, [rdi + 0x100]                        ; 8A /r: bits 63:8 kept
	RESULT rax, 0xAAAAAAAAAAAAAA11, "mov al, [m8] (merges)"
	mov eax, 0xA500
	MW mov [rdi + 0x101], ah                        ; high-byte source
	mov rbx, 0x1111111111111111
	MR mov bh, [rdi + 0x101]                        ; high-byte destination
	RESULT rbx, 0x111111111111A511, "mov bh, [m8] (merges)"
	MW mov byte [rdi + 0x102], 0x5A                 ; C6 /0 ib
	mov esi, 0x77
	MW mov [r14 + 0x103], sil                       ; REX: sil
	mov r8d, 0x3C
	MW mov [r14 + 0x104], r8b                       ; REX.R: r8b
	mov r15, -1
	MR mov r15b, [r14 + 0x104]
	RESULT r15, 0xFFFFFFFFFFFFFF3C, "mov r15b, [m8] (merges)"
	mov r11, -1
	MR mov r11d, [r14 + 0x100]
	RESULT r11, 0x775AA511, "mov r11d, [m32] over four byte writes"

	; ---- width 2 (66 operand-size prefix)
	mov ecx, 0x2233
	MW mov [rdi + 0x108], cx                        ; 66 89 /r
	mov rdx, 0xBBBBBBBBBBBBBBBB
	MR mov dx, [rdi + 0x108]                        ; 66 8B /r: bits 63:16 kept
	RESULT rdx, 0xBBBBBBBBBBBB2233, "mov dx, [m16] (merges)"
	MW mov word [rdi + 0x10A], 0xBEEF               ; 66 C7 /0 iw
	mov r9d, 0x6655
	MW mov [r14 + 0x10C], r9w                       ; 66 REX 89 /r
	MW mov word [r14 + 0x10E], 0x8001
	MR mov r11, [r14 + 0x108]
	RESULT r11, 0x80016655BEEF2233, "mov r11, [m64] over four word writes"
	mov rcx, -1
	MR movzx ecx, word [rdi + 0x10A]                ; 0F B7
	RESULT rcx, 0xBEEF, "movzx ecx, word [m16]"
	MR movsx rcx, word [rdi + 0x10A]                ; REX.W 0F BF
	RESULT rcx, 0xFFFFFFFFFFFFBEEF, "movsx rcx, word [m16]"
	mov rax, -1
	MR movsx eax, word [rdi + 0x10C]
	RESULT rax, 0x6655, "movsx eax, word [m16] (positive)"
	mov r12, -1
	MR movzx r12d, word [r14 + 0x10E]
	RESULT r12, 0x8001, "movzx r12d, word [m16]"
	MR movsx r12, word [r14 + 0x10E]
	RESULT r12, 0xFFFFFFFFFFFF8001, "movsx r12, word [m16]"

	; ---- width 4
	mov r8d, 0x44556677
	MW mov [r14 + 0x110], r8d                       ; REX 89 /r
	mov r9, -1
	MR mov r9d, [r14 + 0x110]                       ; zero-extends to 64 bits
	RESULT r9, 0x44556677, "mov r9d, [m32] (zero-extends)"
	MW mov dword [rdi + 0x114], 0xDEADBEEF          ; C7 /0 id
	mov rax, -1
	MR mov eax, [rdi + 0x114]
	RESULT rax, 0xDEADBEEF, "mov eax, [m32] (zero-extends)"
	mov rax, -1
	MR movzx eax, byte [rdi + 0x117]                ; 0F B6
	RESULT rax, 0xDE, "movzx eax, byte [m8]"
	MR movsx rax, byte [rdi + 0x117]                ; REX.W 0F BE
	RESULT rax, 0xFFFFFFFFFFFFFFDE, "movsx rax, byte [m8]"
	mov rdx, -1
	MR movsx edx, byte [rdi + 0x110]
	RESULT rdx, 0x77, "movsx edx, byte [m8] (positive)"
	mov r10, -1
	MR movzx r10, byte [r14 + 0x111]                ; REX.W 0F B6
	RESULT r10, 0x66, "movzx r10, byte [m8]"
	MR mov r11, [r14 + 0x110]
	RESULT r11, 0xDEADBEEF44556677, "mov r11, [m64] over two dword writes"

	; ---- width 8
	mov r10, 0x8899AABBCCDDEEFF
	MW mov [r14 + 0x118], r10                       ; REX.W 89 /r
	MR mov r11, [r14 + 0x118]                       ; REX.W 8B /r
	RESULT r11, 0x8899AABBCCDDEEFF, "mov r11, [m64]"
	MW mov qword [rdi + 0x120], -2                  ; REX.W C7 /0 id, sign-extended
	MR mov rax, [rdi + 0x120]
	RESULT rax, 0xFFFFFFFFFFFFFFFE, "mov qword [m64], imm32 -2 (sign-extends)"
	MW mov qword [rdi + 0x128], 0x7FFFFFF0
	MR mov rbx, [rdi + 0x128]
	RESULT rbx, 0x7FFFFFF0, "mov qword [m64], imm32 0x7ffffff0"

	; ---- SIB: base + index * scale + disp32
	mov ecx, 0x10
	mov rax, 0x0123456789ABCDEF
	MW mov [dword r14 + rcx * 8 + 0x100], rax       ; offset 0x180
	mov r12d, 0x20
	MR mov rdx, [dword rdi + r12 * 4 + 0x100]       ; offset 0x180, REX.X index
	RESULT rdx, 0x0123456789ABCDEF, "mov rdx, [rdi + r12*4 + disp32]"
	MW mov byte [dword rdi + rcx * 2 + 0x168], 0x99 ; offset 0x188
	mov rax, -1
	MR movzx eax, byte [dword r14 + r12 * 1 + 0x168]
	RESULT rax, 0x99, "movzx eax, byte [r14 + r12*1 + disp32]"

	; ---- dil: RDI is free now that every remaining access goes through r14
	mov rdi, 0x4444444444444444
	MR mov dil, [r14 + 0x104]
	RESULT rdi, 0x444444444444443C, "mov dil, [m8] (merges)"
	mov edi, 0x5C
	MW mov [r14 + 0x105], dil
	mov rax, -1
	MR movzx eax, word [r14 + 0x104]
	RESULT rax, 0x5C3C, "movzx eax, word after a dil write"

	; ---- the last write: tg_mmio_forms_counts[2] names it
LAST_OFFSET equ 0x1F2
LAST_WIDTH equ 2
	MW mov word [r14 + LAST_OFFSET], 0x0102

	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	ret

; void tg_mmio_unsupported(u64 dev): one access hv's emulator must refuse,
; ADD r/m32, imm8 (83 /0 ib) on the echo area, so that hv stops the guest
; and shows the bytes (83 87 00 01 00 00 01). Returns only if hv let it pass.
tg_mmio_unsupported:
	add dword [rdi + 0x100], byte 1
	ret

section .rodata.tg_mmio_forms
tg_mmio_forms_expect_end:

section .rodata
align 8
; writes, reads, and the LAST register's value after the sequence
tg_mmio_forms_counts:
	dq WRITES, READS, (LAST_WIDTH << 32) | LAST_OFFSET
