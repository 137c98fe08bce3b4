/* SPDX-License-Identifier: MIT */
/*
 * Decoding the exit qualification of an EPT violation (Intel SDM Vol. 3C,
 * 28.2.1 "Basic VM-Exit Information", Table 28-7 "Exit Qualification for EPT
 * Violations") into one struct, and printing it readably.
 *
 * Under MBEC bit 5 reports the entry's XS bit (bit 2) and bit 6 its XU bit
 * (bit 10); without MBEC bit 5 is the single execute bit and bit 6 is
 * undefined. Bits 9-11 (user-mode / writable / execute-disable of the guest
 * linear address) are only valid when the CPU reports advanced EPT-violation
 * information (IA32_VMX_EPT_VPID_CAP bit 22) and bits 7 and 8 are both set.
 */
#ifndef HV_ARCH_X86_EPT_VIOLATION_H
#define HV_ARCH_X86_EPT_VIOLATION_H

#include "lib/types.h"

#define EPTV_READ BIT_ULL(0)
#define EPTV_WRITE BIT_ULL(1)
#define EPTV_FETCH BIT_ULL(2)
#define EPTV_ENTRY_READ BIT_ULL(3)
#define EPTV_ENTRY_WRITE BIT_ULL(4)
#define EPTV_ENTRY_EXEC BIT_ULL(5)      /* XS under MBEC */
#define EPTV_ENTRY_EXEC_USER BIT_ULL(6) /* XU under MBEC; bit 6, not bit 5 */
#define EPTV_GLA_VALID BIT_ULL(7)
#define EPTV_GLA_TRANSLATION BIT_ULL(8) /* 1: the final access, 0: a paging-structure access */
#define EPTV_USER_ADDRESS BIT_ULL(9)
#define EPTV_WRITABLE_ADDRESS BIT_ULL(10)
#define EPTV_XD_ADDRESS BIT_ULL(11)
#define EPTV_NMI_UNBLOCKING BIT_ULL(12)

struct ept_violation {
	bool read, write, fetch;          /* the access that faulted */
	bool entry_r, entry_w, entry_xs, entry_xu; /* what the EPT entry allowed */
	bool gla_valid;                   /* guest linear address field is valid */
	bool translation;                 /* final access (vs. guest paging-structure access) */
	bool adv_valid;                   /* the three below are meaningful */
	bool user_address, writable_address, xd_address;
	bool nmi_unblocking;
};

/*
 * Decode qualification q. mbec: MBEC is on (bit 6 = XU; without it entry_xu
 * copies entry_xs, the single execute bit). adv_info: the CPU reports
 * advanced information (IA32_VMX_EPT_VPID_CAP bit 22).
 */
void ept_violation_decode(u64 q, bool mbec, bool adv_info, struct ept_violation *out);

/* "write (entry R- W- XS- XU-, linear valid, translation, user writable XD)" into buf. */
int ept_violation_format(const struct ept_violation *v, char *buf, size_t size);

#endif
