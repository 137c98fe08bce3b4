// SPDX-License-Identifier: MIT
/*
 * The Linux boot-protocol loader (see linux_boot.h). Placement rules from
 * boot.rst: the protected-mode kernel goes to pref_address (or, when the
 * kernel is relocatable and that is taken, to any kernel_alignment-aligned
 * free RAM), needs init_size bytes there, the initrd must end at or below
 * initrd_addr_max, and the 64-bit entry is at load address + 0x200 with
 * paging on, an identity map of the loaded pieces, __BOOT_CS = 0x10 and
 * __BOOT_DS = 0x18 in a GDT, RSI = zero page and interrupts off.
 */
#include "guest/linux_boot.h"
#include "guest/bzimage.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

/* Zero-page offsets (Documentation/arch/x86/zero-page.rst). */
#define ZP_SCREEN_INFO 0x000
#define ZP_ACPI_RSDP_ADDR 0x070
#define ZP_EXT_RAMDISK_IMAGE 0x0c0
#define ZP_EXT_RAMDISK_SIZE 0x0c4
#define ZP_EXT_CMD_LINE_PTR 0x0c8
#define ZP_E820_ENTRIES 0x1e8
#define ZP_TYPE_OF_LOADER 0x210
#define ZP_RAMDISK_IMAGE 0x218
#define ZP_RAMDISK_SIZE 0x21c
#define ZP_CMD_LINE_PTR 0x228
#define ZP_E820_TABLE 0x2d0
#define ZP_E820_MAX 128
#define ZP_SETUP_DATA 0x250      /* hdr.setup_data: list of struct setup_data */
#define SETUP_E820_EXT 1         /* setup_data type: more e820 entries */
#define SETUP_DATA_HEADER 16     /* u64 next, u32 type, u32 len */
#define E820_ENTRY_SIZE 20
#define LOADER_TYPE_UNDEFINED 0xff /* boot.rst: "0xFF means no assigned ID" */

/* Boot area: one block of guest RAM, reserved in the e820 map. */
#define BA_ZERO_PAGE 0x0000
#define BA_CMDLINE 0x1000
#define BA_RSDP_COPY 0x1c00 /* after the command line (at most 2 KiB): a copied RSDP */
#define BA_GDT 0x2000
#define BA_PML4 0x3000
#define BA_PDPT 0x4000
#define BA_SETUP_DATA 0x5000 /* e820 entries beyond 128 (SETUP_E820_EXT), two pages */
#define BA_SETUP_DATA_SIZE 0x2000
#define BA_ACPI 0x7000 /* synthesized ACPI tables, when the firmware gave none */
#define BA_PD 0x8000 /* one page directory per GiB mapped */
#define BA_STACK_SIZE 0x4000
#define GUEST_MAP_MAX_GIB 64

/* __BOOT_CS / __BOOT_DS descriptors (flat 64-bit code, flat data). */
#define GDT_BOOT_CS 0x10
#define GDT_BOOT_DS 0x18
#define DESC_CODE64 0x00af9b000000ffffULL
#define DESC_DATA 0x00cf93000000ffffULL

/* Guest paging bits (SDM Vol. 3A, 5.5, Tables 5-15..5-18). */
#define PG_P BIT_ULL(0)
#define PG_RW BIT_ULL(1)
#define PG_PS BIT_ULL(7)

#define GUEST_CR0 0x80050033ULL /* PE MP ET NE WP PG */
#define GUEST_CR4 0x20ULL       /* PAE */
#define GUEST_EFER 0x500ULL     /* LME LMA */

struct placement {
	u8 *mem; /* where guest-physical 0 is in hv's address space (NULL: identity) */
	struct bzimage_info img;
	u8 header[BZ_HEADER_MIN_END + 0x100]; /* setup header, copied before moving anything */
	u64 header_len;
	hpa_t kernel;
	hpa_t initrd;
	hpa_t area;
	u64 area_size;
	u64 synth_rsdp; /* synthesized tables' RSDP, 0 if none */
	u64 map_gib;
};

/* hv's pointer to guest-physical address gpa. */
static void *gptr(const struct placement *pl, u64 gpa)
{
	return (void *)((uintptr_t)pl->mem + gpa);
}

static void put16(u8 *p, u32 off, u16 v) { memcpy(p + off, &v, 2); }
static void put32(u8 *p, u32 off, u32 v) { memcpy(p + off, &v, 4); }
static void put64(u8 *p, u32 off, u64 v) { memcpy(p + off, &v, 8); }

static int place_kernel(struct memmap *scratch, struct placement *pl, char *err, size_t len)
{
	const struct bzimage_info *k = &pl->img;
	u64 need = MAX((u64)k->init_size, k->kernel_size);
	u64 want = k->version >= 0x020a ? k->pref_address : k->code32_start;

	need = ALIGN_UP(need, PAGE_SIZE);
	if (memmap_range_is(scratch, want, need, MEM_USABLE)) {
		pl->kernel = want;
	} else if (k->relocatable) {
		pl->kernel = memmap_find_free(scratch, need, MAX(k->kernel_alignment, SZ_2M), SZ_4G);
		if (!pl->kernel) {
			fmt_snprintf(err, len, "no free RAM for the kernel (%llu KiB)",
				     (unsigned long long)(need >> 10));
			return -ENOMEM;
		}
	} else {
		fmt_snprintf(err, len, "kernel must load at 0x%llx..0x%llx, which is not free RAM",
			     (unsigned long long)want, (unsigned long long)(want + need));
		return -ENOMEM;
	}
	return memmap_set_type(scratch, pl->kernel, need, MEM_RESERVED);
}

/* Leave the initrd where the boot path put it if the kernel can reach it there. */
static int place_initrd(struct memmap *scratch, const struct linux_boot_src *src,
			struct placement *pl, char *err, size_t len)
{
	const struct boot_module *m = src->initrd;
	u64 limit = (u64)pl->img.initrd_addr_max + 1;

	if (!m->size)
		return 0;
	if (pl->img.xloadflags & BZ_XLF_CAN_BE_LOADED_ABOVE_4G)
		limit = ~0ULL;
	if (m->base + m->size <= limit) {
		pl->initrd = m->base;
	} else {
		pl->initrd = memmap_find_free(scratch, ALIGN_UP(m->size, PAGE_SIZE), PAGE_SIZE, limit);
		if (!pl->initrd) {
			fmt_snprintf(err, len, "no free RAM below 0x%llx for the initrd",
				     (unsigned long long)limit);
			return -ENOMEM;
		}
		memmove(gptr(pl, pl->initrd), gptr(pl, m->base), m->size);
	}
	return memmap_set_type(scratch, pl->initrd, ALIGN_UP(m->size, PAGE_SIZE), MEM_RESERVED);
}

/* Identity map [0, map_gib GiB) with 2 MiB pages, for the 64-bit entry. */
static void build_page_tables(const struct placement *pl)
{
	u64 *pml4 = gptr(pl, pl->area + BA_PML4);
	u64 *pdpt = gptr(pl, pl->area + BA_PDPT);

	pml4[0] = (pl->area + BA_PDPT) | PG_P | PG_RW;
	for (u64 g = 0; g < pl->map_gib; g++) {
		u64 *pd = gptr(pl, pl->area + BA_PD + g * PAGE_SIZE);

		pdpt[g] = (pl->area + BA_PD + g * PAGE_SIZE) | PG_P | PG_RW;
		for (u64 i = 0; i < 512; i++)
			pd[i] = (g * SZ_1G + i * SZ_2M) | PG_P | PG_RW | PG_PS;
	}
}

static void put_e820(u8 *e, const struct mem_range *r)
{
	put64(e, 0, r->base);
	put64(e, 8, r->size);
	put32(e, 16, r->type == MEM_HV ? MEM_RESERVED : r->type);
}

/*
 * The first 128 ranges go in the zero page's e820 table; the rest in one
 * SETUP_E820_EXT setup_data node (boot.rst, "Details of Setup Data"), which
 * the kernel appends to the table.
 */
static void write_e820(u8 *zp, const struct memmap *guest_mem, u8 *sd, gpa_t setup_data)
{
	u32 n = MIN(guest_mem->count, (u32)ZP_E820_MAX), extra = guest_mem->count - n;


	for (u32 i = 0; i < n; i++)
		put_e820(zp + ZP_E820_TABLE + i * E820_ENTRY_SIZE, &guest_mem->r[i]);
	zp[ZP_E820_ENTRIES] = (u8)n;
	if (!extra)
		return;
	extra = MIN(extra, (u32)((BA_SETUP_DATA_SIZE - SETUP_DATA_HEADER) / E820_ENTRY_SIZE));
	put64(sd, 0, 0);
	put32(sd, 8, SETUP_E820_EXT);
	put32(sd, 12, extra * E820_ENTRY_SIZE);
	for (u32 i = 0; i < extra; i++)
		put_e820(sd + SETUP_DATA_HEADER + i * E820_ENTRY_SIZE, &guest_mem->r[n + i]);
	put64(zp, ZP_SETUP_DATA, setup_data);
}

/* screen_info (zero-page.rst; include/uapi/linux/screen_info.h field order). */
static void write_screen_info(u8 *zp, const struct boot_framebuffer *fb)
{
	u8 *si = zp + ZP_SCREEN_INFO;

	if (fb->type != FB_RGB) {
		si[0x06] = 3;    /* orig_video_mode: 80x25 colour text */
		si[0x07] = 80;   /* orig_video_cols */
		si[0x0e] = 25;   /* orig_video_lines */
		si[0x0f] = 1;    /* orig_video_isVGA: VGA text */
		put16(si, 0x10, 16); /* orig_video_points */
		return;
	}
	si[0x0f] = 0x70; /* VIDEO_TYPE_EFI */
	put16(si, 0x12, (u16)fb->width);
	put16(si, 0x14, (u16)fb->height);
	put16(si, 0x16, fb->bpp);
	put32(si, 0x18, (u32)fb->base);
	put32(si, 0x1c, (u32)fb->size);
	put16(si, 0x24, (u16)fb->pitch);
	si[0x26] = fb->red_size;
	si[0x27] = fb->red_pos;
	si[0x28] = fb->green_size;
	si[0x29] = fb->green_pos;
	si[0x2a] = fb->blue_size;
	si[0x2b] = fb->blue_pos;
	if (fb->base >> 32) {
		put32(si, 0x36, 2); /* capabilities: VIDEO_CAPABILITY_64BIT_BASE */
		put32(si, 0x3a, (u32)(fb->base >> 32));
	}
}

/*
 * Where the guest finds the RSDP: its own address when the boot path knew it;
 * otherwise (UEFI GRUB hands over only a copy) the copy, placed in the boot
 * area, which the e820 map reserves. The tables it points to are where the
 * firmware left them.
 */
static u64 guest_rsdp(const struct linux_boot_src *src, const struct placement *pl)
{
	if (pl->synth_rsdp)
		return pl->synth_rsdp;
	if (src->rsdp || !src->rsdp_copy_len)
		return src->rsdp;
	memcpy(gptr(pl, pl->area + BA_RSDP_COPY), src->rsdp_copy,
	       MIN((size_t)src->rsdp_copy_len, (size_t)BOOT_RSDP_COPY_MAX));
	return pl->area + BA_RSDP_COPY;
}

static void build_zero_page(const struct linux_boot_src *src, const struct memmap *guest_mem,
			    const struct placement *pl)
{
	u8 *zp = gptr(pl, pl->area + BA_ZERO_PAGE);
	char *cmdline = gptr(pl, pl->area + BA_CMDLINE);
	u64 cmd = pl->area + BA_CMDLINE, rd = pl->initrd, rd_size = src->initrd->size;

	memcpy(zp + BZ_SETUP_HEADER, pl->header + BZ_SETUP_HEADER, pl->header_len - BZ_SETUP_HEADER);
	str_copy(cmdline, src->cmdline,
		 MIN((u64)pl->img.cmdline_size + 1, (u64)(BA_RSDP_COPY - BA_CMDLINE)));
	zp[ZP_TYPE_OF_LOADER] = LOADER_TYPE_UNDEFINED;
	put32(zp, ZP_CMD_LINE_PTR, (u32)cmd);
	put32(zp, ZP_EXT_CMD_LINE_PTR, (u32)(cmd >> 32));
	put32(zp, ZP_RAMDISK_IMAGE, (u32)rd);
	put32(zp, ZP_EXT_RAMDISK_IMAGE, (u32)(rd >> 32));
	put32(zp, ZP_RAMDISK_SIZE, (u32)rd_size);
	put32(zp, ZP_EXT_RAMDISK_SIZE, (u32)(rd_size >> 32));
	if (pl->img.version >= 0x020e)
		put64(zp, ZP_ACPI_RSDP_ADDR, guest_rsdp(src, pl));
	write_screen_info(zp, src->fb);
	write_e820(zp, guest_mem, gptr(pl, pl->area + BA_SETUP_DATA), pl->area + BA_SETUP_DATA);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/*
 * The end of the word at cmdline[i] (not blank); blanks between double
 * quotes belong to the word, as in the kernel's own parser (next_arg()).
 */
static size_t word_end(const char *cmdline, size_t i, size_t len)
{
	bool quoted = false;

	for (; i < len && (quoted || !is_blank(cmdline[i])); i++)
		if (cmdline[i] == '"')
			quoted = !quoted;
	return i;
}

int linux_cmdline_add(char *cmdline, size_t size, const char *word)
{
	size_t len = strlen(cmdline), wlen = strlen(word), at = len, i = 0, need;

	while (i < len) {
		size_t start, end;

		while (i < len && is_blank(cmdline[i]))
			i++;
		if (i == len)
			break;
		start = i;
		end = word_end(cmdline, i, len);
		if (end - start == 2 && !memcmp(cmdline + start, "--", 2)) {
			at = start;
			break;
		}
		if (end - start == wlen && !memcmp(cmdline + start, word, wlen))
			return 0;
		i = end;
	}
	if (at < len) { /* "word " before "--" */
		need = wlen + 1;
		if (len + need >= size)
			return -E2BIG;
		memmove(cmdline + at + need, cmdline + at, len - at + 1);
		memcpy(cmdline + at, word, wlen);
		cmdline[at + wlen] = ' ';
		return 1;
	}
	need = (len && !is_blank(cmdline[len - 1])) + wlen; /* " word" at the end */
	if (len + need >= size)
		return -E2BIG;
	if (need > wlen)
		cmdline[len++] = ' ';
	memcpy(cmdline + len, word, wlen + 1);
	return 1;
}

static void fill_entry(const struct placement *pl, struct guest_entry *e)
{
	u64 *gdt = gptr(pl, pl->area + BA_GDT);

	gdt[GDT_BOOT_CS / 8] = DESC_CODE64;
	gdt[GDT_BOOT_DS / 8] = DESC_DATA;
	*e = (struct guest_entry){
		.rip = pl->kernel + 0x200,
		.rsp = pl->area + pl->area_size,
		.rsi = pl->area + BA_ZERO_PAGE,
		.cr0 = GUEST_CR0,
		.cr3 = pl->area + BA_PML4,
		.cr4 = GUEST_CR4,
		.efer = GUEST_EFER,
		.gdt_base = pl->area + BA_GDT,
		.gdt_limit = 4 * 8 - 1,
		.cs_sel = GDT_BOOT_CS,
		.ds_sel = GDT_BOOT_DS,
		.long_mode = true,
	};
}

int linux_boot_check(const struct linux_boot_src *src, const void *img, struct bzimage_info *info,
		     char *err, size_t len)
{
	char why[160];

	if (!src->kernel->size) {
		fmt_snprintf(err, len, "no guest image was loaded");
		return -ENOENT;
	}
	if (bzimage_parse(img, src->kernel->size, info, why, sizeof(why))) {
		fmt_snprintf(err, len, "guest image %s: %s", src->kernel->name, why);
		return -ENOEXEC;
	}
	/* The kernel reads at most cmdline_size bytes: never cut the line silently. */
	if (strlen(src->cmdline) > info->cmdline_size) {
		fmt_snprintf(err, len, "guest command line is %llu bytes; guest image %s takes at most %u",
			     (unsigned long long)strlen(src->cmdline), src->kernel->name,
			     (unsigned int)info->cmdline_size);
		return -E2BIG;
	}
	return 0;
}

static int read_image(const struct linux_boot_src *src, struct placement *pl, char *err, size_t len)
{
	const void *img = gptr(pl, src->kernel->base);
	int ret = linux_boot_check(src, img, &pl->img, err, len);

	if (ret)
		return ret;
	pl->header_len = MIN(bzimage_setup_header_len(img), (u64)sizeof(pl->header));
	memcpy(pl->header, img, pl->header_len);
	return 0;
}

/*
 * No ACPI from the firmware (Debian's OVMF under Bochs): describe the machine
 * hv knows in a page of the boot area, typed ACPI in the e820 map.
 */
static int add_synthetic_acpi(struct memmap *guest_mem, const struct linux_boot_src *src,
			      const struct acpi_machine *machine, struct placement *pl)
{
	if (src->rsdp || src->rsdp_copy_len || !machine)
		return 0;
	pl->synth_rsdp = acpi_tables_build(gptr(pl, pl->area + BA_ACPI), pl->area + BA_ACPI,
					   machine);
	return memmap_set_type(guest_mem, pl->area + BA_ACPI, PAGE_SIZE, MEM_ACPI);
}

int linux_boot_prepare(struct memmap *guest_mem, const struct linux_boot_src *src,
		       const struct acpi_machine *machine, struct guest_entry *entry,
		       char *err, size_t errlen)
{
	return linux_boot_prepare_at(NULL, guest_mem, src, machine, entry, err, errlen);
}

int linux_boot_prepare_at(u8 *mem, struct memmap *guest_mem, const struct linux_boot_src *src,
			  const struct acpi_machine *machine, struct guest_entry *entry,
			  char *err, size_t errlen)
{
	static struct memmap scratch; /* too big for hv's stack */
	static struct placement pl;
	int ret;

	memset(&pl, 0, sizeof(pl));
	pl.mem = mem;
	ret = read_image(src, &pl, err, errlen);
	if (ret)
		return ret;
	scratch = *guest_mem;
	if (src->initrd->size)
		memmap_set_type(&scratch, ALIGN_DOWN(src->initrd->base, PAGE_SIZE),
				ALIGN_UP(src->initrd->base + src->initrd->size, PAGE_SIZE) -
					ALIGN_DOWN(src->initrd->base, PAGE_SIZE), MEM_RESERVED);
	ret = place_kernel(&scratch, &pl, err, errlen);
	if (ret)
		return ret;
	memmove(gptr(&pl, pl.kernel), (const u8 *)gptr(&pl, src->kernel->base) + pl.img.kernel_offset,
		pl.img.kernel_size);
	ret = place_initrd(&scratch, src, &pl, err, errlen);
	if (ret)
		return ret;
	pl.map_gib = MIN(MAX(ALIGN_UP(memmap_top(guest_mem), SZ_1G) / SZ_1G, 4ULL),
			 (u64)GUEST_MAP_MAX_GIB);
	pl.area_size = BA_PD + pl.map_gib * PAGE_SIZE + BA_STACK_SIZE;
	pl.area = memmap_find_free(&scratch, pl.area_size, PAGE_SIZE, SZ_4G);
	if (!pl.area) {
		fmt_snprintf(err, errlen, "no free RAM below 4 GiB for the boot structures");
		return -ENOMEM;
	}
	memset(gptr(&pl, pl.area), 0, pl.area_size);
	ret = memmap_set_type(guest_mem, pl.area, pl.area_size, MEM_RESERVED);
	if (!ret)
		ret = add_synthetic_acpi(guest_mem, src, machine, &pl);
	if (ret)
		return ret;
	build_page_tables(&pl);
	build_zero_page(src, guest_mem, &pl);
	fill_entry(&pl, entry);
	return 0;
}
