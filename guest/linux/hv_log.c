// SPDX-License-Identifier: MIT
/*
 * hv-log: print hv's log (the ring hv keeps in its own memory, docs/hypercalls.md
 * HC_LOG_READ) on standard output, from the oldest byte hv still holds to the
 * newest, and exit 0; exit 1 with one line on standard error when not running
 * under hv or when hv refuses. It is how a machine without a serial cable gets
 * hv's log: the guest's user space calls hv directly.
 *
 * Why this works from user space: VMCALL exits to hv at any CPL, and hv
 * answers HC_LOG_READ at CPL 3 too; the buffer is a linear address that hv
 * translates through this process's page tables as a user-mode write, so the
 * tool can only fill memory it may write itself. hv neither faults pages in
 * nor sets dirty bits, so the buffer is written once first (present, dirty;
 * an initramfs has no swap to take it away again).
 *
 * A static binary without libc, like hv_tsc.c; Linux x86-64 syscalls.
 */
#include "guest/linux/linux_syscall.h"
#include "vmm/hypercall.h"

typedef unsigned long u64;

#define PAGE 4096

static char buf[HC_LOG_READ_MAX] __attribute__((aligned(PAGE)));


static void put(int fd, const char *s, u64 n)
{
	while (n) {
		long w = linux_syscall3(SYS_WRITE, fd, (long)s, (long)n);

		if (w <= 0)
			return;
		s += w;
		n -= (u64)w;
	}
}

static void puts_fd(int fd, const char *s)
{
	u64 n = 0;

	while (s[n])
		n++;
	put(fd, s, n);
}

static void put_dec(int fd, u64 v)
{
	char d[24];
	int i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(fd, d + i, sizeof(d) - (unsigned int)i);
}

static __attribute__((noreturn)) void leave(int code)
{
	linux_syscall3(SYS_EXIT, code, 0, 0);
	for (;;)
		;
}

/* CPUID leaf 0x40000000 names hv: "hvHypervisor" in EBX, ECX, EDX. */
static int under_hv(void)
{
	unsigned int sig[3], eax;
	const char *want = HV_CPUID_SIGNATURE;
	const char *got = (const char *)sig;

	asm volatile("cpuid"
		     : "=a"(eax), "=b"(sig[0]), "=c"(sig[1]), "=d"(sig[2])
		     : "a"(HV_CPUID_LEAF_BASE), "c"(0));
	for (int i = 0; i < 12; i++)
		if (got[i] != want[i])
			return 0;
	return eax >= HV_CPUID_LEAF_BASE;
}

/* HC_LOG_READ from *seq into buf: bytes copied (or -error), *seq and *lost updated. */
static long log_read(u64 *seq, u64 *lost)
{
	long rax = HC_LOG_READ;
	u64 rbx = *seq, rcx = (u64)buf, rdx = sizeof(buf);

	asm volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx) : : "memory");
	if (rax >= 0) {
		*seq = rbx;
		*lost = rcx;
	}
	return rax;
}

void _start(void);

void _start(void)
{
	u64 seq = 0, lost;
	long n;

	if (!under_hv()) {
		puts_fd(2, "hv-log: not running under hv (no hvHypervisor CPUID signature)\n");
		leave(1);
	}
	for (u64 i = 0; i < sizeof(buf); i += PAGE)
		((volatile char *)buf)[i] = 0;
	do {
		n = log_read(&seq, &lost);
		if (n < 0) {
			puts_fd(2, "hv-log: HC_LOG_READ failed: error ");
			put_dec(2, (u64)-n);
			puts_fd(2, "\n");
			leave(1);
		}
		if (lost) {
			puts_fd(1, "hv-log: ");
			put_dec(1, lost);
			puts_fd(1, " bytes of hv's log were overwritten before they could be read\n");
		}
		put(1, buf, (u64)n);
	} while (n);
	leave(0);
}
