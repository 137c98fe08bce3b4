// SPDX-License-Identifier: MIT
/* panic() (lib/panic.h): report a bug in hv on the log and park the CPU. */
#include <stdarg.h>
#include "lib/panic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/vmcs_dump.h"
#include "lib/format.h"
#include "vmm/log.h"

static bool in_panic;

void panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	irq_disable();
	log_flush_held();
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("PANIC at %s:%d: %s", file, line, msg);
	if (!in_panic && pcpu_ready && this_pcpu()->vmcs_loaded) {
		in_panic = true; /* a failing VMREAD in the dump must not recurse */
		vmcs_dump();
	}
	pr_err("CPU parked");
	cpu_park();
}
