// SPDX-License-Identifier: MIT
/*
 * Which optional VMX features this CPU offers, and the words hv uses for
 * each one missing (arch/x86/vmx_features.h). A nested hypervisor (KVM with
 * `-cpu host`, for one) may hide any of them in the capability MSRs it shows
 * its guest; hv then works around each and says so once. And the boot
 * CPU's check, vmx_check_cpu(), which fills vmx_caps and vmx_features.
 */
#include "arch/x86/vmx_features.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"
#include "arch/x86/regs.h"
#include "arch/x86/vmx.h"
#include "arch/x86/vmx_controls.h"
#include "lib/errno.h"
#include "lib/format.h"

struct vmx_features vmx_features;

/*
 * The INVEPT or INVVPID type hv uses: single-context where offered (it
 * flushes only hv's guest), else all-context (as good for one guest), else
 * none (0). INVVPID's individual-address and retaining-globals types cannot
 * stand in for either. `insn` is the instruction's own capability bit.
 */
static u64 pick_type(u64 cap, u64 insn, u64 single_bit, u64 single, u64 all_bit, u64 all)
{
	if (!(cap & insn))
		return 0;
	if (cap & single_bit)
		return single;
	return cap & all_bit ? all : 0;
}

void vmx_features_from_caps(const struct vmx_caps *c, struct vmx_features *f)
{
	u64 ept = c->ept_vpid;

	f->mbec = vmx_control_allowed1(c->procbased2, PROC2_MODE_BASED_EXECUTE_CONTROL);
	f->vpid_control = vmx_control_allowed1(c->procbased2, PROC2_ENABLE_VPID);
	f->invvpid_type = !f->vpid_control ? 0 :
			  pick_type(ept, EPT_CAP_INVVPID, VPID_CAP_INVVPID_SINGLE, INVVPID_SINGLE_CONTEXT,
				    VPID_CAP_INVVPID_ALL, INVVPID_ALL_CONTEXT);
	f->vpid = f->invvpid_type != 0;
	f->ept_2m = ept & EPT_CAP_PAGE_2M;
	f->ept_1g = ept & EPT_CAP_PAGE_1G;
	f->ept_adv_info = ept & EPT_CAP_ADV_EXIT_INFO;
	f->invept_type = pick_type(ept, EPT_CAP_INVEPT, EPT_CAP_INVEPT_SINGLE, INVEPT_SINGLE_CONTEXT,
				   EPT_CAP_INVEPT_ALL, INVEPT_ALL_CONTEXT);
	f->pat_switch = vmx_control_allowed1(c->exit, EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT) &&
			vmx_control_allowed1(c->entry, ENTRY_LOAD_IA32_PAT);
	f->hlt_state = c->misc & VMX_MISC_ACTIVITY_HLT;
	f->wait_sipi_state = c->misc & VMX_MISC_ACTIVITY_WAIT_SIPI;
}

static bool has_mbec(const struct vmx_features *f) { return f->mbec; }
static bool has_vpid(const struct vmx_features *f) { return f->vpid_control; }
static bool has_invvpid(const struct vmx_features *f) { return !f->vpid_control || f->vpid; }
static bool has_invvpid_single(const struct vmx_features *f)
{
	return !f->vpid || f->invvpid_type == INVVPID_SINGLE_CONTEXT;
}
static bool has_ept_1g(const struct vmx_features *f) { return f->ept_1g || !f->ept_2m; }
static bool has_ept_2m(const struct vmx_features *f) { return f->ept_2m || f->ept_1g; }
static bool has_adv_info(const struct vmx_features *f) { return f->ept_adv_info; }
static bool has_invept_single(const struct vmx_features *f)
{
	return f->invept_type != INVEPT_ALL_CONTEXT;
}
static bool has_pat_switch(const struct vmx_features *f) { return f->pat_switch; }
static bool has_hlt_state(const struct vmx_features *f) { return f->hlt_state; }
static bool has_wait_sipi_state(const struct vmx_features *f) { return f->wait_sipi_state; }

/* Each optional feature: present in f?, and the words when it is not. */
static const struct {
	bool (*present)(const struct vmx_features *f);
	const char *missing;
} features[] = {
	{ has_mbec, "no MBEC (single execute bit)" },
	{ has_vpid, "no VPID (guest TLB flushed on every exit)" },
	{ has_invvpid, "no usable INVVPID type (VPID off: guest TLB flushed on every exit)" },
	{ has_invvpid_single, "no single-context INVVPID (all-context INVVPID)" },
	{ has_ept_1g, "no 1 GiB EPT pages (2 MiB pages)" },
	{ has_ept_2m, "no 2 MiB or 1 GiB EPT pages (4 KiB pages)" },
	{ has_adv_info, "no advanced EPT-violation information "
			"(reports without the guest page's U/S, R/W, XD)" },
	{ has_invept_single, "no single-context INVEPT (all-context INVEPT)" },
	{ has_pat_switch, "no IA32_PAT switching (the guest's PAT applies to hv too)" },
	{ has_hlt_state, "no HLT activity state (guest HLT runs without an exit)" },
	{ has_wait_sipi_state, "no wait-for-SIPI activity state "
			       "(the guest runs on the boot CPU only, APs parked in hv)" },
};

/* Append the words of every feature `want` has and `have` lacks; returns their count. */
static int list_missing(const struct vmx_features *want, const struct vmx_features *have,
			char *buf, size_t size, int *len)
{
	int n = 0;

	*len = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(features); i++) {
		size_t at = MIN((size_t)*len, size ? size - 1 : 0);

		if (!features[i].present(want) || features[i].present(have))
			continue;
		*len += fmt_snprintf(buf + at, size - at, "%s%s", n ? ", " : "",
				     features[i].missing);
		n++;
	}
	return n;
}

int vmx_features_describe(const struct vmx_features *f, char *buf, size_t size)
{
	static const struct vmx_features all = {
		.mbec = true, .vpid_control = true, .vpid = true,
		.invvpid_type = INVVPID_SINGLE_CONTEXT, .ept_2m = true, .ept_1g = true,
		.ept_adv_info = true, .invept_type = INVEPT_SINGLE_CONTEXT, .pat_switch = true,
		.hlt_state = true, .wait_sipi_state = true,
	};
	int len;

	if (list_missing(&all, f, buf, size, &len))
		return len;
	return fmt_snprintf(buf, size, "all optional VMX features present");
}

int vmx_features_missing(const struct vmx_features *boot, const struct vmx_features *cpu,
			 char *buf, size_t size)
{
	int len;

	return list_missing(boot, cpu, buf, size, &len);
}

int vmx_check_cpu(char *msg, size_t len)
{
	struct cpuid_regs r = cpuid(1);
	int err;

	if (!(r.ecx & CPUID_1_ECX_VMX)) {
		fmt_snprintf(msg, len, "VMX is not supported by this CPU");
		return -ENODEV;
	}
	err = vmx_enable_feature_control(msg, len);
	if (err)
		return err;
	vmx_read_caps(&vmx_caps);
	err = vmx_check_caps(&vmx_caps, msg, len);
	if (!err)
		vmx_features_from_caps(&vmx_caps, &vmx_features);
	return err;
}
