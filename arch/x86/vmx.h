/* SPDX-License-Identifier: MIT */
/*
 * VMX definitions: VMCS field encodings (one enum, in the order of Intel SDM
 * Vol. 3D, Appendix B "Field Encoding in VMCS", grouped by width), control
 * bits (SDM Vol. 3C, 25.6 "VM-Execution Control Fields", 25.7 "VM-Exit
 * Control Fields", 25.8 "VM-Entry Control Fields"), basic exit reasons
 * (Vol. 3D, Appendix C "VMX Basic Exit Reasons"), segment access rights,
 * and the wrappers for the VMX instructions (Vol. 3C, Chapter 32 "VMX
 * Instruction Reference") that report failure to the caller. Definitions
 * only; arch/x86/vmx_ops.h has the run-time operations that treat a failure
 * as a bug.
 */
#ifndef HV_ARCH_X86_VMX_H
#define HV_ARCH_X86_VMX_H

#include "lib/types.h"

enum vmcs_field {
	/* 16-bit control fields (B.1.1) */
	VMCS_VPID = 0x00000000,
	/* 16-bit guest-state fields (B.1.2) */
	VMCS_GUEST_ES_SEL = 0x00000800,
	VMCS_GUEST_CS_SEL = 0x00000802,
	VMCS_GUEST_SS_SEL = 0x00000804,
	VMCS_GUEST_DS_SEL = 0x00000806,
	VMCS_GUEST_FS_SEL = 0x00000808,
	VMCS_GUEST_GS_SEL = 0x0000080a,
	VMCS_GUEST_LDTR_SEL = 0x0000080c,
	VMCS_GUEST_TR_SEL = 0x0000080e,
	/* 16-bit host-state fields (B.1.3) */
	VMCS_HOST_ES_SEL = 0x00000c00,
	VMCS_HOST_CS_SEL = 0x00000c02,
	VMCS_HOST_SS_SEL = 0x00000c04,
	VMCS_HOST_DS_SEL = 0x00000c06,
	VMCS_HOST_FS_SEL = 0x00000c08,
	VMCS_HOST_GS_SEL = 0x00000c0a,
	VMCS_HOST_TR_SEL = 0x00000c0c,
	/* 64-bit control fields (B.2.1) */
	VMCS_IO_BITMAP_A = 0x00002000,
	VMCS_IO_BITMAP_B = 0x00002002,
	VMCS_MSR_BITMAP = 0x00002004,
	VMCS_EXIT_MSR_STORE_ADDR = 0x00002006,
	VMCS_EXIT_MSR_LOAD_ADDR = 0x00002008,
	VMCS_ENTRY_MSR_LOAD_ADDR = 0x0000200a,
	VMCS_TSC_OFFSET = 0x00002010,
	VMCS_EPT_POINTER = 0x0000201a,
	/* 64-bit read-only data fields (B.2.2) */
	VMCS_GUEST_PHYSICAL_ADDRESS = 0x00002400,
	/* 64-bit guest-state fields (B.2.3) */
	VMCS_LINK_POINTER = 0x00002800,
	VMCS_GUEST_DEBUGCTL = 0x00002802,
	VMCS_GUEST_PAT = 0x00002804,
	VMCS_GUEST_EFER = 0x00002806,
	VMCS_GUEST_PDPTE0 = 0x0000280a,
	VMCS_GUEST_PDPTE1 = 0x0000280c,
	VMCS_GUEST_PDPTE2 = 0x0000280e,
	VMCS_GUEST_PDPTE3 = 0x00002810,
	/* 64-bit host-state fields (B.2.4) */
	VMCS_HOST_PAT = 0x00002c00,
	VMCS_HOST_EFER = 0x00002c02,
	/* 32-bit control fields (B.3.1) */
	VMCS_PIN_BASED_CTLS = 0x00004000,
	VMCS_PROC_BASED_CTLS = 0x00004002,
	VMCS_EXCEPTION_BITMAP = 0x00004004,
	VMCS_PF_ERROR_CODE_MASK = 0x00004006,
	VMCS_PF_ERROR_CODE_MATCH = 0x00004008,
	VMCS_CR3_TARGET_COUNT = 0x0000400a,
	VMCS_EXIT_CTLS = 0x0000400c,
	VMCS_EXIT_MSR_STORE_COUNT = 0x0000400e,
	VMCS_EXIT_MSR_LOAD_COUNT = 0x00004010,
	VMCS_ENTRY_CTLS = 0x00004012,
	VMCS_ENTRY_MSR_LOAD_COUNT = 0x00004014,
	VMCS_ENTRY_INTR_INFO = 0x00004016,
	VMCS_ENTRY_EXCEPTION_ERROR_CODE = 0x00004018,
	VMCS_ENTRY_INSTRUCTION_LEN = 0x0000401a,
	VMCS_TPR_THRESHOLD = 0x0000401c,
	VMCS_PROC_BASED_CTLS2 = 0x0000401e,
	/* 32-bit read-only data fields (B.3.2) */
	VMCS_VM_INSTRUCTION_ERROR = 0x00004400,
	VMCS_EXIT_REASON = 0x00004402,
	VMCS_EXIT_INTR_INFO = 0x00004404,
	VMCS_EXIT_INTR_ERROR_CODE = 0x00004406,
	VMCS_IDT_VECTORING_INFO = 0x00004408,
	VMCS_IDT_VECTORING_ERROR_CODE = 0x0000440a,
	VMCS_EXIT_INSTRUCTION_LEN = 0x0000440c,
	VMCS_EXIT_INSTRUCTION_INFO = 0x0000440e,
	/* 32-bit guest-state fields (B.3.3) */
	VMCS_GUEST_ES_LIMIT = 0x00004800,
	VMCS_GUEST_CS_LIMIT = 0x00004802,
	VMCS_GUEST_SS_LIMIT = 0x00004804,
	VMCS_GUEST_DS_LIMIT = 0x00004806,
	VMCS_GUEST_FS_LIMIT = 0x00004808,
	VMCS_GUEST_GS_LIMIT = 0x0000480a,
	VMCS_GUEST_LDTR_LIMIT = 0x0000480c,
	VMCS_GUEST_TR_LIMIT = 0x0000480e,
	VMCS_GUEST_GDTR_LIMIT = 0x00004810,
	VMCS_GUEST_IDTR_LIMIT = 0x00004812,
	VMCS_GUEST_ES_AR = 0x00004814,
	VMCS_GUEST_CS_AR = 0x00004816,
	VMCS_GUEST_SS_AR = 0x00004818,
	VMCS_GUEST_DS_AR = 0x0000481a,
	VMCS_GUEST_FS_AR = 0x0000481c,
	VMCS_GUEST_GS_AR = 0x0000481e,
	VMCS_GUEST_LDTR_AR = 0x00004820,
	VMCS_GUEST_TR_AR = 0x00004822,
	VMCS_GUEST_INTERRUPTIBILITY = 0x00004824,
	VMCS_GUEST_ACTIVITY_STATE = 0x00004826,
	VMCS_GUEST_SMBASE = 0x00004828,
	VMCS_GUEST_SYSENTER_CS = 0x0000482a,
	/* 32-bit host-state field (B.3.4) */
	VMCS_HOST_SYSENTER_CS = 0x00004c00,
	/* natural-width control fields (B.4.1) */
	VMCS_CR0_GUEST_HOST_MASK = 0x00006000,
	VMCS_CR4_GUEST_HOST_MASK = 0x00006002,
	VMCS_CR0_READ_SHADOW = 0x00006004,
	VMCS_CR4_READ_SHADOW = 0x00006006,
	/* natural-width read-only data fields (B.4.2) */
	VMCS_EXIT_QUALIFICATION = 0x00006400,
	VMCS_GUEST_LINEAR_ADDRESS = 0x0000640a,
	/* natural-width guest-state fields (B.4.3) */
	VMCS_GUEST_CR0 = 0x00006800,
	VMCS_GUEST_CR3 = 0x00006802,
	VMCS_GUEST_CR4 = 0x00006804,
	VMCS_GUEST_ES_BASE = 0x00006806,
	VMCS_GUEST_CS_BASE = 0x00006808,
	VMCS_GUEST_SS_BASE = 0x0000680a,
	VMCS_GUEST_DS_BASE = 0x0000680c,
	VMCS_GUEST_FS_BASE = 0x0000680e,
	VMCS_GUEST_GS_BASE = 0x00006810,
	VMCS_GUEST_LDTR_BASE = 0x00006812,
	VMCS_GUEST_TR_BASE = 0x00006814,
	VMCS_GUEST_GDTR_BASE = 0x00006816,
	VMCS_GUEST_IDTR_BASE = 0x00006818,
	VMCS_GUEST_DR7 = 0x0000681a,
	VMCS_GUEST_RSP = 0x0000681c,
	VMCS_GUEST_RIP = 0x0000681e,
	VMCS_GUEST_RFLAGS = 0x00006820,
	VMCS_GUEST_PENDING_DBG_EXCEPTIONS = 0x00006822,
	VMCS_GUEST_SYSENTER_ESP = 0x00006824,
	VMCS_GUEST_SYSENTER_EIP = 0x00006826,
	/* natural-width host-state fields (B.4.4) */
	VMCS_HOST_CR0 = 0x00006c00,
	VMCS_HOST_CR3 = 0x00006c02,
	VMCS_HOST_CR4 = 0x00006c04,
	VMCS_HOST_FS_BASE = 0x00006c06,
	VMCS_HOST_GS_BASE = 0x00006c08,
	VMCS_HOST_TR_BASE = 0x00006c0a,
	VMCS_HOST_GDTR_BASE = 0x00006c0c,
	VMCS_HOST_IDTR_BASE = 0x00006c0e,
	VMCS_HOST_SYSENTER_ESP = 0x00006c10,
	VMCS_HOST_SYSENTER_EIP = 0x00006c12,
	VMCS_HOST_RSP = 0x00006c14,
	VMCS_HOST_RIP = 0x00006c16,
};

/* Pin-based controls (SDM Vol. 3C, 25.6.1, Table 25-5). */
#define PIN_EXTERNAL_INTERRUPT_EXITING BIT_ULL(0)
#define PIN_NMI_EXITING BIT_ULL(3)
#define PIN_VIRTUAL_NMIS BIT_ULL(5)

/* Primary processor-based controls (SDM Vol. 3C, 25.6.2, Table 25-6). */
#define PROC_INTERRUPT_WINDOW_EXITING BIT_ULL(2)
#define PROC_USE_TSC_OFFSETTING BIT_ULL(3)
#define PROC_HLT_EXITING BIT_ULL(7)
#define PROC_INVLPG_EXITING BIT_ULL(9)
#define PROC_MWAIT_EXITING BIT_ULL(10)
#define PROC_RDPMC_EXITING BIT_ULL(11)
#define PROC_RDTSC_EXITING BIT_ULL(12)
#define PROC_CR3_LOAD_EXITING BIT_ULL(15)
#define PROC_CR3_STORE_EXITING BIT_ULL(16)
#define PROC_CR8_LOAD_EXITING BIT_ULL(19)
#define PROC_CR8_STORE_EXITING BIT_ULL(20)
#define PROC_USE_TPR_SHADOW BIT_ULL(21)
#define PROC_MOV_DR_EXITING BIT_ULL(23)
#define PROC_UNCONDITIONAL_IO_EXITING BIT_ULL(24)
#define PROC_USE_IO_BITMAPS BIT_ULL(25)
#define PROC_NMI_WINDOW_EXITING BIT_ULL(22)
#define PROC_MONITOR_TRAP_FLAG BIT_ULL(27)
#define PROC_USE_MSR_BITMAPS BIT_ULL(28)
#define PROC_MONITOR_EXITING BIT_ULL(29)
#define PROC_PAUSE_EXITING BIT_ULL(30)
#define PROC_ACTIVATE_SECONDARY_CONTROLS BIT_ULL(31)

/* Secondary processor-based controls (SDM Vol. 3C, 25.6.2, Table 25-7). */
#define PROC2_VIRTUALIZE_APIC_ACCESSES BIT_ULL(0)
#define PROC2_ENABLE_EPT BIT_ULL(1)
#define PROC2_DESCRIPTOR_TABLE_EXITING BIT_ULL(2)
#define PROC2_ENABLE_RDTSCP BIT_ULL(3)
#define PROC2_VIRTUALIZE_X2APIC BIT_ULL(4)
#define PROC2_ENABLE_VPID BIT_ULL(5)
#define PROC2_WBINVD_EXITING BIT_ULL(6)
#define PROC2_UNRESTRICTED_GUEST BIT_ULL(7)
#define PROC2_ENABLE_INVPCID BIT_ULL(12)
#define PROC2_ENABLE_VMFUNC BIT_ULL(13)
#define PROC2_ENABLE_XSAVES BIT_ULL(20)
#define PROC2_MODE_BASED_EXECUTE_CONTROL BIT_ULL(22)
#define PROC2_ENABLE_USER_WAIT_PAUSE BIT_ULL(26)

/* VM-exit controls (SDM Vol. 3C, 25.7.1, Table 25-13). */
#define EXIT_SAVE_DEBUG_CONTROLS BIT_ULL(2)
#define EXIT_HOST_ADDRESS_SPACE_SIZE BIT_ULL(9)
#define EXIT_ACK_INTERRUPT_ON_EXIT BIT_ULL(15)
#define EXIT_SAVE_IA32_PAT BIT_ULL(18)
#define EXIT_LOAD_IA32_PAT BIT_ULL(19)
#define EXIT_SAVE_IA32_EFER BIT_ULL(20)
#define EXIT_LOAD_IA32_EFER BIT_ULL(21)

/* VM-entry controls (SDM Vol. 3C, 25.8.1, Table 25-15). */
#define ENTRY_LOAD_DEBUG_CONTROLS BIT_ULL(2)
#define ENTRY_IA32E_MODE_GUEST BIT_ULL(9)
#define ENTRY_LOAD_IA32_PAT BIT_ULL(14)
#define ENTRY_LOAD_IA32_EFER BIT_ULL(15)

/* Basic exit reasons (SDM Vol. 3D, Appendix C, Table C-1). */
enum exit_reason {
	EXIT_REASON_EXCEPTION_NMI = 0,
	EXIT_REASON_EXTERNAL_INTERRUPT = 1,
	EXIT_REASON_TRIPLE_FAULT = 2,
	EXIT_REASON_INIT = 3,
	EXIT_REASON_SIPI = 4,
	EXIT_REASON_IO_SMI = 5,
	EXIT_REASON_OTHER_SMI = 6,
	EXIT_REASON_INTERRUPT_WINDOW = 7,
	EXIT_REASON_NMI_WINDOW = 8,
	EXIT_REASON_TASK_SWITCH = 9,
	EXIT_REASON_CPUID = 10,
	EXIT_REASON_GETSEC = 11,
	EXIT_REASON_HLT = 12,
	EXIT_REASON_INVD = 13,
	EXIT_REASON_INVLPG = 14,
	EXIT_REASON_RDPMC = 15,
	EXIT_REASON_RDTSC = 16,
	EXIT_REASON_RSM = 17,
	EXIT_REASON_VMCALL = 18,
	EXIT_REASON_VMCLEAR = 19,
	EXIT_REASON_VMLAUNCH = 20,
	EXIT_REASON_VMPTRLD = 21,
	EXIT_REASON_VMPTRST = 22,
	EXIT_REASON_VMREAD = 23,
	EXIT_REASON_VMRESUME = 24,
	EXIT_REASON_VMWRITE = 25,
	EXIT_REASON_VMXOFF = 26,
	EXIT_REASON_VMXON = 27,
	EXIT_REASON_CR_ACCESS = 28,
	EXIT_REASON_DR_ACCESS = 29,
	EXIT_REASON_IO_INSTRUCTION = 30,
	EXIT_REASON_MSR_READ = 31,
	EXIT_REASON_MSR_WRITE = 32,
	EXIT_REASON_INVALID_GUEST_STATE = 33,
	EXIT_REASON_MSR_LOADING = 34,
	EXIT_REASON_MWAIT = 36,
	EXIT_REASON_MONITOR_TRAP_FLAG = 37,
	EXIT_REASON_MONITOR = 39,
	EXIT_REASON_PAUSE = 40,
	EXIT_REASON_MACHINE_CHECK = 41,
	EXIT_REASON_TPR_BELOW_THRESHOLD = 43,
	EXIT_REASON_APIC_ACCESS = 44,
	EXIT_REASON_VIRTUALIZED_EOI = 45,
	EXIT_REASON_GDTR_IDTR = 46,
	EXIT_REASON_LDTR_TR = 47,
	EXIT_REASON_EPT_VIOLATION = 48,
	EXIT_REASON_EPT_MISCONFIG = 49,
	EXIT_REASON_INVEPT = 50,
	EXIT_REASON_RDTSCP = 51,
	EXIT_REASON_PREEMPTION_TIMER = 52,
	EXIT_REASON_INVVPID = 53,
	EXIT_REASON_WBINVD = 54,
	EXIT_REASON_XSETBV = 55,
	EXIT_REASON_APIC_WRITE = 56,
	EXIT_REASON_RDRAND = 57,
	EXIT_REASON_INVPCID = 58,
	EXIT_REASON_VMFUNC = 59,
	EXIT_REASON_ENCLS = 60,
	EXIT_REASON_RDSEED = 61,
	EXIT_REASON_PML_FULL = 62,
	EXIT_REASON_XSAVES = 63,
	EXIT_REASON_XRSTORS = 64,
	EXIT_REASON_MAX = 80,
};

/* Exit-reason field bits (SDM Vol. 3C, 25.9.1 "Basic VM-Exit Information"). */
#define EXIT_REASON_BASIC_MASK GENMASK_ULL(15, 0)
#define EXIT_REASON_FAILED_ENTRY BIT_ULL(31)

/* VM-entry interruption-information (SDM Vol. 3C, 25.8.3, Table 25-17). */
#define INTR_INFO_VECTOR_MASK GENMASK_ULL(7, 0)
#define INTR_INFO_TYPE_MASK GENMASK_ULL(10, 8)
#define INTR_TYPE_EXT_INTR 0
#define INTR_TYPE_NMI 2
#define INTR_TYPE_HW_EXCEPTION 3
#define INTR_INFO_DELIVER_ERROR_CODE BIT_ULL(11)
#define INTR_INFO_VALID BIT_ULL(31)
/* VM-exit interruption information adds bit 12 (25.9.2, Table 25-20). */
#define INTR_INFO_NMI_UNBLOCKED_BY_IRET BIT_ULL(12)

/* Guest activity states (SDM Vol. 3C, 25.4.2 "Guest Non-Register State"). */
#define GUEST_ACTIVITY_ACTIVE 0
#define GUEST_ACTIVITY_HLT 1
#define GUEST_ACTIVITY_SHUTDOWN 2
#define GUEST_ACTIVITY_WAIT_SIPI 3

/* Interruptibility state bits (same section, Table 25-3). */
#define GUEST_INTR_STATE_STI BIT_ULL(0)
#define GUEST_INTR_STATE_MOV_SS BIT_ULL(1)
#define GUEST_INTR_STATE_NMI BIT_ULL(3)
#define VECTOR_NMI 2

/* Exception vectors hv injects (SDM Vol. 3A, 6.3.1 "Vectors"). */
#define VECTOR_UD 6
#define VECTOR_GP 13
#define VECTOR_PF 14

/* ---- VMX instructions ---- */

/* VMXON on the 4 KiB region at `hpa`; returns false on VMfail. */
static inline bool vmx_on(hpa_t hpa)
{
	bool ok;

	asm volatile("vmxon %1; setna %0" : "=q"(ok) : "m"(hpa) : "cc", "memory");
	return !ok;
}

static inline bool vmcs_clear(hpa_t hpa)
{
	bool fail;

	asm volatile("vmclear %1; setna %0" : "=q"(fail) : "m"(hpa) : "cc", "memory");
	return !fail;
}

static inline bool vmcs_load(hpa_t hpa)
{
	bool fail;

	asm volatile("vmptrld %1; setna %0" : "=q"(fail) : "m"(hpa) : "cc", "memory");
	return !fail;
}

/* VMREAD that reports failure instead of returning garbage. */
static inline bool vmcs_read_checked(u64 field, u64 *v)
{
	bool fail;

	asm volatile("vmread %2, %1; setna %0" : "=q"(fail), "=rm"(*v) : "r"(field) : "cc");
	return !fail;
}

/* INVEPT types (SDM Vol. 3C, 32.3 "VMX Instructions", INVEPT). */
#define INVEPT_SINGLE_CONTEXT 1ULL
#define INVEPT_ALL_CONTEXT 2ULL

static inline bool invept(u64 type, u64 eptp)
{
	struct {
		u64 eptp, reserved;
	} desc = { eptp, 0 };
	bool fail;

	asm volatile("invept %1, %2; setna %0" : "=q"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	return !fail;
}

/* INVVPID types (SDM Vol. 3C, 32.3 "VMX Instructions", INVVPID). */
#define INVVPID_INDIVIDUAL_ADDRESS 0ULL
#define INVVPID_SINGLE_CONTEXT 1ULL
#define INVVPID_ALL_CONTEXT 2ULL
#define INVVPID_SINGLE_CONTEXT_RETAINING_GLOBALS 3ULL

/*
 * INVVPID types in IA32_VMX_EPT_VPID_CAP (SDM Vol. 3D, A.10 "VPID and EPT
 * Capabilities"); bit 32, INVVPID itself, is EPT_CAP_INVVPID (msr.h).
 */
#define VPID_CAP_INVVPID_ADDRESS BIT_ULL(40)
#define VPID_CAP_INVVPID_SINGLE BIT_ULL(41)
#define VPID_CAP_INVVPID_ALL BIT_ULL(42)
#define VPID_CAP_INVVPID_SINGLE_GLOBALS BIT_ULL(43)

/* INVVPID of `type` for vpid (and linear address la for the individual type); false on VMfail. */
static inline bool invvpid(u64 type, u16 vpid, u64 la)
{
	struct {
		u64 vpid, la;
	} desc = { vpid, la };
	bool fail;

	asm volatile("invvpid %1, %2; setna %0" : "=q"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	return !fail;
}

/*
 * Segment access rights as the VMCS holds them (SDM Vol. 3C, 25.4.1 "Guest
 * Register State", Table 25-2 "Format of Access Rights"): the descriptor's
 * type, S, DPL, P, AVL, L, D/B and G bits, plus bit 16 "segment unusable".
 */
#define AR_DPL_MASK GENMASK_ULL(6, 5)
#define AR_L BIT_ULL(13)  /* 64-bit code segment */
#define AR_DB BIT_ULL(14) /* default operation size 32 bits */
#define AR_UNUSABLE 0x10000
#define AR_CODE64 0xa09b     /* P, S, type 11 (execute/read, accessed), L, G */
#define AR_DATA 0xc093       /* P, S, type 3 (read/write, accessed), D/B, G */
#define AR_REAL_CODE 0x009b  /* P, S, type 11: CS after INIT (Vol. 3A, 10.1.1, Table 10-1) */
#define AR_REAL_DATA 0x0093  /* P, S, type 3: the data segments after INIT */
#define AR_LDT 0x0082        /* P, type 2 (LDT) */
#define AR_TSS_BUSY 0x008b   /* P, type 11 (busy 32/64-bit TSS) */

#endif
