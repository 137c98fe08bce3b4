// SPDX-License-Identifier: MIT
/*
 * The Multiboot2 boot path after the 32-bit stub (mb2_entry.asm): read
 * GRUB's boot information, check the CPU, reserve hv's memory and call
 * hv_main(). Any failure prints one line and halts: there is no firmware to
 * return to once GRUB has started an OS.
 */
#include "vmm/boot_info.h"
#include "boot/multiboot2.h"
#include "arch/x86/cpu.h"
#include "arch/x86/vmx_features.h"
#include "lib/string.h"
#include "vmm/log.h"

#define MB2_INFO_MAX (1u << 20) /* sanity bound on total_size */
#define BIOS_ROM_BASE 0xe0000
#define BIOS_ROM_END 0x100000
#define RSDP_V1_LEN 20

extern const u8 __image_start[], __image_end[];

static struct boot_info boot_info; /* large: static, never on the stack */

static __noreturn void halt(void)
{
	pr_err("halted");
	cpu_park();
}

/*
 * GRUB copies the RSDP into the boot information; the guest needs its
 * address. Under the legacy BIOS it lies on a 16-byte boundary in
 * 0xE0000-0xFFFFF (ACPI 6.5, 5.2.5.1 "Finding the RSDP on IA-PC Systems").
 */
static hpa_t find_rsdp(const struct boot_info *bi)
{
	if (bi->rsdp_copy_len < RSDP_V1_LEN)
		return 0;
	for (hpa_t a = BIOS_ROM_BASE; a < BIOS_ROM_END; a += 16)
		if (!memcmp((const void *)(uintptr_t)a, bi->rsdp_copy, RSDP_V1_LEN))
			return a;
	return 0;
}

/* hv's heap: the highest free 2 MiB-aligned block below 4 GiB that holds no module. */
static int reserve_heap(struct boot_info *bi)
{
	static struct memmap scratch;
	const struct boot_module *mods[] = { &bi->kernel, &bi->initrd };

	scratch = bi->mem;
	for (unsigned int i = 0; i < ARRAY_SIZE(mods); i++)
		if (mods[i]->size)
			memmap_set_type(&scratch, ALIGN_DOWN(mods[i]->base, PAGE_SIZE),
					ALIGN_UP(mods[i]->size + (mods[i]->base & (PAGE_SIZE - 1)),
						 PAGE_SIZE), MEM_RESERVED);
	bi->heap_size = HV_HEAP_SIZE;
	bi->heap_base = memmap_find_free(&scratch, HV_HEAP_SIZE, SZ_2M, SZ_4G);
	if (!bi->heap_base)
		return -1;
	return memmap_set_type(&bi->mem, bi->heap_base, bi->heap_size, MEM_HV);
}

void mb2_main(u32 magic, u64 info);

/*
 * Report where the configuration came from. hv.cfg's kernel= and initrd= name
 * files that GRUB has already loaded (or not): under GRUB the module2 lines
 * decide, so the keys are accepted for the UEFI path's sake and ignored.
 */
static void log_config_source(const struct boot_info *bi, const struct mb2_modules *mods)
{
	if (!mods->config_module)
		return;
	pr_info("configuration: hv.cfg (module %u, %u bytes), then the multiboot2 line",
		mods->config_module, mods->config_size);
	if (bi->cfg.kernel[0] || bi->cfg.initrd[0])
		pr_info("hv.cfg: kernel/initrd ignored under GRUB: the module2 lines in grub.cfg "
			"decide");
}

void mb2_main(u32 magic, u64 info)
{
	struct boot_info *bi = &boot_info;
	/* mb2_entry.asm identity-maps the first 4 GiB: modules are readable in place. */
	struct mb2_modules mods = { .offset = 0, .limit = SZ_4G };
	char msg[200];
	u32 total;

	log_init();
	pr_info("hv 0.1 (Multiboot2) starting");
	if (magic != MB2_BOOTLOADER_MAGIC) {
		pr_err("not started by a Multiboot2 boot loader (EAX 0x%x)", magic);
		halt();
	}
	total = *(const u32 *)(uintptr_t)info;
	if (mb2_parse((const void *)(uintptr_t)info, MIN(total, MB2_INFO_MAX), &mods, bi, msg,
		      sizeof(msg))) {
		pr_err("%s", msg);
		halt();
	}
	log_configure(&bi->cfg);
	log_config_source(bi, &mods);
	if (vmx_check_cpu(msg, sizeof(msg))) {
		pr_err("%s", msg);
		halt();
	}
	if (!bi->kernel.size) {
		pr_err("no guest image: add a module2 line with the guest kernel after multiboot2 in grub.cfg");
		halt();
	}
	bi->rsdp = find_rsdp(bi);
	bi->image_base = (hpa_t)(uintptr_t)__image_start;
	bi->image_size = ALIGN_UP((u64)(uintptr_t)__image_end, PAGE_SIZE) - bi->image_base;
	if (memmap_set_type(&bi->mem, bi->image_base, bi->image_size, MEM_HV) || reserve_heap(bi)) {
		pr_err("no room for hv's %llu MiB below 4 GiB", (unsigned long long)(HV_HEAP_SIZE >> 20));
		halt();
	}
	hv_main(bi);
}
