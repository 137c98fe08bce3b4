; SPDX-License-Identifier: MIT
;
; Probes: single instructions that the checks expect may fault, each wrapped
; in a SysV-ABI function. Every probed instruction gets an entry
; {fault RIP, resume RIP} in section .tg_fixup; when an exception hits a
; fault RIP, idt.c records the vector, error code and CR2 in probe_last and
; resumes at the resume RIP, so the function returns normally. Faults report
; the RIP of the faulting instruction (Intel SDM Vol. 3A, 7.5 "Exception
; Classifications"), which is what makes the table lookup exact. C callers go
; through the *_safe wrappers in probes.h; outputs are undefined after a
; fault. Each function clobbers only what the SysV ABI lets it.

global probe_rdmsr, probe_wrmsr, probe_write_cr4, probe_xsetbv
global probe_vmxon, probe_vmclear, probe_vmptrld, probe_vmread, probe_vmxoff
global probe_vmcall, probe_read64, probe_write64, probe_read8_movzx

section .tg_fixup progbits alloc noexec nowrite align=8
bits 64
section .text

; PROBED insn: emit insn and its fixup entry.
%macro PROBED 1+
%%fault:
	%1
%%resume:
	[section .tg_fixup]
	dq %%fault, %%resume
	__SECT__
%endmacro

; u64 probe_rdmsr(u32 msr)
probe_rdmsr:
	mov ecx, edi
	xor eax, eax
	xor edx, edx
	PROBED rdmsr
	shl rdx, 32
	or rax, rdx
	ret

; void probe_wrmsr(u32 msr, u64 value)
probe_wrmsr:
	mov ecx, edi
	mov eax, esi
	mov rdx, rsi
	shr rdx, 32
	PROBED wrmsr
	ret

; void probe_write_cr4(u64 value)
probe_write_cr4:
	PROBED mov cr4, rdi
	ret

; void probe_xsetbv(u32 xcr, u64 value)
probe_xsetbv:
	mov ecx, edi
	mov eax, esi
	mov rdx, rsi
	shr rdx, 32
	PROBED xsetbv
	ret

; void probe_vmxon(const u64 *region_pa)
probe_vmxon:
	PROBED vmxon [rdi]
	ret

; void probe_vmclear(const u64 *vmcs_pa)
probe_vmclear:
	PROBED vmclear [rdi]
	ret

; void probe_vmptrld(const u64 *vmcs_pa)
probe_vmptrld:
	PROBED vmptrld [rdi]
	ret

; u64 probe_vmread(u64 field)
probe_vmread:
	xor eax, eax
	PROBED vmread rax, rdi
	ret

; void probe_vmxoff(void)
probe_vmxoff:
	PROBED vmxoff
	ret

; void probe_vmcall(struct vmcall_regs *regs): loads RAX, RBX, RCX, RDX from
; regs (offsets 0, 8, 16, 24; vmcall.h asserts them), executes VMCALL and
; stores the four back. The pointer is kept on the stack, not in a register
; the hypervisor could (wrongly) change.
probe_vmcall:
	push rbx
	push rdi
	mov rax, [rdi]
	mov rbx, [rdi + 8]
	mov rcx, [rdi + 16]
	mov rdx, [rdi + 24]
	PROBED vmcall
	mov rdi, [rsp]
	mov [rdi], rax
	mov [rdi + 8], rbx
	mov [rdi + 16], rcx
	mov [rdi + 24], rdx
	pop rdi
	pop rbx
	ret

; u64 probe_read64(u64 addr)
probe_read64:
	xor eax, eax
	PROBED mov rax, [rdi]
	ret

; void probe_write64(u64 addr, u64 value)
probe_write64:
	PROBED mov [rdi], rsi
	ret

; u64 probe_read8_movzx(u64 addr): MOVZX EAX, BYTE [addr] with RAX all ones
; before, so the result also shows that bits 63:8 were cleared.
probe_read8_movzx:
	mov rax, -1
	PROBED movzx eax, byte [rdi]
	ret
