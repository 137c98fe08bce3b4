; SPDX-License-Identifier: MIT
; Entry stubs for the 32 exception vectors of hv's IDT. Each stub is 16 bytes
; apart (desc.c computes gate addresses from that), pushes a dummy error code
; where the CPU pushes none (Intel SDM Vol. 3A, 6.15 "Exception and Interrupt
; Reference" lists which do), pushes the vector, and joins the common path:
; save the general registers in struct exception_frame order, call
; exception_handle(frame), restore and IRETQ.
;
; Inputs: the CPU's interrupt frame. Clobbers: nothing visible to the
; interrupted code. Stack: the interrupted stack, or IST1 for NMI/#DF/#MC.

bits 64
default rel
section .text

extern exception_handle

%macro STUB 1
	align 16
%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30)
	push strict byte %1
%else
	push strict byte 0
	push strict byte %1
%endif
	jmp exception_common
%endmacro

	align 16
global exception_stubs
exception_stubs:
%assign v 0
%rep 32
	STUB v
%assign v v+1
%endrep

exception_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rbp
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp
	cld
	call exception_handle
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rbp
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16		; vector and error code
	iretq

section .note.GNU-stack noalloc noexec nowrite progbits
