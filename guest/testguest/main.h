/* SPDX-License-Identifier: MIT */
/*
 * The test guest's C entry, called by entry.asm on either entry path.
 */
#ifndef TG_MAIN_H
#define TG_MAIN_H

#include "guest/testguest/tg.h"

/*
 * tg_main: run the test guest and power off. Called in long mode with the
 * guest's GDT and stack, interrupts off, paging by the loader's (64-bit
 * entry) or the boot (32-bit entry) identity tables; zero_page is the boot
 * protocol's struct boot_params, entry_bits 32 or 64. Never returns.
 */
void tg_main(const void *zero_page, unsigned entry_bits) __noreturn;

#endif
