; SPDX-License-Identifier: MIT
; The Multiboot2 header and the 32-bit entry of hv.elf.
;
; GRUB enters at mb2_entry in 32-bit protected mode with paging off, EAX =
; 0x36d76289 and EBX = physical address of the boot information (Multiboot2
; Specification 1.0, 3.3 "I386 machine state"). This stub checks for 64-bit
; mode, identity-maps the first 4 GiB with 2 MiB pages, enables IA-32e mode
; (Intel SDM Vol. 3A, 10.8.5 "Initializing IA-32e Mode"), and calls
; mb2_main(magic, info) in 64-bit mode on a stack in .bss. hv_main() builds
; its own page tables later; these exist only to get there.
;
; Inputs: EAX, EBX as above. Never returns. Stack: boot_stack (16 KiB).

bits 32
default abs

MB2_HEADER_MAGIC	equ 0xe85250d6
MB2_ARCH_I386		equ 0
MB2_TAG_END		equ 0
MB2_TAG_MODULE_ALIGN	equ 6	; spec 3.1.10: modules on page boundaries
COM1			equ 0x3f8
CR4_PAE			equ 1 << 5
EFER_MSR		equ 0xc0000080
EFER_LME		equ 1 << 8
CR0_PE_PG		equ (1 << 0) | (1 << 31)
PTE_P_RW		equ 0x3
PTE_P_RW_PS		equ 0x83

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	align 8
	dw MB2_TAG_MODULE_ALIGN, 0
	dd 8
	align 8
	dw MB2_TAG_END, 0
	dd 8
mb2_header_end:

section .text.boot32 progbits alloc exec nowrite align=16
global mb2_entry
extern mb2_main

mb2_entry:
	cli
	cld
	mov esp, boot_stack_top
	mov edi, eax			; magic, kept for mb2_main
	mov esi, ebx			; information

	; CPUID.80000001H:EDX[29] (LM): without it there is no hv.
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode

	; PML4[0] -> PDPT; PDPT[0..3] -> PD0..PD3; PDn: 512 x 2 MiB.
	mov eax, boot_pdpt
	or eax, PTE_P_RW
	mov [boot_pml4], eax
	xor ecx, ecx
.pdpt:
	mov eax, ecx
	shl eax, 12
	add eax, boot_pd
	or eax, PTE_P_RW
	mov [boot_pdpt + ecx * 8], eax
	inc ecx
	cmp ecx, 4
	jb .pdpt
	xor ecx, ecx			; 2048 entries over the four PDs
.pd:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P_RW_PS
	mov [boot_pd + ecx * 8], eax
	mov eax, ecx
	shr eax, 11			; bits 32+ of the address
	mov [boot_pd + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jb .pd

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, EFER_MSR
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PE_PG
	mov cr0, eax
	lgdt [boot_gdt_ptr]
	jmp 0x08:long_mode_entry

.no_long_mode:
	mov ebx, no_long_mode_msg
.putc:
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, [ebx]
	test al, al
	jz .halt
	mov dx, COM1
	out dx, al
	inc ebx
	jmp .putc
.halt:
	hlt
	jmp .halt

bits 64
long_mode_entry:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	; edi = magic, esi = information address (zero-extended by the 32-bit moves)
	call mb2_main
.hang:
	hlt
	jmp .hang

section .rodata
no_long_mode_msg: db "hv: this CPU has no 64-bit mode", 13, 10, 0
	align 8
boot_gdt:
	dq 0
	dq 0x00af9a000000ffff		; 0x08: 64-bit code
	dq 0x00cf92000000ffff		; 0x10: data
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dq boot_gdt

section .bss
	alignb 4096
boot_pml4: resb 4096
boot_pdpt: resb 4096
boot_pd: resb 4 * 4096
boot_stack: resb 16384
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
