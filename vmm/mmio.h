/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO for the VM: the regions hv registers (its own memory, the
 * mmio_trace= ranges, the test device), the slow and fast paths of the trap
 * cache (vmm/mmio_registry.h), and the emulation of the one trapped access.
 */
#ifndef HV_VMM_MMIO_H
#define HV_VMM_MMIO_H

#include "vmm/vcpu.h"
#include "vmm/config.h"
#include "arch/x86/ept_violation.h"

/*
 * Register hv's regions in vm->mmio and take their pages out of the EPT so
 * the first access faults: hv memory (reads all ones, writes dropped),
 * cfg's mmio_trace ranges (forwarded to the device and logged), and the
 * test device when cfg->test_hypercalls. Returns 0 or a negative error.
 */
int mmio_setup(struct vm *vm, const struct hv_config *cfg);

/*
 * Slow path, from an EPT violation at gpa: if gpa lies in a region, install
 * the page's MMIO entry and emulate the access; *handled tells whether gpa
 * was MMIO at all.
 */
enum exit_action mmio_slow_path(struct vcpu *v, gpa_t gpa, const struct ept_violation *ev,
				bool *handled);

/* Fast path, from an EPT misconfiguration at gpa. */
enum exit_action mmio_fast_path(struct vcpu *v, gpa_t gpa);

/*
 * Move region `index` to new_base: the new pages are unmapped so they fault,
 * the generation is bumped so cached entries of the old place go stale.
 * Returns 0 or a negative error.
 */
int mmio_move_region(struct vm *vm, u32 index, gpa_t new_base);

/* Bump the generation (test interface), zapping every MMIO entry on wrap-around. */
u32 mmio_bump(struct vm *vm);

/* Print the per-region counters on the log. */
void mmio_report(const struct vm *vm);

#endif
