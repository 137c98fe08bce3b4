/* SPDX-License-Identifier: MIT */
/*
 * hv's hypercall interface, shared by hv and the guests that call it.
 *
 * A guest at CPL 0 executes VMCALL with the function number in RAX and
 * arguments in RBX, RCX, RDX. hv returns the result in RAX (negative Linux
 * error numbers on failure) and extra outputs in RBX, RCX, RDX; all other
 * registers are preserved. VMCALL from CPL > 0 returns -HC_EPERM without
 * doing anything, except HC_LOG_READ, which any CPL may call (it only reads
 * what hv's serial console shows, into memory the caller may write).
 * Unknown functions return -HC_ENOSYS. See docs/hypercalls.md.
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
	HC_FEATURES = 4,   /* -> RAX = HC_FEATURE_* bits */
	HC_MMIO_STATS = 5, /* RBX = MMIO region index -> RAX = 0, RBX = fast, RCX = slow,
			    * RDX = stale accesses; -HC_ENOENT for an unused index */
	HC_LOG_READ = 6,   /* RBX = sequence number, RCX = guest linear address of a buffer,
			    * RDX = its length (at most HC_LOG_READ_MAX is used) -> RAX = bytes
			    * of hv's log copied, RBX = next sequence number, RCX = bytes lost
			    * (overwritten) before RAX's; -HC_EFAULT when the buffer's first page
			    * is not guest RAM the caller may write */
	/* Test interface: only with test_hypercalls=on in the configuration, else -HC_EPERM. */
	HC_TESTDEV = 16,   /* -> RAX = 0, RBX = GPA, RCX = size, RDX = MMIO region index of
			    * the virtual test device (vmm/testdev.h) */
	HC_MMIO_BUMP = 17, /* bump the MMIO generation -> RAX = new generation */
	HC_EPT_WATCH = 18, /* RBX = GPA (page), RCX = HC_PERM_* bits (R 1, W 2, XS 4, XU 8):
			    * give that guest page these EPT permissions and watch it; the next
			    * violation on it is recorded and the page gets all rights back */
	HC_EPT_LAST = 19,  /* -> RAX = watched violations so far, RBX = qualification of the
			    * last one, RCX = its GPA */
	HC_TESTDEV_MOVE = 20, /* RBX = new GPA (page aligned, outside RAM and other regions)
			       * -> RAX = 0; moves the test device (bumps the MMIO generation) */
};
#define HC_TEST_LAST HC_TESTDEV_MOVE

#define HC_FEATURE_MBEC (1u << 0)          /* EPT runs with separate XS/XU bits */
#define HC_FEATURE_EPT_ADV_INFO (1u << 1)  /* qualification bits 9-11 are reported */
#define HC_FEATURE_TEST (1u << 2)          /* the test interface (16..) is on */
#define HC_FEATURE_HLT_EXIT (1u << 3)      /* HLT exits (else it runs natively: no HLT activity state) */

/* HC_EPT_WATCH's permission bits (mm/ept.h's EPT_PERM_*, which hv checks they equal). */
#define HC_PERM_R 1u
#define HC_PERM_W 2u
#define HC_PERM_XS 4u /* execute through supervisor-mode linear addresses */
#define HC_PERM_XU 8u /* execute through user-mode linear addresses */
#define HC_PERM_X (HC_PERM_XS | HC_PERM_XU)

#define HC_ABI_VERSION 0x00010001u /* major 1, minor 1 (HC_LOG_READ) */

#define HC_LOG_READ_MAX 0x10000u /* bytes one HC_LOG_READ copies at most */

#define HC_EPERM 1
#define HC_ENOENT 2
#define HC_EFAULT 14
#define HC_EINVAL 22
#define HC_ENOSYS 38

#endif
