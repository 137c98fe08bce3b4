; SPDX-License-Identifier: MIT
;
; The test guest's two entry points and the path they share into C, laid out
; like Linux's (Documentation/arch/x86/boot.rst, "32-bit Boot Protocol" and
; "64-bit Boot Protocol"):
;
;   offset 0x000  tg_entry32: protected mode, paging off, ESI = zero page.
;                 Used by GRUB's `linux` and other 32-bit loaders. GRUB puts a
;                 non-relocatable image at 1 MiB, not at pref_address, so this
;                 code is position independent until it has copied the image
;                 to 16 MiB; then it clears .bss, builds boot page tables
;                 (identity, 0..4 GiB, 2 MiB pages), enables long mode and
;                 joins the 64-bit path.
;   offset 0x200  tg_entry64: long mode, identity paging on, RSI = zero page,
;                 interrupts off. Used by hv, which loads the image at 16 MiB;
;                 loaded elsewhere, it moves itself there too. Then it clears
;                 .bss and joins the common path.
;
; Limit of the move: an image loaded *above* 16 MiB but less than its file
; size (tg_pm_file_size) above it would overwrite the code doing the copy.
; Loaders do not do that (hv: exactly 16 MiB, GRUB: 1 MiB); copying top
; down when loaded below is always safe.
;
; Both end in common64, which loads the guest's own GDT, reloads every
; segment register, switches to the guest's stack and calls
;     tg_main(zero_page, entry_bits)   (main.c; it never returns).
; Long-mode activation follows Intel SDM Vol. 3A, 10.8.5 "Initializing IA-32e
; Mode"; descriptor formats Vol. 3A, 3.4.5 "Segment Descriptors".

GDT_CODE64 equ 0x08             ; also in tg.h
GDT_DATA equ 0x10
BP_SCRATCH equ 0x1E4            ; boot_params.scratch: 4 bytes for the 32-bit entry

CR0_PE equ 1 << 0
CR0_PG equ 1 << 31
CR4_PAE equ 1 << 5
MSR_EFER equ 0xC0000080
EFER_LME equ 1 << 8
PTE_P equ 1 << 0
PTE_RW equ 1 << 1
PTE_PS equ 1 << 7
CPUID_EXT_LM equ 1 << 29        ; CPUID.80000001H:EDX "Intel 64 Architecture"
COM1 equ 0x3F8
STACK_SIZE equ 16384

extern tg_main
extern tg_bss_start, tg_bss_end ; testguest.ld
extern tg_pm_file_size          ; testguest.ld: bytes of the image after the setup part
extern tg_load_addr             ; testguest.ld: where this part is linked to run
global tg_entry32, tg_entry64, tg_stack_top

section .text.entry progbits alloc exec nowrite align=16

bits 32
tg_entry32:
	cli
	cld
	; Where did the loader put us? Use the zero page's scratch field as a
	; one-slot stack for CALL, as the boot protocol intends.
	lea esp, [esi + BP_SCRATCH + 4]
	call .here
.here:
	pop ebp
	sub ebp, .here - tg_entry32     ; EBP = load address
	mov ebx, esi                    ; EBX = zero page from here on
	mov edi, tg_load_addr
	mov ecx, tg_pm_file_size
	cmp ebp, edi
	je .at_link_address
	ja .copy_forward
	; Loaded below the link address: copy from the top down, so that an
	; overlap never overwrites bytes not yet copied.
	lea esi, [ebp + ecx - 1]
	lea edi, [edi + ecx - 1]
	std
	rep movsb
	cld
	jmp .at_link_address
.copy_forward:
	mov esi, ebp
	rep movsb
.at_link_address:
	mov ebp, ebx                    ; EBP = zero page: CPUID clobbers EBX
	mov eax, entry32_linked
	jmp eax

	times 0x200 - ($ - $$) int3     ; assembly error if the code above outgrows 0x200

bits 64
tg_entry64:
	cli
	cld
	mov r12, rsi                    ; zero page
	; hv loads the image at pref_address, but another 64-bit loader may
	; not: as on the 32-bit path, move it to the link address first (which
	; the loader's identity map must cover). Position independent until
	; the jump.
	lea rsi, [rel tg_entry32]       ; load address
	mov edi, tg_load_addr
	mov ecx, tg_pm_file_size
	cmp rsi, rdi
	je .at_link_address
	ja .copy_forward
	lea rsi, [rsi + rcx - 1]        ; below the link address: copy top down
	lea rdi, [rdi + rcx - 1]
	std
	rep movsb
	cld
	jmp .at_link_address
.copy_forward:
	rep movsb
.at_link_address:
	mov eax, entry64_linked
	jmp rax

entry64_linked:
	mov edi, tg_bss_start           ; nothing guarantees .bss is zero: clear it
	mov ecx, tg_bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov rsi, r12
	mov edx, 64
	jmp common64

; RSI = zero page, EDX = which entry ran (32 or 64).
common64:
	lgdt [rel tg_gdt_desc]
	mov ax, GDT_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	lea rsp, [rel tg_stack_top]
	push GDT_CODE64                 ; reload CS with a far return
	lea rax, [rel .cs_reloaded]
	push rax
	o64 retf
.cs_reloaded:
	mov rdi, rsi
	mov esi, edx
	xor ebp, ebp
	call tg_main
.hang:
	cli
	hlt
	jmp .hang

; Back in 32-bit code, now running at the link address: EBP = zero page.
bits 32
entry32_linked:
	mov edi, tg_bss_start
	mov ecx, tg_bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov esp, tg_stack_top
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, CPUID_EXT_LM
	jz no_long_mode

	; Boot page tables: PML4[0] -> PDPT, PDPT[0..3] -> four PDs of 2 MiB
	; pages covering 0..4 GiB (Vol. 3A, 5.5 "4-Level Paging and 5-Level
	; Paging"). main.c replaces them with the guest's own tables.
	mov dword [boot_pml4], boot_pdpt + PTE_P + PTE_RW
	mov edi, boot_pdpt
	mov eax, boot_pd + PTE_P + PTE_RW
	mov ecx, 4
.fill_pdpt:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .fill_pdpt
	mov edi, boot_pd
	mov eax, PTE_P + PTE_RW + PTE_PS
	mov ecx, 4 * 512
.fill_pd:
	mov [edi], eax
	add eax, 0x200000
	add edi, 8
	loop .fill_pd

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_PE         ; IA-32e mode becomes active here
	mov cr0, eax
	lgdt [tg_gdt_desc]
	jmp GDT_CODE64:entry64_from32

; No long mode: say so on COM1 (as the firmware left it) and stop.
no_long_mode:
	mov esi, no_long_mode_msg
	mov edx, COM1
.next:
	lodsb
	test al, al
	jz .stop
	out dx, al
	jmp .next
.stop:
	cli
	hlt
	jmp .stop

bits 64
entry64_from32:
	mov esi, ebp                    ; zero page; also clears RSI[63:32]
	mov edx, 32
	jmp common64

section .rodata
no_long_mode_msg:
	db "testguest: CPU has no long mode", 13, 10, 0

align 16
; The guest's GDT: flat 64-bit code and data, accessed bits preset so the
; CPU never writes to the table.
tg_gdt:
	dq 0                            ; 0x00 null
	dq 0x00AF9B000000FFFF           ; 0x08 code: L=1, P, DPL 0, execute/read
	dq 0x00CF93000000FFFF           ; 0x10 data: 4 GiB, P, DPL 0, read/write
tg_gdt_end:
tg_gdt_desc:
	dw tg_gdt_end - tg_gdt - 1
	dq tg_gdt                       ; LGDT in 32-bit mode reads the low 4 bytes

section .bss
alignb 4096
boot_pml4:
	resb 4096
boot_pdpt:
	resb 4096
boot_pd:
	resb 4 * 4096
alignb 16
tg_stack:
	resb STACK_SIZE
tg_stack_top:
