// SPDX-License-Identifier: MIT
/*
 * hv-sigdfl PROGRAM [ARG...]: set SIGINT and SIGQUIT back to their default
 * action, then execute PROGRAM. The initramfs's /init (a busybox sh script,
 * PID 1, without job control: it has no controlling terminal) starts its
 * shells with `&`, and POSIX has a non-interactive shell start such
 * asynchronous commands with SIGINT and SIGQUIT ignored; ignored signals
 * survive execve() (signal(7)) and busybox ash keeps a signal it found
 * ignored ignored, so Ctrl-C would never interrupt a command typed in those
 * shells. Static, without libc: Linux x86-64 syscalls.
 */
#include "guest/linux/linux_syscall.h"

#define SIGINT 2
#define SIGQUIT 3
#define SIG_DFL 0

/* struct sigaction as the kernel takes it (arch/x86/include/uapi/asm/signal.h). */
struct kernel_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	unsigned long mask;
};

static void fail(const char *msg, unsigned long len)
{
	linux_syscall4(SYS_WRITE, 2, (long)msg, (long)len, 0);
	linux_syscall4(SYS_EXIT, 127, 0, 0, 0);
}

/* The kernel's initial stack: argc, argv[0..argc-1], NULL, envp..., NULL. */
void hv_sigdfl_main(long *sp);

void hv_sigdfl_main(long *sp)
{
	long argc = sp[0];
	char **argv = (char **)(sp + 1), **envp = argv + argc + 1;
	struct kernel_sigaction dfl = { .handler = SIG_DFL };
	static const char usage[] = "usage: hv-sigdfl PROGRAM [ARG...]\n";
	static const char noexec[] = "hv-sigdfl: cannot execute the program\n";

	if (argc < 2)
		fail(usage, sizeof(usage) - 1);
	linux_syscall4(SYS_RT_SIGACTION, SIGINT, (long)&dfl, 0, sizeof(dfl.mask));
	linux_syscall4(SYS_RT_SIGACTION, SIGQUIT, (long)&dfl, 0, sizeof(dfl.mask));
	linux_syscall4(SYS_EXECVE, (long)argv[1], (long)(argv + 1), (long)envp, 0);
	fail(noexec, sizeof(noexec) - 1);
}

/* Entry: hand the initial stack pointer to C with the stack 16-byte aligned. */
asm(".globl _start\n"
    "_start:\n"
    "	mov %rsp, %rdi\n"
    "	and $-16, %rsp\n"
    "	call hv_sigdfl_main\n"
    "	hlt\n");
