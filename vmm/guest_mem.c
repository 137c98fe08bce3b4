// SPDX-License-Identifier: MIT
/*
 * Guest memory reached through the guest's page tables (vmm/guest_mem.h).
 * Page-table reads and the RAM checks are the same for every user, so a
 * hypercall buffer and an emulated MMIO operand are held to the same rules.
 */
#include "vmm/guest_mem.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "vmm/mmio_registry.h"

#define LOW_MEMORY_END 0x100000ULL

/*
 * gpa is not in an emulated MMIO region. hv memory is MEM_HV and the test
 * device lies outside the map, so only an mmio_trace range can be both
 * RAM-typed and emulated: search the registry just then (this runs for every
 * guest page-table read).
 */
static bool is_untraced(const struct vm *vm, gpa_t gpa)
{
	return !vm->traced_ranges || mmio_find(&vm->mmio, gpa) < 0;
}

bool guest_mem_is_readable(const struct vm *vm, gpa_t gpa)
{
	u32 type = memmap_type_at_sorted(&vm->guest_mem, gpa);
	bool ram = memmap_is_ram(type) || (type == MEM_RESERVED && gpa < LOW_MEMORY_END);

	return ram && is_untraced(vm, gpa);
}

static int read_guest(void *opaque, gpa_t gpa, void *buf, size_t n)
{
	const struct vm *vm = opaque;

	if (!n || !guest_mem_is_readable(vm, gpa) || !guest_mem_is_readable(vm, gpa + n - 1))
		return -EFAULT;
	memcpy(buf, (const void *)(uintptr_t)gpa, n); /* identity map: hva == gpa */
	return 0;
}

static int read_guest_u64(void *opaque, gpa_t gpa, u64 *value, unsigned int size)
{
	*value = 0;
	return read_guest(opaque, gpa, value, size);
}

void guest_mem_walk_context(struct vcpu *v, struct guest_walk_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->cr0 = vcpu_guest_cr0();
	c->cr3 = vmcs_read(VMCS_GUEST_CR3);
	c->cr4 = vmcs_read(VMCS_GUEST_CR4);
	c->efer = vmcs_read(VMCS_GUEST_EFER);
	c->rflags_ac = vmcs_read(VMCS_GUEST_RFLAGS) & RFLAGS_AC;
	c->pdptes_valid = !(c->efer & EFER_LMA);
	for (int i = 0; i < 4; i++)
		c->pdpte[i] = vmcs_read(VMCS_GUEST_PDPTE0 + 2 * i);
	c->read_gpa = read_guest_u64;
	c->read_bytes = read_guest;
	c->opaque = v->vm;
	c->maxphyaddr = v->vm->maxphyaddr; /* the guest's: CPUID passes it through */
}

/* gpa is guest RAM hv may write for the guest (no BIOS area, no traced range). */
static bool is_writable(const struct vm *vm, gpa_t gpa)
{
	return memmap_is_ram(memmap_type_at_sorted(&vm->guest_mem, gpa)) && is_untraced(vm, gpa);
}

/*
 * Where the len bytes at va (within one page) are, when the guest may write
 * them now at its CPL; ~0 when it may not.
 */
static gpa_t writable_gpa(struct vcpu *v, const struct guest_walk_ctx *c, gva_t va, size_t len)
{
	unsigned int access = WALK_WRITE | (vcpu_cpl() == 3 ? WALK_USER : 0);
	struct guest_walk_result r;

	if (guest_walk(c, va, access, &r) || !is_writable(v->vm, r.gpa) ||
	    !is_writable(v->vm, r.gpa + len - 1))
		return ~0ULL;
	return r.gpa;
}

s64 guest_mem_fill_linear(struct vcpu *v, gva_t va, size_t n,
			  size_t (*fill)(void *opaque, char *dst, size_t len), void *opaque)
{
	struct guest_walk_ctx c;
	size_t done = 0;

	guest_mem_walk_context(v, &c);
	while (done < n) {
		gva_t at = va + done;
		size_t len = MIN(n - done, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		gpa_t gpa = writable_gpa(v, &c, at, len);
		size_t wrote;

		if (gpa == ~0ULL)
			return done ? (s64)done : -EFAULT;
		wrote = fill(opaque, (char *)(uintptr_t)gpa, len);
		done += wrote;
		if (wrote < len)
			break;
	}
	return (s64)done;
}
