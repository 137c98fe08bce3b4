/* SPDX-License-Identifier: MIT */
/*
 * The guest page-table walker: translates a guest linear address to a
 * guest-physical one the way the CPU would, in whichever paging mode the
 * guest's control registers select, and checks the access against the
 * translation's rights. hv uses it to fetch the instruction at guest RIP and
 * to reach memory operands when it emulates an MMIO access. It is pure: the
 * guest's control registers come in a context and the tables are read through
 * a callback. It only reads; it never sets accessed or dirty flags.
 *
 * Intel SDM Vol. 3A, Chapter 5 "Paging": 5.3 "32-Bit Paging", 5.4 "PAE
 * Paging", 5.5 "4-Level Paging and 5-Level Paging", 5.6 "Access Rights",
 * 5.7 "Page-Fault Exceptions". 1 GiB pages are taken as supported (CPUID
 * 80000001H EDX[26], which every CPU with VT-x and EPT has).
 */
#ifndef HV_MM_GUEST_WALK_H
#define HV_MM_GUEST_WALK_H

#include "lib/types.h"

/*
 * What the access is. Flags, combined with |; a read is 0. WALK_WRITE and
 * WALK_FETCH are mutually exclusive.
 *
 * WALK_USER means the access happens at CPL 3. WALK_IMPLICIT_SUPERVISOR
 * marks an implicit access to a system structure (GDT, LDT, IDT, TSS): it is
 * a supervisor-mode access whatever the CPL, and CR4.SMAP blocks it from
 * user-mode pages even when RFLAGS.AC = 1 (SDM Vol. 3A, 5.6 "Access Rights").
 */
enum walk_access {
	WALK_READ = 0,
	WALK_WRITE = 1u << 0,
	WALK_FETCH = 1u << 1,
	WALK_USER = 1u << 2,
	WALK_IMPLICIT_SUPERVISOR = 1u << 3,
};

/* Page-fault error code bits (SDM Vol. 3A, 5.7 "Page-Fault Exceptions"). */
#define PF_ERR_PRESENT BIT_ULL(0) /* 0: not present; 1: protection or reserved bit */
#define PF_ERR_WRITE BIT_ULL(1)   /* the access was a write */
#define PF_ERR_USER BIT_ULL(2)    /* the access was a user-mode access */
#define PF_ERR_RSVD BIT_ULL(3)    /* a reserved bit was set in an entry */
#define PF_ERR_FETCH BIT_ULL(4)   /* instruction fetch (with SMEP, or PAE and NXE) */
#define PF_ERR_PK BIT_ULL(5)      /* protection-key violation */

/*
 * The guest state a walk depends on. read_gpa (required) reads one
 * paging-structure entry (size 4 or 8, naturally aligned, little-endian,
 * into *value) and read_bytes reads data for guest_read_linear() (never
 * across the end of a guest page); both return 0 or a negative error code
 * and get opaque. pdpte[] holds the four PAE PDPTEs when pdptes_valid:
 * under EPT the CPU takes them from the VMCS (GUEST_PDPTE0..3), not from
 * memory (SDM Vol. 3C, 27.3.2.4 "Loading Page-Directory-Pointer-Table
 * Entries"); otherwise they are read at CR3. maxphyaddr is the guest's
 * MAXPHYADDR (CPUID 80000008H EAX[7:0]), 32..52. pkru and pkrs are the
 * protection-key rights registers (PKRU and IA32_PKRS); they matter only
 * with CR4.PKE or CR4.PKS in IA-32e mode.
 */
struct guest_walk_ctx {
	u64 cr0, cr3, cr4, efer;
	bool rflags_ac;
	bool pdptes_valid;
	u64 pdpte[4];
	u32 pkru;
	u32 pkrs;
	int (*read_gpa)(void *opaque, gpa_t gpa, u64 *value, unsigned int size);
	int (*read_bytes)(void *opaque, gpa_t gpa, void *buf, size_t n);
	void *opaque;
	unsigned int maxphyaddr;
};

/*
 * A translation. user, writable and executable are the rights of the whole
 * walk: U/S = 1 in every entry (a user-mode address, what MBEC keys on),
 * R/W = 1 in every entry, XD = 0 in every entry (always true for 32-bit
 * paging or with EFER.NXE = 0). levels counts the paging-structure entries
 * used, a PAE PDPTE included (0 without paging); leaf is the entry that
 * mapped the page (0 without paging). pf_error is set when the walk fails
 * with -EFAULT.
 */
struct guest_walk_result {
	gpa_t gpa;
	u64 page_size; /* 4 KiB, 2 MiB, 4 MiB or 1 GiB; 4 KiB without paging */
	u64 leaf;
	unsigned int levels;
	bool user;
	bool writable;
	bool executable;
	u64 pf_error;
};

/*
 * Translate va for an access of kind `access` (enum walk_access). Outside
 * IA-32e mode va is truncated to 32 bits. Returns:
 *   0        r holds the translation;
 *   -EFAULT  the CPU would raise #PF with error code r->pf_error (not
 *            present, reserved bit, or protection violation; after a
 *            protection violation the translation fields are filled too);
 *   -EIO     read_gpa failed;
 *   -EINVAL  va is not canonical in IA-32e mode (the CPU raises #GP or
 *            #SS, not #PF), or the context or access flags are invalid.
 * Changes nothing in guest memory.
 */
int guest_walk(const struct guest_walk_ctx *c, gva_t va, unsigned int access,
	       struct guest_walk_result *r);

/*
 * Read n bytes at linear address va into buf, translating each page the
 * read touches (so it may cross page boundaries) and checking `access` on
 * each. Returns 0; -EFAULT with *pf_error set for the first page that
 * faults (nothing is guaranteed about buf then); -EIO if read_gpa or
 * read_bytes failed; -EINVAL as guest_walk().
 */
int guest_read_linear(const struct guest_walk_ctx *c, gva_t va, void *buf, size_t n,
		      unsigned int access, u64 *pf_error);

/*
 * guest_read_linear() that also reports, on -EFAULT, the linear address the
 * CPU would load into CR2: va when the first page faults, else the first
 * byte of the page that faulted. fault_va may be NULL.
 */
int guest_read_linear_fault(const struct guest_walk_ctx *c, gva_t va, void *buf, size_t n,
			    unsigned int access, u64 *pf_error, gva_t *fault_va);

#endif
