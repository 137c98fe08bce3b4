/* SPDX-License-Identifier: MIT */
/* The loop that runs a vCPU (vmm/vcpu_run.c). */
#ifndef HV_VMM_VCPU_RUN_H
#define HV_VMM_VCPU_RUN_H

#include "vmm/vcpu.h"

/* Run v until the guest is stopped; returns then (caller parks the CPU). */
void vcpu_run(struct vcpu *v);

#endif
