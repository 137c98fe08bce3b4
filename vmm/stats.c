// SPDX-License-Identifier: MIT
/* VM-exit statistics across vCPUs; see stats.h. */
#include "vmm/stats.h"
#include "lib/format.h"
#include "vmm/exit.h"
#include "vmm/log.h"

static struct vcpu *vcpus[HV_CPUS_MAX];
static u32 vcpu_count;

void stats_register(struct vcpu *v)
{
	if (vcpu_count < HV_CPUS_MAX)
		vcpus[vcpu_count++] = v;
}

void stats_report(const char *why)
{
	char line[400];
	u64 total = 0;
	int n = 0;

	for (u32 i = 0; i < vcpu_count; i++)
		total += vcpus[i]->exits_total;
	for (u32 r = 0; r < EXIT_REASON_MAX; r++) {
		u64 sum = 0;

		for (u32 i = 0; i < vcpu_count; i++)
			sum += vcpus[i]->exit_counts[r];
		if (sum && n < (int)sizeof(line))
			n += fmt_snprintf(line + n, sizeof(line) - (size_t)n, ", %s %llu",
					  exit_reason_name(r), (unsigned long long)sum);
	}
	if (!n)
		line[0] = '\0';
	pr_info("%s: %llu VM exits on %u vCPUs%s", why, (unsigned long long)total, vcpu_count, line);
}
