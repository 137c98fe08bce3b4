// SPDX-License-Identifier: MIT
/*
 * Chipset facts for hv (see chipset.h). Register layouts: Intel 82371AB
 * PIIX4 datasheet, 11.3 "Power Management PCI Configuration Registers"
 * (PMBA at 0x40, PMREGMISC at 0x80 bit 0 "PMIOSE"); Intel ICH9 datasheet,
 * 13.1 "LPC Interface PCI Configuration Registers" (PMBASE at 0x40, ACPI_CNTL
 * at 0x44 bit 7 "ACPI_EN"); 82093AA I/O APIC datasheet, 3.2.1 "IOAPICID".
 */
#include "arch/x86/chipset.h"
#include "arch/x86/cpu.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_ENABLE BIT_ULL(31)

#define PIIX4_PM_ID 0x71138086u /* device 7113h, vendor 8086h */
#define PIIX4_PMBA 0x40
#define PIIX4_PMREGMISC 0x80
#define ICH9_LPC_ID 0x29188086u
#define ICH9_PMBASE 0x40
#define ICH9_ACPI_CNTL 0x44
#define ICH9_ACPI_EN BIT_ULL(7)

static u32 pci_read32(u32 bus, u32 dev, u32 fn, u32 reg)
{
	u32 v;

	asm volatile("outl %0, %1" : : "a"((u32)(PCI_ENABLE | (bus << 16) | (dev << 11) |
					       (fn << 8) | (reg & 0xfc))),
		     "Nd"((u16)PCI_CONFIG_ADDRESS));
	asm volatile("inl %1, %0" : "=a"(v) : "Nd"((u16)PCI_CONFIG_DATA));
	return v;
}

u16 chipset_acpi_pm_base(void)
{
	if (pci_read32(0, 1, 3, 0) == PIIX4_PM_ID) {
		if (!(pci_read32(0, 1, 3, PIIX4_PMREGMISC) & 1))
			return 0;
		return (u16)(pci_read32(0, 1, 3, PIIX4_PMBA) & 0xffc0);
	}
	if (pci_read32(0, 31, 0, 0) == ICH9_LPC_ID) {
		if (!(pci_read32(0, 31, 0, ICH9_ACPI_CNTL) & ICH9_ACPI_EN))
			return 0;
		return (u16)(pci_read32(0, 31, 0, ICH9_PMBASE) & 0xff80);
	}
	return 0;
}

u8 chipset_ioapic_id(hpa_t base)
{
	volatile u32 *ioapic = (volatile u32 *)(uintptr_t)base;

	ioapic[0] = 0; /* IOREGSEL: IOAPICID */
	return (u8)((ioapic[4] >> 24) & 0xf);
}
