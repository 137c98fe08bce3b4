/* SPDX-License-Identifier: MIT */
/*
 * The optional VMX features hv uses, read from the capability MSRs, and the
 * one log line that names the missing ones and what hv does instead:
 *     cpu: no MBEC (single execute bit), no 1 GiB EPT pages (2 MiB pages)
 * Pure functions of struct vmx_caps (nothing here reads an MSR), so a
 * nested hypervisor's masked capabilities can be tested on the host.
 * Sources: Intel SDM Vol. 3D, A.3.3 "Secondary Processor-Based VM-Execution
 * Controls", A.4 "VM-Exit Controls", A.5 "VM-Entry Controls", A.6
 * "Miscellaneous Data" (activity states) and A.10 "VPID and EPT
 * Capabilities"; Vol. 3C, 32.3 "VMX Instructions" (INVEPT, INVVPID).
 */
#ifndef HV_ARCH_X86_VMX_FEATURES_H
#define HV_ARCH_X86_VMX_FEATURES_H

#include "arch/x86/vmx_caps.h"

struct vmx_features {
	bool mbec;             /* mode-based execute control for EPT (secondary bit 22) */
	bool vpid_control;     /* the "enable VPID" control may be 1 (secondary bit 5) */
	bool vpid;             /* vpid_control and INVVPID with a type hv uses */
	u64 invvpid_type;      /* INVVPID_SINGLE_CONTEXT or _ALL_CONTEXT when vpid, else 0 */
	bool ept_2m, ept_1g;   /* EPT leaf pages of 2 MiB, 1 GiB */
	bool ept_adv_info;     /* advanced EPT-violation exit information (bit 22) */
	u64 invept_type;       /* INVEPT_SINGLE_CONTEXT or _ALL_CONTEXT; 0: no usable INVEPT */
	bool pat_switch;       /* IA32_PAT saved and loaded on exit, loaded on entry */
	bool hlt_state;        /* VM entry accepts the HLT activity state (VMX_MISC bit 6) */
	bool wait_sipi_state;  /* ... and wait-for-SIPI (bit 8): APs' vCPUs can wait for the guest */
};

/* The boot CPU's, filled by vmx_check_cpu(). */
extern struct vmx_features vmx_features;

/*
 * Check CPUID and the VMX MSRs for everything hv needs (VMX, not disabled by
 * firmware, EPT with 4-level walks, write-back type and INVEPT, unrestricted
 * guest, IA32_EFER switching, the exits hv avoids can be turned off), fill
 * vmx_caps and vmx_features, and set+lock
 * IA32_FEATURE_CONTROL if it is unlocked.
 * Returns 0, or -ENODEV with one line in msg (no "hv: " prefix, no newline).
 */
int vmx_check_cpu(char *msg, size_t len);

/* What the CPU described by c offers; every field is filled. */
void vmx_features_from_caps(const struct vmx_caps *c, struct vmx_features *f);

/*
 * The missing optional features of f, each with what hv does instead,
 * separated by ", " ("no VPID (guest TLB flushed on every exit), ..."), or
 * "all optional VMX features present". Returns the untruncated length.
 */
int vmx_features_describe(const struct vmx_features *f, char *buf, size_t size);

/*
 * What `cpu` lacks that `boot` has (hv configures every CPU after the boot
 * CPU), in the same words as vmx_features_describe(). Returns the number of
 * such features: 0 means this CPU can run what the boot CPU chose.
 */
int vmx_features_missing(const struct vmx_features *boot, const struct vmx_features *cpu,
			 char *buf, size_t size);

#endif
