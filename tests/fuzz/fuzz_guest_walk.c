// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for mm/guest_walk.c. The first 64 input bytes choose the
 * control registers (any bits, so every paging mode and every feature
 * combination), CR3, MAXPHYADDR, the PAE PDPTEs, PKRU/IA32_PKRS, RFLAGS.AC,
 * the linear address and the access, and an AND and an OR mask applied to
 * every entry read (so the fuzzer easily makes whole walks present and free
 * of reserved bits); the rest fills a 16 KiB guest memory that every
 * guest-physical address maps into (gpa modulo 16 KiB), so walks go deep
 * whatever the entries point at. read_gpa fails for one fuzzer-chosen
 * page to exercise -EIO. Checks beyond "no crash, no UB, no hang": the
 * return value is one of the documented ones; a success has no error code,
 * a known page size and the page offset of va; a fault's error code uses
 * only bits 5:0, has RSVD or PK only with P, and W/R and U/S as the access
 * says; and guest_read_linear() agrees with guest_walk() on the first page.
 */
#include <stdlib.h>
#include <string.h>
#include "mm/guest_walk.h"
#include "lib/errno.h"

#define MEM_SIZE 0x4000

static u8 mem[MEM_SIZE];
static u64 bad_page, entry_and, entry_or;

static void check(bool cond)
{
	if (!cond)
		abort();
}

static int read_gpa(void *opaque, gpa_t gpa, u64 *value, unsigned int size)
{
	check(size == 4 || size == 8);
	if ((gpa >> 12) == bad_page)
		return -EIO;
	*value = 0;
	memcpy(value, mem + (gpa % MEM_SIZE), size); /* aligned: never crosses the end */
	*value = (*value & entry_and) | entry_or;
	if (size == 4)
		*value = (u32)*value;
	return 0;
}

static int read_bytes(void *opaque, gpa_t gpa, void *buf, size_t n)
{
	size_t i;

	if ((gpa >> 12) == bad_page)
		return -EIO;
	for (i = 0; i < n; i++)
		((u8 *)buf)[i] = mem[(gpa + i) % MEM_SIZE];
	return 0;
}

static u64 take(const u8 **p)
{
	u64 v;

	memcpy(&v, *p, 8);
	*p += 8;
	return v;
}

static void check_result(int ret, unsigned int access, const struct guest_walk_result *r,
			 gva_t va)
{
	u64 e = r->pf_error;

	check(ret == 0 || ret == -EFAULT || ret == -EIO || ret == -EINVAL);
	check(r->levels <= 5);
	if (ret == 0) {
		check(e == 0);
		check(r->page_size == 0x1000 || r->page_size == 0x200000 ||
		      r->page_size == 0x400000 || r->page_size == 0x40000000);
		check((r->gpa & 0xfff) == (va & 0xfff));
	}
	if (ret != -EFAULT)
		return;
	check((e & ~0x3fULL) == 0);
	check(!(e & (PF_ERR_RSVD | PF_ERR_PK)) || (e & PF_ERR_PRESENT));
	check(!!(e & PF_ERR_WRITE) == !!(access & WALK_WRITE));
	check(!(e & PF_ERR_USER) || (access & WALK_USER));
	check(!(e & PF_ERR_FETCH) || (access & WALK_FETCH));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guest_walk_ctx c = { .read_gpa = read_gpa, .read_bytes = read_bytes };
	struct guest_walk_result r, r2;
	const u8 *p = data;
	unsigned int access, i, n;
	u64 misc, err = 0;
	u8 *buf;
	gva_t va;
	int ret;

	if (size < 80)
		return 0;
	c.cr0 = take(&p);
	c.cr4 = take(&p);
	c.efer = take(&p);
	c.cr3 = take(&p);
	va = take(&p);
	misc = take(&p);
	c.pdpte[0] = take(&p);
	c.pdpte[1] = take(&p);
	c.pdpte[2] = c.pdpte[0] ^ c.pdpte[1];
	c.pdpte[3] = ~c.pdpte[0];
	entry_and = take(&p);
	entry_or = take(&p);
	access = misc & 0x1f; /* one bit beyond the defined flags, for -EINVAL */
	c.maxphyaddr = 30 + ((misc >> 8) & 0x1f);
	c.pdptes_valid = misc & BIT_ULL(13);
	c.rflags_ac = misc & BIT_ULL(14);
	c.pkru = (u32)(misc >> 16);
	c.pkrs = (u32)(misc >> 32) ^ c.pkru;
	n = (misc >> 48) & 0x1f;
	bad_page = (misc >> 53) & 0x7ff;
	for (i = 0; i < MEM_SIZE; i++)
		mem[i] = size > 80 ? data[80 + i % (size - 80)] : 0;

	ret = guest_walk(&c, va, access, &r);
	check_result(ret, access, &r, va);
	/* Pure: the same inputs give the same answer. */
	check(guest_walk(&c, va, access, &r2) == ret && !memcmp(&r, &r2, sizeof(r)));

	buf = malloc(n ? n : 1); /* exact size, so ASan sees an overrun */
	ret = guest_read_linear(&c, va, buf, n, access, &err);
	check(ret == 0 || ret == -EFAULT || ret == -EIO || ret == -EINVAL);
	if (n && ret == -EINVAL) /* the first or the last page is not canonical */
		check(guest_walk(&c, va, access, &r) == -EINVAL ||
		      guest_walk(&c, va + n - 1, access, &r) == -EINVAL);
	free(buf);
	return 0;
}
