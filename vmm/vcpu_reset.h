/* SPDX-License-Identifier: MIT */
/* A vCPU's INIT state and start-up IPI (vmm/vcpu_reset.c). */
#ifndef HV_VMM_VCPU_RESET_H
#define HV_VMM_VCPU_RESET_H

#include "vmm/vcpu.h"

/*
 * Build the VMCS of an application processor's vCPU: the INIT state, waiting
 * for a start-up IPI (the guest OS starts its APs as on bare metal).
 */
void vcpu_setup_ap(struct vcpu *v, struct vm *vm);

/*
 * Put v in the state INIT leaves a processor in (Intel SDM Vol. 3A, 10.1.1
 * "Processor State After Reset", Table 10-1) and in the wait-for-SIPI
 * activity state.
 */
void vcpu_reset_to_init(struct vcpu *v);

/* Start v in real mode at vector << 12 after a start-up IPI (SDM Vol. 3A, 10.4.4). */
void vcpu_start_at_sipi(struct vcpu *v, u8 vector);

#endif
