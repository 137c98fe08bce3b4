/* SPDX-License-Identifier: MIT */
/*
 * hv's configuration as the core reads it: one struct, filled by a boot
 * path's parser (boot/config.h: the keys of hv.cfg and of the Multiboot2
 * command line) before hv_main(), then read by the core. Here, below boot/, so that the
 * core's layers never include boot code to learn a setting.
 */
#ifndef HV_VMM_CONFIG_H
#define HV_VMM_CONFIG_H

#include "lib/types.h"
#include "lib/log.h"

/* mbec=: use mode-based execute control when the CPU has it, insist, or never. */
enum mbec_mode { MBEC_AUTO, MBEC_ON, MBEC_OFF };

/* vpid=: tag guest translations with a VPID when the CPU can, or never (debugging). */
enum vpid_mode { VPID_AUTO, VPID_OFF };

/*
 * smp=: the guest gets every CPU when the CPU offers the wait-for-SIPI
 * activity state, or only the boot CPU (off: the path taken without it,
 * chosen on purpose for debugging and tests).
 */
enum smp_mode { SMP_AUTO, SMP_OFF };

#define CONFIG_PATH_MAX 256
#define CONFIG_CMDLINE_MAX 2048
#define CONFIG_TRACE_MAX 8

/* One mmio_trace= range: guest-physical, page aligned. */
struct config_range {
	u64 base;
	u64 size;
};

struct hv_config {
	char kernel[CONFIG_PATH_MAX]; /* guest image path (UEFI), empty if unset */
	char initrd[CONFIG_PATH_MAX]; /* optional initrd path (UEFI) */
	char cmdline[CONFIG_CMDLINE_MAX]; /* guest command line */
	enum log_level log;
	enum mbec_mode mbec;          /* default auto */
	enum vpid_mode vpid;          /* default auto */
	enum smp_mode smp;            /* default auto */
	bool test_hypercalls;         /* test_hypercalls=on: hv's test interface (default off) */
	u16 console_port;             /* console=: UART base port, 0 for none (default COM1) */
	u32 baud;                     /* baud=: divides UART_CLOCK_HZ (default 115200) */
	u32 trace_count;              /* mmio_trace=BASE+SIZE[,BASE+SIZE...] */
	struct config_range trace[CONFIG_TRACE_MAX];
};

#endif
