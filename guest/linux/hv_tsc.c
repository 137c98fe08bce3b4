// SPDX-License-Identifier: MIT
/*
 * hv-tsc: print the time-stamp counter in decimal and exit. A static binary
 * without libc, put in the default initramfs so that `make bench` can tell
 * how many TSC ticks a boot took up to /init (under Bochs with
 * `clock: sync=none` the TSC counts executed instructions from reset, and hv
 * passes it through unchanged). Built with -nostdlib; Linux x86-64 syscalls.
 */
#include "guest/linux/linux_syscall.h"

typedef unsigned long u64;



static u64 rdtsc(void)
{
	unsigned int lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

void _start(void);

void _start(void)
{
	char buf[24];
	int i = sizeof(buf);
	u64 t = rdtsc();

	buf[--i] = '\n';
	do {
		buf[--i] = (char)('0' + t % 10);
		t /= 10;
	} while (t);
	linux_syscall3(SYS_WRITE, 1, (long)(buf + i), (long)(sizeof(buf) - (unsigned int)i));
	linux_syscall3(SYS_EXIT, 0, 0, 0);
	for (;;)
		;
}
