/* SPDX-License-Identifier: MIT */
/*
 * EPT changes on every CPU. All vCPUs share one EPT, and each CPU may cache
 * translations derived from it (Intel SDM Vol. 3C, 29.4 "Caching
 * Translation Information" — "guest-physical mappings" and "combined
 * mappings", tagged with the EPTP). So:
 *   - every change of the EPT or the MMIO registry is made under
 *     vm->ept_lock (ept_sync_lock());
 *   - a change that removes rights is done only when every CPU that may
 *     cache the old entry has executed INVEPT: vm_ept_flush(), called after
 *     the lock is released, flushes this CPU and signals each other vCPU's
 *     CPU with an NMI (NMI exiting is on: the NMI makes a VM exit in guest
 *     mode, or runs hv's NMI handler in root mode), then waits until each
 *     has flushed. A vCPU in the wait-for-SIPI state runs no guest code: it
 *     flushes when its SIPI arrives (ept_sync_sipi()) instead.
 * An NMI is hv's own when its CPU has a request it has not served
 * (flush_req != flush_seen); every other NMI is the guest's and is injected
 * into it. Two requests whose NMIs the CPU merges into one are served by
 * that one (it serves every request sent so far), so a guest NMI is never
 * taken for hv's; the price of that choice is that a second NMI of two
 * racing requests, when not merged, reaches the guest as a spurious NMI.
 */
#ifndef HV_VMM_EPT_SYNC_H
#define HV_VMM_EPT_SYNC_H

#include "vmm/vcpu.h"

/* Let vm_ept_flush() reach v (call on v's CPU when its VMCS is set up). */
void ept_sync_add_vcpu(struct vm *vm, struct vcpu *v);

static inline void ept_sync_lock(struct vm *vm)
{
	spin_lock(&vm->ept_lock);
}

static inline void ept_sync_unlock(struct vm *vm)
{
	spin_unlock(&vm->ept_lock);
}

/*
 * INVEPT on this CPU and on every other CPU running one of vm's vCPUs; returns
 * once each has done so (true), or after a bounded wait with one error line
 * naming the CPU that did not (false). Call without holding vm->ept_lock.
 */
bool vm_ept_flush(struct vm *vm);

/*
 * This CPU took an NMI (in VMX root operation or as a VM exit): serve this
 * vCPU's pending flush requests. True when the NMI was hv's (consumed).
 */
bool ept_sync_nmi(void);

/* v leaves the wait-for-SIPI state: flush before it runs guest code. */
void ept_sync_sipi(struct vcpu *v);

#endif
