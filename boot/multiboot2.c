// SPDX-License-Identifier: MIT
/*
 * The Multiboot2 boot-information parser (boot/multiboot2.h). It walks the
 * tags once, bounds-checking each against the trusted length before reading
 * any field, and hands each tag hv uses to one small handler. Fields are read
 * with byte-wise little-endian loads, so the parser's correctness does not
 * depend on the loader having aligned anything but the start.
 *
 * What GRUB puts in a module tag: GRUB 2.06's `module2` command
 * (grub-core/loader/multiboot.c, grub_cmd_module) passes argc - 1, argv + 1
 * to grub_multiboot2_add_module() (multiboot_mbi2.c), which joins them with
 * grub_create_loader_cmdline() (grub-core/lib/cmdline.c). So for
 * `module2 /guest.bin a b c` the module string is "a b c": the file name is
 * NOT included, only the arguments (an argument containing a space is put
 * in double quotes, and \ ' " are escaped with a backslash, exactly as
 * GRUB's `linux` command would pass them to Linux). The `multiboot2` command
 * likewise leaves hv's own file name out of the command-line tag. hv
 * therefore uses the kernel module's whole string as the guest command line.
 *
 * Module policy: a module whose string is exactly "hv.cfg" is hv's
 * configuration file, wherever it stands (so one hv.cfg serves the UEFI and
 * the GRUB path of a disk: `module2 /EFI/BOOT/hv.cfg hv.cfg`); of the other
 * modules the first is the guest kernel, the second its initrd; a third is
 * an error, because hv would otherwise silently ignore a file the user asked
 * GRUB to load. A guest kernel whose command line is exactly "hv.cfg" is
 * therefore not possible under GRUB (put the command line in hv.cfg).
 */
#include "boot/multiboot2.h"
#include "boot/config.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define TAG_HEADER_SIZE 8
#define MODULE_TAG_MIN 16      /* type, size, mod_start, mod_end */
#define MMAP_TAG_MIN 16        /* type, size, entry_size, entry_version */
#define MMAP_ENTRY_MIN 24      /* u64 base_addr, u64 length, u32 type, u32 reserved */
#define FB_TAG_MIN 32          /* the common part (3.6.12), reserved u16 included */
#define FB_RGB_TAG_MIN 38      /* plus the six colour-field bytes */
#define RSDP_V1_SIZE 20        /* ACPI 6.5, 5.2.5.3 "Root System Description Pointer (RSDP) Structure" */
#define MAX_MODULES 2

static_assert(sizeof(((struct boot_info *)0)->rsdp_copy) == 36, "ACPI 2.0+ RSDP is 36 bytes");

struct mb2_ctx {
	const u8 *p;          /* the information */
	u32 total;            /* bytes we may read */
	struct boot_info *bi;
	char *err;
	size_t errlen;
	struct mb2_modules *mods;
	u32 modules;          /* module tags seen, hv.cfg included: grub.cfg positions */
	u32 guest_modules;    /* of which kernel and initrd */
	const u8 *cmdline;    /* the command-line tag's string, applied last */
	size_t cmdline_len;
	const u8 *kernel_args; /* the kernel module's string */
	size_t kernel_args_len;
	u32 kernel_module;    /* its position */
	u32 config_start, config_end; /* the hv.cfg module, if mods->config_module */
	bool have_cmdline, have_mmap, have_acpi_new;
};

static __printf(2, 3) int mb2_fail(struct mb2_ctx *c, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	if (!c->err || !c->errlen)
		return -EINVAL;
	n = (size_t)fmt_snprintf(c->err, c->errlen, "multiboot2: ");
	if (n < c->errlen) {
		va_start(ap, fmt);
		fmt_vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Little-endian load of n bytes at p + off; the caller checked the bounds. */
static u64 rd(const u8 *p, u64 off, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = (v << 8) | p[off + n];
	return v;
}

/* Length of the NUL-terminated string in s[0..max), or max if unterminated. */
static size_t bounded_strlen(const u8 *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* The command line is parsed after hv.cfg (apply_config()): only noted here. */
static int tag_cmdline(struct mb2_ctx *c, const u8 *t, u32 size, u32 off)
{
	if (c->have_cmdline)
		return mb2_fail(c, "second command-line tag at offset 0x%x", off);
	c->have_cmdline = true;
	c->cmdline = t + TAG_HEADER_SIZE;
	c->cmdline_len = bounded_strlen(c->cmdline, size - TAG_HEADER_SIZE);
	return 0;
}

/*
 * The name a module goes by in messages: "module N". GRUB passes no file name
 * (the string holds only the arguments, which for the kernel are the guest's
 * command line), so the position is what a user can find in grub.cfg.
 */
static void module_name(struct boot_module *m, u32 n)
{
	fmt_snprintf(m->name, sizeof(m->name), "module %u", n);
}

/* Is the module string s[0..len) exactly MB2_CONFIG_MODULE? */
static bool is_config_module(const u8 *s, size_t len)
{
	return len == sizeof(MB2_CONFIG_MODULE) - 1 && !memcmp(s, MB2_CONFIG_MODULE, len);
}

static int config_module(struct mb2_ctx *c, u32 n, u32 start, u32 end)
{
	if (c->mods->config_module)
		return mb2_fail(c, "module %u is a second hv.cfg (module %u is the first)", n,
				c->mods->config_module);
	c->mods->config_module = n;
	c->config_start = start;
	c->config_end = end;
	return 0;
}

static int tag_module(struct mb2_ctx *c, const u8 *t, u32 size, u32 off)
{
	struct boot_module *m;
	u32 start, end, n = c->modules + 1;
	size_t len;

	if (size < MODULE_TAG_MIN)
		return mb2_fail(c, "module tag at offset 0x%x is too short (size 0x%x)", off, size);
	start = (u32)rd(t, 8, 4);
	end = (u32)rd(t, 12, 4);
	if (end < start)
		return mb2_fail(c, "module %u ends (0x%x) before it starts (0x%x)", n, end, start);
	c->modules = n;
	len = bounded_strlen(t + MODULE_TAG_MIN, size - MODULE_TAG_MIN);
	if (is_config_module(t + MODULE_TAG_MIN, len))
		return config_module(c, n, start, end);
	if (c->guest_modules == MAX_MODULES)
		return mb2_fail(c, "module %u is one too many (expected the guest kernel, "
				"at most an initrd, and hv.cfg)", n);
	m = c->guest_modules++ ? &c->bi->initrd : &c->bi->kernel;
	m->base = start;
	m->size = end - start;
	module_name(m, n);
	if (m == &c->bi->kernel) {
		c->kernel_args = t + MODULE_TAG_MIN;
		c->kernel_args_len = len;
		c->kernel_module = n;
	}
	return 0;
}

/* Multiboot2 (e820) memory type to hv's; unknown kinds are kept away from. */
static u32 mem_type(u32 mb2_type)
{
	switch (mb2_type) {
	case MB2_MEM_AVAILABLE:
		return MEM_USABLE;
	case MB2_MEM_ACPI_RECLAIMABLE:
		return MEM_ACPI;
	case MB2_MEM_NVS:
		return MEM_NVS;
	case MB2_MEM_BADRAM:
		return MEM_UNUSABLE;
	case MB2_MEM_PERSISTENT:
		return MEM_PMEM;
	default:
		return MEM_RESERVED;
	}
}

static int tag_mmap(struct mb2_ctx *c, const u8 *t, u32 size, u32 off)
{
	u32 entry_size, pos;

	if (size < MMAP_TAG_MIN)
		return mb2_fail(c, "memory-map tag at offset 0x%x is too short (size 0x%x)", off, size);
	if (c->have_mmap)
		return mb2_fail(c, "second memory-map tag at offset 0x%x", off);
	c->have_mmap = true;
	entry_size = (u32)rd(t, 8, 4);
	if (entry_size < MMAP_ENTRY_MIN)
		return mb2_fail(c, "memory-map entry size 0x%x is below 0x%x", entry_size,
				MMAP_ENTRY_MIN);
	for (pos = MMAP_TAG_MIN; size - pos >= entry_size; pos += entry_size) {
		const u8 *e = t + pos;

		if (memmap_add(&c->bi->mem, rd(e, 0, 8), rd(e, 8, 8), mem_type((u32)rd(e, 16, 4))))
			return mb2_fail(c, "memory map has more than %u ranges", MEMMAP_MAX);
	}
	return 0;
}

static int tag_framebuffer(struct mb2_ctx *c, const u8 *t, u32 size, u32 off)
{
	struct boot_framebuffer *fb = &c->bi->fb;
	u8 type;

	if (size < FB_TAG_MIN)
		return mb2_fail(c, "framebuffer tag at offset 0x%x is too short (size 0x%x)", off, size);
	type = (u8)rd(t, 29, 1);
	if (type == MB2_FB_RGB && size < FB_RGB_TAG_MIN)
		return mb2_fail(c, "RGB framebuffer tag at offset 0x%x is too short (size 0x%x)",
				off, size);
	memset(fb, 0, sizeof(*fb));
	if (type != MB2_FB_RGB && type != MB2_FB_EGA_TEXT)
		return 0; /* indexed colour or unknown: hv does not draw on it */
	fb->base = rd(t, 8, 8);
	fb->pitch = (u32)rd(t, 16, 4);
	fb->width = (u32)rd(t, 20, 4);
	fb->height = (u32)rd(t, 24, 4);
	fb->bpp = (u8)rd(t, 28, 1);
	fb->size = (u64)fb->pitch * fb->height;
	fb->type = type == MB2_FB_RGB ? FB_RGB : FB_EGA_TEXT;
	if (type == MB2_FB_RGB) {
		fb->red_pos = t[32];
		fb->red_size = t[33];
		fb->green_pos = t[34];
		fb->green_size = t[35];
		fb->blue_pos = t[36];
		fb->blue_size = t[37];
	}
	return 0;
}

/* ACPI 1.0 (tag 14) or 2.0+ (tag 15) RSDP copy; a 2.0+ copy wins whatever the order. */
static int tag_acpi(struct mb2_ctx *c, const u8 *t, u32 size, u32 off, bool is_new)
{
	struct boot_info *bi = c->bi;
	u32 len = size - TAG_HEADER_SIZE;

	if (len < RSDP_V1_SIZE)
		return mb2_fail(c, "ACPI RSDP tag at offset 0x%x is too short (size 0x%x)", off, size);
	if (!is_new && c->have_acpi_new)
		return 0;
	c->have_acpi_new |= is_new;
	len = MIN(len, (u32)sizeof(bi->rsdp_copy));
	memset(bi->rsdp_copy, 0, sizeof(bi->rsdp_copy));
	memcpy(bi->rsdp_copy, t + TAG_HEADER_SIZE, len);
	bi->rsdp_copy_len = len;
	return 0;
}

static int handle_tag(struct mb2_ctx *c, u32 type, const u8 *t, u32 size, u32 off)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		return tag_cmdline(c, t, size, off);
	case MB2_TAG_MODULE:
		return tag_module(c, t, size, off);
	case MB2_TAG_MMAP:
		return tag_mmap(c, t, size, off);
	case MB2_TAG_FRAMEBUFFER:
		return tag_framebuffer(c, t, size, off);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		return tag_acpi(c, t, size, off, type == MB2_TAG_ACPI_NEW);
	default:
		return 0; /* boot loader name, ELF sections, ...: not needed */
	}
}

/* Step 1: hv.cfg, read through the module window. */
static int apply_config_file(struct mb2_ctx *c)
{
	struct mb2_modules *mods = c->mods;

	if (!mods->config_module)
		return 0;
	if ((u64)c->config_end > mods->limit)
		return mb2_fail(c, "module %u (hv.cfg) at 0x%x-0x%x lies outside readable memory",
				mods->config_module, c->config_start, c->config_end);
	mods->config_size = c->config_end - c->config_start;
	return config_parse(&c->bi->cfg, (const char *)(mods->offset + c->config_start),
			    mods->config_size, CONFIG_FILE, MB2_CONFIG_MODULE, c->err, c->errlen);
}

/* The configuration in the order multiboot2.h gives: hv.cfg, kernel string, command line. */
static int apply_config(struct mb2_ctx *c)
{
	struct hv_config *cfg = &c->bi->cfg;
	int ret = apply_config_file(c);

	if (ret)
		return ret;
	if (c->kernel_args_len) {
		if (c->kernel_args_len >= sizeof(cfg->cmdline))
			return mb2_fail(c, "the guest command line (module %u's string) is too long "
					"(%zu bytes, at most %zu)", c->kernel_module,
					c->kernel_args_len, sizeof(cfg->cmdline) - 1);
		memcpy(cfg->cmdline, c->kernel_args, c->kernel_args_len);
		cfg->cmdline[c->kernel_args_len] = '\0';
	}
	if (!c->have_cmdline)
		return 0;
	return config_parse(cfg, (const char *)c->cmdline, c->cmdline_len, CONFIG_CMDLINE,
			    "command line", c->err, c->errlen);
}

/* Walk the tags from offset 8 to the end tag; each is checked before it is read. */
static int walk_tags(struct mb2_ctx *c)
{
	u32 off = 8;
	int ret;

	while (c->total - off >= TAG_HEADER_SIZE) {
		u32 type = (u32)rd(c->p, off, 4), size = (u32)rd(c->p, off + 4, 4);

		if (size < TAG_HEADER_SIZE)
			return mb2_fail(c, "tag %u at offset 0x%x has size 0x%x (below 8)",
					type, off, size);
		if (size > c->total - off)
			return mb2_fail(c, "tag %u at offset 0x%x overruns the information "
					"(size 0x%x, total 0x%x)", type, off, size, c->total);
		if (type == MB2_TAG_END)
			return 0;
		ret = handle_tag(c, type, c->p + off, size, off);
		if (ret)
			return ret;
		if ((u64)off + ALIGN_UP((u64)size, MB2_TAG_ALIGN) >= c->total)
			break;
		off += (u32)ALIGN_UP((u64)size, MB2_TAG_ALIGN);
	}
	return mb2_fail(c, "no end tag within the information (total 0x%x)", c->total);
}

int mb2_parse(const void *info, u64 avail, struct mb2_modules *mods, struct boot_info *bi,
	      char *err, size_t errlen)
{
	struct mb2_modules none = { 0 };
	struct mb2_ctx c = { .p = info, .bi = bi, .err = err, .errlen = errlen,
			     .mods = mods ? mods : &none };
	u64 total;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	c.mods->config_module = 0;
	c.mods->config_size = 0;
	memset(bi, 0, sizeof(*bi));
	bi->loader = BOOT_LOADER_MULTIBOOT2;
	config_init(&bi->cfg);
	if (!info || (uintptr_t)info % MB2_INFO_ALIGN)
		return mb2_fail(&c, "information at %p is not 8-byte aligned", info);
	if (avail < 8)
		return mb2_fail(&c, "only 0x%llx bytes of information", (unsigned long long)avail);
	total = rd(info, 0, 4);
	if (total < 8 || total > avail)
		return mb2_fail(&c, "total size 0x%llx is outside 8..0x%llx",
				(unsigned long long)total, (unsigned long long)avail);
	c.total = (u32)total;
	ret = walk_tags(&c);
	if (ret)
		return ret;
	if (!c.have_mmap)
		return mb2_fail(&c, "no memory-map tag (type %u)", MB2_TAG_MMAP);
	if (memmap_normalize(&bi->mem))
		return mb2_fail(&c, "memory map has more than %u ranges once overlaps are split",
				MEMMAP_MAX);
	return apply_config(&c);
}
