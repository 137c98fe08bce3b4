/* SPDX-License-Identifier: MIT */
/*
 * The VM (one guest OS, identity-mapped) and its virtual CPUs: register
 * block, VMCS, exit counters, and the helpers exit handlers share
 * (advancing RIP, injecting exceptions, stopping the guest).
 */
#ifndef HV_VMM_VCPU_H
#define HV_VMM_VCPU_H

#include "lib/types.h"
#include "arch/x86/spinlock.h"
#include "mm/ept.h"
#include "mm/memmap.h"
#include "vmm/mmio_registry.h"
#include "arch/x86/vmx_ops.h"
#include "guest/linux_boot.h"

/* Guest general registers, indexed by register number (SDM Vol. 2A, Table 2-2). */
enum guest_reg {
	REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	GUEST_REG_COUNT
};

/* vmx_entry.asm addresses the block as gpr[number] (8 bytes each). */
struct guest_regs {
	u64 gpr[GUEST_REG_COUNT];
};
static_assert(sizeof(struct guest_regs) == 16 * 8, "vmx_entry.asm layout");

/* CPUs hv runs on, the boot CPU included (vmm/smp.c). */
#define HV_CPUS_MAX 64

#define HV_RANGES_MAX 4

/* A guest page the test interface gave reduced EPT rights (HC_EPT_WATCH). */
struct ept_watch {
	bool armed;
	gpa_t gpa;
	u8 memtype;        /* restored with full rights */
	u64 violations;
	u64 last_qualification;
	gpa_t last_gpa;
};

struct testdev;
struct vcpu;

struct vm {
	struct ept ept;
	spinlock_t ept_lock;     /* taken for every change of the EPT or the MMIO registry (vmm/ept_sync.c) */
	volatile u64 ept_gen;    /* bumped by each vm_ept_flush() */
	struct vcpu *vcpus[HV_CPUS_MAX]; /* every vCPU set up (ept_sync_add_vcpu()), for vm_ept_flush() */
	volatile u32 vcpu_count;
	bool virtual_nmis;       /* pin-based "virtual NMIs": NMI-window exits are available */
	struct memmap guest_mem; /* the machine's map as the guest sees it (hv = MEM_HV) */
	u64 ept_top;             /* the EPT maps [0, ept_top): max(top of the map, 4 GiB), 1 GiB aligned */
	u8 *msr_bitmap;          /* 4 KiB, SDM Vol. 3C, 25.6.9 "MSR-Bitmap Address" */
	u8 *io_bitmap_a, *io_bitmap_b; /* ports 0-0x7fff, 0x8000-0xffff (25.6.4) */
	struct mem_range hv_ranges[HV_RANGES_MAX]; /* hv memory, never mapped */
	u32 hv_range_count;
	unsigned int maxphyaddr; /* CPUID.80000008H:EAX[7:0], read once (the guest sees the same) */
	bool mbec;               /* EPT bit 10 is XU (secondary control bit 22 on) */
	bool ept_adv_info;       /* EPT-violation qualification bits 9-11 reported */
	bool vpid;               /* guest translations tagged with VCPU_GUEST_VPID */
	bool hlt_exiting;        /* HLT exits and resumes in the HLT activity state (vmm/exit_misc.c) */
	bool ap_vcpus;           /* APs run vCPUs waiting for the guest's SIPI; else they park in hv */
	bool test_hypercalls;    /* hv's test interface is on */
	struct mmio_registry mmio;
	u32 traced_ranges;       /* mmio_trace= regions among them */
	struct testdev *testdev; /* NULL unless the test interface is on */
	int testdev_index;
	struct ept_watch watch;
	u64 hv_reads, hv_writes; /* guest accesses to hv memory (emulated) */
	u16 pm1a_control_port;   /* ACPI PM1a control (FADT), 0 if unknown: power-off is logged */
};

/* Decoded basic exit information, read once per exit. */
struct vm_exit {
	u32 reason;        /* basic exit reason */
	u64 qualification;
	u64 guest_rip;
	u32 instruction_len; /* 0 where the SDM leaves it undefined (arch/x86/vmx_exit_info.h) */
};

struct vcpu {
	struct guest_regs regs; /* first: vmx_enter() gets &vcpu->regs */
	struct vm *vm;
	u32 id;
	hpa_t vmcs;
	bool launched;
	struct vm_exit exit;
	u64 exit_counts[EXIT_REASON_MAX];
	u64 exits_total;
	bool sipi_fresh;  /* started by a SIPI and no other exit since (vmm/exit_init.c) */
	u8 sipi_vector;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1; /* as applied to this guest */
	bool stop;        /* a helper found this exit unusable: stop after its handler */
	u32 apic_id;      /* of the CPU this vCPU runs on (vm_ept_flush() signals it) */
	/* vm_ept_flush() on another CPU asks this one to INVEPT (vmm/ept_sync.c). */
	volatile u32 flush_req;      /* requests sent, each followed by an NMI */
	volatile u32 flush_seen;     /* requests served */
	volatile u64 flush_done_gen; /* vm->ept_gen as of this CPU's latest INVEPT */
	volatile bool waiting_sipi;  /* in the wait-for-SIPI state: runs no guest code until a SIPI */
};

/*
 * The guest's VPID (Intel SDM Vol. 3C, 29.1 "Virtual Processor Identifiers
 * (VPIDs)"), the same on every CPU: TLBs are per logical processor and hv
 * pins each vCPU to its CPU, so one nonzero tag separates the guest's
 * translations from hv's (VPID 0) everywhere; per-vCPU VPIDs would only
 * matter if vCPUs moved between CPUs or several guests shared one.
 */
#define VCPU_GUEST_VPID 1

/* Result of an exit handler. */
enum exit_action { EXIT_RESUME, EXIT_STOP };


/*
 * Build the VMCS of v for the guest described by `entry`, on this CPU (VMXON
 * done). Panics on VMX instruction failure (a bug).
 */
void vcpu_setup(struct vcpu *v, struct vm *vm, const struct guest_entry *entry);

/*
 * Allocate and load v's VMCS on this CPU and fill everything but the guest
 * state proper: controls, CR masks and shadows from entry, host state
 * (vcpu_setup() and vmm/vcpu_reset.c's vcpu_setup_ap()).
 */
void vcpu_setup_vmcs(struct vcpu *v, struct vm *vm, const struct guest_entry *entry);

/*
 * Advance guest RIP past the exiting instruction and drop STI/MOV-SS
 * blocking. The length is v->exit.instruction_len; when it is not 1-15 (the
 * exit does not define it, or a nested hypervisor left it unset) RIP stays,
 * one line says why and the guest stops after the handler (v->stop).
 */
void vcpu_skip_instruction(struct vcpu *v);

/*
 * Invalidate the guest's cached linear translations on this CPU, as the CPU
 * would have for an operation hv emulates (vmm/exit_cr.c, INIT). Nothing to
 * do without VPID: every VM entry and exit flushes them then.
 */
void vcpu_flush_tlb(struct vcpu *v);

/* Inject hardware exception `vector` (with error code when has_error) at the next entry. */
void vcpu_inject_exception(struct vcpu *v, u8 vector, bool has_error, u32 error);

/*
 * CR0/CR4 as the guest sees them: hv-owned bits (guest/host mask) from the
 * read shadow, all others from the VMCS guest field.
 */
u64 vcpu_guest_cr0(void);
u64 vcpu_guest_cr4(void);

/* Guest CPL from SS.DPL (SDM Vol. 3C, 27.3.1.2: SS.DPL is the CPL). */
u32 vcpu_cpl(void);

/* Report a stop: one line with the reason, exit, qualification and RIP. */
void vcpu_report_stop(struct vcpu *v, const char *why);

#endif
