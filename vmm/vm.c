// SPDX-License-Identifier: MIT
/*
 * The VM's memory view. Guest-physical equals host-physical (the guest owns
 * the machine's devices), so the EPT is an identity map with holes where hv
 * lives. Memory types: write-back for the RAM kinds of the memory map,
 * uncacheable for everything else (device memory, holes). MTRR-exact typing
 * comes with the next EPT version.
 */
#include "vmm/vm.h"
#include "arch/x86/msr.h"
#include "arch/x86/vmx_caps.h"
#include "lib/errno.h"
#include "mm/pmm.h"
#include "arch/x86/vmx_controls.h"
#include "vmm/exit.h"
#include "vmm/log.h"
#include "vmm/mmio.h"

static bool is_ram(u32 type)
{
	return type == MEM_USABLE || type == MEM_ACPI || type == MEM_NVS || type == MEM_PMEM;
}

static int map_identity(struct vm *vm, u64 base, u64 end, u32 type)
{
	if (type == MEM_HV || end <= base)
		return 0;
	return ept_map_range(&vm->ept, base, base, end - base, EPT_PERM_RWX,
			     is_ram(type) ? EPT_MT_WB : EPT_MT_UC);
}

static int build_ept(struct vm *vm)
{
	const struct memmap *m = &vm->guest_mem;
	u64 top = ALIGN_UP(MAX(memmap_top(m), SZ_4G), SZ_1G), cursor = 0;
	int err = 0;

	for (u32 i = 0; i < m->count && !err; i++) {
		u64 base = ALIGN_DOWN(m->r[i].base, PAGE_SIZE);
		u64 end = ALIGN_UP(m->r[i].base + m->r[i].size, PAGE_SIZE);

		if (base > cursor)
			err = map_identity(vm, cursor, base, MEM_RESERVED); /* hole: device memory */
		if (!err)
			err = map_identity(vm, MAX(base, cursor), end, m->r[i].type);
		cursor = MAX(cursor, end);
	}
	if (!err && cursor < top)
		err = map_identity(vm, cursor, top, MEM_RESERVED);
	return err;
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
	bool have = vmx_control_allowed1(vmx_caps.procbased2, PROC2_MODE_BASED_EXECUTE_CONTROL);

	if (mode == MBEC_ON && !have) {
		pr_err("mbec=on, but this CPU has no mode-based execute control (MBEC)");
		return -EOPNOTSUPP;
	}
	vm->mbec = have && mode != MBEC_OFF;
	vm->ept_adv_info = vmx_caps.ept_vpid & EPT_CAP_ADV_EXIT_INFO;
	if (vm->mbec)
		pr_info("MBEC on: EPT bit 2 allows supervisor-mode execution, bit 10 user-mode");
	else
		pr_info("MBEC off (%s): EPT bit 2 alone allows execution",
			have ? "mbec=off" : "not offered by this CPU");
	return 0;
}

int vm_init(struct vm *vm, const struct boot_info *bi)
{
	struct ept_format fmt;
	int err;

	vm->guest_mem = bi->mem;
	vm->test_hypercalls = bi->cfg.test_hypercalls;
	collect_hv_ranges(vm);
	err = choose_mbec(vm, bi->cfg.mbec);
	if (err)
		return err;
	ept_format_init(&fmt, vm->mbec, vmx_caps.ept_vpid & EPT_CAP_PAGE_2M,
			vmx_caps.ept_vpid & EPT_CAP_PAGE_1G);
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
	pr_info("EPT: identity map up to 0x%llx in %llu tables (%s pages), hv memory unmapped",
		(unsigned long long)ALIGN_UP(MAX(memmap_top(&vm->guest_mem), SZ_4G), SZ_1G),
		(unsigned long long)vm->ept.table_pages,
		fmt.page_1g ? "1 GiB/2 MiB/4 KiB" : fmt.page_2m ? "2 MiB/4 KiB" : "4 KiB");
	return 0;
}
