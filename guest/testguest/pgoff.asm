; SPDX-License-Identifier: MIT
;
; A call made with paging off: leave IA-32e mode for 32-bit protected mode
; with CR0.PG = 0, call a function there, and come back to 64-bit mode.
;
;   u32 pgoff_call(u32 fn)                      (pgoff.h)
;
; fn is a linear = physical address below 4 GiB holding 32-bit code that
; returns with a near RET (the MBEC checks' "mov eax, imm32; ret" reads the
; same in both modes); pgoff_call returns its EAX. Steps, after Intel SDM
; Vol. 3A, 10.8.5.4 "Switching Out of IA-32e Mode Operation" and, for the way
; back, 10.8.5 "Initializing IA-32e Mode":
;   1. far return to TG_GDT_CODE32: compatibility mode;
;   2. clear CR0.PG: IA-32e mode is deactivated (EFER.LMA = 0). This code is
;      identity-mapped, as the SDM requires of the MOV and what follows;
;   3. clear EFER.LME; load a 32-bit IDT; call fn;
;   4. set EFER.LME, then CR0.PG (CR4.PAE and CR3 are unchanged, CR3 is
;      below 4 GiB): IA-32e mode again, still in compatibility mode;
;   5. far jump to TG_GDT_CODE64, reload the data segments, the stack
;      pointer and the 64-bit IDT.
; An exception while paging is off goes through the 32-bit IDT (32 gates,
; Vol. 3A, 7.11 "IDT Descriptors") to pm32_fault, which records the vector
; and the two doublewords above it (error code and EIP, or EIP and CS) in
; pgoff_fault and takes step 4; pgoff_call then returns 0. Between steps 1
; and 2 and between 4 and 5 the 64-bit IDT is loaded while the CPU runs 32-bit
; code: no exception is expected there (interrupts are off).
; Needs: gdt_init()'s GDT, CR4.PCIDE = 0 (a MOV to CR0 that clears PG with
; PCIDE = 1 faults), the image and stack below 4 GiB, identity-mapped.
; Clobbers what the SysV ABI lets a callee clobber.

GDT_CODE64 equ 0x08             ; tg.h TG_GDT_CODE64
GDT_DATA equ 0x10               ; tg.h TG_GDT_DATA
GDT_CODE32 equ 0x18             ; tg.h TG_GDT_CODE32
CR0_PG equ 1 << 31
MSR_EFER equ 0xC0000080
EFER_LME equ 1 << 8
GATE32_INTERRUPT equ 0x8E00     ; P, DPL 0, 32-bit interrupt gate (high doubleword)
IDT32_VECTORS equ 32            ; exceptions only: interrupts are off
STUB_SIZE equ 8

global pgoff_call, pgoff_fault

section .text
bits 64
pgoff_call:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	pushfq
	cli
	mov [rel pgoff_fn], edi
	mov dword [rel pgoff_result], 0
	mov dword [rel pgoff_fault], -1
	mov [rel saved_rsp], rsp
	sidt [rel saved_idtr]
	; The 32-bit IDT: gate k -> pm32_stubs + STUB_SIZE * k.
	lea rdi, [rel idt32]
	mov eax, pm32_stubs
	xor ecx, ecx
.fill:
	mov edx, eax
	and edx, 0xFFFF
	or edx, GDT_CODE32 << 16
	mov [rdi + rcx * 8], edx
	mov edx, eax
	and edx, 0xFFFF0000
	or edx, GATE32_INTERRUPT
	mov [rdi + rcx * 8 + 4], edx
	add eax, STUB_SIZE
	inc ecx
	cmp ecx, IDT32_VECTORS
	jb .fill
	; Step 1.
	push GDT_CODE32
	lea rax, [rel pm32_entry]
	push rax
	o64 retf

bits 32
pm32_entry:
	mov ax, GDT_DATA                ; DS may be null after CPL 3 (ring3_entry.asm)
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	; Step 2.
	mov eax, cr0
	and eax, ~CR0_PG
	mov cr0, eax
	; Step 3: 32-bit protected mode, paging off.
	mov ecx, MSR_EFER
	rdmsr
	and eax, ~EFER_LME
	wrmsr
	lidt [idt32_desc]
	mov eax, [pgoff_fn]
	call eax
	mov [pgoff_result], eax
pm32_back:
	; Step 4.
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG
	mov cr0, eax
	; Step 5.
	jmp GDT_CODE64:long_again

; Stack: vector (pushed by the stub), then what the CPU pushed.
pm32_fault:
	pop eax
	mov [pgoff_fault], eax
	mov eax, [esp]
	mov [pgoff_fault + 4], eax
	mov eax, [esp + 4]
	mov [pgoff_fault + 8], eax
	jmp pm32_back

; PM32_STUB vector: push the vector, join pm32_fault; padded to STUB_SIZE.
%macro PM32_STUB 1
%%stub:
	push byte %1
	jmp near pm32_fault
	times STUB_SIZE - ($ - %%stub) nop
%endmacro

; One stub per vector, STUB_SIZE bytes each, so that the IDT is a stride.
align STUB_SIZE
pm32_stubs:
%assign vector 0
%rep IDT32_VECTORS
	PM32_STUB vector
%assign vector vector + 1
%endrep

bits 64
long_again:
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov rsp, [rel saved_rsp]
	lidt [rel saved_idtr]
	popfq
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	mov eax, [rel pgoff_result]
	ret

section .rodata
align 8
idt32_desc:
	dw IDT32_VECTORS * 8 - 1
	dd idt32                        ; LIDT with a 32-bit operand reads 6 bytes

section .bss
alignb 8
idt32:
	resq IDT32_VECTORS
saved_rsp:
	resq 1
saved_idtr:
	resb 16                         ; SIDT in 64-bit mode stores 10 bytes
pgoff_fn:
	resd 1
pgoff_result:
	resd 1
pgoff_fault:                            ; struct pgoff_fault (pgoff.h)
	resd 3
