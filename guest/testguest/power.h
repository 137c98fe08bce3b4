/* SPDX-License-Identifier: MIT */
/*
 * Ending a test-guest run: print "testguest: power off" and switch the
 * emulated machine off, trying every mechanism the project's emulators know.
 */
#ifndef TG_POWER_H
#define TG_POWER_H

#include "guest/testguest/tg.h"

/* power_off: never returns; if every mechanism is ignored, the CPU halts. */
void power_off(void) __noreturn;

#endif
