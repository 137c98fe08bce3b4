/* SPDX-License-Identifier: MIT */
/*
 * Emulating one guest instruction that accessed emulated MMIO: fetch it
 * through the guest's page tables, decode it (arch/x86/insn.h), check that
 * its memory operand is the faulting address, perform the access through the
 * region's callbacks, update the registers and step RIP by the decoded
 * length (never by the VM-exit instruction-length field, which is not
 * defined for EPT exits and which nested hypervisors leave unset).
 */
#ifndef HV_VMM_MMIO_EMULATE_H
#define HV_VMM_MMIO_EMULATE_H

#include "vmm/vcpu.h"

/*
 * Emulate the access at gpa by the instruction at the guest's RIP against
 * region r. Returns EXIT_RESUME, or EXIT_STOP after one report line (an
 * instruction hv does not emulate, with its bytes; a fetch from hv memory).
 */
enum exit_action mmio_emulate(struct vcpu *v, struct mmio_region *r, gpa_t gpa);

#endif
