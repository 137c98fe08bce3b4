/* SPDX-License-Identifier: MIT */
/* Resetting the whole machine, the way firmware and operating systems do. */
#ifndef HV_ARCH_X86_RESET_H
#define HV_ARCH_X86_RESET_H

#include "lib/types.h"

/*
 * Reset the platform: a full reset through the PCI reset control register
 * (port 0xCF9, Intel ICH/PIIX "Reset Control Register", SYS_RST | RST_CPU |
 * FULL_RST), then the keyboard controller's pulse-reset command (port 0x64,
 * 0xFE), then a triple fault. Never returns.
 */
__noreturn void platform_reset(void);

#endif
