// SPDX-License-Identifier: MIT
/* ACPI MADT walking, to find the CPUs; see madt.h. */
#include "arch/x86/acpi.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 36
#define SDT_HEADER_LEN 36
#define SDT_MAX_LEN (1u << 20)   /* sanity bound on any table hv reads */
#define MADT_ENTRIES_OFFSET 44   /* header + local APIC address + flags */
#define MADT_LOCAL_APIC 0
#define MADT_LAPIC_OVERRIDE 5
#define MADT_LOCAL_X2APIC 9
#define LAPIC_ENABLED BIT_ULL(0)
#define LAPIC_ONLINE_CAPABLE BIT_ULL(1)

static u8 checksum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

static u32 get32(const u8 *p) { u32 v; memcpy(&v, p, 4); return v; }
static u64 get64(const u8 *p) { u64 v; memcpy(&v, p, 8); return v; }

/* Read a whole table at pa into buf (cap bytes) after checking its header. */
static int read_table(acpi_read_fn read, void *opaque, u64 pa, u8 *buf, size_t cap, u32 *len)
{
	if (read(opaque, pa, buf, SDT_HEADER_LEN))
		return -EINVAL;
	*len = get32(buf + 4);
	if (*len < SDT_HEADER_LEN || *len > cap || read(opaque, pa, buf, *len))
		return -EINVAL;
	return checksum(buf, *len) ? -EINVAL : 0;
}

static void add_cpu(struct acpi_cpus *out, u32 apic_id, u32 flags)
{
	if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
		return;
	for (u32 i = 0; i < out->count; i++)
		if (out->apic_id[i] == apic_id)
			return;
	if (out->count == ACPI_CPUS_MAX) {
		out->truncated = true;
		return;
	}
	out->apic_id[out->count++] = apic_id;
}

static int parse_madt(const u8 *t, u32 len, struct acpi_cpus *out)
{
	u32 off = MADT_ENTRIES_OFFSET;

	if (len < MADT_ENTRIES_OFFSET)
		return -EINVAL;
	out->lapic_base = get32(t + 36);
	while (off + 2 <= len) {
		u8 type = t[off], elen = t[off + 1];

		if (elen < 2 || off + elen > len)
			return -EINVAL;
		if (type == MADT_LOCAL_APIC && elen >= 8)
			add_cpu(out, t[off + 3], get32(t + off + 4));
		else if (type == MADT_LOCAL_X2APIC && elen >= 16)
			add_cpu(out, get32(t + off + 4), get32(t + off + 8));
		else if (type == MADT_LAPIC_OVERRIDE && elen >= 12)
			out->lapic_base = get64(t + off + 4);
		off += elen;
	}
	return 0;
}

/* Look through the XSDT (8-byte entries) or RSDT (4-byte entries) for sig. */
static int find_table(acpi_read_fn read, void *opaque, const u8 *root, u32 root_len,
		      unsigned int esize, const char *sig, u8 *buf, size_t cap, u32 *len)
{
	for (u32 off = SDT_HEADER_LEN; off + esize <= root_len; off += esize) {
		u64 pa = esize == 8 ? get64(root + off) : get32(root + off);
		u8 found[4];

		if (read(opaque, pa, found, 4) || memcmp(found, sig, 4))
			continue;
		return read_table(read, opaque, pa, buf, cap, len);
	}
	return -ENOENT;
}

/* Read the XSDT (RSDP revision 2+) or RSDT into root; *esize = entry size. */
static int read_root(const u8 *r, size_t rsdp_len, acpi_read_fn read, void *opaque, u8 *root,
		     size_t cap, u32 *root_len, unsigned int *esize, char *err, size_t errlen)
{
	bool xsdt;

	if (rsdp_len < RSDP_V1_LEN || memcmp(r, "RSD PTR ", 8) || checksum(r, RSDP_V1_LEN)) {
		fmt_snprintf(err, errlen, "ACPI: no valid RSDP");
		return -EINVAL;
	}
	xsdt = r[15] >= 2 && rsdp_len >= RSDP_V2_LEN && get64(r + 24) &&
	       !checksum(r, RSDP_V2_LEN);
	*esize = xsdt ? 8 : 4;
	if (read_table(read, opaque, xsdt ? get64(r + 24) : get32(r + 16), root, cap, root_len)) {
		fmt_snprintf(err, errlen, "ACPI: bad %s", xsdt ? "XSDT" : "RSDT");
		return -EINVAL;
	}
	return 0;
}

static u8 root_buf[SDT_MAX_LEN / 16], table_buf[SDT_MAX_LEN / 16];

int acpi_find_cpus(const void *rsdp, size_t rsdp_len, acpi_read_fn read, void *opaque,
		   struct acpi_cpus *out, char *err, size_t errlen)
{
	u32 root_len, madt_len;
	unsigned int esize;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = read_root(rsdp, rsdp_len, read, opaque, root_buf, sizeof(root_buf), &root_len, &esize,
			err, errlen);
	if (ret)
		return ret;
	ret = find_table(read, opaque, root_buf, root_len, esize, "APIC", table_buf,
			 sizeof(table_buf), &madt_len);
	if (!ret)
		ret = parse_madt(table_buf, madt_len, out);
	if (ret)
		fmt_snprintf(err, errlen, ret == -ENOENT ? "ACPI: no MADT (APIC) table" :
							 "ACPI: bad MADT (APIC) table");
	return ret;
}

/* FADT fields (ACPI 6.5, 5.2.9 "Fixed ACPI Description Table (FADT)", Table 5.9). */
#define FADT_PM1A_CNT_BLK 64     /* u32 I/O port */
#define FADT_X_PM1A_CNT_BLK 172  /* Generic Address Structure (12 bytes) */
#define GAS_SPACE_SYSTEM_IO 1

int acpi_find_pm1a_control(const void *rsdp, size_t rsdp_len, acpi_read_fn read, void *opaque,
			   u16 *port)
{
	u32 root_len, fadt_len;
	unsigned int esize;
	char err[64];
	u64 p = 0;

	if (read_root(rsdp, rsdp_len, read, opaque, root_buf, sizeof(root_buf), &root_len, &esize,
		      err, sizeof(err)) ||
	    find_table(read, opaque, root_buf, root_len, esize, "FACP", table_buf,
		       sizeof(table_buf), &fadt_len) ||
	    fadt_len < FADT_PM1A_CNT_BLK + 4)
		return -ENOENT;
	if (fadt_len >= FADT_X_PM1A_CNT_BLK + 12 && table_buf[FADT_X_PM1A_CNT_BLK] ==
						    GAS_SPACE_SYSTEM_IO)
		p = get64(table_buf + FADT_X_PM1A_CNT_BLK + 4);
	if (!p)
		p = get32(table_buf + FADT_PM1A_CNT_BLK);
	if (!p || p > 0xffff)
		return -ENOENT;
	*port = (u16)p;
	return 0;
}
