// SPDX-License-Identifier: MIT
/*
 * hv_main(): the one entry after either boot path, and the ordered start-up
 * of the hypervisor. From here on hv never calls firmware: it runs on its
 * own stack, GDT/IDT and page tables, in memory the guest cannot reach.
 */
#include "vmm/boot_info.h"
#include "arch/x86/chipset.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/exceptions.h"
#include "arch/x86/msr.h"
#include "arch/x86/percpu.h"
#include "arch/x86/regs.h"
#include "arch/x86/tsc.h"
#include "arch/x86/vmx_cpu.h"
#include "guest/linux_boot.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "vmm/ept_sync.h"
#include "vmm/log.h"
#include "vmm/mmio.h"
#include "vmm/smp.h"
#include "vmm/stats.h"
#include "vmm/vcpu_run.h"
#include "vmm/vm.h"

#define HV_STACK_SIZE (64 * 1024)
#define HV_VERSION "0.1"
#define LAPIC_DEFAULT_BASE 0xfee00000ULL  /* SDM Vol. 3A, 12.4.1 "The Local APIC Block Diagram" */
#define IOAPIC_DEFAULT_BASE 0xfec00000ULL /* the PC's first I/O APIC */
#define ACPI_SCI_IRQ 9                    /* the PIIX4's and ICH9's SCI */

static struct pcpu boot_pcpu;
static struct vm the_vm;
static struct vcpu boot_vcpu;

static const char *const loader_names[] = {
	[BOOT_LOADER_UEFI] = "UEFI", [BOOT_LOADER_MULTIBOOT2] = "Multiboot2",
};

static __noreturn void stop(const char *why)
{
	pr_err("guest stopped: %s; CPU parked", why);
	cpu_park();
}

/* Per-CPU state, descriptor tables, page tables of the boot CPU. */
static void cpu_init(const struct boot_info *bi)
{
	struct cpu_desc *desc = pmm_alloc_pages(ALIGN_UP(sizeof(*desc), PAGE_SIZE) / PAGE_SIZE,
						PAGE_SIZE);
	hpa_t cr3;

	if (!desc)
		stop("out of hv memory for descriptor tables");
	desc_load(desc);
	boot_pcpu.id = 0;
	pcpu_install(&boot_pcpu);
	cr3 = paging_build_identity(MAX(memmap_top(&bi->mem), SZ_4G));
	if (!cr3)
		stop("out of hv memory for page tables");
	write_cr3(cr3);
	if (cpuid(1).ecx & CPUID_1_ECX_XSAVE)
		write_cr4(read_cr4() | CR4_OSXSAVE); /* XSETBV on the guest's behalf */
}

static void report_memory(const struct boot_info *bi)
{
	pr_info("hv image 0x%llx-0x%llx, heap 0x%llx-0x%llx (%llu MiB), hidden from the guest",
		(unsigned long long)bi->image_base,
		(unsigned long long)(bi->image_base + bi->image_size),
		(unsigned long long)bi->heap_base,
		(unsigned long long)(bi->heap_base + bi->heap_size),
		(unsigned long long)(bi->heap_size >> 20));
	for (u32 i = 0; i < bi->mem.count; i++)
		pr_debug("  mem 0x%016llx-0x%016llx type %u",
			 (unsigned long long)bi->mem.r[i].base,
			 (unsigned long long)(bi->mem.r[i].base + bi->mem.r[i].size),
			 bi->mem.r[i].type);
}

/*
 * What hv knows of the machine, for guests whose firmware published no ACPI
 * tables (guest/acpi_tables.h): the CPUs it runs, the usual APIC addresses,
 * the chipset's power-management block.
 */
static void describe_machine(struct acpi_machine *m)
{
	m->cpu_count = smp_apic_ids(m->apic_id, ACPI_SYNTH_CPUS_MAX);
	m->lapic_base = LAPIC_DEFAULT_BASE;
	m->ioapic_base = IOAPIC_DEFAULT_BASE;
	m->ioapic_id = chipset_ioapic_id(IOAPIC_DEFAULT_BASE);
	m->pm_base = chipset_acpi_pm_base();
	m->sci_irq = ACPI_SCI_IRQ;
}

static __noreturn void hv_start(struct boot_info *bi)
{
	static struct acpi_machine machine;
	struct linux_boot_src src;
	struct guest_entry entry;
	char err[200];
	u32 outside;

	/* 1. Say who started hv (log_init() calibrated the clock). */
	pr_info("hv %s started by %s, TSC %llu MHz, log level %s", HV_VERSION,
		bi->loader < ARRAY_SIZE(loader_names) ? loader_names[bi->loader] : "?",
		(unsigned long long)(tsc_hz() / 1000000), log_level_name(bi->cfg.log));
	report_memory(bi);
	/* 2. This CPU: hv's own GDT/TSS/IDT, per-CPU state, identity page tables. */
	cpu_init(bi);
	exceptions_set_nmi_hook(ept_sync_nmi); /* hv's EPT flush requests (vmm/ept_sync.h) */
	/* 3. VMX root operation. */
	if (vmx_cpu_enable(pmm_alloc_page))
		stop("cannot enter VMX operation");
	/* 4. The VM: EPT without hv memory (nor the AP trampoline), MSR bitmap. */
	if (smp_reserve_trampoline(bi))
		pr_warn("no free page below 1 MiB for the AP trampoline");
	if (vm_init(&the_vm, bi))
		stop("cannot set up the VM");
	/* 5. The other CPUs: into hv, their vCPUs waiting for the guest's SIPI (or parked). */
	smp_start_aps(&the_vm, bi);
	outside = smp_uncontained();
	if (outside) {
		pr_err("%u CPU%s outside VMX operation: the guest could start %s outside hv's "
		       "protection and reach hv's memory",
		       outside, outside == 1 ? " is" : "s are", outside == 1 ? "it" : "them");
		stop("not starting the guest with an uncontained CPU");
	}
	smp_limit_guest(&the_vm, &bi->cfg);
	/* 6. The guest OS, loaded with the Linux boot protocol. */
	describe_machine(&machine);
	src = boot_info_guest(bi);
	if (linux_boot_prepare(&the_vm.guest_mem, &src, &machine, &entry, err, sizeof(err))) {
		pr_err("cannot load the guest: %s", err);
		stop("no guest to run");
	}
	pr_info("guest %s: entry 0x%llx, zero page 0x%llx, command line '%s'", bi->kernel.name,
		(unsigned long long)entry.rip, (unsigned long long)entry.rsi, bi->cfg.cmdline);
	/* 7. The boot CPU's vCPU, run until it stops. */
	vcpu_setup(&boot_vcpu, &the_vm, &entry);
	stats_register(&boot_vcpu);
	ept_sync_add_vcpu(&the_vm, &boot_vcpu);
	pr_info("launching the guest (hv uses %llu KiB of its %llu MiB)",
		(unsigned long long)(pmm_used_bytes() >> 10),
		(unsigned long long)(pmm_total_bytes() >> 20));
	vcpu_run(&boot_vcpu);
	mmio_report(&the_vm);
	stop("the guest cannot continue");
}

void hv_main(struct boot_info *bi)
{
	void *stack;

	irq_disable();
	log_init();
	log_set_level(bi->cfg.log);
	pmm_init(bi->heap_base, bi->heap_size);
	stack = pmm_alloc_pages(HV_STACK_SIZE / PAGE_SIZE, PAGE_SIZE);
	if (!stack)
		stop("out of hv memory for the stack");
	boot_pcpu.stack_top = (hva_t)(uintptr_t)stack + HV_STACK_SIZE;
	/* Leave the firmware's (or boot loader's) stack for hv's own. */
	asm volatile("mov %0, %%rsp\n\t"
		     "xor %%ebp, %%ebp\n\t"
		     "call *%2"
		     :
		     : "r"(boot_pcpu.stack_top), "D"(bi), "r"(hv_start)
		     : "memory");
	__builtin_unreachable();
}
