; SPDX-License-Identifier: MIT
; The application-processor trampoline. vmm/smp.c copies these bytes to a
; page P below 1 MiB, fills the parameter block at P + 0xF00 (struct
; trampoline_params in vmm/smp.c; its offsets are the TP_* constants below
; and static_asserts there keep both in step), and starts an AP with
; INIT-SIPI-SIPI at vector P >> 12 (Intel SDM Vol. 3A, 10.4.4 "MP
; Initialization Example"). The AP arrives in real mode at CS = P >> 4,
; IP = 0, and goes: real mode -> 32-bit protected mode -> IA-32e mode
; (Vol. 3A, 10.8.5 "Initializing IA-32e Mode") on hv's own page tables,
; then takes the next free slot {stack, arg} (several APs may arrive at once
; after a broadcast SIPI) and calls params.entry(arg) on that stack. Far
; jumps go through pointers in the parameter block, so the code needs no
; patching. An AP that finds no free slot halts.
;
; Inputs: the parameter block. Never returns. Clobbers everything.

bits 16
default abs
section .rodata

TP_GDT		equ 0xf00	; four descriptors: null, code32, data, code64
TP_GDTR		equ 0xf20	; limit (2 bytes), base (4 bytes)
TP_PM32		equ 0xf28	; far pointer m16:32 to pm32
TP_LM64		equ 0xf30	; far pointer m16:32 to lm64
TP_CR3		equ 0xf38
TP_COUNTER	equ 0xf3c	; APs take slots in arrival order (lock xadd)
TP_SLOTS	equ 0xf40	; address of an array of {stack top, arg} pairs
TP_MAX		equ 0xf48	; number of slots
TP_ENTRY	equ 0xf50

global ap_trampoline_start, ap_trampoline_end, ap_trampoline_pm32, ap_trampoline_lm64

	align 4096
ap_trampoline_start:
	cli
	cld
	mov ax, cs
	mov ds, ax
	movzx esi, ax
	shl esi, 4			; esi = P, kept across the mode switches
	o32 lgdt [TP_GDTR]
	mov eax, cr0
	or eax, 1			; PE
	mov cr0, eax
	jmp far dword [TP_PM32]

bits 32
ap_trampoline_pm32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, 1 << 5			; PAE
	mov cr4, eax
	mov eax, [esi + TP_CR3]
	mov cr3, eax
	mov ecx, 0xc0000080		; IA32_EFER
	rdmsr
	or eax, 1 << 8			; LME
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16)	; PG, WP
	mov cr0, eax
	jmp far dword [esi + TP_LM64]

bits 64
ap_trampoline_lm64:
	mov esi, esi			; zero-extend P
	mov eax, 1
	lock xadd [rsi + TP_COUNTER], eax	; eax = this AP's slot
	cmp eax, [rsi + TP_MAX]
	jae .hang
	mov rdx, [rsi + TP_SLOTS]
	shl rax, 4
	mov rsp, [rdx + rax]
	mov rdi, [rdx + rax + 8]
	mov rax, [rsi + TP_ENTRY]
	xor ebp, ebp
	call rax
.hang:
	cli
	hlt
	jmp .hang
ap_trampoline_end:

section .note.GNU-stack noalloc noexec nowrite progbits
