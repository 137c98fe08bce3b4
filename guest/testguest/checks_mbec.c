/* SPDX-License-Identifier: MIT */
/*
 * Checks of EPT execute and write rights, through hv's test interface
 * (HC_EPT_WATCH gives one guest page reduced EPT rights until its next EPT
 * violation, which HC_EPT_LAST reports). SKIP without the interface.
 *
 * With MBEC (mode-based execute control) an EPT entry has two execute bits:
 * XS for supervisor-mode linear addresses and XU for user-mode ones, where
 * "user-mode" is the linear address's U/S bit, not the CPL (Intel SDM Vol.
 * 3C, 29.3.3.2 "EPT Violations"; Vol. 3A, 5.11.2 "Access Rights"). So the
 * code page is mapped twice: its identity address (U/S = 0) and a user alias
 * (U/S = 1 at every level), and CPL 0 calls through both, with CR4.SMEP off
 * (SMEP would fault the user alias before EPT is consulted). Without MBEC hv
 * folds XS and XU into the single execute bit, so no fetch faults and each
 * check says which path ran: "(MBEC on)" or "(MBEC off: single execute bit)".
 *
 * A watch that saw no violation is still armed; every rights set used here
 * lacks W, so a write to the page ends it, and must be the one violation
 * seen (which also proves the reduced rights were in force during the call).
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/paging.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/string.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/vmcall.h"
#include "guest/testguest/x86.h"

#define PAGE_4K 4096
#define RETURN_VALUE 0x1234
#define RELEASE_OFFSET 0x800   /* a byte of the code page that is never executed */
#define DATA_PATTERN 0xC0DEC0DE5EEDF00DULL

/* mov eax, 0x1234; ret (Intel SDM Vol. 2: MOV B8+rd id, RET C3). */
static const uint8_t code_bytes[] = { 0xB8, 0x34, 0x12, 0x00, 0x00, 0xC3 };

/* Each on a page of its own, so a watch covers nothing else. */
static uint8_t code_page[PAGE_4K] __attribute__((aligned(PAGE_4K)));
static uint64_t data_page[PAGE_4K / 8] __attribute__((aligned(PAGE_4K)));

struct mbec_env {
	uint64_t supervisor; /* identity address of code_page */
	uint64_t user;       /* its U/S = 1 alias */
	bool mbec, adv_info;
};

static const char *path_name(const struct mbec_env *e)
{
	return e->mbec ? "(MBEC on)" : "(MBEC off: single execute bit)";
}

/* The test interface, the features, the code page and its aliases; false = verdict set. */
static bool env_get(struct check_ctx *c, struct mbec_env *e, bool *verdict)
{
	static uint64_t user_alias;
	struct testdev_info d;
	uint64_t features, cr4 = read_cr4();

	*verdict = false;
	if (testif_get(c, &d) != TESTIF_ON) {
		*verdict = testif_verdict(c);
		return false;
	}
	if (!testif_features(c, &features))
		return false;
	if ((cr4 & X86_CR4_SMEP) && write_cr4_safe(cr4 & ~X86_CR4_SMEP) != PROBE_NO_FAULT)
		return check_fail(c, "cannot clear CR4.SMEP (CR4 0x%lx)", cr4);
	if (!user_alias) {
		memcpy(code_page, code_bytes, sizeof(code_bytes));
		user_alias = paging_map_user_alias((uint64_t)code_page);
		if (!user_alias)
			return check_fail(c, "cannot map a user alias of 0x%lx", (uint64_t)code_page);
	}
	e->supervisor = (uint64_t)code_page;
	e->user = user_alias;
	e->mbec = features & HC_FEATURE_MBEC;
	e->adv_info = features & HC_FEATURE_EPT_ADV_INFO;
	return true;
}

struct watched_call {
	uint32_t ret;           /* what the function returned */
	uint64_t violations;    /* watched violations during the call */
	uint64_t release_hits;  /* and during the write after it */
	struct ept_last last;   /* HC_EPT_LAST after the call */
};

/* Write to a watched page: the violations it caused (0 or 1) in *hits. */
static bool release_watch(struct check_ctx *c, volatile uint8_t *page, uint64_t *hits)
{
	struct ept_last a, b;

	if (!testif_ept_last(c, &a))
		return false;
	page[RELEASE_OFFSET] = 0xCC;
	if (!testif_ept_last(c, &b))
		return false;
	*hits = b.violations - a.violations;
	return true;
}

/*
 * Watch code_page with perm, call fn at CPL 0, read what hv recorded, then
 * write to the page, which ends the watch whatever happened (so a failure
 * here never leaves it armed for the next check).
 */
static bool call_watched(struct check_ctx *c, unsigned perm, uint64_t fn, struct watched_call *w)
{
	struct ept_last before;

	if (!testif_ept_last(c, &before) || !testif_ept_watch(c, (uint64_t)code_page, perm))
		return false;
	__asm__ volatile("" : : : "memory"); /* the code bytes are stored before the call */
	w->ret = ((uint32_t (*)(void))fn)();
	if (!testif_ept_last(c, &w->last) || !release_watch(c, code_page, &w->release_hits))
		return false;
	w->violations = w->last.violations - before.violations;
	if (w->ret != RETURN_VALUE)
		return check_fail(c, "the call returned 0x%x, want 0x%x", w->ret, RETURN_VALUE);
	return true;
}

/* The call must not have faulted; the watch must still have been armed. */
static bool expect_no_violation(struct check_ctx *c, const struct watched_call *w)
{
	if (w->violations != 0)
		return check_fail(c, "%lu violation(s), qualification 0x%lx", w->violations,
				  w->last.qualification);
	if (w->release_hits != 1)
		return check_fail(c, "the write ending the watch caused %lu violations, want 1 "
				  "(was the watch armed?)", w->release_hits);
	return true;
}

/* One violation on code_page, with qualification bits set and clear as given. */
static bool expect_violation(struct check_ctx *c, const struct watched_call *w, uint64_t set,
			     uint64_t clear)
{
	uint64_t q = w->last.qualification;

	if (w->violations != 1)
		return check_fail(c, "%lu watched violations, want 1", w->violations);
	if (w->last.gpa / PAGE_4K != (uint64_t)code_page / PAGE_4K)
		return check_fail(c, "violation at GPA 0x%lx, want page 0x%lx", w->last.gpa,
				  (uint64_t)code_page);
	if ((q & set) != set || (q & clear))
		return check_fail(c, "qualification 0x%lx: want bits 0x%lx set and 0x%lx clear", q,
				  set, clear);
	if (w->release_hits != 0)
		return check_fail(c, "rights not restored: a later write faulted too");
	return true;
}

bool check_mbec_xs_only_supervisor_runs(struct check_ctx *c)
{
	struct mbec_env e;
	struct watched_call w;
	bool verdict;

	if (!env_get(c, &e, &verdict))
		return verdict;
	if (!call_watched(c, EPT_PERM_R | EPT_PERM_XS, e.supervisor, &w) ||
	    !expect_no_violation(c, &w))
		return false;
	return check_ok(c, "%s", path_name(&e));
}

bool check_mbec_xs_only_user_alias_exits(struct check_ctx *c)
{
	struct mbec_env e;
	struct watched_call w;
	bool verdict;

	if (!env_get(c, &e, &verdict))
		return verdict;
	if (!call_watched(c, EPT_PERM_R | EPT_PERM_XS, e.user, &w))
		return false;
	if (!e.mbec)
		return expect_no_violation(c, &w) && check_ok(c, "%s", path_name(&e));
	if (!expect_violation(c, &w, EPTV_FETCH | EPTV_ENTRY_EXEC |
				      (e.adv_info ? EPTV_USER_ADDRESS : 0),
			      EPTV_ENTRY_EXEC_USER))
		return false;
	return check_ok(c, "%s qualification 0x%lx", path_name(&e), w.last.qualification);
}

bool check_mbec_xu_only_supervisor_exits(struct check_ctx *c)
{
	struct mbec_env e;
	struct watched_call w;
	bool verdict;

	if (!env_get(c, &e, &verdict))
		return verdict;
	if (!call_watched(c, EPT_PERM_R | EPT_PERM_XU, e.supervisor, &w))
		return false;
	if (!e.mbec)
		return expect_no_violation(c, &w) && check_ok(c, "%s", path_name(&e));
	if (!expect_violation(c, &w, EPTV_FETCH | EPTV_ENTRY_EXEC_USER,
			      EPTV_ENTRY_EXEC | (e.adv_info ? EPTV_USER_ADDRESS : 0)))
		return false;
	return check_ok(c, "%s qualification 0x%lx", path_name(&e), w.last.qualification);
}

bool check_ept_write_protect(struct check_ctx *c)
{
	volatile uint64_t *slot = &data_page[8];
	struct testdev_info d;
	struct ept_last a, b;
	uint64_t q, hits;

	if (testif_get(c, &d) != TESTIF_ON)
		return testif_verdict(c);
	if (!testif_ept_last(c, &a) ||
	    !testif_ept_watch(c, (uint64_t)data_page, EPT_PERM_R | EPT_PERM_X))
		return false;
	*slot = DATA_PATTERN;
	if (!testif_ept_last(c, &b) || !release_watch(c, (volatile uint8_t *)data_page, &hits))
		return false;
	q = b.qualification;
	if (b.violations - a.violations != 1)
		return check_fail(c, "%lu watched violations, want 1", b.violations - a.violations);
	if (b.gpa != (uint64_t)slot)
		return check_fail(c, "violation at GPA 0x%lx, want 0x%lx", b.gpa, (uint64_t)slot);
	if (!(q & EPTV_WRITE) || (q & EPTV_ENTRY_WRITE))
		return check_fail(c, "qualification 0x%lx: want bit 1 (write) set, bit 4 clear", q);
	if (*slot != DATA_PATTERN)
		return check_fail(c, "the write did not complete: 0x%lx", *slot);
	if (hits != 0)
		return check_fail(c, "rights not restored: a later write faulted too");
	return check_ok(c, "qualification 0x%lx", q);
}
