; SPDX-License-Identifier: MIT
; VM entry and exit as one C call (Intel SDM Vol. 3C, 28.1 "Architectural
; State Before a VM Exit", 28.5 "Loading Host State").
;
;   int vmx_enter(struct guest_regs *regs, int launched);
;
; Inputs: rdi = guest register block (16 qwords indexed by register number:
;   rax rcx rdx rbx rsp rbp rsi rdi r8..r15; the rsp slot is unused, the
;   VMCS holds RSP); esi = 0 for VMLAUNCH, 1 for VMRESUME.
; Output: eax = 0 after a VM exit (guest registers saved into *regs),
;   1 if VMLAUNCH/VMRESUME failed (VMfailValid or VMfailInvalid; the
;   VM-instruction error field says why).
; Clobbers: what the SysV ABI lets a callee clobber. Callee-saved registers
;   are pushed here and popped on both paths.
; Stack: 7 qwords below the caller's frame; HOST_RSP is written with that
;   stack pointer on every entry, HOST_RIP (set once) is vmx_exit_point.

bits 64
default rel
section .text

%define VMCS_HOST_RSP 0x6c14

%macro LOAD_GUEST 0
	mov rax, [rdi + 0*8]
	mov rcx, [rdi + 1*8]
	mov rdx, [rdi + 2*8]
	mov rbx, [rdi + 3*8]
	mov rbp, [rdi + 5*8]
	mov rsi, [rdi + 6*8]
	mov r8,  [rdi + 8*8]
	mov r9,  [rdi + 9*8]
	mov r10, [rdi + 10*8]
	mov r11, [rdi + 11*8]
	mov r12, [rdi + 12*8]
	mov r13, [rdi + 13*8]
	mov r14, [rdi + 14*8]
	mov r15, [rdi + 15*8]
	mov rdi, [rdi + 7*8]
%endmacro

global vmx_enter
vmx_enter:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	push rdi		; the register block, found again at exit
	mov rax, VMCS_HOST_RSP
	vmwrite rax, rsp
	jbe .fail_early
	test esi, esi
	LOAD_GUEST		; mov does not change the flags set by test
	jnz .resume
	vmlaunch
	jmp .fail		; only reached when VMLAUNCH fails
.resume:
	vmresume
.fail:
.fail_early:
	add rsp, 8
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	mov eax, 1
	ret

global vmx_exit_point
vmx_exit_point:
	push rdi
	mov rdi, [rsp + 8]	; the register block pushed at entry
	mov [rdi + 0*8], rax
	mov [rdi + 1*8], rcx
	mov [rdi + 2*8], rdx
	mov [rdi + 3*8], rbx
	mov [rdi + 5*8], rbp
	mov [rdi + 6*8], rsi
	pop rax
	mov [rdi + 7*8], rax
	mov [rdi + 8*8], r8
	mov [rdi + 9*8], r9
	mov [rdi + 10*8], r10
	mov [rdi + 11*8], r11
	mov [rdi + 12*8], r12
	mov [rdi + 13*8], r13
	mov [rdi + 14*8], r14
	mov [rdi + 15*8], r15
	add rsp, 8
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	xor eax, eax
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
