/* SPDX-License-Identifier: MIT */
/*
 * hv's configuration: the keys of hv.cfg (UEFI) and of the Multiboot2
 * command line (GRUB), parsed into one struct. Unknown keys and bad values
 * are errors that name the line (or word); hv never guesses.
 */
#ifndef HV_BOOT_CONFIG_H
#define HV_BOOT_CONFIG_H

#include "lib/types.h"
#include "arch/x86/uart.h"

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

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

enum config_syntax {
	CONFIG_FILE,    /* hv.cfg: "key = value" lines, '#' comments */
	CONFIG_CMDLINE, /* Multiboot2 command line: "key=value" words */
};

/* Defaults: no kernel, empty command line, log=info, console=com1, baud=115200. */
void config_init(struct hv_config *cfg);

/*
 * Parse text[0..len) into cfg (which config_init() prepared, or an earlier
 * config_parse() filled: each key given replaces its value, mmio_trace's
 * whole list included, so sources can be layered). `source` names
 * the input in messages ("hv.cfg", "command line"). Returns 0, or -EINVAL with
 * one line in err such as "hv.cfg:3: unknown key 'foo'".
 * Under CONFIG_CMDLINE the keys kernel, initrd and cmdline are refused: GRUB
 * passes the guest as module2 lines. Other keys: log, mbec (auto|on|off),
 * vpid (auto|off), smp (auto|off), test_hypercalls (on|off), mmio_trace (BASE+SIZE[,BASE+SIZE...], numbers
 * decimal or 0x-hex, page aligned, at most CONFIG_TRACE_MAX ranges),
 * console (com1|com2|none|an I/O port of a 16550, decimal or 0x-hex, whose
 * eight registers lie below 0x10000), baud (UART_BAUD_MIN..UART_CLOCK_HZ and
 * a divisor of UART_CLOCK_HZ, so that the UART's divisor is exact).
 */
int config_parse(struct hv_config *cfg, const char *text, size_t len,
		 enum config_syntax syntax, const char *source, char *err, size_t errlen);

/* Name of a level ("info"), for the log. */
const char *config_log_level_name(enum log_level l);

#endif
