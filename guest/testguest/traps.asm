; SPDX-License-Identifier: MIT
;
; The 256 interrupt and exception entry stubs of the test guest and the
; common path into C. Each stub makes the stack look the same whatever the
; vector (a zero error code is pushed where the CPU pushes none), pushes its
; vector and jumps to trap_common, which saves the general registers as a
; struct trap_frame (idt.h), calls
;     idt_dispatch(struct trap_frame *frame)   (idt.c)
; and returns with IRETQ to frame->rip, which the C code may have moved past
; a faulting instruction. Which exceptions push an error code: Intel SDM
; Vol. 3A, 7.15 "Exception and Interrupt Reference"; the 64-bit stack frame:
; Vol. 3A, 7.14.2 "64-Bit Mode Stack Frame" (RSP is 16-byte aligned before
; the CPU pushes SS, RSP, RFLAGS, CS, RIP, so 22 quadwords keep it aligned).

extern idt_dispatch
global trap_stub_table

%macro TRAP_STUB 1
align 16
trap_stub_%1:
%if !((%1 == 8) || (%1 == 10) || (%1 == 11) || (%1 == 12) || (%1 == 13) || \
      (%1 == 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30))
	push 0                          ; no error code from the CPU
%endif
	push %1
	jmp trap_common
%endmacro

bits 64
section .text

%assign vector 0
%rep 256
	TRAP_STUB %[vector]
%assign vector vector + 1
%endrep

; Stack on entry: vector, error, RIP, CS, RFLAGS, RSP, SS.
; Clobbers nothing the interrupted code can see.
trap_common:
	push r15
	push r14
	push r13
	push r12
	push r11
	push r10
	push r9
	push r8
	push rbp
	push rdi
	push rsi
	push rdx
	push rcx
	push rbx
	push rax
	mov rdi, rsp
	cld
	call idt_dispatch
	pop rax
	pop rbx
	pop rcx
	pop rdx
	pop rsi
	pop rdi
	pop rbp
	pop r8
	pop r9
	pop r10
	pop r11
	pop r12
	pop r13
	pop r14
	pop r15
	add rsp, 16                     ; vector and error code
	iretq

section .rodata
align 8
trap_stub_table:
%assign vector 0
%rep 256
	dq trap_stub_%[vector]
%assign vector vector + 1
%endrep
