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
#include "vmm/exit.h"
#include "vmm/log.h"

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

int vm_init(struct vm *vm, const struct boot_info *bi)
{
	struct ept_format fmt;
	int err;

	vm->guest_mem = bi->mem;
	collect_hv_ranges(vm);
	ept_format_init(&fmt, false, vmx_caps.ept_vpid & EPT_CAP_PAGE_2M,
			vmx_caps.ept_vpid & EPT_CAP_PAGE_1G);
	err = ept_init(&vm->ept, &fmt, pmm_alloc_page_ctx, NULL, NULL);
	if (!err)
		err = build_ept(vm);
	if (err) {
		pr_err("cannot build the EPT: error %d", err);
		return err;
	}
	exit_msr_bitmap_init(vm);
	pr_info("EPT: identity map up to 0x%llx in %llu tables (%s pages), hv memory unmapped",
		(unsigned long long)ALIGN_UP(MAX(memmap_top(&vm->guest_mem), SZ_4G), SZ_1G),
		(unsigned long long)vm->ept.table_pages,
		fmt.page_1g ? "1 GiB/2 MiB/4 KiB" : fmt.page_2m ? "2 MiB/4 KiB" : "4 KiB");
	return 0;
}
