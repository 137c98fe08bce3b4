/* SPDX-License-Identifier: MIT */
/* A test-and-test-and-set spinlock for hv's few shared structures (the log). */
#ifndef HV_ARCH_X86_SPINLOCK_H
#define HV_ARCH_X86_SPINLOCK_H

#include "arch/x86/cpu.h"

typedef struct {
	volatile u32 locked;
} spinlock_t;

static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#endif
