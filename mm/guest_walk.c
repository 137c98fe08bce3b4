// SPDX-License-Identifier: MIT
/*
 * The guest page-table walker (see mm/guest_walk.h). One loop serves every
 * paging mode: a small mode record says how many levels there are, how wide
 * entries and indexes are and which rules apply, and helpers give each
 * level's reserved bits and leaf test. Rights are gathered on the way down
 * and checked once the walk is complete, as the CPU does: a not-present or
 * reserved-bit fault anywhere wins over any protection violation.
 *
 *   4-level:  63..48 sign | 47..39 PML4 | 38..30 PDPT | 29..21 PD | 20..12 PT | 11..0
 *   5-level:  63..57 sign | 56..48 PML5 | then as 4-level
 *   PAE:      31..30 PDPTE | 29..21 PD | 20..12 PT | 11..0
 *   32-bit:   31..22 PD | 21..12 PT | 11..0
 */
#include "mm/guest_walk.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "lib/errno.h"
#include "lib/string.h"

/*
 * Paging-structure entry bits common to every mode (SDM Vol. 3A, 5.3 "32-Bit
 * Paging", 5.4 "PAE Paging", 5.5 "4-Level Paging and 5-Level Paging").
 */
#define PTE_PRESENT BIT_ULL(0)
#define PTE_WRITABLE BIT_ULL(1)
#define PTE_USER BIT_ULL(2)
#define PTE_PAGE_SIZE BIT_ULL(7)          /* PS: this PDE/PDPTE maps a page */
#define PTE_PROT_KEY GENMASK_ULL(62, 59) /* 4-/5-level leaves, with CR4.PKE/PKS */
#define PTE_XD BIT_ULL(63)               /* PAE and 4-/5-level, with EFER.NXE */

/* 32-bit paging: a 4 MiB PDE keeps physical address bits 39:32 in bits 20:13 (PSE-36). */
#define PDE32_ADDR_LOW GENMASK_ULL(31, 22)
#define PDE32_ADDR_HIGH GENMASK_ULL(20, 13)
#define PTE32_ADDR GENMASK_ULL(31, 12)

/* PAE PDPTEs: bits 2:1 and 8:5 are reserved (SDM Vol. 3A, 5.4.1 "PDPTE Registers"). */
#define PDPTE_PAE_RSVD (GENMASK_ULL(2, 1) | GENMASK_ULL(8, 5))

#define WALK_ACCESS_ALL (WALK_WRITE | WALK_FETCH | WALK_USER | WALK_IMPLICIT_SUPERVISOR)

static_assert((PTE_PROT_KEY & PTE_XD) == 0, "protection key and XD do not overlap");
static_assert((PDPTE_PAE_RSVD & (PTE_PRESENT | PTE_WRITABLE | PTE_USER)) == GENMASK_ULL(2, 1),
	      "PAE PDPTEs have no R/W or U/S");

enum walk_kind { MODE_NONE, MODE_32BIT, MODE_PAE, MODE_4LEVEL, MODE_5LEVEL };

struct walk_mode {
	enum walk_kind kind;
	unsigned int top;        /* level of the root table: 2, 3, 4 or 5 */
	unsigned int entry_size; /* 4 (32-bit paging) or 8 */
	bool nxe;                /* XD is honoured (PAE or IA-32e with EFER.NXE) */
	unsigned int m;          /* MAXPHYADDR */
};

/* IA-32e mode: CR0.PG, CR4.PAE and EFER.LMA (SDM Vol. 3A, 5.1.1 "Four Paging Modes"). */
static bool is_ia32e(const struct guest_walk_ctx *c)
{
	return (c->cr0 & CR0_PG) && (c->cr4 & CR4_PAE) && (c->efer & EFER_LMA);
}

/* The paging mode, from CR0.PG, CR4.PAE, EFER.LMA and CR4.LA57 in that order. */
static struct walk_mode select_mode(const struct guest_walk_ctx *c)
{
	struct walk_mode m = { .entry_size = 8, .m = c->maxphyaddr };

	if (!(c->cr0 & CR0_PG)) {
		m.kind = MODE_NONE;
	} else if (!(c->cr4 & CR4_PAE)) {
		m.kind = MODE_32BIT;
		m.top = 2;
		m.entry_size = 4;
	} else if (!(c->efer & EFER_LMA)) {
		m.kind = MODE_PAE;
		m.top = 3;
	} else {
		m.kind = (c->cr4 & CR4_LA57) ? MODE_5LEVEL : MODE_4LEVEL;
		m.top = m.kind == MODE_5LEVEL ? 5 : 4;
	}
	m.nxe = m.kind != MODE_32BIT && (c->efer & EFER_NXE);
	return m;
}

/* Lowest linear-address bit that a level's index uses: 12, 21/22, 30, 39, 48. */
static unsigned int level_shift(const struct walk_mode *m, unsigned int level)
{
	return 12 + (m->kind == MODE_32BIT ? 10 : 9) * (level - 1);
}

static unsigned int level_index(const struct walk_mode *m, unsigned int level, gva_t va)
{
	u64 mask = m->kind == MODE_32BIT ? 0x3ff : (m->kind == MODE_PAE && level == 3) ? 3 : 0x1ff;

	return (unsigned int)((va >> level_shift(m, level)) & mask);
}

/* Physical-address bits (M-1):12 of a 64-bit entry or of CR3 in IA-32e mode. */
static u64 addr_mask(const struct walk_mode *m)
{
	return GENMASK_ULL(m->m - 1, 12);
}

/* The root table's guest-physical address from CR3 (bits 31:12, 31:5 for PAE, M-1:12). */
static gpa_t root_table(const struct guest_walk_ctx *c, const struct walk_mode *m)
{
	if (m->kind == MODE_32BIT)
		return c->cr3 & PTE32_ADDR;
	if (m->kind == MODE_PAE)
		return c->cr3 & GENMASK_ULL(31, 5);
	return c->cr3 & addr_mask(m);
}

/* True if the entry at `level` maps a page rather than pointing at a table. */
static bool is_leaf(const struct guest_walk_ctx *c, const struct walk_mode *m,
		    unsigned int level, u64 entry)
{
	if (level == 1)
		return true;
	if (m->kind == MODE_32BIT)
		return (c->cr4 & CR4_PSE) && (entry & PTE_PAGE_SIZE);
	/* PS in a PAE PDPTE, PML4E or PML5E is reserved and caught before this. */
	return level <= 3 && (entry & PTE_PAGE_SIZE);
}

/*
 * Reserved bits of a present entry (SDM Vol. 3A, 5.7 "Page-Fault
 * Exceptions", the RSVD flag): address bits at or above MAXPHYADDR, XD
 * without EFER.NXE, PS in a PML4E or PML5E, and the address bits below a
 * large page's alignment. 32-bit paging reserves only bits 21:(M-19) of a
 * 4 MiB PDE, M = min(MAXPHYADDR, 40), since PSE-36 holds 8 bits at most.
 * A PAE PDPTE with a reserved bit set never reaches a real walk (MOV to CR3
 * raises #GP, VM entry fails); the walker reports it as a reserved-bit #PF
 * so that a bad value in pdpte[] still gets an answer.
 */
static u64 reserved_bits(const struct guest_walk_ctx *c, const struct walk_mode *m,
			 unsigned int level, u64 entry)
{
	u64 rsvd;

	if (m->kind == MODE_32BIT) {
		if (!is_leaf(c, m, level, entry) || level == 1)
			return 0;
		return GENMASK_ULL(21, MIN(m->m, 40u) - 19);
	}
	if (m->kind == MODE_PAE && level == 3)
		return GENMASK_ULL(63, m->m) | PDPTE_PAE_RSVD;
	if (m->kind == MODE_PAE)
		rsvd = GENMASK_ULL(62, m->m);
	else
		rsvd = m->m < 52 ? GENMASK_ULL(51, m->m) : 0;
	if (!m->nxe)
		rsvd |= PTE_XD;
	if (level >= 4)
		rsvd |= PTE_PAGE_SIZE;
	else if (level > 1 && (entry & PTE_PAGE_SIZE))
		rsvd |= GENMASK_ULL(level_shift(m, level) - 1, 13);
	return rsvd;
}

/* Base of the page a leaf maps; its reserved bits are known to be clear. */
static gpa_t leaf_base(const struct walk_mode *m, unsigned int level, u64 entry, u64 size)
{
	if (m->kind != MODE_32BIT)
		return entry & addr_mask(m) & ~(size - 1);
	if (level == 1)
		return entry & PTE32_ADDR;
	return (entry & PDE32_ADDR_LOW) | (FIELD_GET(PDE32_ADDR_HIGH, entry) << 32);
}

/* Read the entry for va at `level` of `table`; PAE PDPTEs may come from the context. */
static int read_entry(const struct guest_walk_ctx *c, const struct walk_mode *m,
		      unsigned int level, gpa_t table, gva_t va, u64 *entry)
{
	unsigned int idx = level_index(m, level, va);
	u64 v = 0;

	if (m->kind == MODE_PAE && level == 3 && c->pdptes_valid) {
		*entry = c->pdpte[idx];
		return 0;
	}
	if (c->read_gpa(c->opaque, table + (u64)idx * m->entry_size, &v, m->entry_size))
		return -EIO;
	*entry = m->entry_size == 4 ? (u32)v : v;
	return 0;
}

/* Gather one entry's rights; a PAE PDPTE has none (SDM Vol. 3A, 5.4.1 "PDPTE Registers"). */
static void gather_rights(const struct walk_mode *m, unsigned int level, u64 entry,
			  struct guest_walk_result *r)
{
	if (m->kind == MODE_PAE && level == 3)
		return;
	r->user = r->user && (entry & PTE_USER);
	r->writable = r->writable && (entry & PTE_WRITABLE);
	if (m->nxe)
		r->executable = r->executable && !(entry & PTE_XD);
}

/*
 * Walk from CR3 to the leaf. Returns 0 with gpa, page_size, leaf, levels and
 * the gathered rights in r; -EFAULT with the P or RSVD part of pf_error
 * added; -EIO when an entry cannot be read. At most m->top iterations.
 */
static int walk_tables(const struct guest_walk_ctx *c, const struct walk_mode *m,
		       gva_t va, struct guest_walk_result *r)
{
	gpa_t table = root_table(c, m);
	unsigned int level;
	u64 entry;

	for (level = m->top; level >= 1; level--) {
		if (read_entry(c, m, level, table, va, &entry))
			return -EIO;
		r->levels++;
		if (!(entry & PTE_PRESENT))
			return -EFAULT;
		if (entry & reserved_bits(c, m, level, entry)) {
			r->pf_error |= PF_ERR_PRESENT | PF_ERR_RSVD;
			return -EFAULT;
		}
		gather_rights(m, level, entry, r);
		if (is_leaf(c, m, level, entry)) {
			r->page_size = BIT_ULL(level_shift(m, level));
			r->gpa = leaf_base(m, level, entry, r->page_size) | (va & (r->page_size - 1));
			r->leaf = entry;
			return 0;
		}
		table = m->kind == MODE_32BIT ? entry & PTE32_ADDR : entry & addr_mask(m);
	}
	return -EFAULT; /* not reached: level 1 is always a leaf */
}

static bool is_user_access(unsigned int access)
{
	return (access & WALK_USER) && !(access & WALK_IMPLICIT_SUPERVISOR);
}

/*
 * Protection keys (SDM Vol. 3A, 5.6.2 "Protection Keys"): in IA-32e mode a
 * data access is checked against PKRU for a user-mode address (CR4.PKE) or
 * IA32_PKRS for a supervisor-mode one (CR4.PKS), with the key in the leaf.
 * AD forbids any data access; WD forbids writes by user-mode accesses, and
 * by supervisor-mode accesses only when CR0.WP = 1.
 */
static bool pk_denies(const struct guest_walk_ctx *c, const struct walk_mode *m,
		      unsigned int access, const struct guest_walk_result *r)
{
	unsigned int key = (unsigned int)FIELD_GET(PTE_PROT_KEY, r->leaf);
	u32 rights;

	if (m->kind < MODE_4LEVEL || (access & WALK_FETCH))
		return false;
	if (r->user && (c->cr4 & CR4_PKE))
		rights = c->pkru;
	else if (!r->user && (c->cr4 & CR4_PKS))
		rights = c->pkrs;
	else
		return false;
	if (rights & (1u << (2 * key)))
		return true;
	return (rights & (1u << (2 * key + 1))) && (access & WALK_WRITE) &&
	       (is_user_access(access) || (c->cr0 & CR0_WP));
}

/* Access rights apart from protection keys (SDM Vol. 3A, 5.6 "Access Rights"). */
static bool rights_deny(const struct guest_walk_ctx *c, unsigned int access,
			const struct guest_walk_result *r)
{
	bool write = access & WALK_WRITE, fetch = access & WALK_FETCH;

	if (is_user_access(access))
		return !r->user || (write && !r->writable) || (fetch && !r->executable);
	if (fetch)
		return (r->user && (c->cr4 & CR4_SMEP)) || !r->executable;
	/*
	 * SMAP: supervisor data accesses to user-mode addresses fault unless
	 * RFLAGS.AC = 1 and the access is explicit.
	 */
	if (r->user && (c->cr4 & CR4_SMAP) &&
	    (!c->rflags_ac || (access & WALK_IMPLICIT_SUPERVISOR)))
		return true;
	return write && !r->writable && (c->cr0 & CR0_WP);
}

/*
 * The access-describing bits of the error code: W/R, U/S, and I/D, which is
 * set for a fetch only with CR4.SMEP or with PAE-format entries and NXE.
 */
static u64 access_error(const struct guest_walk_ctx *c, const struct walk_mode *m,
			unsigned int access)
{
	u64 err = 0;

	if (access & WALK_WRITE)
		err |= PF_ERR_WRITE;
	if (is_user_access(access))
		err |= PF_ERR_USER;
	if ((access & WALK_FETCH) && ((c->cr4 & CR4_SMEP) || m->nxe))
		err |= PF_ERR_FETCH;
	return err;
}

static bool is_canonical(const struct walk_mode *m, gva_t va)
{
	unsigned int bits = m->kind == MODE_5LEVEL ? 57 : 48;
	u64 top = va >> (bits - 1);

	return top == 0 || top == (~0ULL >> (bits - 1));
}

static bool ctx_is_valid(const struct guest_walk_ctx *c, unsigned int access)
{
	if (access & ~(unsigned int)WALK_ACCESS_ALL)
		return false;
	if ((access & WALK_WRITE) && (access & WALK_FETCH))
		return false;
	return c->maxphyaddr >= 32 && c->maxphyaddr <= 52 && c->read_gpa;
}

int guest_walk(const struct guest_walk_ctx *c, gva_t va, unsigned int access,
	       struct guest_walk_result *r)
{
	struct walk_mode m = select_mode(c);
	bool pk;
	int ret;

	memset(r, 0, sizeof(*r));
	if (!ctx_is_valid(c, access))
		return -EINVAL;
	if (m.kind < MODE_4LEVEL)
		va = (u32)va;
	else if (!is_canonical(&m, va))
		return -EINVAL;
	r->user = r->writable = r->executable = true;
	if (m.kind == MODE_NONE) {
		r->gpa = va;
		r->page_size = PAGE_SIZE;
		return 0;
	}
	r->pf_error = access_error(c, &m, access);
	ret = walk_tables(c, &m, va, r);
	if (ret)
		return ret;
	pk = pk_denies(c, &m, access, r);
	if (!pk && !rights_deny(c, access, r)) {
		r->pf_error = 0;
		return 0;
	}
	r->pf_error |= PF_ERR_PRESENT | (pk ? PF_ERR_PK : 0);
	return -EFAULT;
}

int guest_read_linear_fault(const struct guest_walk_ctx *c, gva_t va, void *buf, size_t n,
			    unsigned int access, u64 *pf_error, gva_t *fault_va)
{
	struct guest_walk_result r;
	size_t done = 0, chunk;
	gva_t cur;
	int ret;

	if (n && !c->read_bytes)
		return -EINVAL;
	while (done < n) {
		cur = va + done;
		ret = guest_walk(c, cur, access, &r);
		if (ret == -EFAULT) {
			*pf_error = r.pf_error;
			if (fault_va)
				*fault_va = is_ia32e(c) ? cur : (u32)cur;
		}
		if (ret)
			return ret;
		chunk = MIN(n - done, r.page_size - (cur & (r.page_size - 1)));
		if (c->read_bytes(c->opaque, r.gpa, (u8 *)buf + done, chunk))
			return -EIO;
		done += chunk;
	}
	return 0;
}

int guest_read_linear(const struct guest_walk_ctx *c, gva_t va, void *buf, size_t n,
		      unsigned int access, u64 *pf_error)
{
	return guest_read_linear_fault(c, va, buf, n, access, pf_error, NULL);
}
