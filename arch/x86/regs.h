/* SPDX-License-Identifier: MIT */
/*
 * Control-register and RFLAGS bits hv uses (Intel SDM Vol. 3A, 2.5
 * "Control Registers" and 2.3 "System Flags and Fields in the EFLAGS
 * Register"), and the CPUID feature bits it checks (SDM Vol. 2A, CPUID,
 * Table 3-10 "Feature Information Returned in the ECX Register").
 */
#ifndef HV_ARCH_X86_REGS_H
#define HV_ARCH_X86_REGS_H

#include "lib/types.h"

#define CR0_PE BIT_ULL(0)
#define CR0_MP BIT_ULL(1)
#define CR0_TS BIT_ULL(3)
#define CR0_ET BIT_ULL(4)
#define CR0_NE BIT_ULL(5)
#define CR0_WP BIT_ULL(16)
#define CR0_NW BIT_ULL(29)
#define CR0_CD BIT_ULL(30)
#define CR0_PG BIT_ULL(31)

/* CR0 as INIT and power-up leave it: CD, NW, ET (Vol. 3A, 10.1.1, Table 10-1). */
#define CR0_INIT_VALUE 0x60000010ULL

#define CR4_PSE BIT_ULL(4)
#define CR4_PAE BIT_ULL(5)
#define CR4_PGE BIT_ULL(7)
#define CR4_OSFXSR BIT_ULL(9)
#define CR4_OSXMMEXCPT BIT_ULL(10)
#define CR4_LA57 BIT_ULL(12)
#define CR4_VMXE BIT_ULL(13)
#define CR4_SMXE BIT_ULL(14)
#define CR4_PCIDE BIT_ULL(17)
#define CR4_OSXSAVE BIT_ULL(18)
#define CR4_SMEP BIT_ULL(20)
#define CR4_SMAP BIT_ULL(21)
#define CR4_PKE BIT_ULL(22)
#define CR4_PKS BIT_ULL(24)

#define RFLAGS_FIXED BIT_ULL(1) /* always 1 */
#define RFLAGS_IF BIT_ULL(9)
#define RFLAGS_VM BIT_ULL(17)
#define RFLAGS_AC BIT_ULL(18)

/* DR7 after power-up and INIT (Vol. 3A, 10.1.1, Table 10-1; 19.2.4 "Debug Control Register (DR7)"). */
#define DR7_INIT 0x400ULL

#define CPUID_1_ECX_VMX BIT_ULL(5)
#define CPUID_1_ECX_SMX BIT_ULL(6)
#define CPUID_1_ECX_XSAVE BIT_ULL(26)
#define CPUID_1_ECX_OSXSAVE BIT_ULL(27)
#define CPUID_1_ECX_HYPERVISOR BIT_ULL(31)
#define CPUID_1_EDX_MTRR BIT_ULL(12)
#define CPUID_80000001_EDX_PAGE1G BIT_ULL(26)

#endif
