/* SPDX-License-Identifier: MIT */
/*
 * Loading a guest OS with the Linux x86 boot protocol (64-bit entry): the
 * kernel image (a bzImage, or hv's test guest which has the same header), an
 * optional initrd and a command line, placed in guest memory with a zero
 * page, page tables and a GDT that the guest's e820 map reserves. Both boot
 * paths use it. Reference: Linux Documentation/arch/x86/boot.rst ("The
 * Linux/x86 Boot Protocol", "64-bit Boot Protocol") and zero-page.rst.
 */
#ifndef HV_GUEST_LINUX_BOOT_H
#define HV_GUEST_LINUX_BOOT_H

#include "lib/types.h"
#include "mm/memmap.h"
#include "guest/acpi_tables.h"
#include "guest/bzimage.h"

#define BOOT_MODULE_NAME_MAX 256
#define BOOT_RSDP_COPY_MAX 36 /* an ACPI 2.0+ RSDP (ACPI 6.5, 5.2.5.3 "Root System Description Pointer (RSDP) Structure") */

/* A file the boot path loaded into memory (the guest kernel or initrd). */
struct boot_module {
	hpa_t base;
	u64 size;
	char name[BOOT_MODULE_NAME_MAX]; /* path or GRUB's module string, for messages */
};

enum fb_type { FB_NONE = 0, FB_RGB = 1, FB_EGA_TEXT = 2 };

struct boot_framebuffer {
	hpa_t base;
	u64 size;
	u32 width, height, pitch; /* pixels, pixels, bytes per line */
	u8 bpp;
	u8 type; /* enum fb_type */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};


/*
 * What the loader works from: the files a boot path loaded, the command
 * line, and what the firmware said (vmm/boot_info.h's boot_info_guest()
 * points these into struct boot_info).
 */
struct linux_boot_src {
	const struct boot_module *kernel; /* size 0: no guest image */
	const struct boot_module *initrd; /* size 0: none */
	const char *cmdline;
	const struct boot_framebuffer *fb;
	hpa_t rsdp;          /* ACPI RSDP, 0 if none was found */
	const u8 *rsdp_copy; /* or a copy of its bytes (Multiboot2 gives no address) */
	u32 rsdp_copy_len;   /* 20 or 36; 0: no copy */
};

/* The register state the guest starts in; vmm/ turns it into a VMCS. */
struct guest_entry {
	u64 rip, rsp, rsi;
	u64 cr0, cr3, cr4, efer;
	u64 gdt_base;
	u16 gdt_limit;
	u16 cs_sel, ds_sel;
	bool long_mode;
};

/*
 * Is src->kernel (its bytes at img) a kernel hv can start with src's
 * command line? bzimage_parse() into *info, and the command line within the
 * kernel's cmdline_size. Returns 0, or -ENOENT (nothing loaded), -ENOEXEC
 * (not a usable bzImage) or -E2BIG (command line too long) with one line in
 * err. linux_boot_prepare() repeats it; the UEFI loader calls it before
 * ExitBootServices so that hv can still return to the firmware.
 */
int linux_boot_check(const struct linux_boot_src *src, const void *img, struct bzimage_info *info,
		     char *err, size_t len);

/*
 * Place src->kernel, src->initrd and src->cmdline in guest memory, build
 * the zero page (e820 from guest_mem, where MEM_HV becomes reserved),
 * page tables and GDT, and mark what the guest must not reuse reserved in
 * guest_mem. When the firmware handed over no ACPI tables and `machine` is
 * given, minimal tables describing it are placed in the boot area (an ACPI
 * page in the e820) for the guest. Fills *entry. Returns 0, or a negative
 * error with one line in err naming the problem (never a jump into garbage).
 */
int linux_boot_prepare(struct memmap *guest_mem, const struct linux_boot_src *src,
		       const struct acpi_machine *machine, struct guest_entry *entry,
		       char *err, size_t errlen);

/*
 * The same, for memory that hv (or a host unit test) sees at mem + gpa rather
 * than at gpa: module bases, placements and the structures written are all
 * guest-physical addresses relative to mem.
 */
int linux_boot_prepare_at(u8 *mem, struct memmap *guest_mem, const struct linux_boot_src *src,
			  const struct acpi_machine *machine, struct guest_entry *entry,
			  char *err, size_t errlen);

/*
 * Add `word` (one kernel parameter, without blanks or quotes) to the
 * NUL-terminated command line in cmdline[0..size): before a "--" word
 * (boot.rst: what follows it is init's, not the kernel's), else at the end,
 * one blank apart from its neighbours. Returns 1 when added, 0 when the
 * kernel's part already has the word (nothing changed), -E2BIG when the
 * result and its NUL would not fit in size bytes (cmdline unchanged).
 */
int linux_cmdline_add(char *cmdline, size_t size, const char *word);

#endif
