// SPDX-License-Identifier: MIT
/*
 * The emulation steps around one decoded MMIO access: where it goes (the
 * linear address, from registers, RIP and segment bases), what a store
 * writes, and how a loaded value lands in its destination register. No
 * guest memory is touched here; the caller translates the address and
 * performs the access in between. Also the hex dump used in reports.
 */
#include "arch/x86/insn.h"

static u64 size_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : BIT_ULL(8 * bytes) - 1;
}

/*
 * Effective address wraps at the address size; the segment base is then
 * added (SDM Vol. 3A, 3.4 "Logical and Linear Addresses"). In 64-bit mode
 * the bases of CS, DS, ES and SS are treated as 0 (Vol. 3A, 3.2.4
 * "Segmentation in IA-32e Mode").
 */
u64 insn_linear_address(const struct insn *i, const u64 gpr[GPR_COUNT], u64 rip_after,
			const u64 seg_base[SEG_COUNT])
{
	u64 ea = (u64)i->disp;

	if (i->rip_relative)
		ea += rip_after;
	if (i->base >= 0)
		ea += gpr[i->base];
	if (i->index >= 0)
		ea += gpr[i->index] * i->scale;
	ea &= size_mask(i->addr_size);
	if (!seg_base)
		return ea;
	if (i->mode == CPU_MODE_64)
		return (i->seg == SEG_FS || i->seg == SEG_GS) ? ea + seg_base[i->seg] : ea;
	return (ea + seg_base[i->seg]) & size_mask(4);
}

u64 insn_store_value(const struct insn *i, const u64 gpr[GPR_COUNT])
{
	if (i->kind == INSN_STORE_IMM)
		return i->imm & size_mask(i->access_size);
	if (i->kind != INSN_STORE)
		return 0;
	if (i->reg_high8)
		return (gpr[i->reg] >> 8) & 0xff;
	return gpr[i->reg] & size_mask(i->access_size);
}

/*
 * SDM Vol. 1, 3.4.1.1 "General-Purpose Registers in 64-Bit Mode": 32-bit
 * results are zero-extended to 64 bits, 8- and 16-bit results leave the rest
 * of the register alone. The same is done in 16/32-bit modes, where the
 * upper half is not visible to the guest.
 */
void insn_complete_load(const struct insn *i, u64 gpr[GPR_COUNT], u64 value)
{
	u64 v = value & size_mask(i->access_size);
	u64 *dst = &gpr[i->reg];

	if (i->kind != INSN_LOAD)
		return;
	if (i->sign_extend && (v & BIT_ULL(8 * i->access_size - 1)))
		v |= ~size_mask(i->access_size);
	v &= size_mask(i->dest_size);
	if (i->reg_high8)
		*dst = (*dst & ~GENMASK_ULL(15, 8)) | v << 8;
	else if (i->dest_size == 4 || i->dest_size == 8)
		*dst = v;
	else
		*dst = (*dst & ~size_mask(i->dest_size)) | v;
}

int insn_format_bytes(const u8 *bytes, size_t n, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t out = 0, k;
	char c[3];
	unsigned int j;

	for (k = 0; k < n; k++) {
		c[0] = ' ';
		c[1] = hex[bytes[k] >> 4];
		c[2] = hex[bytes[k] & 0xf];
		for (j = k ? 0 : 1; j < 3; j++, out++)
			if (out + 1 < size)
				buf[out] = c[j];
	}
	if (size)
		buf[MIN(out, size - 1)] = '\0';
	return (int)out;
}
