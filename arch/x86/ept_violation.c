// SPDX-License-Identifier: MIT
/* EPT-violation exit-qualification decoding; see ept_violation.h. */
#include "arch/x86/ept_violation.h"
#include "lib/format.h"

void ept_violation_decode(u64 q, bool mbec, bool adv_info, struct ept_violation *out)
{
	out->read = q & EPTV_READ;
	out->write = q & EPTV_WRITE;
	out->fetch = q & EPTV_FETCH;
	out->entry_r = q & EPTV_ENTRY_READ;
	out->entry_w = q & EPTV_ENTRY_WRITE;
	out->entry_xs = q & EPTV_ENTRY_EXEC;
	out->entry_xu = mbec ? (q & EPTV_ENTRY_EXEC_USER) : out->entry_xs;
	out->gla_valid = q & EPTV_GLA_VALID;
	out->translation = out->gla_valid && (q & EPTV_GLA_TRANSLATION);
	out->adv_valid = adv_info && out->gla_valid && out->translation;
	out->user_address = out->adv_valid && (q & EPTV_USER_ADDRESS);
	out->writable_address = out->adv_valid && (q & EPTV_WRITABLE_ADDRESS);
	out->xd_address = out->adv_valid && (q & EPTV_XD_ADDRESS);
	out->nmi_unblocking = q & EPTV_NMI_UNBLOCKING;
}

static const char *flag(bool on, const char *name)
{
	return on ? name : "-";
}

int ept_violation_format(const struct ept_violation *v, char *buf, size_t size)
{
	const char *access = v->fetch ? "fetch" : v->write ? "write" : v->read ? "read" : "none";
	int n = fmt_snprintf(buf, size, "%s (entry %s%s%s%s, ", access, flag(v->entry_r, "R"),
			     flag(v->entry_w, "W"), flag(v->entry_xs, "XS"), flag(v->entry_xu, "XU"));

	if (!v->gla_valid)
		return n + fmt_snprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size),
					"no linear address)");
	n += fmt_snprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size), "linear, %s",
			  v->translation ? "translation" : "paging-structure access");
	if (v->adv_valid)
		n += fmt_snprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size),
				  ", %s %s%s", v->user_address ? "user" : "supervisor",
				  v->writable_address ? "writable" : "read-only",
				  v->xd_address ? " XD" : "");
	return n + fmt_snprintf(buf + MIN((size_t)n, size), size - MIN((size_t)n, size), ")");
}
