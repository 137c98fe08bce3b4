; SPDX-License-Identifier: MIT
;
; The CPU half of running code at CPL 3 (ring3.c has the rest):
;
;   void ring3_enter(u64 rip, u64 rsp)
;
; saves the callee-saved registers and RFLAGS on the current stack, records
; that stack in ring3_kernel_rsp, and IRETQs to rip at CPL 3 with stack rsp
; and interrupts off (Intel SDM Vol. 3A, 7.14.4 "Stack Switching in IA-32e
; Mode"; Vol. 2A, IRET: a return to an outer privilege level pops SS:RSP).
; The CPL 3 code never returns here directly: it ends with INT 0x80 or an
; exception, whose trap (traps.asm, on the TSS's RSP0 stack) reaches
; ring3_trap() in ring3.c, which rewrites the trap frame so that the trap's
; IRETQ lands on ring3_resume at CPL 0 with RSP = ring3_kernel_rsp. There the
; data segment registers (nulled by the IRETQ to CPL 3) are reloaded and the
; saved registers popped, so that ring3_enter returns like a function.
; A fault of the IRETQ itself (bad frame) is handled the same way:
; ring3_iretq is exported so that ring3_trap() can recognise it.

GDT_DATA equ 0x10                ; tg.h TG_GDT_DATA
GDT_USER_DATA equ 0x20           ; tg.h TG_GDT_USER_DATA
GDT_USER_CODE64 equ 0x28         ; tg.h TG_GDT_USER_CODE64
RPL_USER equ 3
RFLAGS_FIXED equ 0x2             ; bit 1 is always 1; IF = 0, IOPL = 0

global ring3_enter, ring3_iretq, ring3_resume, ring3_kernel_rsp

bits 64
section .text
ring3_enter:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	pushfq
	mov [rel ring3_kernel_rsp], rsp
	push GDT_USER_DATA | RPL_USER   ; SS
	push rsi                        ; RSP
	push RFLAGS_FIXED               ; RFLAGS
	push GDT_USER_CODE64 | RPL_USER ; CS
	push rdi                        ; RIP
ring3_iretq:
	iretq

; Reached by the IRETQ of a trap that ring3_trap() redirected: CPL 0,
; RSP = ring3_kernel_rsp.
ring3_resume:
	mov eax, GDT_DATA
	mov ds, eax
	mov es, eax
	mov fs, eax
	mov gs, eax
	popfq
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

section .bss
alignb 8
ring3_kernel_rsp:
	resq 1
