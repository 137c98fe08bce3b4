/* SPDX-License-Identifier: MIT */
/*
 * Checks that hv's own memory is out of the guest's reach: the range hv
 * reports (HC_HV_RANGE) neither reads nor writes like RAM, and the e820 map
 * hv hands over in the zero page marks it reserved and never usable. A
 * hidden page may fault (#GP or #PF, caught here) or read as absent (all
 * ones at every width, like an unbacked bus address, with writes dropped:
 * what hv's MMIO emulation does now); both are fine, data is not, and the
 * PASS line says which one hv chose.
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/bootparams.h"
#include "guest/testguest/paging.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/vmcall.h"

#define ABSENT_READ ~0ULL
#define WRITE_PATTERN 0x5AA5C33C0FF0E11EULL

enum access_result { ACCESS_FAULTS, ACCESS_ABSENT, ACCESS_VISIBLE };

/* HC_HV_RANGE(0): hv's first memory range. */
static bool hv_range(struct check_ctx *c, uint64_t *base, uint64_t *size)
{
	struct vmcall_regs r = { .rax = HC_HV_RANGE, .rbx = 0 };
	int vector = vmcall_safe(&r);

	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "HC_HV_RANGE: VMCALL raised vector %d", vector);
	if (r.rax != 0)
		return check_fail(c, "HC_HV_RANGE(0) returned 0x%lx", r.rax);
	if (r.rcx == 0 || r.rbx + r.rcx < r.rbx)
		return check_fail(c, "HC_HV_RANGE(0) gave base 0x%lx size 0x%lx", r.rbx, r.rcx);
	*base = r.rbx;
	*size = r.rcx;
	return true;
}

static bool is_paging_fault(int vector)
{
	return vector == X86_VECTOR_GP || vector == X86_VECTOR_PF;
}

/* Read addr; fail the check on data or on an unexpected vector. */
static bool probe_read(struct check_ctx *c, uint64_t addr, enum access_result *res)
{
	uint64_t v;
	int vector = read64_safe(addr, &v);

	if (is_paging_fault(vector))
		*res = ACCESS_FAULTS;
	else if (vector != PROBE_NO_FAULT)
		return check_fail(c, "read of 0x%lx raised vector %d", addr, vector);
	else if (v == ABSENT_READ)
		*res = ACCESS_ABSENT;
	else
		return check_fail(c, "read of 0x%lx returned data 0x%lx", addr, v);
	return true;
}

/* A byte read with MOVZX: if it does not fault, RAX must be exactly 0xff. */
static bool probe_read_byte(struct check_ctx *c, uint64_t addr, enum access_result *res)
{
	uint64_t v;
	int vector = read8_movzx_safe(addr, &v);

	if (is_paging_fault(vector))
		*res = ACCESS_FAULTS;
	else if (vector != PROBE_NO_FAULT)
		return check_fail(c, "movzx eax, byte [0x%lx] raised vector %d", addr, vector);
	else if (v != 0xFF)
		return check_fail(c, "movzx eax, byte [0x%lx] gave RAX 0x%lx, want 0xff", addr, v);
	else
		*res = ACCESS_ABSENT;
	return true;
}

static const char *reads_name(enum access_result a, enum access_result b, enum access_result c)
{
	if (a != b || b != c)
		return "reads fault or read as all ones";
	return a == ACCESS_FAULTS ? "reads fault" : "reads emulated as all ones (qword, movzx byte 0xff)";
}

/* Write a pattern to addr (only after reads showed it hidden) and read back. */
static bool probe_write(struct check_ctx *c, uint64_t addr, enum access_result *res)
{
	uint64_t v;
	int vector = write64_safe(addr, WRITE_PATTERN);

	if (is_paging_fault(vector)) {
		*res = ACCESS_FAULTS;
		return true;
	}
	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "write to 0x%lx raised vector %d", addr, vector);
	vector = read64_safe(addr, &v);
	if (vector == PROBE_NO_FAULT && v == WRITE_PATTERN)
		return check_fail(c, "write to 0x%lx stuck", addr);
	*res = ACCESS_ABSENT;
	return true;
}

bool check_hv_memory_hidden(struct check_ctx *c)
{
	uint64_t base, size, mid;
	enum access_result r0 = ACCESS_VISIBLE, r1 = ACCESS_VISIBLE, rb = ACCESS_VISIBLE, w;

	if (!hv_range(c, &base, &size))
		return false;
	mid = (base + size / 2) & ~7ULL;
	if (!paging_map_identity(base) || !paging_map_identity(mid))
		return check_fail(c, "cannot map hv range 0x%lx+0x%lx", base, size);
	if (!probe_read(c, base, &r0) || !probe_read(c, mid, &r1) ||
	    !probe_read_byte(c, mid + 3, &rb))
		return false;
	if (!probe_write(c, base, &w))
		return false;
	return check_ok(c, "%s, %s (0x%lx+0x%lx)", reads_name(r0, r1, rb),
			w == ACCESS_FAULTS ? "writes fault" : "writes dropped", base, size);
}

static bool overlaps(const struct boot_e820_entry *e, uint64_t lo, uint64_t hi)
{
	return e->addr < hi && lo < e->addr + e->size;
}

/* The reserved entry containing addr, or NULL. */
static const struct boot_e820_entry *reserved_at(const struct boot_e820_entry *map,
						 unsigned n, uint64_t addr)
{
	for (unsigned i = 0; i < n; i++)
		if (map[i].type != E820_TYPE_RAM && map[i].addr <= addr &&
		    addr - map[i].addr < map[i].size)
			return &map[i];
	return NULL;
}

bool check_hv_memory_e820(struct check_ctx *c)
{
	uint64_t base, size, cursor;
	unsigned n;
	const struct boot_e820_entry *map = bootparams_e820(&n);

	if (!hv_range(c, &base, &size))
		return false;
	if (n == 0)
		return check_fail(c, "zero page has no e820 entries");
	for (unsigned i = 0; i < n; i++)
		if (map[i].type == E820_TYPE_RAM && overlaps(&map[i], base, base + size))
			return check_fail(c, "usable entry 0x%lx+0x%lx overlaps hv 0x%lx+0x%lx",
					  map[i].addr, map[i].size, base, size);
	/* Walk the range through reserved entries; adjacent ones may split it. */
	for (cursor = base; cursor < base + size;) {
		const struct boot_e820_entry *e = reserved_at(map, n, cursor);

		if (!e)
			return check_fail(c, "hv byte 0x%lx is in no reserved entry", cursor);
		cursor = e->addr + e->size;
	}
	return true;
}
