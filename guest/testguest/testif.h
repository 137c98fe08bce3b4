/* SPDX-License-Identifier: MIT */
/*
 * The guest side of hv's test interface (vmm/hypercall.h, numbers 16 and up,
 * answered only when hv runs with test_hypercalls=on) and of the two queries
 * the checks pair with it (HC_FEATURES, HC_MMIO_STATS). The register layout
 * of the test device, the HC_PERM_* rights and the EPT-violation
 * qualification bits come from hv's own headers (vmm/testdev.h, mm/ept.h,
 * arch/x86/ept_violation.h), so that guest and hv cannot drift apart; those
 * headers pull in hv's lib/types.h, whose helpers match tg.h's token for token.
 *
 * Every helper that can fail sets the check's failure detail and returns
 * false, so a check can `return false` at once.
 */
#ifndef TG_TESTIF_H
#define TG_TESTIF_H

#include "guest/testguest/checks.h"
#include "arch/x86/ept_violation.h"
#include "vmm/testdev.h"

enum testif_state {
	TESTIF_ON,     /* HC_TESTDEV answered: the device is mapped */
	TESTIF_OFF,    /* -HC_EPERM: hv runs without test_hypercalls=on */
	TESTIF_BROKEN, /* anything else: the check fails (detail set) */
};

struct testdev_info {
	uint64_t base;     /* guest-physical = linear (identity-mapped, uncached) */
	uint64_t size;
	unsigned index;    /* MMIO region index for HC_MMIO_STATS */
};

struct mmio_stats {
	uint64_t fast, slow, stale;
};

struct ept_last {
	uint64_t violations;    /* watched violations so far */
	uint64_t qualification; /* of the last one */
	uint64_t gpa;           /* of the last one */
};

/*
 * testif_get: ask HC_TESTDEV (once; later calls reuse the answer) and, when
 * the interface is on, map the device's pages into the guest's tables.
 * On TESTIF_ON *dev is filled; on TESTIF_BROKEN the detail says why.
 */
enum testif_state testif_get(struct check_ctx *c, struct testdev_info *dev);

/*
 * testif_verdict: a check's result when testif_get() did not say TESTIF_ON:
 * SKIP "test interface off", or FAIL with the detail testif_get() left.
 */
bool testif_verdict(struct check_ctx *c);

/* testif_features: HC_FEATURES into *features (HC_FEATURE_* bits). */
bool testif_features(struct check_ctx *c, uint64_t *features);

/* testif_mmio_stats: HC_MMIO_STATS(index). */
bool testif_mmio_stats(struct check_ctx *c, unsigned index, struct mmio_stats *s);

/* testif_mmio_bump: HC_MMIO_BUMP; *generation = the new generation. */
bool testif_mmio_bump(struct check_ctx *c, uint64_t *generation);

/*
 * testif_ept_watch: HC_EPT_WATCH(gpa, perm): the page gets EPT rights perm
 * (HC_PERM_*) until its next EPT violation, which hv records.
 */
bool testif_ept_watch(struct check_ctx *c, uint64_t gpa, unsigned perm);

/* testif_ept_last: HC_EPT_LAST. */
bool testif_ept_last(struct check_ctx *c, struct ept_last *last);

/*
 * testif_testdev_move: HC_TESTDEV_MOVE(gpa): the test device now answers at
 * gpa (page aligned, outside RAM). The caller maps gpa in its page tables
 * and moves the device back before any other check runs: testif_get()
 * keeps reporting the original base.
 */
bool testif_testdev_move(struct check_ctx *c, uint64_t gpa);

#endif
