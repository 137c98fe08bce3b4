// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for arch/x86/insn_decode.c and insn_emulate.c. The first
 * input byte picks the CPU mode (mod 3), the rest are the instruction bytes
 * (the whole rest is "avail"). Beyond "no crash, no UB": an error is -EINVAL
 * or -ENODATA with a message, and -ENODATA only while fewer than 15 bytes
 * were offered; a success has every field in its documented range, decodes
 * the same from an exactly-sized copy of its own bytes and is -ENODATA at
 * every shorter length. The emulation helpers then run on registers derived
 * from the input: a store value fits its size, and a load changes only the
 * bits its destination owns, to the value computed here independently.
 */
#include <stdlib.h>
#include <string.h>
#include "arch/x86/insn.h"
#include "lib/errno.h"

static void check(bool cond)
{
	if (!cond)
		abort();
}

static bool is_size(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static u64 mask_of(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

/* splitmix64: register and segment values from the input, reproducibly. */
static u64 next_random(u64 *s)
{
	u64 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void check_operand(const struct insn *i)
{
	check(i->base >= -1 && i->base < GPR_COUNT);
	check(i->index >= -1 && i->index < GPR_COUNT && i->index != GPR_RSP);
	check(i->scale == 1 || i->scale == 2 || i->scale == 4 || i->scale == 8);
	check(i->seg < SEG_COUNT);
	if (i->mode == CPU_MODE_64) {
		check(i->addr_size == 8 || i->addr_size == 4);
		check(i->seg == SEG_DS || i->seg == SEG_SS || i->seg == SEG_FS || i->seg == SEG_GS);
	} else {
		check(i->addr_size == 4 || i->addr_size == 2);
		check(!i->rip_relative);
	}
	if (i->rip_relative)
		check(i->base == -1 && i->index == -1);
	if (i->addr_size == 2) {
		check(i->base == -1 || i->base == GPR_RBX || i->base == GPR_RBP ||
		      i->base == GPR_RSI || i->base == GPR_RDI);
		check(i->index == -1 || i->index == GPR_RSI || i->index == GPR_RDI);
		check(i->disp >= -0x8000 && i->disp <= 0x7fff);
	}
	if (i->addr_size == 4 && i->opcode >= 0xa0 && i->opcode <= 0xa3)
		check(i->disp >= -0x80000000LL && i->disp <= 0x7fffffffLL);
}

static void check_fields(const struct insn *i, enum cpu_mode mode, size_t avail)
{
	check(i->len >= 1 && i->len <= INSN_MAX_LEN && i->len <= avail);
	check(i->mode == mode);
	check(i->kind == INSN_LOAD || i->kind == INSN_STORE || i->kind == INSN_STORE_IMM);
	check(is_size(i->access_size) && is_size(i->dest_size));
	check(i->reg < GPR_COUNT);
	check(!(i->sign_extend && i->zero_extend));
	if (i->sign_extend || i->zero_extend)
		check(i->kind == INSN_LOAD && i->access_size <= 2 && (i->opcode >> 8) == 0x0f);
	if (i->kind == INSN_LOAD && (i->sign_extend || i->zero_extend))
		check(i->dest_size >= i->access_size);
	else
		check(i->dest_size == i->access_size && !i->sign_extend && !i->zero_extend);
	if (i->reg_high8)
		check(i->reg < 4 && i->access_size == 1 && i->kind != INSN_STORE_IMM);
	if (i->kind == INSN_STORE_IMM) {
		s64 imm = (s64)i->imm;
		s64 lim = i->access_size == 1 ? 0x80 : i->access_size == 2 ? 0x8000 : 0x80000000LL;

		check(i->reg == 0 && imm >= -lim && imm < lim);
	}
	if (i->mode != CPU_MODE_64)
		check(i->access_size <= 4 && i->dest_size <= 4);
	check_operand(i);
}

static bool same(const struct insn *a, const struct insn *b)
{
	return a->len == b->len && a->kind == b->kind && a->mode == b->mode &&
	       a->opcode == b->opcode && a->access_size == b->access_size &&
	       a->dest_size == b->dest_size && a->reg == b->reg && a->reg_high8 == b->reg_high8 &&
	       a->sign_extend == b->sign_extend && a->zero_extend == b->zero_extend &&
	       a->imm == b->imm && a->base == b->base && a->index == b->index &&
	       a->scale == b->scale && a->disp == b->disp && a->rip_relative == b->rip_relative &&
	       a->seg == b->seg && a->addr_size == b->addr_size;
}

/* Its own bytes decode the same; every shorter prefix wants more bytes. */
static void check_redecode(const u8 *bytes, const struct insn *i)
{
	struct insn again;
	char err[96];
	size_t len;

	for (len = 0; len <= i->len; len++) {
		u8 *copy = malloc(len ? len : 1);
		int ret;

		memcpy(copy, bytes, len);
		ret = insn_decode(copy, len, i->mode, &again, err, sizeof(err));
		if (len < i->len)
			check(ret == -ENODATA);
		else
			check(ret == 0 && same(i, &again));
		free(copy);
	}
}

static u64 expected_load(const struct insn *i, u64 old, u64 value)
{
	u64 v = value & mask_of(i->access_size);

	if (i->sign_extend)
		v = i->access_size == 1 ? (u64)(s64)(s8)(u8)v : (u64)(s64)(s16)(u16)v;
	if (i->reg_high8)
		return (old & ~0xff00ULL) | (v & 0xff) << 8;
	if (i->dest_size >= 4)
		return v & mask_of(i->dest_size);
	return (old & ~mask_of(i->dest_size)) | (v & mask_of(i->dest_size));
}

static void check_emulation(const struct insn *i, u64 seed)
{
	u64 gpr[GPR_COUNT], before[GPR_COUNT], seg[SEG_COUNT], value, store;
	unsigned int k;

	for (k = 0; k < GPR_COUNT; k++)
		before[k] = gpr[k] = next_random(&seed);
	for (k = 0; k < SEG_COUNT; k++)
		seg[k] = next_random(&seed);
	(void)insn_linear_address(i, gpr, next_random(&seed), seg);
	(void)insn_linear_address(i, gpr, next_random(&seed), NULL);
	store = i->kind == INSN_STORE_IMM ? i->imm
		: i->kind == INSN_LOAD ? 0
		: i->reg_high8 ? gpr[i->reg] >> 8 : gpr[i->reg];
	check(insn_store_value(i, gpr) == (store & mask_of(i->access_size)));
	value = next_random(&seed);
	insn_complete_load(i, gpr, value);
	for (k = 0; k < GPR_COUNT; k++) {
		if (i->kind == INSN_LOAD && k == i->reg)
			check(gpr[k] == expected_load(i, before[k], value));
		else
			check(gpr[k] == before[k]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum cpu_mode mode;
	struct insn i;
	char err[96], hex[3 * INSN_MAX_LEN + 1];
	u64 seed = size;
	size_t k;
	int ret;

	if (size < 1)
		return 0;
	mode = (enum cpu_mode)(data[0] % 3);
	for (k = 0; k < size; k++)
		seed = seed * 31 + data[k];
	memset(err, 'x', sizeof(err));
	ret = insn_decode(data + 1, size - 1, mode, &i, err, sizeof(err));
	check(memchr(err, '\0', sizeof(err)) != NULL);
	if (ret) {
		check(ret == -EINVAL || ret == -ENODATA);
		check(err[0] != '\0');
		if (ret == -ENODATA)
			check(size - 1 < INSN_MAX_LEN);
		return 0;
	}
	check(err[0] == '\0');
	check_fields(&i, mode, size - 1);
	check_redecode(data + 1, &i);
	check_emulation(&i, seed);
	check(insn_format_bytes(data + 1, i.len, hex, sizeof(hex)) == 3 * i.len - 1);
	check(strlen(hex) == 3u * i.len - 1);
	return 0;
}
