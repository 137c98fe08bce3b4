// SPDX-License-Identifier: MIT
/*
 * The VM's memory view. Guest-physical equals host-physical (the guest owns
 * the machine's devices), so the EPT is an identity map with holes where hv
 * lives. Memory types: the ones the MTRRs give each byte
 * (mm/ept_identity.c), or, on a CPU without MTRRs, write-back for the RAM
 * kinds of the memory map and uncacheable for everything else.
 */
#include "vmm/vm.h"
#include "arch/x86/msr.h"
#include "arch/x86/vmx_features.h"
#include "arch/x86/acpi.h"
#include "arch/x86/chipset.h"
#include "arch/x86/cpu.h"
#include "arch/x86/regs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/ept_identity.h"
#include "mm/pmm.h"
#include "vmm/exit.h"
#include "vmm/log.h"
#include "vmm/mmio.h"

/*
 * The machine's MTRRs (Intel SDM Vol. 3A, 13.11 "Memory Type Range Registers
 * (MTRRs)"), read once so the EPT types guest memory exactly as they would.
 * Returns false when the CPU has no MTRRs (CPUID.1:EDX[12]).
 */
static bool read_mtrrs(struct mtrr_state *s)
{
	u64 cap, def;

	if (!(cpuid(1).edx & CPUID_1_EDX_MTRR))
		return false;
	cap = rdmsr(MSR_IA32_MTRRCAP);
	def = rdmsr(MSR_IA32_MTRR_DEF_TYPE);
	memset(s, 0, sizeof(*s));
	s->enabled = def & MTRR_DEF_TYPE_E;
	s->fixed_enabled = (cap & MTRRCAP_FIX) && (def & MTRR_DEF_TYPE_FE);
	s->default_type = (u8)FIELD_GET(MTRR_DEF_TYPE_TYPE, def);
	for (u32 i = 0; s->fixed_enabled && i < MTRR_FIXED_MSRS; i++)
		s->fixed[i] = rdmsr(mtrr_fixed_msr(i));
	s->var_count = MIN((u32)FIELD_GET(MTRRCAP_VCNT, cap), (u32)MTRR_VAR_MAX);
	for (u32 i = 0; i < s->var_count; i++) {
		s->var_base[i] = rdmsr(MSR_IA32_MTRR_PHYSBASE0 + 2 * i);
		s->var_mask[i] = rdmsr(MSR_IA32_MTRR_PHYSMASK0 + 2 * i);
	}
	s->maxphyaddr = cpu_maxphyaddr();
	return true;
}

static int build_ept(struct vm *vm)
{
	static struct mtrr_state mtrr;
	bool have = read_mtrrs(&mtrr);

	pr_info("EPT memory types from %s", !have ? "the memory map (no MTRRs)" :
					       mtrr.enabled ? "the MTRRs" : "the MTRRs (disabled: all UC)");
	return ept_build_identity(&vm->ept, &vm->guest_mem, have ? &mtrr : NULL, vm->ept_top);
}

static void collect_hv_ranges(struct vm *vm)
{
	const struct memmap *m = &vm->guest_mem;

	vm->hv_range_count = 0;
	for (u32 i = 0; i < m->count && vm->hv_range_count < HV_RANGES_MAX; i++)
		if (m->r[i].type == MEM_HV)
			vm->hv_ranges[vm->hv_range_count++] = m->r[i];
}

/*
 * MBEC (SDM Vol. 3C, 25.6.2, Table 25-7, secondary control bit 22; 29.3.3.2
 * "EPT Violations"): used when the CPU offers it unless mbec=off; mbec=on on
 * a CPU without it is an error. Said once, either way.
 */
static int choose_mbec(struct vm *vm, enum mbec_mode mode)
{
	bool have = vmx_features.mbec;

	if (mode == MBEC_ON && !have) {
		pr_err("mbec=on, but this CPU has no mode-based execute control (MBEC)");
		return -EOPNOTSUPP;
	}
	vm->mbec = have && mode != MBEC_OFF;
	vm->ept_adv_info = vmx_features.ept_adv_info;
	if (vm->mbec)
		pr_info("MBEC on: EPT bit 2 allows supervisor-mode execution, bit 10 user-mode");
	else
		pr_info("MBEC off (%s): EPT bit 2 alone allows execution",
			have ? "mbec=off" : "not offered by this CPU");
	return 0;
}

/*
 * VPID (SDM Vol. 3C, 29.1 "Virtual Processor Identifiers (VPIDs)"): tag the
 * guest's translations so that VM entries and exits keep them, when the CPU
 * has the control and a usable INVVPID type, unless `off` (vpid=off). Said
 * once when used or turned off; a CPU without it is named in the "cpu:" line.
 */
static void choose_vpid(struct vm *vm, bool off)
{
	vm->vpid = vmx_features.vpid && !off;
	if (vm->vpid)
		pr_info("VPID on: guest translations tagged %u, kept across VM exits (%s INVVPID)",
			VCPU_GUEST_VPID,
			vmx_features.invvpid_type == INVVPID_SINGLE_CONTEXT ? "single-context" :
									      "all-context");
	else if (vmx_features.vpid)
		pr_info("VPID off (vpid=off): guest TLB flushed on every VM exit and entry");
}

/*
 * The activity states VM entry accepts (SDM Vol. 3D, A.6 "Miscellaneous
 * Data"; Vol. 3C, 27.3.1.5 "Checks on Guest Non-Register State" refuses any
 * other). Without HLT, HLT exiting stays off: the CPU halts in VMX non-root
 * operation until an interrupt or NMI, which the guest owns anyway. Without
 * wait-for-SIPI (or with smp=off), no AP's vCPU can wait for the guest's
 * SIPI: the guest gets the boot CPU only (vmm/smp.c parks the APs in hv).
 */
static void choose_activity_states(struct vm *vm, enum smp_mode smp)
{
	vm->hlt_exiting = vmx_features.hlt_state;
	vm->ap_vcpus = vmx_features.wait_sipi_state && smp != SMP_OFF;
}

/* The optional VMX features this CPU lacks and what hv does instead, in one line. */
static void report_cpu_features(void)
{
	char line[400];

	vmx_features_describe(&vmx_features, line, sizeof(line));
	pr_info("cpu: %s", line);
}

size_t vm_rsdp(const struct boot_info *bi, u8 buf[BOOT_RSDP_COPY_MAX])
{
	if (bi->rsdp) {
		memcpy(buf, (const void *)(uintptr_t)bi->rsdp, BOOT_RSDP_COPY_MAX);
		return BOOT_RSDP_COPY_MAX;
	}
	memcpy(buf, bi->rsdp_copy, MIN((size_t)bi->rsdp_copy_len, (size_t)BOOT_RSDP_COPY_MAX));
	return bi->rsdp_copy_len;
}

int vm_read_phys(void *opaque, u64 pa, void *buf, size_t n)
{
	memcpy(buf, (const void *)(uintptr_t)pa, n); /* identity map */
	return 0;
}

/* The guest's ACPI power-off port, watched so that hv can log before it happens. */
static void find_power_off_port(struct vm *vm, const struct boot_info *bi)
{
	u8 rsdp[BOOT_RSDP_COPY_MAX];
	size_t len = vm_rsdp(bi, rsdp);

	u16 pm_base;

	if (!acpi_find_pm1a_control(rsdp, len, vm_read_phys, NULL, &vm->pm1a_control_port))
		return;
	/* No FADT: the chipset's block, which hv's own tables then describe. */
	pm_base = chipset_acpi_pm_base();
	if (pm_base)
		vm->pm1a_control_port = pm_base + 4;
	else
		pr_warn("no ACPI PM1a control port found: the guest's power-off will not be logged");
}

int vm_init(struct vm *vm, const struct boot_info *bi)
{
	struct ept_format fmt;
	int err;

	vm->guest_mem = bi->mem;
	/* Guest-RAM checks binary-search it (memmap_type_at_sorted()). */
	err = memmap_normalize(&vm->guest_mem);
	if (err)
		return err;
	vm->ept_top = ALIGN_UP(MAX(memmap_top(&vm->guest_mem), SZ_4G), SZ_1G);
	vm->maxphyaddr = cpu_maxphyaddr();
	vm->test_hypercalls = bi->cfg.test_hypercalls;
	collect_hv_ranges(vm);
	report_cpu_features();
	err = choose_mbec(vm, bi->cfg.mbec);
	if (err)
		return err;
	choose_vpid(vm, bi->cfg.vpid == VPID_OFF);
	choose_activity_states(vm, bi->cfg.smp);
	ept_format_init(&fmt, vm->mbec, vmx_features.ept_2m, vmx_features.ept_1g);
	err = ept_init(&vm->ept, &fmt, pmm_alloc_page_ctx, NULL, NULL);
	if (!err)
		err = build_ept(vm);
	if (err) {
		pr_err("cannot build the EPT: error %d", err);
		return err;
	}
	err = mmio_setup(vm, &bi->cfg);
	if (err)
		return err;
	exit_msr_bitmap_init(vm);
	find_power_off_port(vm, bi);
	exit_io_bitmap_init(vm);
	pr_info("EPT: identity map up to 0x%llx in %llu tables (%s pages), hv memory unmapped",
		(unsigned long long)vm->ept_top,
		(unsigned long long)vm->ept.table_pages,
		fmt.page_1g ? "1 GiB/2 MiB/4 KiB" : fmt.page_2m ? "2 MiB/4 KiB" : "4 KiB");
	return 0;
}
