// SPDX-License-Identifier: MIT
/*
 * The UEFI boot path: hv.efi's entry point. In order, and while the firmware
 * can still take control back: read hv.cfg and the guest's files from the
 * volume hv.efi came from, check the CPU, reserve hv's heap, note the ACPI
 * RSDP and the framebuffer. Any failure so far is one line on the serial log
 * (and on the screen) and an error status returned to the firmware, which
 * goes on with its next boot option. Then the point of no return: take the
 * memory map, ExitBootServices(), convert the map, and enter hv_main() with
 * everything in one struct boot_info.
 */
#include "boot/efi_files.h" /* first: it includes the GNU-EFI headers */
#include "boot/efi_memmap.h"
#include "vmm/boot_info.h"
#include "arch/x86/cpu.h"
#include "arch/x86/vmx_features.h"
#include "guest/linux_boot.h"
#include "lib/format.h"
#include "lib/string.h"
#include "vmm/log.h"

/*
 * crt0-efi-x86_64.o calls efi_main() with the SysV convention, and every
 * firmware call below is a plain call through an EFIAPI pointer: that only
 * works when GNU-EFI turns EFIAPI into __attribute__((ms_abi)).
 */
#ifndef HAVE_USE_MS_ABI
#error "build with -DGNU_EFI_USE_MS_ABI: firmware calls here are direct ms_abi calls"
#endif

#define HV_VERSION "0.1"
#define EFI_BELOW_4G 0xffffffffULL
/* Retries of GetMemoryMap + ExitBootServices when the map key went stale. */
#define EXIT_BS_TRIES 8
/* Descriptors of slack in the map buffer: allocating it may split a few. */
#define MAP_SLACK_DESCS 16

/* About 20 KiB: static, so that it is part of hv's image (MEM_HV), not a stack. */
static struct boot_info boot_info;

static EFI_GUID loaded_image_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

static void con_print(const char *s)
{
	CHAR16 w[128];
	size_t n = 0;

	while (*s && n + 1 < ARRAY_SIZE(w))
		w[n++] = (u8)*s++;
	w[n] = 0;
	ST->ConOut->OutputString(ST->ConOut, w);
}

/* Read and parse hv.cfg from hv.efi's own directory. */
static EFI_STATUS load_config(const struct efi_volume *vol, struct hv_config *cfg)
{
	char path[CONFIG_PATH_MAX], err[160];
	struct efi_file f = { 0 };
	EFI_STATUS status;

	config_init(cfg);
	status = efi_files_path(vol, "hv.cfg", path, sizeof(path));
	if (EFI_ERROR(status)) {
		efi_err("cannot open %shv.cfg: path too long", vol->dir);
		goto out;
	}
	status = efi_files_load(vol, path, path, &f);
	if (EFI_ERROR(status))
		goto out;
	if (config_parse(cfg, (const char *)(UINTN)f.base, f.size, CONFIG_FILE, "hv.cfg",
			 err, sizeof(err))) {
		efi_err("%s", err);
		status = EFI_INVALID_PARAMETER;
	}
out:
	efi_files_free(&f);
	return status;
}

/* Load one guest file named in hv.cfg; `what` is "guest image" or "initrd". */
static EFI_STATUS load_module(const struct efi_volume *vol, const char *name,
			      const char *what, struct efi_file *f, struct boot_module *mod)
{
	char label[CONFIG_PATH_MAX + 16];
	EFI_STATUS status;

	status = efi_files_path(vol, name, mod->name, sizeof(mod->name));
	if (EFI_ERROR(status)) {
		efi_err("hv.cfg: %s path '%s' is too long", what, name);
		return status;
	}
	fmt_snprintf(label, sizeof(label), "%s %s", what, mod->name);
	status = efi_files_load(vol, mod->name, label, f);
	if (EFI_ERROR(status))
		return status;
	mod->base = f->base;
	mod->size = f->size;
	pr_info("loaded %s: %lu bytes at 0x%lx", label, mod->size, mod->base);
	return EFI_SUCCESS;
}

/*
 * Load the guest image and the optional initrd named in hv.cfg, and check
 * that the image is a kernel hv can start with this command line
 * (linux_boot_check(), which the loader repeats after ExitBootServices): a
 * truncated file, one that is not a kernel, or a command line too long for
 * it is reported now, while hv can still return to the firmware,
 * with the loader's words ("cannot load the guest: guest image <path>: <why>").
 */
static EFI_STATUS load_guest(const struct efi_volume *vol, struct boot_info *bi,
			     struct efi_file *kernel, struct efi_file *initrd)
{
	struct linux_boot_src src;
	struct bzimage_info info;
	char why[200];
	EFI_STATUS status;

	if (!bi->cfg.kernel[0]) {
		efi_err("hv.cfg: no 'kernel' given");
		return EFI_INVALID_PARAMETER;
	}
	status = load_module(vol, bi->cfg.kernel, "guest image", kernel, &bi->kernel);
	if (EFI_ERROR(status))
		return status;
	src = boot_info_guest(bi);
	if (linux_boot_check(&src, (const void *)(UINTN)bi->kernel.base, &info, why, sizeof(why))) {
		efi_err("cannot load the guest: %s", why);
		return EFI_LOAD_ERROR;
	}
	if (!bi->cfg.initrd[0])
		return EFI_SUCCESS;
	return load_module(vol, bi->cfg.initrd, "initrd", initrd, &bi->initrd);
}

/*
 * HV_HEAP_SIZE bytes, 2 MiB aligned, below 4 GiB: allocate 2 MiB more than
 * needed and align inside. The unused slack stays EfiLoaderData, which the
 * converted map calls usable again.
 */
static EFI_STATUS reserve_heap(struct efi_file *alloc, struct boot_info *bi)
{
	EFI_STATUS status;

	alloc->base = EFI_BELOW_4G;
	alloc->size = HV_HEAP_SIZE + SZ_2M;
	status = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData,
				   alloc->size / EFI_PAGE_SIZE, &alloc->base);
	if (EFI_ERROR(status)) {
		alloc->base = 0;
		efi_err("cannot reserve %llu MiB below 4 GiB for hv: %s",
			HV_HEAP_SIZE >> 20, efi_status_text(status));
		return status;
	}
	bi->heap_base = ALIGN_UP(alloc->base, SZ_2M);
	bi->heap_size = HV_HEAP_SIZE;
	return EFI_SUCCESS;
}

/*
 * The ACPI RSDP from the EFI configuration table (UEFI 2.10, section 4.6
 * "EFI Configuration Table & Properties Table"): the ACPI 2.0+ entry if the
 * firmware has one, else the ACPI 1.0 entry; 0 if neither.
 */
static hpa_t find_rsdp(const EFI_SYSTEM_TABLE *st)
{
	hpa_t v1 = 0;
	UINTN i;

	for (i = 0; i < st->NumberOfTableEntries; i++) {
		const EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];

		if (!memcmp(&t->VendorGuid, &acpi20_guid, sizeof(EFI_GUID)))
			return (hpa_t)(UINTN)t->VendorTable;
		if (!memcmp(&t->VendorGuid, &acpi10_guid, sizeof(EFI_GUID)))
			v1 = (hpa_t)(UINTN)t->VendorTable;
	}
	return v1;
}

/*
 * Position and width of a colour channel from its GOP bit mask (a run of
 * contiguous ones). Counted by hand: __builtin_popcount needs libgcc.
 */
static void mask_to_field(u32 mask, u8 *pos, u8 *size)
{
	*pos = mask ? (u8)__builtin_ctz(mask) : 0;
	for (*size = 0; mask; mask &= mask - 1)
		(*size)++;
}

/*
 * The current GOP mode as a linear framebuffer (UEFI 2.10, section 12.9
 * "Graphics Output Protocol", EFI_GRAPHICS_OUTPUT_MODE_INFORMATION). No GOP,
 * or a BLT-only mode, leaves fb->type FB_NONE.
 */
static void find_framebuffer(struct boot_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info;
	EFI_PIXEL_BITMASK m;

	fb->type = FB_NONE;
	if (EFI_ERROR(BS->LocateProtocol(&gop_guid, NULL, (void **)&gop)) || !gop->Mode ||
	    !gop->Mode->Info)
		return;
	info = gop->Mode->Info;
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		m = (EFI_PIXEL_BITMASK){ 0xff, 0xff00, 0xff0000, 0xff000000 };
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		m = (EFI_PIXEL_BITMASK){ 0xff0000, 0xff00, 0xff, 0xff000000 };
		break;
	case PixelBitMask:
		m = info->PixelInformation;
		break;
	default:
		return; /* PixelBltOnly: no framebuffer to hand over */
	}
	mask_to_field(m.RedMask, &fb->red_pos, &fb->red_size);
	mask_to_field(m.GreenMask, &fb->green_pos, &fb->green_size);
	mask_to_field(m.BlueMask, &fb->blue_pos, &fb->blue_size);
	/* A pixel is as wide as its highest mask bit, in whole bytes. */
	fb->bpp = (u8)ALIGN_UP(32 - __builtin_clz(m.RedMask | m.GreenMask | m.BlueMask |
						  m.ReservedMask | 1), 8);
	fb->base = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = info->HorizontalResolution;
	fb->height = info->VerticalResolution;
	fb->pitch = info->PixelsPerScanLine * (fb->bpp / 8);
	fb->type = FB_RGB;
}

/*
 * Take the final memory map and leave boot services (UEFI 2.10, section 7.4
 * "Image Services", EFI_BOOT_SERVICES.ExitBootServices()). A stale map key
 * gives EFI_INVALID_PARAMETER: fetch the map again and retry. After the first
 * attempt only memory-allocation services may be used, so the buffer is
 * allocated with slack beforehand and only regrown (AllocatePool is allowed)
 * if the map outgrew even that. Returns EFI_SUCCESS with *map, *map_size and
 * *desc_size describing the final map; *tried says whether ExitBootServices
 * was called at all (after that, returning to the firmware is not safe).
 */
static EFI_STATUS exit_boot_services(EFI_HANDLE image, void **map, UINTN *map_size,
				     UINTN *desc_size, bool *tried)
{
	UINTN cap = 0, key;
	UINT32 desc_ver;
	EFI_STATUS status;
	int i;

	*map = NULL;
	*tried = false;
	*desc_size = sizeof(EFI_MEMORY_DESCRIPTOR); /* in case "too small" leaves it */
	status = BS->GetMemoryMap(&cap, NULL, &key, desc_size, &desc_ver);
	for (i = 0; i < EXIT_BS_TRIES; i++) {
		if (status == EFI_BUFFER_TOO_SMALL) {
			if (*map)
				BS->FreePool(*map);
			cap += MAP_SLACK_DESCS * *desc_size;
			status = BS->AllocatePool(EfiLoaderData, cap, map);
			if (EFI_ERROR(status)) {
				*map = NULL;
				break;
			}
		}
		*map_size = cap;
		status = BS->GetMemoryMap(map_size, *map, &key, desc_size, &desc_ver);
		if (status == EFI_BUFFER_TOO_SMALL) {
			cap = *map_size;
			continue;
		}
		if (EFI_ERROR(status))
			break;
		*tried = true;
		status = BS->ExitBootServices(image, key);
		if (status != EFI_INVALID_PARAMETER)
			break;
	}
	if (EFI_ERROR(status) && !*tried && *map)
		BS->FreePool(*map);
	return status;
}

/*
 * Fill what only becomes known after ExitBootServices(): the memory map,
 * with hv's image and heap carved out as MEM_HV. Returns 0, or -EINVAL /
 * -ENOSPC after logging one line (serial only: the firmware is gone).
 */
static int finish_memmap(struct boot_info *bi, const void *map, u64 map_size, u64 desc_size)
{
	int ret;

	ret = efi_memmap_convert(&bi->mem, map, map_size, desc_size);
	if (ret) {
		pr_err("cannot convert the UEFI memory map (%d); halting", ret);
		return ret;
	}
	ret = memmap_set_type(&bi->mem, bi->image_base, bi->image_size, MEM_HV);
	if (!ret)
		ret = memmap_set_type(&bi->mem, bi->heap_base, bi->heap_size, MEM_HV);
	if (ret)
		pr_err("memory map too fragmented to reserve hv's memory (%d); halting", ret);
	return ret;
}

/* What efi_main() allocated from the firmware and must give back on failure. */
struct efi_boot {
	EFI_LOADED_IMAGE *li;
	struct efi_file kernel, initrd, heap;
};

static void release(struct efi_boot *eb)
{
	efi_files_free(&eb->heap);
	efi_files_free(&eb->initrd);
	efi_files_free(&eb->kernel);
}

/*
 * Everything that can still fail and hand control back to the firmware:
 * config, guest files, the CPU check, hv's heap, then the RSDP and the
 * framebuffer (both optional). Allocations are recorded in *eb.
 */
static EFI_STATUS prepare(EFI_HANDLE image, struct efi_boot *eb, struct boot_info *bi)
{
	struct efi_volume vol = { 0 };
	char msg[160];
	EFI_STATUS status;

	status = BS->HandleProtocol(image, &loaded_image_guid, (void **)&eb->li);
	if (EFI_ERROR(status)) {
		efi_err("cannot find hv.efi's loaded-image protocol: %s", efi_status_text(status));
		goto out;
	}
	status = efi_files_open_volume(eb->li, &vol);
	if (EFI_ERROR(status))
		goto out;
	status = load_config(&vol, &bi->cfg);
	if (EFI_ERROR(status))
		goto out;
	log_configure(&bi->cfg);
	status = load_guest(&vol, bi, &eb->kernel, &eb->initrd);
	if (EFI_ERROR(status))
		goto out;
	if (vmx_check_cpu(msg, sizeof(msg))) {
		efi_err("%s", msg);
		status = EFI_UNSUPPORTED;
		goto out;
	}
	status = reserve_heap(&eb->heap, bi);
	if (EFI_ERROR(status))
		goto out;
	bi->rsdp = find_rsdp(ST);
	find_framebuffer(&bi->fb);
out:
	efi_files_close(&vol);
	return status;
}

/*
 * hv.efi's entry point, called by crt0 (SysV convention) once the image is
 * relocated. Returns an EFI error status when hv cannot start, after one
 * line saying why and with everything it allocated freed; on success it
 * never returns (hv_main() takes over).
 */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct boot_info *bi = &boot_info;
	struct efi_boot eb = { 0 };
	UINTN map_size, desc_size;
	void *map;
	bool tried;
	EFI_STATUS status;

	InitializeLib(image, st);
	log_init();
	pr_info("hv " HV_VERSION " (UEFI) starting");
	con_print("hv " HV_VERSION " (UEFI) starting; log on serial (hv.cfg console=, default COM1)\r\n");

	status = prepare(image, &eb, bi);
	if (EFI_ERROR(status))
		goto out;
	bi->loader = BOOT_LOADER_UEFI;
	bi->image_base = ALIGN_DOWN((hpa_t)(UINTN)eb.li->ImageBase, PAGE_SIZE);
	bi->image_size = ALIGN_UP((hpa_t)(UINTN)eb.li->ImageBase + eb.li->ImageSize,
				  PAGE_SIZE) - bi->image_base;

	status = exit_boot_services(image, &map, &map_size, &desc_size, &tried);
	if (EFI_ERROR(status) && !tried) {
		efi_err("cannot get the UEFI memory map: %s", efi_status_text(status));
		goto out;
	}
	/* From here on: no firmware calls, no ConOut, no way back. */
	irq_disable();
	if (EFI_ERROR(status)) {
		pr_err("ExitBootServices failed: %s; halting", efi_status_text(status));
		cpu_park();
	}
	if (finish_memmap(bi, map, map_size, desc_size))
		cpu_park();
	hv_main(bi);
out:
	release(&eb);
	return status;
}
