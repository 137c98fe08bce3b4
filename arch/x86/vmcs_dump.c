// SPDX-License-Identifier: MIT
/*
 * A readable dump of the current VMCS on the log, for panic() and for
 * reports of unexpected exits. Fields that VMREAD refuses (not supported by
 * this CPU) are skipped.
 */
#include "arch/x86/vmcs_dump.h"
#include "arch/x86/vmx.h"
#include "lib/log.h"

struct field_name {
	enum vmcs_field field;
	const char *name;
};

#define F(x) { VMCS_##x, #x }
static const struct field_name dump_fields[] = {
	F(EXIT_REASON), F(EXIT_QUALIFICATION), F(VM_INSTRUCTION_ERROR),
	F(EXIT_INTR_INFO), F(EXIT_INTR_ERROR_CODE), F(IDT_VECTORING_INFO),
	F(EXIT_INSTRUCTION_LEN), F(GUEST_LINEAR_ADDRESS), F(GUEST_PHYSICAL_ADDRESS),
	F(GUEST_RIP), F(GUEST_RSP), F(GUEST_RFLAGS), F(GUEST_CR0), F(GUEST_CR3),
	F(GUEST_CR4), F(GUEST_EFER), F(GUEST_PAT), F(CR0_READ_SHADOW), F(CR4_READ_SHADOW),
	F(GUEST_CS_SEL), F(GUEST_CS_BASE), F(GUEST_CS_LIMIT), F(GUEST_CS_AR),
	F(GUEST_SS_SEL), F(GUEST_SS_AR), F(GUEST_DS_SEL), F(GUEST_DS_AR),
	F(GUEST_TR_SEL), F(GUEST_TR_BASE), F(GUEST_TR_LIMIT), F(GUEST_TR_AR),
	F(GUEST_LDTR_AR), F(GUEST_GDTR_BASE), F(GUEST_GDTR_LIMIT), F(GUEST_IDTR_BASE),
	F(GUEST_IDTR_LIMIT), F(GUEST_INTERRUPTIBILITY), F(GUEST_ACTIVITY_STATE),
	F(PIN_BASED_CTLS), F(PROC_BASED_CTLS), F(PROC_BASED_CTLS2), F(EXIT_CTLS),
	F(ENTRY_CTLS), F(ENTRY_INTR_INFO), F(EXCEPTION_BITMAP), F(EPT_POINTER),
	F(CR0_GUEST_HOST_MASK), F(CR4_GUEST_HOST_MASK),
	F(HOST_CR0), F(HOST_CR3), F(HOST_CR4), F(HOST_RIP), F(HOST_RSP),
	F(HOST_GS_BASE), F(HOST_TR_BASE), F(HOST_EFER),
};
#undef F

void vmcs_dump(void)
{
	pr_err("VMCS dump:");
	for (unsigned int i = 0; i < ARRAY_SIZE(dump_fields); i++) {
		u64 v;

		if (vmcs_read_checked(dump_fields[i].field, &v))
			pr_err("  %-24s 0x%llx", dump_fields[i].name, (unsigned long long)v);
	}
}
