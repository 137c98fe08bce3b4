// SPDX-License-Identifier: MIT
/* ACPI MADT walking, to find the CPUs; see madt.h. */
#include "arch/x86/madt.h"
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
static int read_table(madt_read_fn read, void *opaque, u64 pa, u8 *buf, size_t cap, u32 *len)
{
	if (read(opaque, pa, buf, SDT_HEADER_LEN))
		return -EINVAL;
	*len = get32(buf + 4);
	if (*len < SDT_HEADER_LEN || *len > cap || read(opaque, pa, buf, *len))
		return -EINVAL;
	return checksum(buf, *len) ? -EINVAL : 0;
}

static void add_cpu(struct madt_cpus *out, u32 apic_id, u32 flags)
{
	if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
		return;
	for (u32 i = 0; i < out->count; i++)
		if (out->apic_id[i] == apic_id)
			return;
	if (out->count == MADT_CPUS_MAX) {
		out->truncated = true;
		return;
	}
	out->apic_id[out->count++] = apic_id;
}

static int parse_madt(const u8 *t, u32 len, struct madt_cpus *out)
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

/* Look through the XSDT (8-byte entries) or RSDT (4-byte entries) for "APIC". */
static int find_madt(madt_read_fn read, void *opaque, const u8 *root, u32 root_len,
		     unsigned int esize, u8 *buf, size_t cap, u32 *len)
{
	for (u32 off = SDT_HEADER_LEN; off + esize <= root_len; off += esize) {
		u64 pa = esize == 8 ? get64(root + off) : get32(root + off);
		u8 sig[4];

		if (read(opaque, pa, sig, 4) || memcmp(sig, "APIC", 4))
			continue;
		return read_table(read, opaque, pa, buf, cap, len);
	}
	return -ENOENT;
}

int madt_find_cpus(const void *rsdp, size_t rsdp_len, madt_read_fn read, void *opaque,
		   struct madt_cpus *out, char *err, size_t errlen)
{
	static u8 root[SDT_MAX_LEN / 16], madt[SDT_MAX_LEN / 16];
	const u8 *r = rsdp;
	bool xsdt;
	u32 root_len, madt_len;
	int ret;

	memset(out, 0, sizeof(*out));
	if (rsdp_len < RSDP_V1_LEN || memcmp(r, "RSD PTR ", 8) || checksum(r, RSDP_V1_LEN)) {
		fmt_snprintf(err, errlen, "ACPI: no valid RSDP");
		return -EINVAL;
	}
	xsdt = r[15] >= 2 && rsdp_len >= RSDP_V2_LEN && get64(r + 24) &&
	       !checksum(r, RSDP_V2_LEN);
	ret = read_table(read, opaque, xsdt ? get64(r + 24) : get32(r + 16), root, sizeof(root),
			 &root_len);
	if (ret) {
		fmt_snprintf(err, errlen, "ACPI: bad %s", xsdt ? "XSDT" : "RSDT");
		return ret;
	}
	ret = find_madt(read, opaque, root, root_len, xsdt ? 8 : 4, madt, sizeof(madt), &madt_len);
	if (!ret)
		ret = parse_madt(madt, madt_len, out);
	if (ret)
		fmt_snprintf(err, errlen, ret == -ENOENT ? "ACPI: no MADT (APIC) table" :
							 "ACPI: bad MADT (APIC) table");
	return ret;
}
