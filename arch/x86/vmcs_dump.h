/* SPDX-License-Identifier: MIT */
/* A dump of the current VMCS, for reports of failed entries and panic(). */
#ifndef HV_ARCH_X86_VMCS_DUMP_H
#define HV_ARCH_X86_VMCS_DUMP_H

/* Print every guest, host and control field of the current VMCS on the log. */
void vmcs_dump(void);

#endif
