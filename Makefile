# SPDX-License-Identifier: MIT
# hv: one Makefile. `make` builds build/hv.efi, build/hv.elf and the test
# guest; `make usb` a bootable disk image (build/hv-usb.img, UEFI and legacy
# BIOS); `make run`, `make test` and `make bench` set up what is missing first.

BUILD   := build
CC      := gcc
LD      := ld
NASM    := nasm
OBJCOPY := objcopy
HOSTCC  := gcc

# Core (everything shared by both boot paths): freestanding, position
# independent (hv.efi is relocated by the firmware), no SSE so that guest
# vector state is never touched by hv code, no red zone (exceptions).
CFLAGS_COMMON := -std=gnu11 -O2 -g -I. -MMD -MP \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
	-ffreestanding -fno-stack-protector -fno-stack-check -fno-strict-aliasing \
	-fpic -fvisibility=hidden -mno-red-zone -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fcf-protection=none -fno-omit-frame-pointer
# Test variants: `make BUILD=build/variant-x HV_DEFS='-DHV_CPUS_MAX=2'` builds
# hv with extra definitions into its own directory (tests/e2e: e2e_build_variant).
HV_DEFS ?=
CFLAGS_COMMON += $(HV_DEFS)
CFLAGS  := $(CFLAGS_COMMON)
# GNU-EFI: headers, wide chars and the calling-convention wrapper it needs.
EFI_CFLAGS := $(CFLAGS_COMMON) -I/usr/include/efi -I/usr/include/efi/x86_64 \
	-fshort-wchar -maccumulate-outgoing-args -DGNU_EFI_USE_MS_ABI -fvisibility=default
NASMFLAGS := -f elf64 -g -F dwarf -I.

LIB_OBJS := lib/string.o lib/format.o lib/log.o
ARCH_OBJS := arch/x86/uart.o arch/x86/vmx_caps.o arch/x86/vmx_controls.o \
	arch/x86/vmx_cpu.o arch/x86/vmx_ops.o arch/x86/vmcs_dump.o arch/x86/vmx_entry.o arch/x86/desc.o \
	arch/x86/exceptions.o arch/x86/exception_stubs.o arch/x86/tsc.o \
	arch/x86/msr_safe.o arch/x86/ept_violation.o arch/x86/vmx_features.o \
	arch/x86/tlb.o arch/x86/percpu.o \
	arch/x86/insn_decode.o arch/x86/insn_emulate.o arch/x86/acpi.o arch/x86/lapic.o arch/x86/chipset.o arch/x86/reset.o \
	arch/x86/ap_trampoline.o
MM_OBJS := mm/memmap.o mm/pmm.o mm/paging.o mm/ept.o mm/guest_walk.o \
	mm/mtrr.o mm/ept_identity.o
VMM_OBJS := vmm/main.o vmm/log.o vmm/panic.o vmm/vcpu.o vmm/exit.o \
	vmm/exit_cpuid.o vmm/exit_vmcall.o vmm/exit_cr.o vmm/exit_msr.o \
	vmm/exit_misc.o vmm/exit_ept.o vmm/vm.o \
	vmm/mmio.o vmm/mmio_registry.o vmm/mmio_emulate.o vmm/testdev.o vmm/smp.o vmm/vcpu_reset.o vmm/vcpu_run.o \
	vmm/exit_init.o vmm/exit_io.o vmm/exit_nmi.o vmm/ept_sync.o vmm/stats.o vmm/log_ring.o vmm/guest_mem.o
GUEST_OBJS := guest/bzimage.o guest/linux_boot.o guest/acpi_tables.o
BOOT_COMMON_OBJS := boot/config.o
CORE_OBJS := $(addprefix $(BUILD)/,$(LIB_OBJS) $(ARCH_OBJS) $(MM_OBJS) \
	$(VMM_OBJS) $(GUEST_OBJS) $(BOOT_COMMON_OBJS))

MB2_OBJS := $(addprefix $(BUILD)/,boot/mb2_entry.o boot/multiboot2.o boot/mb2_main.o)
EFI_OBJS := $(addprefix $(BUILD)/,boot/efi_main.o boot/efi_memmap.o boot/efi_files.o)

EFI_LDS := /usr/lib/elf_x86_64_efi.lds
EFI_CRT0 := /usr/lib/crt0-efi-x86_64.o

# The test guest: its own freestanding build, a flat image with a Linux
# boot-protocol header (guest/testguest/header.asm), loaded like a bzImage.
TG_CFLAGS := -std=gnu11 -O2 -I. -MMD -MP -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small -fno-asynchronous-unwind-tables \
	-fcf-protection=none $(TG_DEFS)
TG_OBJS := $(addprefix $(BUILD)/guest/testguest/,header.o entry.o traps.o probes.o \
	main.o bootparams.o paging.o idt.o serial.o print.o string.o pic.o apic.o \
	power.o vmcall.o checks.o checks_cpuid.o checks_vmx.o checks_memory.o \
	checks_exits.o bench.o testif.o checks_testdev.o checks_mbec.o mmio_forms.o \
	gdt.o ring3.o ring3_entry.o pgoff.o checks_ioapic.o ept_remote.o)

.PHONY: all clean deps run test unit e2e bench
all: $(BUILD)/hv.efi $(BUILD)/hv.elf $(BUILD)/testguest.bin

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/boot/efi_%.o: boot/efi_%.c
	@mkdir -p $(dir $@)
	$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

$(BUILD)/guest/testguest/%.o: guest/testguest/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TG_CFLAGS) -c $< -o $@

$(BUILD)/guest/testguest/%.o: guest/testguest/%.asm
	@mkdir -p $(dir $@)
	$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

$(BUILD)/hv.elf: $(CORE_OBJS) $(MB2_OBJS) linker.ld
	$(LD) -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T linker.ld \
		-o $@ $(MB2_OBJS) $(CORE_OBJS)

$(BUILD)/hv.so: $(CORE_OBJS) $(EFI_OBJS)
	$(LD) -shared -Bsymbolic -nostdlib -znocombreloc -z noexecstack -T $(EFI_LDS) \
		$(EFI_CRT0) $(EFI_OBJS) $(CORE_OBJS) -L/usr/lib -lefi -lgnuefi -o $@

$(BUILD)/hv.efi: $(BUILD)/hv.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .rodata -j .dynamic -j .dynsym \
		-j .rel -j .rela -j .rel.* -j .rela.* -j .reloc \
		--target efi-app-x86_64 --subsystem=10 $< $@

$(BUILD)/testguest.elf: $(TG_OBJS) guest/testguest/testguest.ld
	$(LD) -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
		-T guest/testguest/testguest.ld -o $@ $(TG_OBJS)

$(BUILD)/testguest.bin: $(BUILD)/testguest.elf
	$(OBJCOPY) -O binary $< $@

# ---- host unit tests (cmocka, ASan + UBSan) ----
UNIT_CFLAGS := -std=gnu11 -g -O1 -I. -DHV_HOSTED -Wall -Wextra -Werror \
	-Wno-unused-parameter -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_TESTS := test_config test_memmap test_multiboot2 test_efi_memmap \
	test_vmx_controls test_ept test_format test_bzimage test_mmio_cache \
	test_ept_violation test_ept_identity test_insn test_guest_walk test_mtrr \
	test_acpi test_acpi_tables test_linux_boot test_log_ring test_vmx_features \
	test_vmx_exit_info
UNIT_BINS := $(addprefix $(BUILD)/unit/,$(UNIT_TESTS))
# Each test links the pure modules it exercises.
UNIT_SRCS_test_config := boot/config.c lib/log.c lib/string.c lib/format.c
UNIT_SRCS_test_memmap := mm/memmap.c
UNIT_SRCS_test_log_ring := vmm/log_ring.c lib/string.c
UNIT_SRCS_test_multiboot2 := boot/multiboot2.c boot/config.c mm/memmap.c lib/log.c \
	lib/string.c lib/format.c
UNIT_SRCS_test_efi_memmap := boot/efi_memmap.c mm/memmap.c
UNIT_SRCS_test_vmx_controls := arch/x86/vmx_controls.c
UNIT_SRCS_test_vmx_features := arch/x86/vmx_features.c arch/x86/vmx_caps.c \
	arch/x86/vmx_controls.c lib/format.c
UNIT_SRCS_test_vmx_exit_info := arch/x86/tlb.c
UNIT_SRCS_test_ept := mm/ept.c mm/memmap.c
UNIT_SRCS_test_format := lib/format.c
UNIT_SRCS_test_bzimage := guest/bzimage.c lib/string.c lib/format.c
UNIT_SRCS_test_mmio_cache := vmm/mmio_registry.c
UNIT_SRCS_test_ept_violation := arch/x86/ept_violation.c lib/format.c
UNIT_SRCS_test_ept_identity := mm/ept_identity.c mm/ept.c mm/mtrr.c mm/memmap.c
UNIT_SRCS_test_insn := arch/x86/insn_decode.c arch/x86/insn_emulate.c lib/string.c lib/format.c
UNIT_SRCS_test_guest_walk := mm/guest_walk.c
UNIT_SRCS_test_mtrr := mm/mtrr.c
UNIT_SRCS_test_acpi := arch/x86/acpi.c lib/string.c lib/format.c
UNIT_SRCS_test_acpi_tables := guest/acpi_tables.c arch/x86/acpi.c lib/string.c lib/format.c
UNIT_SRCS_test_linux_boot := guest/linux_boot.c guest/bzimage.c guest/acpi_tables.c mm/memmap.c \
	lib/string.c lib/format.c

.SECONDEXPANSION:
$(BUILD)/unit/%: tests/unit/%.c $$(UNIT_SRCS_$$*) tests/unit/*.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(UNIT_SRCS_$*) -lcmocka

unit: $(UNIT_BINS)

# ---- fuzz targets (libFuzzer via clang, ASan + UBSan) ----
# `make fuzz` builds them; `make fuzz-smoke` seeds a corpus and runs each for
# FUZZ_TIME seconds (about a minute in all), failing on the first crash.
# Crash inputs land in build/fuzz/ as crash-<sha1>; replay with
# `build/fuzz/<target> <file>`.
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -I. -DHV_HOSTED -Wall -Wextra -Werror \
	-Wno-unused-parameter -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := fuzz_config fuzz_multiboot2 fuzz_bzimage fuzz_insn fuzz_guest_walk fuzz_acpi
FUZZ_BINS := $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
FUZZ_SRCS_fuzz_config := boot/config.c lib/log.c lib/string.c lib/format.c
FUZZ_SRCS_fuzz_multiboot2 := boot/multiboot2.c boot/config.c mm/memmap.c lib/log.c \
	lib/string.c lib/format.c
FUZZ_SRCS_fuzz_bzimage := guest/bzimage.c lib/string.c lib/format.c
FUZZ_SRCS_fuzz_insn := arch/x86/insn_decode.c arch/x86/insn_emulate.c lib/string.c lib/format.c
FUZZ_SRCS_fuzz_guest_walk := mm/guest_walk.c
FUZZ_SRCS_fuzz_acpi := arch/x86/acpi.c lib/string.c lib/format.c
FUZZ_TIME ?= 20

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_SRCS_fuzz_$$*)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRCS_fuzz_$*)

$(BUILD)/fuzz/seeds: tests/fuzz/seeds.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O1 -I. -Wall -Wextra -Werror -o $@ $<

.PHONY: fuzz fuzz-smoke
fuzz: $(FUZZ_BINS) $(BUILD)/fuzz/seeds

fuzz-smoke: fuzz
	$(BUILD)/fuzz/seeds $(BUILD)/fuzz/corpus
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz-smoke: $$t for $(FUZZ_TIME)s"; \
		$(BUILD)/fuzz/$$t -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/ $(BUILD)/fuzz/corpus/$$t || exit 1; \
	done

# ---- differential test of the MMIO decoder against Capstone 4 (ASan + UBSan) ----
# `make diff` builds it; tests/run_all.sh runs every binary in build/diff/.
DIFF_SRCS_diff_insn := arch/x86/insn_decode.c arch/x86/insn_emulate.c lib/string.c lib/format.c

$(BUILD)/diff/diff_insn: tests/diff/diff_insn.c $(DIFF_SRCS_diff_insn) arch/x86/insn.h
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -O2 -o $@ $< $(DIFF_SRCS_diff_insn) -lcapstone

.PHONY: diff
diff: $(BUILD)/diff/diff_insn

# ---- the default Linux guest (docs/linux-guest.md) ----
# Debian 12's stock kernel and busybox-static, fetched and unpacked into
# $(HV_CACHE)/linux by `make deps` (with a USB keyboard's kernel modules);
# `make linux` copies the kernel to build/linux/vmlinuz and builds
# build/linux/initramfs.gz (no root needed).
HV_CACHE ?= /var/cache/hv
LINUX_CACHE := $(HV_CACHE)/linux

.PHONY: linux
linux: $(BUILD)/linux/vmlinuz $(BUILD)/linux/initramfs.gz

$(BUILD)/linux/vmlinuz: $(LINUX_CACHE)/vmlinuz
	@mkdir -p $(dir $@)
	cp $< $@

# The initramfs's own tools: static, no libc (guest/linux/hv_*.c).
LINUX_TOOLS := $(patsubst guest/linux/hv_%.c,$(BUILD)/linux/hv-%,$(wildcard guest/linux/hv_*.c))
$(BUILD)/linux/hv-%: guest/linux/hv_%.c guest/linux/linux_syscall.h vmm/hypercall.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -I. -Wall -Wextra -Werror -static -nostdlib -fno-pie -no-pie \
		-fno-stack-protector -fno-builtin -mgeneral-regs-only -o $@ $<

# The USB keyboard modules (scripts/setup.sh) are optional: without them the
# initramfs is built without, and rebuilt once `make deps` has fetched them.
$(BUILD)/linux/initramfs.gz: scripts/mkinitramfs.sh guest/linux/init $(LINUX_CACHE)/busybox \
		$(LINUX_TOOLS) $(wildcard $(LINUX_CACHE)/modules/load-order)
	bash scripts/mkinitramfs.sh $(LINUX_CACHE)/busybox guest/linux/init $@ \
		-m $(LINUX_CACHE)/modules $(LINUX_TOOLS)

# ---- the USB stick image (docs/usb-image.md): GPT, BIOS boot partition with
# GRUB, FAT32 ESP with hv.efi, hv.elf, hv.cfg, the default guest. No root needed.
.PHONY: usb
# make usb [USB_KERNEL=F] [USB_INITRD=F] [USB_CMDLINE='...'] [USB_SET='key=value ...']:
# another guest, command line or hv.cfg settings on the image (scripts/mkusb.sh).
usb: all linux
	HV_BUILD=$(abspath $(BUILD)) bash scripts/mkusb.sh -o $(BUILD)/hv-usb.img \
		$(if $(USB_KERNEL),-k '$(USB_KERNEL)') $(if $(USB_INITRD),-i '$(USB_INITRD)') \
		$(if $(USB_CMDLINE),-c '$(USB_CMDLINE)') $(foreach s,$(USB_SET),-s '$(s)')

$(LINUX_CACHE)/vmlinuz $(LINUX_CACHE)/busybox:
	@echo "missing $@: run 'make deps' (scripts/setup.sh fetches it)"; exit 1

deps:
	bash scripts/setup.sh

run: deps all linux
	bash scripts/run.sh

test: deps
	$(MAKE) all linux unit fuzz diff
	$(BUILD)/fuzz/seeds $(BUILD)/fuzz/corpus
	bash tests/run_all.sh

bench: deps all
	bash tests/bench/run.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
