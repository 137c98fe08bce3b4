/* SPDX-License-Identifier: MIT */
/*
 * File access for the UEFI boot path: the volume and directory hv.efi was
 * loaded from, path resolution against that directory, and loading a whole
 * file into pages below 4 GiB. Only valid before ExitBootServices().
 */
#ifndef HV_BOOT_EFI_FILES_H
#define HV_BOOT_EFI_FILES_H

/*
 * GNU-EFI 3.0.15's efiapi.h declares EFI_RESERVED_SERVICE with "()", which
 * -Wstrict-prototypes rejects: its headers are not ours to fix.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <efi.h>
#include <efilib.h>
#pragma GCC diagnostic pop

#include "lib/types.h"
#include "boot/config.h"

/* The volume hv.efi came from, and its directory there ("\EFI\BOOT\"). */
struct efi_volume {
	EFI_FILE_HANDLE root;
	char dir[CONFIG_PATH_MAX];
};

/* A file loaded by efi_files_load(): whole pages, from base. */
struct efi_file {
	EFI_PHYSICAL_ADDRESS base;
	u64 size; /* bytes of file content; the pages are rounded up */
};

/*
 * Open the volume hv.efi was loaded from (LoadedImage's DeviceHandle) and
 * work out its directory from LoadedImage's FilePath. Returns EFI_SUCCESS
 * with vol filled (close it with efi_files_close()), or an error status
 * after logging one line.
 */
EFI_STATUS efi_files_open_volume(EFI_LOADED_IMAGE *li, struct efi_volume *vol);

/* Close the volume's root directory; safe on a volume that failed to open. */
void efi_files_close(struct efi_volume *vol);

/*
 * Resolve `name` from hv.cfg against the volume: absolute when it starts
 * with '\' or '/', else relative to hv.efi's directory; '/' becomes '\'.
 * Writes the full path into out. Returns EFI_SUCCESS, or
 * EFI_BUFFER_TOO_SMALL when it does not fit in len bytes.
 */
EFI_STATUS efi_files_path(const struct efi_volume *vol, const char *name, char *out,
			  size_t len);

/*
 * Read the whole file at `path` (a full path from efi_files_path()) into
 * freshly allocated EfiLoaderData pages below 4 GiB. `label` names the file
 * in messages ("guest image \EFI\hv\guest.bin"). Returns EFI_SUCCESS with
 * *f filled, or an error status after logging one line such as
 * "cannot open <label>: Not Found"; an empty file or a directory is an
 * error. Nothing stays allocated on failure.
 */
EFI_STATUS efi_files_load(const struct efi_volume *vol, const char *path, const char *label,
			  struct efi_file *f);

/* Give a loaded file's pages back to the firmware; safe on base == 0. */
void efi_files_free(struct efi_file *f);

/* The UEFI name of a status ("Not Found"), for messages. */
const char *efi_status_text(EFI_STATUS status);

/*
 * Report one error line before ExitBootServices(): to hv's log on COM1
 * (pr_err) and, for a user at the screen, to the firmware console (ConOut).
 * Needs InitializeLib() to have run; never call it after ExitBootServices().
 */
void efi_err(const char *fmt, ...) __printf(1, 2);

#endif
