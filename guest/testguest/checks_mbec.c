/* SPDX-License-Identifier: MIT */
/*
 * Checks of EPT execute and write rights, through hv's test interface
 * (HC_EPT_WATCH gives one guest page reduced EPT rights until its next EPT
 * violation, which HC_EPT_LAST reports). SKIP without the interface.
 *
 * With MBEC (mode-based execute control) an EPT entry has two execute bits:
 * XS for supervisor-mode linear addresses and XU for user-mode ones, where
 * "user-mode" is the linear address's U/S bit, not the CPL (Intel SDM Vol.
 * 3C, 29.3.3.2 "EPT Violations"; Vol. 3A, 5.11.2 "Access Rights"), and with
 * paging off every linear address is a user-mode one. So one code page is
 * reached three ways: its identity address (U/S = 0), a user alias (U/S = 1
 * at every level, paging.c), and with paging off (pgoff.asm); and called at
 * CPL 0 and, through ring3.c, at CPL 3. CR4.SMEP is cleared first (SMEP would
 * fault the user alias at CPL 0 before EPT is consulted). At CPL 3 the
 * identity address faults in guest paging (#PF, U/S = 0) whatever EPT says.
 * Without MBEC hv folds XS and XU into the single execute bit, so only "no
 * execute right" faults; each check says which path ran: "(MBEC on)" or
 * "(MBEC off: single execute bit)".
 *
 * A watch that saw no violation is still armed; every rights set used here
 * lacks W, so a write to the page ends it, and must be the one violation
 * seen (which also proves the reduced rights were in force during the call).
 * Bochs 3.0 reports XU in qualification bit 13, not 6, for read and write
 * violations (correct for fetches), so only fetch qualifications are checked
 * bit by bit.
 */
#include "guest/testguest/checks.h"

#include "guest/testguest/paging.h"
#include "guest/testguest/pgoff.h"
#include "guest/testguest/print.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/ring3.h"
#include "guest/testguest/string.h"
#include "guest/testguest/testif.h"
#include "guest/testguest/vmcall.h"
#include "guest/testguest/x86.h"

#define PAGE_4K 4096
#define RETURN_VALUE 0x1234
#define RELEASE_OFFSET 0x800   /* a byte of the code page that is never executed */
#define DATA_PATTERN 0xC0DEC0DE5EEDF00DULL
#define PF_ERROR_PRESENT BIT_ULL(0) /* Vol. 3A, 5.7 "Page-Fault Exceptions" */
#define PF_ERROR_WRITE BIT_ULL(1)
#define PF_ERROR_USER BIT_ULL(2)
#define NO_VECTOR UINT64_MAX

/* mov eax, 0x1234; ret: the same bytes in 64-bit and 32-bit code (Vol. 2: B8+rd id, C3). */
static const uint8_t code_bytes[] = { 0xB8, 0x34, 0x12, 0x00, 0x00, 0xC3 };

/* Each on a page of its own, so a watch covers nothing else. */
static uint8_t code_page[PAGE_4K] __attribute__((aligned(PAGE_4K)));
static uint64_t data_page[PAGE_4K / 8] __attribute__((aligned(PAGE_4K)));

struct mbec_env {
	uint64_t supervisor; /* identity address of code_page */
	uint64_t user;       /* its U/S = 1 alias */
	bool mbec, adv_info;
};

enum run_mode { RUN_CPL0, RUN_CPL3, RUN_PAGING_OFF };

/* One fetch experiment: how the code page is reached, with which EPT execute rights. */
struct mbec_case {
	enum run_mode mode;
	bool user_address; /* the linear address is user-mode (U/S = 1, or paging off) */
	unsigned x;        /* HC_PERM_XS / HC_PERM_XU bits, on top of R */
};

/* Outcomes, as printed. */
#define RAN 'r'
#define VIOLATION 'v'
#define PAGE_FAULT 'p'

struct watched_run {
	uint32_t ret;           /* what the function returned */
	uint64_t vector;        /* exception that ended a CPL 3 or paging-off run, or NO_VECTOR */
	uint64_t error, cr2, rip;
	uint64_t violations;    /* watched violations during the run */
	uint64_t release_hits;  /* and during the write after it */
	struct ept_last last;   /* HC_EPT_LAST after the run */
};

static const char *path_name(const struct mbec_env *e)
{
	return e->mbec ? "(MBEC on)" : "(MBEC off: single execute bit)";
}

static const char *rights_name(unsigned x)
{
	return x == HC_PERM_XS ? "R+XS" : x == HC_PERM_XU ? "R+XU" : x ? "R+XS+XU" : "R";
}

static const char *mode_name(enum run_mode m)
{
	return m == RUN_CPL0 ? "CPL 0" : m == RUN_CPL3 ? "CPL 3" : "paging off";
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

/* Call fn the way mode says; the watch is armed. False: could not run (detail set). */
static bool run_fn(struct check_ctx *c, enum run_mode mode, uint64_t fn, struct watched_run *w)
{
	struct ring3_exit x;

	w->vector = NO_VECTOR;
	if (mode == RUN_CPL0) {
		w->ret = ((uint32_t (*)(void))fn)();
	} else if (mode == RUN_CPL3) {
		if (!ring3_call(fn, &x))
			return check_fail(c, "cannot map the CPL 3 stack and stub");
		if (x.cs != (TG_GDT_USER_CODE64 | TG_RPL_USER))
			return check_fail(c, "trap %lu from CS 0x%lx at RIP 0x%lx: not CPL 3", x.vector,
					  x.cs, x.rip);
		w->ret = (uint32_t)x.rax;
		if (x.vector != TG_VECTOR_USER_RETURN)
			*w = (struct watched_run){ .vector = x.vector, .error = x.error, .cr2 = x.cr2,
						   .rip = x.rip };
	} else {
		w->ret = pgoff_call((uint32_t)fn);
		if (pgoff_fault.vector != PGOFF_NO_FAULT)
			*w = (struct watched_run){ .vector = pgoff_fault.vector,
						   .error = pgoff_fault.word0, .rip = pgoff_fault.word1 };
	}
	return true;
}

/*
 * Watch code_page with R + k->x, run fn, read what hv recorded, then write
 * to the page, which ends the watch whatever happened (so a failure here
 * never leaves it armed for the next case).
 */
static bool run_watched(struct check_ctx *c, const struct mbec_case *k, uint64_t fn,
			struct watched_run *w)
{
	struct ept_last before;
	bool ran;

	*w = (struct watched_run){ 0 };
	if (!testif_ept_last(c, &before) ||
	    !testif_ept_watch(c, (uint64_t)code_page, HC_PERM_R | k->x))
		return false;
	__asm__ volatile("" : : : "memory"); /* the code bytes are stored before the call */
	ran = run_fn(c, k->mode, fn, w);
	if (!testif_ept_last(c, &w->last) || !release_watch(c, code_page, &w->release_hits) || !ran)
		return false;
	w->violations = w->last.violations - before.violations;
	return true;
}

/* What the SDM says should happen. */
static char expected_outcome(const struct mbec_env *e, const struct mbec_case *k)
{
	if (k->mode == RUN_CPL3 && !k->user_address)
		return PAGE_FAULT; /* guest paging: U/S = 0 forbids CPL 3, before EPT */
	if (!e->mbec)
		return k->x ? RAN : VIOLATION;
	return k->x & (k->user_address ? HC_PERM_XU : HC_PERM_XS) ? RAN : VIOLATION;
}

static bool expect_ran(struct check_ctx *c, const struct watched_run *w)
{
	if (w->ret != RETURN_VALUE)
		return check_fail(c, "returned 0x%x, want 0x%x", w->ret, RETURN_VALUE);
	if (w->release_hits != 1)
		return check_fail(c, "the write ending the watch caused %lu violations, want 1 "
				  "(was the watch armed?)", w->release_hits);
	return true;
}

/* One fetch violation on code_page, its qualification as the SDM says, then the code ran. */
static bool expect_violation(struct check_ctx *c, const struct mbec_env *e,
			     const struct mbec_case *k, const struct watched_run *w)
{
	uint64_t q = w->last.qualification, want = 0, mask;

	if (w->violations != 1)
		return check_fail(c, "%lu watched violations, want 1", w->violations);
	if (w->last.gpa / PAGE_4K != (uint64_t)code_page / PAGE_4K)
		return check_fail(c, "violation at GPA 0x%lx, want page 0x%lx", w->last.gpa,
				  (uint64_t)code_page);
	/* Vol. 3C, 28.2.1, Table 28-7: a fetch, entry R- W-, linear address valid. */
	mask = EPTV_READ | EPTV_WRITE | EPTV_FETCH | EPTV_ENTRY_READ | EPTV_ENTRY_WRITE |
	       EPTV_ENTRY_EXEC | EPTV_GLA_VALID | EPTV_GLA_TRANSLATION;
	want = EPTV_FETCH | EPTV_ENTRY_READ | EPTV_GLA_VALID | EPTV_GLA_TRANSLATION |
	       (k->x & HC_PERM_XS ? EPTV_ENTRY_EXEC : 0);
	if (e->mbec) {
		mask |= EPTV_ENTRY_EXEC_USER;
		want |= k->x & HC_PERM_XU ? EPTV_ENTRY_EXEC_USER : 0;
	}
	if (e->adv_info) {
		mask |= EPTV_USER_ADDRESS;
		want |= k->user_address ? EPTV_USER_ADDRESS : 0;
	}
	if ((q & mask) != want)
		return check_fail(c, "qualification 0x%lx: bits 0x%lx are 0x%lx, want 0x%lx", q, mask,
				  q & mask, want);
	if (w->ret != RETURN_VALUE)
		return check_fail(c, "returned 0x%x after the violation, want 0x%x", w->ret,
				  RETURN_VALUE);
	if (w->release_hits != 0)
		return check_fail(c, "rights not restored: a later write faulted too");
	return true;
}

/* CPL 3 through a supervisor page: #PF for a user-mode fetch of a present page, no EPT exit. */
static bool expect_page_fault(struct check_ctx *c, uint64_t fn, const struct watched_run *w)
{
	if ((w->error & (PF_ERROR_PRESENT | PF_ERROR_USER | PF_ERROR_WRITE)) !=
	    (PF_ERROR_PRESENT | PF_ERROR_USER))
		return check_fail(c, "#PF error code 0x%lx, want P=1 U=1 W=0", w->error);
	if (w->cr2 != fn || w->rip != fn)
		return check_fail(c, "#PF at RIP 0x%lx, CR2 0x%lx, want both 0x%lx", w->rip, w->cr2,
				  fn);
	if (w->violations != 0)
		return check_fail(c, "%lu watched EPT violations, want none", w->violations);
	if (w->release_hits != 1)
		return check_fail(c, "the write ending the watch caused %lu violations, want 1",
				  w->release_hits);
	return true;
}

/*
 * Run one case and judge it; *outcome = what happened (RAN, VIOLATION,
 * PAGE_FAULT, or '?' if it could not run), *w = what was seen.
 */
static bool run_case(struct check_ctx *c, const struct mbec_env *e, const struct mbec_case *k,
		     uint64_t fn, char *outcome, struct watched_run *w)
{
	char want = expected_outcome(e, k);

	*outcome = '?';
	if (!run_watched(c, k, fn, w))
		return false;
	if (w->vector != NO_VECTOR && w->vector != X86_VECTOR_PF)
		return check_fail(c, "exception %lu at RIP 0x%lx (error 0x%lx)", w->vector, w->rip,
				  w->error);
	*outcome = w->vector == X86_VECTOR_PF ? PAGE_FAULT : w->violations ? VIOLATION : RAN;
	if (*outcome != want)
		return check_fail(c, "outcome %c, want %c (qualification 0x%lx, #PF error 0x%lx)",
				  *outcome, want, w->violations ? w->last.qualification : 0,
				  w->error);
	if (want == PAGE_FAULT)
		return expect_page_fault(c, fn, w);
	return want == VIOLATION ? expect_violation(c, e, k, w) : expect_ran(c, w);
}

/* "rvrv pppp vrrv vrrv": one group of four per row of the matrix. */
static void format_rows(char *buf, size_t size, char (*cells)[5], unsigned rows)
{
	size_t n = 0;

	for (unsigned r = 0; r < rows && n + 6 <= size; r++) {
		memcpy(buf + n, cells[r], 4);
		buf[n + 4] = ' ';
		n += 5;
	}
	buf[n ? n - 1 : 0] = '\0';
}

bool check_mbec_matrix(struct check_ctx *c)
{
	static const unsigned rights[4] = { HC_PERM_XS, HC_PERM_XU, HC_PERM_X, 0 };
	char got[4][5] = { "" }, want[4][5] = { "" }, first[CHECK_DETAIL_MAX] = "";
	char got_s[24], want_s[24];
	struct mbec_env e;
	bool verdict;

	if (!env_get(c, &e, &verdict))
		return verdict;
	/* Rows: supervisor PTE at CPL 0, at CPL 3; user PTE at CPL 0, at CPL 3. */
	for (unsigned row = 0; row < 4; row++) {
		for (unsigned r = 0; r < ARRAY_SIZE(rights); r++) {
			struct mbec_case k = { .mode = row & 1 ? RUN_CPL3 : RUN_CPL0,
					       .user_address = row >= 2, .x = rights[r] };
			struct check_ctx one = { .detail = "" };
			struct watched_run w;

			want[row][r] = expected_outcome(&e, &k);
			if (!run_case(&one, &e, &k, k.user_address ? e.user : e.supervisor,
				      &got[row][r], &w) && !first[0])
				tg_snprintf(first, sizeof(first), "%s PTE, %s, EPT %s: %s",
					    k.user_address ? "user" : "supervisor", mode_name(k.mode),
					    rights_name(k.x), one.detail);
		}
	}
	format_rows(got_s, sizeof(got_s), got, 4);
	format_rows(want_s, sizeof(want_s), want, 4);
	if (first[0])
		return check_fail(c, "%s; all cases: got %s, want %s", first, got_s, want_s);
	return check_ok(c, "%s %s (rows sup-cpl0 sup-cpl3 user-cpl0 user-cpl3, columns XS XU "
			"XS+XU none; r ran, v EPT violation, p #PF)", path_name(&e), got_s);
}

bool check_mbec_paging_off(struct check_ctx *c)
{
	struct mbec_case xs = { RUN_PAGING_OFF, true, HC_PERM_XS };
	struct mbec_case xu = { RUN_PAGING_OFF, true, HC_PERM_XU };
	struct check_ctx one = { .detail = "" };
	struct watched_run w, w2;
	struct mbec_env e;
	bool verdict;
	char got;

	if (!env_get(c, &e, &verdict))
		return verdict;
	if (read_cr4() & X86_CR4_PCIDE)
		return check_skip(c, "CR4.PCIDE is set: cannot leave long mode");
	if (e.supervisor >= (1ULL << 32))
		return check_fail(c, "code page 0x%lx is above 4 GiB", e.supervisor);
	/* Paging off: the identity address is a user-mode one. */
	if (!run_case(&one, &e, &xs, e.supervisor, &got, &w))
		return check_fail(c, "EPT R+XS: %s", one.detail);
	if (!run_case(&one, &e, &xu, e.supervisor, &got, &w2))
		return check_fail(c, "EPT R+XU: %s", one.detail);
	if (!e.mbec)
		return check_ok(c, "%s R+XS and R+XU both ran", path_name(&e));
	return check_ok(c, "%s R+XS: EPT violation, qualification 0x%lx; R+XU: ran", path_name(&e),
			w.last.qualification);
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
	    !testif_ept_watch(c, (uint64_t)data_page, HC_PERM_R | HC_PERM_X))
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
