; SPDX-License-Identifier: MIT
; RDMSR/WRMSR that survive a #GP (Intel SDM Vol. 2B, RDMSR: "#GP(0) If the
; value in ECX specifies a reserved or unimplemented MSR address").
; exception_handle() recognises a #GP at msr_safe_insn_rd / msr_safe_insn_wr
; and resumes at msr_safe_fault, which returns -1.
;
;   int rdmsr_safe(u32 msr, u64 *value);   edi = msr, rsi = value; eax = 0 or -1
;   int wrmsr_safe(u32 msr, u64 value);    edi = msr, rsi = value; eax = 0 or -1
; Clobbers: rax, rcx, rdx. Stack: none.

bits 64
default rel
section .text

global rdmsr_safe, wrmsr_safe, msr_safe_insn_rd, msr_safe_insn_wr, msr_safe_fault

rdmsr_safe:
	mov ecx, edi
msr_safe_insn_rd:
	rdmsr
	mov [rsi], eax
	mov [rsi + 4], edx
	xor eax, eax
	ret

wrmsr_safe:
	mov ecx, edi
	mov eax, esi
	mov rdx, rsi
	shr rdx, 32
msr_safe_insn_wr:
	wrmsr
	xor eax, eax
	ret

msr_safe_fault:
	mov eax, -1
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
