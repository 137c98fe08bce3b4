// SPDX-License-Identifier: MIT
/*
 * Files for the UEFI boot path: hv.cfg, the guest kernel and its initrd all
 * come from the volume hv.efi itself was loaded from, through the Simple
 * File System protocol (UEFI 2.10, section 13.4 "Simple File System
 * Protocol" and 13.5 "File Protocol"). Paths are kept in ASCII, as hv.cfg
 * writes them, and widened to UCS-2 only for the firmware call. Files land
 * in EfiLoaderData pages below 4 GiB so that a 32-bit boot protocol can
 * point at them; hv_main() learns where from struct boot_info. efi_err(),
 * the UEFI path's error line (serial log and screen), lives here too because
 * nearly all of that path's errors are about these files.
 */
#include <stdarg.h>
#include "boot/efi_files.h" /* first: it includes the GNU-EFI headers */
#include "lib/format.h"
#include "lib/string.h"
#include "vmm/log.h"

/* Highest address (inclusive) for AllocateMaxAddress: below 4 GiB. */
#define EFI_BELOW_4G 0xffffffffULL
/* Read big files in pieces: some firmware FAT drivers fail huge reads. */
#define READ_CHUNK (4ULL << 20)

static EFI_GUID sfs_guid = EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID;
static EFI_GUID file_info_guid = EFI_FILE_INFO_ID;

/* UEFI 2.10, Appendix D "Status Codes": error codes 1..33 by number. */
static const char *const efi_error_names[] = {
	[1] = "Load Error", [2] = "Invalid Parameter", [3] = "Unsupported",
	[4] = "Bad Buffer Size", [5] = "Buffer Too Small", [6] = "Not Ready",
	[7] = "Device Error", [8] = "Write Protected", [9] = "Out of Resources",
	[10] = "Volume Corrupted", [11] = "Volume Full", [12] = "No Media",
	[13] = "Media Changed", [14] = "Not Found", [15] = "Access Denied",
	[16] = "No Response", [17] = "No Mapping", [18] = "Timeout",
	[19] = "Not Started", [20] = "Already Started", [21] = "Aborted",
	[22] = "ICMP Error", [23] = "TFTP Error", [24] = "Protocol Error",
	[25] = "Incompatible Version", [26] = "Security Violation",
	[27] = "CRC Error", [28] = "End of Media", [31] = "End of File",
	[32] = "Invalid Language", [33] = "Compromised Data",
};

const char *efi_status_text(EFI_STATUS status)
{
	static char other[32];
	u64 code = status & ~EFI_ERROR_MASK;

	if (status == EFI_SUCCESS)
		return "Success";
	if (EFI_ERROR(status) && code < ARRAY_SIZE(efi_error_names) && efi_error_names[code])
		return efi_error_names[code];
	fmt_snprintf(other, sizeof(other), "status 0x%lx", (u64)status);
	return other;
}

void efi_err(const char *fmt, ...)
{
	char line[256];
	CHAR16 wide[sizeof(line) + 8];
	va_list ap;
	size_t i, n = 0;

	va_start(ap, fmt);
	fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	pr_err("%s", line);
	if (!ST || !ST->ConOut)
		return;
	for (const char *s = "hv: "; *s; s++)
		wide[n++] = (u8)*s;
	for (i = 0; line[i]; i++)
		wide[n++] = (u8)line[i];
	wide[n++] = '\r';
	wide[n++] = '\n';
	wide[n] = 0;
	ST->ConOut->OutputString(ST->ConOut, wide);
}

/*
 * Write the file-path nodes of a device path (UEFI 2.10, section 10.3.5.4
 * "File Path Media Device Path") into path, as ASCII with '\' separators.
 * Nodes are read bytewise: device-path nodes carry no alignment guarantee.
 */
static EFI_STATUS file_path_text(const EFI_DEVICE_PATH *dp, char *path, size_t len)
{
	const u8 *p = (const u8 *)dp;
	size_t n = 0;

	for (; p && p[0] != END_DEVICE_PATH_TYPE; p += p[2] | p[3] << 8) {
		u16 node_len = p[2] | p[3] << 8, i;

		if (node_len < 4)
			return EFI_INVALID_PARAMETER;
		if (p[0] != MEDIA_DEVICE_PATH || p[1] != MEDIA_FILEPATH_DP)
			continue;
		for (i = 4; i + 1 < node_len; i += 2) {
			u16 c = p[i] | p[i + 1] << 8;

			if (!c)
				break;
			c = c == '/' ? '\\' : c;
			if (c < 0x20 || c > 0x7e)
				return EFI_UNSUPPORTED;
			/* A new node is a new component: one separator between. */
			if (i == 4 && n && path[n - 1] != '\\' && c != '\\')
				path[n++] = '\\';
			if (n + 2 > len)
				return EFI_BUFFER_TOO_SMALL;
			path[n++] = (char)c;
		}
	}
	path[n] = '\0';
	return EFI_SUCCESS;
}

/* hv.efi's directory, with leading and trailing '\' ("\" when unknown). */
static EFI_STATUS image_dir(const EFI_LOADED_IMAGE *li, char *dir, size_t len)
{
	char path[CONFIG_PATH_MAX];
	char *sep;
	EFI_STATUS status;

	status = file_path_text(li->FilePath, path, sizeof(path));
	if (EFI_ERROR(status))
		return status;
	sep = NULL;
	for (char *c = path; *c; c++)
		if (*c == '\\')
			sep = c;
	if (sep)
		sep[1] = '\0';
	else
		path[0] = '\0';
	if (fmt_snprintf(dir, len, "%s%s", path[0] == '\\' ? "" : "\\", path) >= (int)len)
		return EFI_BUFFER_TOO_SMALL;
	return EFI_SUCCESS;
}

EFI_STATUS efi_files_open_volume(EFI_LOADED_IMAGE *li, struct efi_volume *vol)
{
	EFI_SIMPLE_FILE_SYSTEM_PROTOCOL *sfs;
	EFI_STATUS status;

	vol->root = NULL;
	status = image_dir(li, vol->dir, sizeof(vol->dir));
	if (EFI_ERROR(status)) {
		efi_err("cannot tell which directory hv.efi was loaded from: %s",
		       efi_status_text(status));
		goto out;
	}
	status = BS->HandleProtocol(li->DeviceHandle, &sfs_guid, (void **)&sfs);
	if (EFI_ERROR(status)) {
		efi_err("hv.efi's device has no file system: %s", efi_status_text(status));
		goto out;
	}
	status = sfs->OpenVolume(sfs, &vol->root);
	if (EFI_ERROR(status)) {
		vol->root = NULL;
		efi_err("cannot open hv.efi's volume: %s", efi_status_text(status));
	}
out:
	return status;
}

void efi_files_close(struct efi_volume *vol)
{
	if (vol->root)
		vol->root->Close(vol->root);
	vol->root = NULL;
}

EFI_STATUS efi_files_path(const struct efi_volume *vol, const char *name, char *out,
			  size_t len)
{
	bool absolute = name[0] == '\\' || name[0] == '/';
	int n = fmt_snprintf(out, len, "%s%s", absolute ? "" : vol->dir, name);

	if (n < 0 || (size_t)n >= len)
		return EFI_BUFFER_TOO_SMALL;
	for (char *c = out; *c; c++)
		if (*c == '/')
			*c = '\\';
	return EFI_SUCCESS;
}

/* Widen an ASCII path for the File Protocol. */
static EFI_STATUS to_ucs2(const char *s, CHAR16 *w, size_t len)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		if (i + 1 >= len)
			return EFI_BUFFER_TOO_SMALL;
		w[i] = (u8)s[i];
	}
	w[i] = 0;
	return EFI_SUCCESS;
}

/* Size of an open file; directories and empty files are refused. */
static EFI_STATUS file_size(EFI_FILE_HANDLE fh, const char *label, u64 *size)
{
	/* EFI_FILE_INFO plus a FAT long name of up to 255 UCS-2 characters. */
	union {
		EFI_FILE_INFO info;
		u8 raw[SIZE_OF_EFI_FILE_INFO + 256 * sizeof(CHAR16)];
	} buf;
	UINTN n = sizeof(buf);
	EFI_STATUS status;

	status = fh->GetInfo(fh, &file_info_guid, &n, &buf);
	if (EFI_ERROR(status)) {
		efi_err("cannot get the size of %s: %s", label, efi_status_text(status));
		return status;
	}
	if (buf.info.Attribute & EFI_FILE_DIRECTORY) {
		efi_err("%s is a directory, not a file", label);
		return EFI_LOAD_ERROR;
	}
	if (buf.info.FileSize == 0) {
		efi_err("%s is empty", label);
		return EFI_LOAD_ERROR;
	}
	*size = buf.info.FileSize;
	return EFI_SUCCESS;
}

/* Read exactly `size` bytes into dst, in chunks. */
static EFI_STATUS read_all(EFI_FILE_HANDLE fh, const char *label, u8 *dst, u64 size)
{
	EFI_STATUS status = EFI_SUCCESS;
	u64 done = 0;

	while (done < size) {
		UINTN n = MIN(size - done, READ_CHUNK);

		status = fh->Read(fh, &n, dst + done);
		if (!EFI_ERROR(status) && n == 0)
			status = EFI_END_OF_FILE; /* shorter than GetInfo said */
		if (EFI_ERROR(status)) {
			efi_err("cannot read %s: %s", label, efi_status_text(status));
			break;
		}
		done += n;
	}
	return status;
}

EFI_STATUS efi_files_load(const struct efi_volume *vol, const char *path, const char *label,
			  struct efi_file *f)
{
	CHAR16 wpath[CONFIG_PATH_MAX];
	EFI_FILE_HANDLE fh = NULL;
	EFI_STATUS status;

	f->base = 0;
	f->size = 0;
	status = to_ucs2(path, wpath, ARRAY_SIZE(wpath));
	if (EFI_ERROR(status)) {
		efi_err("cannot open %s: path too long", label);
		goto out;
	}
	status = vol->root->Open(vol->root, &fh, wpath, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(status)) {
		fh = NULL;
		efi_err("cannot open %s: %s", label, efi_status_text(status));
		goto out;
	}
	status = file_size(fh, label, &f->size);
	if (EFI_ERROR(status))
		goto out;
	f->base = EFI_BELOW_4G;
	status = BS->AllocatePages(AllocateMaxAddress, EfiLoaderData,
				   ALIGN_UP(f->size, EFI_PAGE_SIZE) / EFI_PAGE_SIZE, &f->base);
	if (EFI_ERROR(status)) {
		f->base = 0;
		efi_err("cannot allocate %lu KiB below 4 GiB for %s: %s",
		       (u64)(ALIGN_UP(f->size, 1024) >> 10), label, efi_status_text(status));
		goto out;
	}
	status = read_all(fh, label, (u8 *)(UINTN)f->base, f->size);
out:
	if (fh)
		fh->Close(fh);
	if (EFI_ERROR(status))
		efi_files_free(f);
	return status;
}

void efi_files_free(struct efi_file *f)
{
	if (f->base)
		BS->FreePages(f->base, ALIGN_UP(f->size, EFI_PAGE_SIZE) / EFI_PAGE_SIZE);
	f->base = 0;
	f->size = 0;
}
