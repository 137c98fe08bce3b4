/* SPDX-License-Identifier: MIT */
/*
 * hv's test interface from the guest: the hypercalls of testif.h, each
 * turned into "true, results filled" or "false, failure detail set".
 */
#include "guest/testguest/testif.h"

#include "guest/testguest/paging.h"
#include "guest/testguest/probes.h"
#include "guest/testguest/vmcall.h"

static bool asked;
static struct vmcall_regs testdev_answer;
static int testdev_vector;
static enum testif_state testdev_state;

/* VMCALL with regs; false (detail set) if it faulted or RAX is negative. */
static bool call(struct check_ctx *c, const char *name, struct vmcall_regs *r)
{
	int vector = vmcall_safe(r);

	if (vector != PROBE_NO_FAULT)
		return check_fail(c, "%s: VMCALL raised vector %d", name, vector);
	if ((int64_t)r->rax < 0)
		return check_fail(c, "%s returned %ld", name, (int64_t)r->rax);
	return true;
}

/* Map every gigabyte the device touches (uncached windows, paging.c). */
static bool map_device(const struct vmcall_regs *r)
{
	for (uint64_t a = r->rbx & ~(SZ_1G - 1); a < r->rbx + r->rcx; a += SZ_1G)
		if (!paging_map_identity(a))
			return false;
	return true;
}

enum testif_state testif_get(struct check_ctx *c, struct testdev_info *dev)
{
	const struct vmcall_regs *r = &testdev_answer;

	if (!asked) {
		asked = true;
		testdev_answer = (struct vmcall_regs){ .rax = HC_TESTDEV };
		testdev_vector = vmcall_safe(&testdev_answer);
		testdev_state = TESTIF_BROKEN;
		if (testdev_vector == PROBE_NO_FAULT && r->rax == (uint64_t)-HC_EPERM)
			testdev_state = TESTIF_OFF;
		else if (testdev_vector == PROBE_NO_FAULT && r->rax == 0 && r->rcx != 0 &&
			 r->rbx % 4096 == 0 && r->rbx + r->rcx > r->rbx && map_device(r))
			testdev_state = TESTIF_ON;
	}
	if (testdev_state == TESTIF_BROKEN) {
		if (testdev_vector != PROBE_NO_FAULT)
			check_fail(c, "HC_TESTDEV: VMCALL raised vector %d", testdev_vector);
		else
			check_fail(c, "HC_TESTDEV returned %ld, GPA 0x%lx, size 0x%lx (or cannot map it)",
				   (int64_t)r->rax, r->rbx, r->rcx);
	} else if (testdev_state == TESTIF_ON) {
		dev->base = r->rbx;
		dev->size = r->rcx;
		dev->index = (unsigned)r->rdx;
	}
	return testdev_state;
}

bool testif_verdict(struct check_ctx *c)
{
	if (testdev_state == TESTIF_OFF)
		return check_skip(c, "test interface off");
	return false;
}

bool testif_features(struct check_ctx *c, uint64_t *features)
{
	struct vmcall_regs r = { .rax = HC_FEATURES };

	if (!call(c, "HC_FEATURES", &r))
		return false;
	*features = r.rax;
	return true;
}

bool testif_mmio_stats(struct check_ctx *c, unsigned index, struct mmio_stats *s)
{
	struct vmcall_regs r = { .rax = HC_MMIO_STATS, .rbx = index };

	if (!call(c, "HC_MMIO_STATS", &r))
		return false;
	*s = (struct mmio_stats){ .fast = r.rbx, .slow = r.rcx, .stale = r.rdx };
	return true;
}

bool testif_mmio_bump(struct check_ctx *c, uint64_t *generation)
{
	struct vmcall_regs r = { .rax = HC_MMIO_BUMP };

	if (!call(c, "HC_MMIO_BUMP", &r))
		return false;
	*generation = r.rax;
	return true;
}

bool testif_ept_watch(struct check_ctx *c, uint64_t gpa, unsigned perm)
{
	struct vmcall_regs r = { .rax = HC_EPT_WATCH, .rbx = gpa, .rcx = perm };

	return call(c, "HC_EPT_WATCH", &r);
}

bool testif_ept_last(struct check_ctx *c, struct ept_last *last)
{
	struct vmcall_regs r = { .rax = HC_EPT_LAST };

	if (!call(c, "HC_EPT_LAST", &r))
		return false;
	*last = (struct ept_last){ .violations = r.rax, .qualification = r.rbx, .gpa = r.rcx };
	return true;
}

bool testif_testdev_move(struct check_ctx *c, uint64_t gpa)
{
	struct vmcall_regs r = { .rax = HC_TESTDEV_MOVE, .rbx = gpa };

	return call(c, "HC_TESTDEV_MOVE", &r);
}
