/* SPDX-License-Identifier: MIT */
/*
 * hv's hypercall interface, shared by hv and the guests that call it.
 *
 * A guest at CPL 0 executes VMCALL with the function number in RAX and
 * arguments in RBX, RCX, RDX. hv returns the result in RAX (negative Linux
 * error numbers on failure) and extra outputs in RBX, RCX, RDX; all other
 * registers are preserved. VMCALL from CPL > 0 returns -HC_EPERM without
 * doing anything. Unknown functions return -HC_ENOSYS. See docs/hypercalls.md.
 *
 * CPUID leaf 0x40000000 answers EAX = highest hv leaf and EBX:ECX:EDX =
 * HV_CPUID_SIGNATURE, so a guest can tell it runs under hv before it calls.
 */
#ifndef HV_VMM_HYPERCALL_H
#define HV_VMM_HYPERCALL_H

#define HV_CPUID_LEAF_BASE 0x40000000u
#define HV_CPUID_LEAF_MAX 0x40000001u
#define HV_CPUID_SIGNATURE "hvHypervisor" /* 12 bytes: EBX, ECX, EDX */

enum hypercall_nr {
	HC_VERSION = 0,    /* -> RAX = HC_ABI_VERSION */
	HC_ECHO = 1,       /* RBX = x -> RAX = ~x (round-trip check) */
	HC_EXIT_COUNT = 2, /* RBX = basic exit reason -> RAX = exits of that reason on this CPU */
	HC_HV_RANGE = 3,   /* RBX = index -> RAX = 0, RBX = base, RCX = size of hv's index'th
			    * memory range (hidden from the guest); RAX = -HC_ENOENT past the last */
};

#define HC_ABI_VERSION 0x00010000u /* major 1, minor 0 */

#define HC_EPERM 1
#define HC_ENOENT 2
#define HC_ENOSYS 38

#endif
