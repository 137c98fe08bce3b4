/* SPDX-License-Identifier: MIT */
/*
 * VM-exit handlers, one family per file (exit_<family>.c), and the dispatch
 * table in exit.c that maps a basic exit reason to its handler.
 */
#ifndef HV_VMM_EXIT_H
#define HV_VMM_EXIT_H

#include "vmm/vcpu.h"

typedef enum exit_action (*exit_handler_t)(struct vcpu *v);

/* Dispatch one VM exit (v->exit, read by vcpu_run()) to its handler. */
enum exit_action exit_dispatch(struct vcpu *v);

enum exit_action exit_cpuid(struct vcpu *v);          /* exit_cpuid.c */
enum exit_action exit_vmcall(struct vcpu *v);         /* exit_vmcall.c */
enum exit_action exit_cr_access(struct vcpu *v);      /* exit_cr.c */
enum exit_action exit_msr_read(struct vcpu *v);       /* exit_msr.c */
enum exit_action exit_msr_write(struct vcpu *v);
enum exit_action exit_hlt(struct vcpu *v);            /* exit_misc.c */
enum exit_action exit_invd(struct vcpu *v);
enum exit_action exit_wbinvd(struct vcpu *v);
enum exit_action exit_xsetbv(struct vcpu *v);
enum exit_action exit_vmx_instruction(struct vcpu *v);
enum exit_action exit_triple_fault(struct vcpu *v);
enum exit_action exit_init(struct vcpu *v);           /* exit_init.c */
enum exit_action exit_io(struct vcpu *v);             /* exit_io.c */
enum exit_action exit_sipi(struct vcpu *v);
enum exit_action exit_ept_violation(struct vcpu *v);  /* exit_ept.c */
enum exit_action exit_exception_nmi(struct vcpu *v);  /* exit_nmi.c */
enum exit_action exit_nmi_window(struct vcpu *v);
enum exit_action exit_ept_misconfig(struct vcpu *v);

/* Name of a basic exit reason for reports ("CPUID"), or "unknown". */
const char *exit_reason_name(u32 reason);

/*
 * Set up the I/O bitmaps of vm: the log console UART's data and line-control
 * ports (none with console=none) and the ACPI PM1a control port.
 */
void exit_io_bitmap_init(struct vm *vm);

/* Set up the MSR bitmap of vm: intercept the VMX and FEATURE_CONTROL MSRs only. */
void exit_msr_bitmap_init(struct vm *vm);

#endif
