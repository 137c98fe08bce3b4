/* SPDX-License-Identifier: MIT */
/*
 * Linux x86-64 system calls for the initramfs's static tools, which are
 * built without libc (guest/linux/hv_*.c): the SYSCALL instruction with the
 * number in RAX and arguments in RDI, RSI, RDX, R10; RCX and R11 are
 * clobbered (the kernel's entry_64.S ABI; numbers from its syscall_64.tbl).
 */
#ifndef HV_GUEST_LINUX_SYSCALL_H
#define HV_GUEST_LINUX_SYSCALL_H

#define SYS_WRITE 1
#define SYS_RT_SIGACTION 13
#define SYS_EXECVE 59
#define SYS_EXIT 60

static inline long linux_syscall4(long nr, long a, long b, long c, long d)
{
	register long r10 asm("r10") = d;
	long ret;

	asm volatile("syscall"
		     : "=a"(ret)
		     : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
		     : "rcx", "r11", "memory");
	return ret;
}

static inline long linux_syscall3(long nr, long a, long b, long c)
{
	return linux_syscall4(nr, a, b, c, 0);
}

#endif
