// SPDX-License-Identifier: MIT
/*
 * Bringing the application processors into hv (see smp.h). One AP at a time:
 * the boot CPU fills the trampoline's parameter block, sends INIT, waits
 * 10 ms, sends a start-up IPI (and a second one if the AP has not arrived
 * after 200 us), then waits for the AP to say it is in C on its own stack
 * (Intel SDM Vol. 3A, 10.4.4.1 "Typical BSP Initialization Sequence").
 */
#include "vmm/smp.h"
#include "arch/x86/acpi.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/lapic.h"
#include "arch/x86/msr.h"
#include "arch/x86/percpu.h"
#include "arch/x86/regs.h"
#include "arch/x86/tsc.h"
#include "arch/x86/vmx_caps.h"
#include "arch/x86/vmx_cpu.h"
#include "arch/x86/vmx_features.h"
#include "guest/linux_boot.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "mm/pmm.h"
#include "vmm/ept_sync.h"
#include "vmm/log.h"
#include "vmm/stats.h"
#include "vmm/vcpu_reset.h"
#include "vmm/vcpu_run.h"
#include "vmm/vm.h"

#define TRAMPOLINE_LIMIT 0x100000ULL
#define TRAMPOLINE_PARAMS 0xf00
#define AP_STACK_SIZE (32 * 1024)
#define GDT_CODE32 0x00cf9a000000ffffULL
#define GDT_DATA32 0x00cf92000000ffffULL
#define GDT_CODE64 0x00af9a000000ffffULL

/* The parameter block at trampoline + 0xF00; offsets match ap_trampoline.asm's TP_*. */
struct trampoline_params {
	u64 gdt[4];
	u16 gdt_limit;
	u32 gdt_base;
	u16 pad0;
	u32 pm32_offset;
	u16 pm32_selector;
	u16 pad1;
	u32 lm64_offset;
	u16 lm64_selector;
	u16 pad2;
	u32 cr3;
	u32 counter; /* the next free slot; APs take it with LOCK XADD */
	u64 slots;   /* struct ap_slot[max] */
	u64 max;
	u64 entry;
} __packed;
static_assert(__builtin_offsetof(struct trampoline_params, gdt_limit) == 0x20, "TP_GDTR");
static_assert(__builtin_offsetof(struct trampoline_params, pm32_offset) == 0x28, "TP_PM32");
static_assert(__builtin_offsetof(struct trampoline_params, lm64_offset) == 0x30, "TP_LM64");
static_assert(__builtin_offsetof(struct trampoline_params, cr3) == 0x38, "TP_CR3");
static_assert(__builtin_offsetof(struct trampoline_params, counter) == 0x3c, "TP_COUNTER");
static_assert(__builtin_offsetof(struct trampoline_params, slots) == 0x40, "TP_SLOTS");
static_assert(__builtin_offsetof(struct trampoline_params, max) == 0x48, "TP_MAX");
static_assert(__builtin_offsetof(struct trampoline_params, entry) == 0x50, "TP_ENTRY");

extern const u8 ap_trampoline_start[], ap_trampoline_end[];
extern const u8 ap_trampoline_pm32[], ap_trampoline_lm64[];

/* What one arriving AP gets: its stack and the argument of ap_main(). */
struct ap_slot {
	u64 stack;
	u64 arg;
};
static_assert(sizeof(struct ap_slot) == 16, "the trampoline indexes slots by << 4");

#define BROADCAST_APS_MAX 15 /* APs started without a MADT (see start_aps_broadcast) */

struct ap_boot {
	struct pcpu pcpu;
	struct vcpu vcpu;
	struct cpu_desc *desc;
	struct vm *vm;
	volatile u32 arrived; /* the AP runs C code on its own stack */
	volatile u32 ready;   /* its vCPU is set up and about to launch (or it failed, or parked) */
	volatile u32 parked;  /* in VMX root without a vCPU (!vm->ap_vcpus) */
	volatile s32 error;   /* set: it halts outside VMX operation (see smp_uncontained()) */
};

static hpa_t trampoline;
static u32 online_ids[HV_CPUS_MAX]; /* CPUs whose vCPU the guest may start */
static u32 online_count;
static u32 parked_count;            /* APs in hv without a vCPU */
static u32 outside_count;           /* APs that ran hv's code but could not enter VMX */

/* Remember a CPU whose vCPU the guest may start (the boot CPU first). */
static void note_online(u32 apic_id)
{
	if (online_count < HV_CPUS_MAX)
		online_ids[online_count++] = apic_id;
}

/* Count an AP that entered hv: parked, or with a vCPU the guest may start. */
static void note_ap(const struct ap_boot *ab)
{
	if (ab->parked)
		parked_count++;
	else
		note_online(ab->pcpu.apic_id);
}

u32 smp_apic_ids(u32 *ids, u32 max)
{
	u32 n = MIN(online_count, max);

	memcpy(ids, online_ids, n * sizeof(*ids));
	return n;
}

int smp_reserve_trampoline(struct boot_info *bi)
{
	trampoline = memmap_find_free(&bi->mem, PAGE_SIZE, PAGE_SIZE, TRAMPOLINE_LIMIT);
	if (!trampoline || trampoline < PAGE_SIZE)
		return -ENOMEM;
	/*
	 * Reserved, not hidden: once the APs are in hv the page holds nothing of
	 * hv's (smp_start_aps() clears it), and guests scan low memory for
	 * firmware tables with every kind of instruction (Linux looks for iBFT
	 * in 0x80000-0xFFFFF), so it stays mapped like any reserved range.
	 */
	return memmap_set_type(&bi->mem, trampoline, PAGE_SIZE, MEM_RESERVED);
}

static void udelay(u64 us)
{
	u64 end = rdtsc() + tsc_hz() / 1000000 * us;

	while (rdtsc() < end)
		cpu_relax();
}

static bool wait_for(volatile u32 *flag, u64 us)
{
	u64 end = rdtsc() + tsc_hz() / 1000000 * us;

	while (!*flag && rdtsc() < end)
		cpu_relax();
	return *flag;
}

/*
 * An AP without a vCPU (no wait-for-SIPI activity state, or smp=off) stays
 * in VMX root operation, interrupts off, halted. That is why it entered VMX
 * at all: in VMX root operation INIT is blocked (Intel SDM Vol. 3C, 24.8
 * "Restrictions on VMX Operation"), and a processor acts on a SIPI only in
 * the wait-for-SIPI state, which only INIT puts it in (Vol. 3A, 10.4.2 "MP
 * Initialization Protocol Requirements and Restrictions"). So the guest's
 * INIT-SIPI-SIPI cannot start this CPU at code of its choosing outside EPT,
 * where it could read and write hv's memory; halted outside VMX it could.
 * An NMI (the guest's, or the platform's) runs hv's handler, which only
 * counts it (arch/x86/exceptions.c); its IRET restores IF = 0 and returns
 * into cpu_park()'s loop, which halts again: nothing leads out of it.
 */
static __noreturn void park_in_vmx_root(struct ap_boot *ab)
{
	pr_info("cpu%u (APIC ID %u) in VMX root operation, parked with interrupts off (no vCPU)",
		ab->pcpu.id, ab->pcpu.apic_id);
	ab->parked = 1;
	ab->ready = 1;
	cpu_park();
}

/* The AP's first C code: hv's tables, VMX on, vCPU waiting for a SIPI (or parked). */
static __noreturn void ap_main(struct ap_boot *ab)
{
	char msg[160];

	ab->arrived = 1;
	desc_load(ab->desc);
	pcpu_install(&ab->pcpu);
	ab->pcpu.apic_id = lapic_id();
	if (cpuid(1).ecx & CPUID_1_ECX_XSAVE)
		write_cr4(read_cr4() | CR4_OSXSAVE);
	ab->error = vmx_enable_feature_control(msg, sizeof(msg));
	if (ab->error)
		pr_err("cpu%u: %s", ab->pcpu.id, msg);
	else
		ab->error = vmx_cpu_enable(pmm_alloc_page);
	if (ab->error == -ENODEV) { /* differs from the boot CPU, but in VMX root: contained */
		ab->error = 0;
		park_in_vmx_root(ab);
	}
	if (ab->error) {
		ab->ready = 1;
		cpu_park();
	}
	if (!ab->vm->ap_vcpus)
		park_in_vmx_root(ab);
	vcpu_setup_ap(&ab->vcpu, ab->vm);
	stats_register(&ab->vcpu);
	ept_sync_add_vcpu(ab->vm, &ab->vcpu);
	ab->ready = 1;
	vcpu_run(&ab->vcpu);
	pr_err("guest stopped on cpu%u; CPU parked", ab->pcpu.id);
	cpu_park();
}

static void fill_params(struct ap_slot *slots, u32 count)
{
	struct trampoline_params *p = (void *)(uintptr_t)(trampoline + TRAMPOLINE_PARAMS);
	u32 base = (u32)trampoline;

	memcpy((void *)(uintptr_t)trampoline, ap_trampoline_start,
	       (size_t)(ap_trampoline_end - ap_trampoline_start));
	*p = (struct trampoline_params){
		.gdt = { 0, GDT_CODE32, GDT_DATA32, GDT_CODE64 },
		.gdt_limit = sizeof(p->gdt) - 1,
		.gdt_base = base + TRAMPOLINE_PARAMS,
		.pm32_offset = base + (u32)(ap_trampoline_pm32 - ap_trampoline_start),
		.pm32_selector = 0x08,
		.lm64_offset = base + (u32)(ap_trampoline_lm64 - ap_trampoline_start),
		.lm64_selector = 0x18,
		.cr3 = (u32)read_cr3(),
		.counter = 0,
		.slots = (u64)(uintptr_t)slots,
		.max = count,
		.entry = (u64)(uintptr_t)ap_main,
	};
}

static struct ap_slot slot_of(struct ap_boot *ab)
{
	return (struct ap_slot){ ab->pcpu.stack_top, (u64)(uintptr_t)ab };
}

static struct ap_boot *alloc_ap(struct vm *vm, u32 id, u32 apic_id)
{
	struct ap_boot *ab = pmm_alloc_pages(ALIGN_UP(sizeof(*ab), PAGE_SIZE) / PAGE_SIZE, PAGE_SIZE);
	void *stack = pmm_alloc_pages(AP_STACK_SIZE / PAGE_SIZE, PAGE_SIZE);

	if (!ab || !stack)
		return NULL;
	ab->desc = pmm_alloc_pages(ALIGN_UP(sizeof(*ab->desc), PAGE_SIZE) / PAGE_SIZE, PAGE_SIZE);
	if (!ab->desc)
		return NULL;
	ab->vm = vm;
	ab->pcpu.self = &ab->pcpu;
	ab->pcpu.id = id;
	ab->pcpu.apic_id = apic_id;
	ab->pcpu.stack_top = (hva_t)(uintptr_t)stack + AP_STACK_SIZE;
	ab->vcpu.id = id;
	return ab;
}

/* INIT-SIPI-SIPI to one AP; true when it arrived and set up its vCPU. */
static bool start_ap(struct ap_boot *ab)
{
	static struct ap_slot slot;
	u8 vector = (u8)(trampoline >> 12);

	slot = slot_of(ab);
	fill_params(&slot, 1);
	lapic_send_init(ab->pcpu.apic_id);
	udelay(10000);
	lapic_send_sipi(ab->pcpu.apic_id, vector);
	if (!wait_for(&ab->arrived, 200)) {
		lapic_send_sipi(ab->pcpu.apic_id, vector);
		wait_for(&ab->arrived, 100000);
	}
	if (!ab->arrived) {
		pr_err("cpu%u (APIC ID %u) did not start", ab->pcpu.id, ab->pcpu.apic_id);
		return false;
	}
	if (!wait_for(&ab->ready, 1000000) || ab->error) {
		pr_err("cpu%u (APIC ID %u) could not enter VMX operation (error %d)", ab->pcpu.id,
		       ab->pcpu.apic_id, ab->error);
		outside_count++;
		return false;
	}
	return true;
}

/*
 * Without a MADT (Debian's OVMF under Bochs publishes no ACPI tables) hv
 * cannot name the APs, but it must not leave any outside VMX, where a guest
 * could start one and reach hv's memory. So it starts whatever answers an
 * INIT-SIPI-SIPI broadcast to all but itself; the APs take slots in arrival
 * order. The guest cannot see these CPUs either (no MADT), so they wait for
 * a SIPI forever, inside hv.
 */
static u32 start_aps_broadcast(struct vm *vm)
{
	static struct ap_slot slots[BROADCAST_APS_MAX];
	static struct ap_boot *aps[BROADCAST_APS_MAX];
	u8 vector = (u8)(trampoline >> 12);
	volatile struct trampoline_params *p;
	u32 n = 0, online = 1;

	for (; n < BROADCAST_APS_MAX; n++) {
		aps[n] = alloc_ap(vm, n + 1, ~0u);
		if (!aps[n])
			break;
		slots[n] = slot_of(aps[n]);
	}
	fill_params(slots, n);
	p = (void *)(uintptr_t)(trampoline + TRAMPOLINE_PARAMS);
	lapic_broadcast_init();
	udelay(10000);
	lapic_broadcast_sipi(vector);
	udelay(200);
	lapic_broadcast_sipi(vector);
	udelay(100000);
	for (u32 i = 0; i < MIN(p->counter, n); i++) {
		if (wait_for(&aps[i]->ready, 1000000) && !aps[i]->error) {
			online++;
			note_ap(aps[i]);
		}
		else {
			pr_err("cpu%u could not enter VMX operation", i + 1);
			outside_count++;
		}
	}
	if (p->counter > n) {
		pr_err("%u more CPUs answered than hv has room for: they halt outside VMX",
		       p->counter - n);
		outside_count += p->counter - n;
	}
	return online;
}

u32 smp_start_aps(struct vm *vm, const struct boot_info *bi)
{
	static struct acpi_cpus cpus;
	u8 rsdp[36];
	size_t rsdp_len = vm_rsdp(bi, rsdp);
	u32 online = 1, bsp;
	char err[96];

	lapic_init();
	bsp = lapic_id();
	note_online(bsp);
	if (!trampoline) {
		pr_warn("only the boot CPU runs hv: no trampoline page below 1 MiB");
		return 1;
	}
	if (acpi_find_cpus(rsdp, rsdp_len, vm_read_phys, NULL, &cpus, err, sizeof(err))) {
		online = start_aps_broadcast(vm);
		memset((void *)(uintptr_t)trampoline, 0, PAGE_SIZE);
		pr_info("%s: %u CPUs run hv, found by an INIT-SIPI broadcast", err, online);
		return online;
	}
	for (u32 i = 0; i < cpus.count; i++) {
		struct ap_boot *ab;

		if (cpus.apic_id[i] == bsp)
			continue;
		ab = alloc_ap(vm, online, cpus.apic_id[i]);
		if (!ab) {
			pr_err("out of hv memory for cpu%u", online);
			break;
		}
		if (start_ap(ab)) {
			online++;
			note_ap(ab);
		}
	}
	memset((void *)(uintptr_t)trampoline, 0, PAGE_SIZE); /* no hv addresses left behind */
	pr_info("%u of %u CPUs run hv (trampoline at 0x%llx)", online, cpus.count,
		(unsigned long long)trampoline);
	return online;
}

void smp_limit_guest(const struct vm *vm, struct hv_config *cfg)
{
	const char *why = vmx_features.wait_sipi_state ? "smp=off" : "no wait-for-SIPI activity state";
	int added;

	if (vm->ap_vcpus)
		return;
	added = linux_cmdline_add(cfg->cmdline, sizeof(cfg->cmdline), "nosmp");
	if (added < 0) {
		pr_err("SMP: only the boot CPU runs the guest (%s); %u AP%s parked in VMX root; no room "
		       "for 'nosmp' on the guest command line (%u bytes at most): the guest may wait "
		       "for CPUs that never start",
		       why, parked_count, parked_count == 1 ? "" : "s",
		       (unsigned int)sizeof(cfg->cmdline) - 1);
		return;
	}
	pr_info("SMP: only the boot CPU runs the guest (%s); %u AP%s parked in VMX root; 'nosmp' %s "
		"the guest command line",
		why, parked_count, parked_count == 1 ? "" : "s", added ? "added to" : "already on");
}

u32 smp_uncontained(void)
{
	return outside_count;
}
