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
#include "vmm/ept_sync.h"
#include "arch/x86/reset.h"
#include "vmm/log.h"
#include "vmm/stats.h"
#include "vmm/vcpu_reset.h"

#define SIPI_VECTOR_MASK GENMASK_ULL(7, 0)

/*
 * An INIT that reaches a vCPU in the wait-for-SIPI state is not lost: it
 * stays pending and is delivered once the SIPI has made the vCPU active
 * (Bochs 3.0 does this, and the SDM only says INIT is blocked in that
 * state). The guest's INIT-SIPI-SIPI then looks like SIPI-INIT, and acting
 * on that INIT would kill the AP the guest has just started. Such an INIT
 * arrives before the vCPU executed a single instruction after its SIPI, so
 * hv drops exactly that one: the vCPU is still at RIP 0 of the SIPI page.
 */
static bool is_init_latched_before_sipi(const struct vcpu *v)
{
	return v->sipi_fresh && vmcs_read(VMCS_GUEST_RIP) == 0 &&
	       vmcs_read(VMCS_GUEST_CS_BASE) == (u64)v->sipi_vector << 12;
}

/*
 * INIT on the boot CPU is how the guest resets the machine when its reset
 * path goes through INIT# (the keyboard controller's reset on many
 * chipsets); on bare metal the boot CPU would restart at the reset vector
 * with the platform. hv lets the reset reach the hardware: it resets the
 * whole machine itself, after saying so.
 */
static __noreturn void reset_machine(void)
{
	pr_info("the guest reset the boot CPU (INIT): resetting the machine");
	stats_report("exit statistics");
	log_flush_held();
	platform_reset();
}

enum exit_action exit_init(struct vcpu *v)
{
	if (v->id == 0)
		reset_machine();
	if (is_init_latched_before_sipi(v)) {
		v->sipi_fresh = false;
		pr_debug("vCPU %u: INIT latched before its SIPI, dropped", v->id);
		return EXIT_RESUME;
	}
	pr_info("vCPU %u: INIT from the guest, waiting for a start-up IPI", v->id);
	vcpu_reset_to_init(v);
	return EXIT_RESUME;
}

enum exit_action exit_sipi(struct vcpu *v)
{
	u8 vector = (u8)FIELD_GET(SIPI_VECTOR_MASK, v->exit.qualification);

	pr_info("vCPU %u: start-up IPI, starting in real mode at 0x%x", v->id, vector << 12);
	ept_sync_sipi(v); /* EPT changes made while it waited reach it before its first instruction */
	vcpu_start_at_sipi(v, vector);
	v->sipi_fresh = true;
	v->sipi_vector = vector;
	return EXIT_RESUME;
}
