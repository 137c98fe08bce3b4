; SPDX-License-Identifier: MIT
;
; The real-mode part of the test guest image: the boot sector and the setup
; header of the Linux x86 boot protocol, version 2.15 (Linux's
; Documentation/arch/x86/boot.rst, "The Linux/x86 Boot Protocol"), so that hv
; and any boot-protocol loader (GRUB's `linux`) can load the guest like a
; bzImage. There is no 16-bit setup code: the image only supports the 32-bit
; and 64-bit entry points (entry.asm). The protected-mode part follows at
; file offset (setup_sects + 1) * 512 = 0x400 and is linked to run,
; non-relocatably, at pref_address = 16 MiB. A loader puts a non-relocatable
; image wherever it likes (hv: pref_address; GRUB: 1 MiB); boot.rst: "A
; non-relocatable kernel will unconditionally move itself and to run at this
; address", which the 32-bit entry does. code32_start keeps Linux's 0x100000:
; GRUB jumps to load address + code32_start - 0x100000, so any other value
; would send it past the image. testguest.ld puts this section just below
; 16 MiB so that `objcopy -O binary` lays out the whole file; it provides
; tg_syssize and tg_init_size.

TG_SETUP_SECTS equ 1            ; one setup sector after the boot sector
CODE32_START equ 0x100000        ; Linux's value; loaders rebase it (see above)
BOOT_PROTOCOL_VERSION equ 0x020F
LOADFLAGS_LOADED_HIGH equ 1 << 0 ; protected-mode part loaded at 0x100000+
XLF_KERNEL_64 equ 1 << 0         ; has the 64-bit entry at code32_start + 0x200
TG_CMDLINE_SIZE equ 2047         ; longest command line the guest copies

extern tg_load_addr             ; 16 MiB: link address of the protected-mode part
extern tg_syssize               ; protected-mode file size in 16-byte units
extern tg_init_size             ; protected-mode memory size, .bss included

; Assert that the next field starts at offset %1 of the image (a negative
; TIMES count is an assembly error).
%macro FIELD_AT 1
	times ($ - $$) - (%1) db 0
	times (%1) - ($ - $$) db 0
%endmacro

bits 16
section .header progbits alloc exec nowrite align=1

	times 0x1F1 db 0                ; boot sector: never executed
	FIELD_AT 0x1F1
	db TG_SETUP_SECTS               ; setup_sects
	dw 0                            ; root_flags
	dd tg_syssize                   ; syssize
	dw 0                            ; ram_size (obsolete)
	dw 0xFFFF                       ; vid_mode: "normal", no mode change
	dw 0                            ; root_dev
	dw 0xAA55                       ; boot_flag
	FIELD_AT 0x200
	jmp short real_mode_stub        ; jump: its offset also gives the header's end
	db "HdrS"                       ; header
	dw BOOT_PROTOCOL_VERSION        ; version
	dd 0                            ; realmode_swtch
	dw 0                            ; start_sys_seg (obsolete)
	dw 0                            ; kernel_version: no version string
	db 0                            ; type_of_loader (written by the loader)
	db LOADFLAGS_LOADED_HIGH        ; loadflags
	dw 0                            ; setup_move_size
	FIELD_AT 0x214
	dd CODE32_START                 ; code32_start
	dd 0                            ; ramdisk_image
	dd 0                            ; ramdisk_size
	dd 0                            ; bootsect_kludge
	dw 0                            ; heap_end_ptr
	db 0                            ; ext_loader_ver
	db 0                            ; ext_loader_type
	FIELD_AT 0x228
	dd 0                            ; cmd_line_ptr (written by the loader)
	dd 0x7FFFFFFF                   ; initrd_addr_max (no initrd is used)
	dd 0x200000                     ; kernel_alignment (unused: not relocatable)
	db 0                            ; relocatable_kernel: no
	db 0                            ; min_alignment
	FIELD_AT 0x236
	dw XLF_KERNEL_64                ; xloadflags
	dd TG_CMDLINE_SIZE              ; cmdline_size
	dd 0                            ; hardware_subarch: default PC
	dq 0                            ; hardware_subarch_data
	dd 0                            ; payload_offset: nothing compressed
	dd 0                            ; payload_length
	dq 0                            ; setup_data
	FIELD_AT 0x258
	dq tg_load_addr                 ; pref_address
	dd tg_init_size                 ; init_size
	dd 0                            ; handover_offset: no EFI handover
	dd 0                            ; kernel_info_offset: no kernel_info
	FIELD_AT 0x26C

; Reached only by a 16-bit loader (e.g. GRUB's `linux16`), which this image
; does not support: stop quietly.
real_mode_stub:
	cli
.halt:
	hlt
	jmp .halt

	times (TG_SETUP_SECTS + 1) * 512 - ($ - $$) db 0
