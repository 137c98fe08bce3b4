// SPDX-License-Identifier: MIT
/*
 * INIT and start-up IPI exits. In VMX non-root operation an INIT causes a VM
 * exit instead of resetting the CPU, and a SIPI to a vCPU in the
 * wait-for-SIPI state causes one too (Intel SDM Vol. 3C, 26.2 "Other Causes
 * of VM Exits"; the SIPI vector is the exit qualification, 28.2.1). hv plays
 * the processor's part: INIT puts the vCPU in the INIT state waiting for a
 * SIPI, the SIPI starts it in real mode at the vector. This is how the guest
 * OS brings its APs up, takes them offline and back, and kexecs.
 */
#include "vmm/exit.h"
#include "vmm/log.h"

#define SIPI_VECTOR_MASK GENMASK_ULL(7, 0)

enum exit_action exit_init(struct vcpu *v)
{
	pr_info("vCPU %u: INIT from the guest, waiting for a start-up IPI", v->id);
	vcpu_reset_to_init(v);
	return EXIT_RESUME;
}

enum exit_action exit_sipi(struct vcpu *v)
{
	u8 vector = (u8)FIELD_GET(SIPI_VECTOR_MASK, v->exit.qualification);

	pr_info("vCPU %u: start-up IPI, starting in real mode at 0x%x", v->id, vector << 12);
	vcpu_start_at_sipi(v, vector);
	return EXIT_RESUME;
}
