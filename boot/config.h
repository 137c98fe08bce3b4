/* SPDX-License-Identifier: MIT */
/*
 * The parser of hv's configuration: the keys of hv.cfg (UEFI) and of the
 * Multiboot2 command line (GRUB), parsed into struct hv_config
 * (vmm/config.h), which is all the core ever reads. Unknown keys and bad values
 * are errors that name the line (or word); hv never guesses.
 */
#ifndef HV_BOOT_CONFIG_H
#define HV_BOOT_CONFIG_H

#include "lib/types.h"
#include "vmm/config.h"

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

#endif
