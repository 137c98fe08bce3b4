// SPDX-License-Identifier: MIT
/*
 * Tests of boot/config.c: both syntaxes' happy paths (comments, CRLF, BOM,
 * '/' to '\' in paths, cmdline values holding '=' and spaces) and every
 * error message, checked word for word because users read them.
 */
#include <stdio.h>
#include "unit.h"
#include "boot/config.h"
#include "arch/x86/uart.h"
#include "lib/errno.h"

static struct hv_config cfg;
static char err[256];

static int parse(const char *text, enum config_syntax syntax)
{
	config_init(&cfg);
	memset(err, 'x', sizeof(err) - 1);
	err[sizeof(err) - 1] = '\0';
	return config_parse(&cfg, text, strlen(text), syntax,
			    syntax == CONFIG_FILE ? "hv.cfg" : "command line", err, sizeof(err));
}

static void expect_file_error(const char *text, const char *msg)
{
	assert_int_equal(parse(text, CONFIG_FILE), -EINVAL);
	assert_string_equal(err, msg);
}

static void expect_cmdline_error(const char *text, const char *msg)
{
	assert_int_equal(parse(text, CONFIG_CMDLINE), -EINVAL);
	assert_string_equal(err, msg);
}

static void test_defaults(void **state)
{
	(void)state;
	assert_int_equal(parse("", CONFIG_FILE), 0);
	assert_string_equal(err, "");
	assert_string_equal(cfg.kernel, "");
	assert_string_equal(cfg.initrd, "");
	assert_string_equal(cfg.cmdline, "");
	assert_int_equal(cfg.log, LOG_INFO);
	assert_int_equal(parse("", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.log, LOG_INFO);
	assert_int_equal(config_parse(&cfg, NULL, 0, CONFIG_FILE, "hv.cfg", err, sizeof(err)), 0);
}

static void test_file_full(void **state)
{
	(void)state;
	assert_int_equal(parse("# hv configuration\n"
			       "\n"
			       "kernel = \\EFI\\hv\\bzImage\n"
			       "   initrd=/EFI/hv/initrd.img   # the initramfs\n"
			       "cmdline = console=ttyS0,115200 root=/dev/vda1 quiet  \n"
			       "\t log\t=\tdebug\n"
			       "   # indented comment\n",
			       CONFIG_FILE),
			 0);
	assert_string_equal(cfg.kernel, "\\EFI\\hv\\bzImage");
	assert_string_equal(cfg.initrd, "\\EFI\\hv\\initrd.img");
	assert_string_equal(cfg.cmdline, "console=ttyS0,115200 root=/dev/vda1 quiet");
	assert_int_equal(cfg.log, LOG_DEBUG);
}

static void test_file_crlf_bom(void **state)
{
	(void)state;
	assert_int_equal(parse("\xEF\xBB\xBFkernel = a\\b\r\ncmdline = x=1 y\r\n\r\nlog = warn\r\n",
			       CONFIG_FILE),
			 0);
	assert_string_equal(cfg.kernel, "a\\b");
	assert_string_equal(cfg.cmdline, "x=1 y");
	assert_int_equal(cfg.log, LOG_WARN);
	/* No newline at the end of the last line. */
	assert_int_equal(parse("log = error", CONFIG_FILE), 0);
	assert_int_equal(cfg.log, LOG_ERROR);
	/* A BOM alone is an empty file. */
	assert_int_equal(parse("\xEF\xBB\xBF", CONFIG_FILE), 0);
}

static void test_file_empty_cmdline(void **state)
{
	(void)state;
	assert_int_equal(parse("cmdline =\n", CONFIG_FILE), 0);
	assert_string_equal(cfg.cmdline, "");
	assert_int_equal(parse("cmdline =   # nothing\n", CONFIG_FILE), 0);
	assert_string_equal(cfg.cmdline, "");
	/* The command line keeps '/' and '=' as they are. */
	assert_int_equal(parse("cmdline=root=/dev/sda1 init=/bin/sh\n", CONFIG_FILE), 0);
	assert_string_equal(cfg.cmdline, "root=/dev/sda1 init=/bin/sh");
}

static void test_file_errors(void **state)
{
	(void)state;
	expect_file_error("kernel = k\nfoo = bar\n", "hv.cfg:2: unknown key 'foo'");
	expect_file_error("\n\njust some words\n", "hv.cfg:3: expected 'key = value'");
	expect_file_error("= value\n", "hv.cfg:1: expected 'key = value'");
	expect_file_error("kernel =\n", "hv.cfg:1: empty value for 'kernel'");
	expect_file_error("initrd =  # none\n", "hv.cfg:1: empty value for 'initrd'");
	expect_file_error("log =\n", "hv.cfg:1: empty value for 'log'");
	expect_file_error("log = verbose\n",
			  "hv.cfg:1: bad value 'verbose' for log (expected error|warn|info|debug)");
	expect_file_error("log = INFO\n",
			  "hv.cfg:1: bad value 'INFO' for log (expected error|warn|info|debug)");
	expect_file_error("kernel = a\r\nkernel = b\r\n", "hv.cfg:2: key 'kernel' given twice");
	expect_file_error("log = info\nlog = info\n", "hv.cfg:2: key 'log' given twice");
	expect_file_error("Kernel = x\n", "hv.cfg:1: unknown key 'Kernel'");
	/* A BOM does not shift line numbers. */
	expect_file_error("\xEF\xBB\xBF\nbad\n", "hv.cfg:2: expected 'key = value'");
}

static void test_file_too_long(void **state)
{
	static char text[CONFIG_CMDLINE_MAX + 64];
	static char key[200];

	(void)state;
	strcpy(text, "kernel = ");
	memset(text + 9, 'k', CONFIG_PATH_MAX);
	text[9 + CONFIG_PATH_MAX] = '\0';
	expect_file_error(text, "hv.cfg:1: value of 'kernel' is too long (256 bytes, at most 255)");
	text[9 + CONFIG_PATH_MAX - 1] = '\0';
	assert_int_equal(parse(text, CONFIG_FILE), 0);
	assert_int_equal(strlen(cfg.kernel), CONFIG_PATH_MAX - 1);

	strcpy(text, "cmdline=");
	memset(text + 8, 'c', CONFIG_CMDLINE_MAX);
	text[8 + CONFIG_CMDLINE_MAX] = '\0';
	expect_file_error(text, "hv.cfg:1: value of 'cmdline' is too long (2048 bytes, at most 2047)");
	text[8 + CONFIG_CMDLINE_MAX - 1] = '\0';
	assert_int_equal(parse(text, CONFIG_FILE), 0);

	/* Long keys and values are shortened in messages. */
	memset(key, 'z', 100);
	strcpy(key + 100, " = 1");
	expect_file_error(key, "hv.cfg:1: unknown key 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...'");
}

static void test_file_nul(void **state)
{
	static const char text[] = "kernel = a\0b\n";

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, text, sizeof(text) - 1, CONFIG_FILE, "hv.cfg", err,
				      sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "hv.cfg:1: value of 'kernel' contains a NUL byte");
}

static void test_cmdline_ok(void **state)
{
	(void)state;
	assert_int_equal(parse("log=debug", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.log, LOG_DEBUG);
	assert_int_equal(parse("   log=error  ", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.log, LOG_ERROR);
	assert_int_equal(parse("  \t ", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.log, LOG_INFO);
}

static void test_cmdline_errors(void **state)
{
	(void)state;
	expect_cmdline_error("log=info foo=1", "command line word 2: unknown key 'foo'");
	expect_cmdline_error("log", "command line word 1: expected 'key=value'");
	expect_cmdline_error("log =debug", "command line word 1: expected 'key=value'");
	expect_cmdline_error("=debug", "command line word 1: expected 'key=value'");
	expect_cmdline_error("log=", "command line word 1: empty value for 'log'");
	expect_cmdline_error("log=loud",
			     "command line word 1: bad value 'loud' for log (expected "
			     "error|warn|info|debug)");
	expect_cmdline_error("log=warn  log=info", "command line word 2: key 'log' given twice");
	expect_cmdline_error("kernel=/bzImage",
			     "command line word 1: 'kernel' is not used under GRUB (the guest is "
			     "the first module2, the initrd the second)");
	expect_cmdline_error("log=info initrd=/i",
			     "command line word 2: 'initrd' is not used under GRUB (the guest is "
			     "the first module2, the initrd the second)");
	expect_cmdline_error("cmdline=quiet",
			     "command line word 1: 'cmdline' is not used under GRUB (the guest is "
			     "the first module2, the initrd the second)");
}

static void test_small_err_buffer(void **state)
{
	char small[8];

	(void)state;
	config_init(&cfg);
	assert_int_equal(config_parse(&cfg, "foo=1", 5, CONFIG_FILE, "hv.cfg", small, sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "hv.cfg:");
	/* No buffer at all is allowed too. */
	assert_int_equal(config_parse(&cfg, "foo=1", 5, CONFIG_FILE, "hv.cfg", NULL, 0), -EINVAL);
}

/* The auto|off keys (vpid, smp): default auto, both syntaxes, nothing else accepted. */
static void test_auto_off_keys(void **state)
{
	static const struct {
		const char *key;
		const int *value;
	} keys[] = { { "vpid", (const int *)&cfg.vpid }, { "smp", (const int *)&cfg.smp } };
	char text[64], msg[96];

	(void)state;
	static_assert(VPID_AUTO == 0 && VPID_OFF == 1 && SMP_AUTO == 0 && SMP_OFF == 1, "0 auto, 1 off");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		assert_int_equal(parse("", CONFIG_FILE), 0);
		assert_int_equal(*keys[i].value, 0);
		snprintf(text, sizeof(text), "%s = off\n", keys[i].key);
		assert_int_equal(parse(text, CONFIG_FILE), 0);
		assert_int_equal(*keys[i].value, 1);
		snprintf(text, sizeof(text), "log=debug %s=off", keys[i].key);
		assert_int_equal(parse(text, CONFIG_CMDLINE), 0);
		assert_int_equal(*keys[i].value, 1);
		snprintf(text, sizeof(text), "%s=auto", keys[i].key);
		assert_int_equal(parse(text, CONFIG_CMDLINE), 0);
		assert_int_equal(*keys[i].value, 0);
		snprintf(text, sizeof(text), "%s = on\n", keys[i].key);
		snprintf(msg, sizeof(msg), "hv.cfg:1: bad value 'on' for %s (expected auto|off)",
			 keys[i].key);
		expect_file_error(text, msg);
	}
}

static void test_mbec_and_test_hypercalls(void **state)
{
	(void)state;
	assert_int_equal(parse("", CONFIG_FILE), 0);
	assert_int_equal(cfg.mbec, MBEC_AUTO);
	assert_false(cfg.test_hypercalls);
	assert_int_equal(parse("mbec = off\ntest_hypercalls = on\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.mbec, MBEC_OFF);
	assert_true(cfg.test_hypercalls);
	assert_int_equal(parse("mbec=on test_hypercalls=off log=warn", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.mbec, MBEC_ON);
	assert_false(cfg.test_hypercalls);
	assert_int_equal(cfg.log, LOG_WARN);
	expect_file_error("mbec = yes\n", "hv.cfg:1: bad value 'yes' for mbec (expected auto|on|off)");
	expect_cmdline_error("test_hypercalls=1",
			     "command line word 1: bad value '1' for test_hypercalls (expected on|off)");
}

static void test_mmio_trace(void **state)
{
	(void)state;
	assert_int_equal(parse("mmio_trace = 0xfebf0000+0x1000,4096+8192\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.trace_count, 2);
	assert_int_equal(cfg.trace[0].base, 0xfebf0000);
	assert_int_equal(cfg.trace[0].size, 0x1000);
	assert_int_equal(cfg.trace[1].base, 4096);
	assert_int_equal(cfg.trace[1].size, 8192);
	assert_int_equal(parse("mmio_trace=0xfe000000+0x1000", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.trace_count, 1);
	/* Layered on the hv.cfg just parsed, a second source's list replaces it. */
	assert_int_equal(parse("mmio_trace = 0xfebf0000+0x1000,4096+8192\n", CONFIG_FILE), 0);
	assert_int_equal(config_parse(&cfg, "mmio_trace=0xfe000000+0x2000", 28, CONFIG_CMDLINE,
				      "command line", err, sizeof(err)), 0);
	assert_int_equal(cfg.trace_count, 1);
	assert_int_equal(cfg.trace[0].base, 0xfe000000);
	assert_int_equal(cfg.trace[0].size, 0x2000);
	expect_file_error("mmio_trace = 0xfe000000\n",
			  "hv.cfg:1: bad range '0xfe000000' for mmio_trace (expected BASE+SIZE)");
	expect_file_error("mmio_trace = 0xfe000010+0x1000\n",
			  "hv.cfg:1: mmio_trace range '0xfe000010+0x1000' must be page aligned and non-empty");
	expect_file_error("mmio_trace = 0x1000+0\n",
			  "hv.cfg:1: mmio_trace range '0x1000+0' must be page aligned and non-empty");
	expect_file_error("mmio_trace = 0x1000+0x1000,\n",
			  "hv.cfg:1: bad range '' for mmio_trace (expected BASE+SIZE)");
	expect_file_error("mmio_trace = 0x1000+0x1000,0x1000+0x1000,0x1000+0x1000,0x1000+0x1000,"
			  "0x1000+0x1000,0x1000+0x1000,0x1000+0x1000,0x1000+0x1000,0x1000+0x1000\n",
			  "hv.cfg:1: more than 8 mmio_trace ranges");
}

static void test_console(void **state)
{
	(void)state;
	assert_int_equal(parse("", CONFIG_FILE), 0);
	assert_int_equal(cfg.console_port, 0x3f8);
	assert_int_equal(cfg.baud, 115200);
	assert_int_equal(parse("console = com1\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.console_port, 0x3f8);
	assert_int_equal(parse("console = com2\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.console_port, 0x2f8);
	assert_int_equal(parse("console = none\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.console_port, 0);
	assert_int_equal(parse("console = 0x3e8\n", CONFIG_FILE), 0);
	assert_int_equal(cfg.console_port, 0x3e8);
	assert_int_equal(parse("console=744 baud=57600", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.console_port, 744);
	assert_int_equal(cfg.baud, 57600);
	assert_int_equal(parse("console=0xfff8", CONFIG_CMDLINE), 0);
	assert_int_equal(cfg.console_port, 0xfff8);
	expect_file_error("console = com3\n",
			  "hv.cfg:1: bad value 'com3' for console (expected com1|com2|none or an I/O "
			  "port such as 0x3e8)");
	expect_file_error("console = COM1\n",
			  "hv.cfg:1: bad value 'COM1' for console (expected com1|com2|none or an I/O "
			  "port such as 0x3e8)");
	expect_cmdline_error("console=0x3f8x",
			     "command line word 1: bad value '0x3f8x' for console (expected "
			     "com1|com2|none or an I/O port such as 0x3e8)");
	expect_cmdline_error("console=0",
			     "command line word 1: console port '0' is outside 0x1..0xfff8");
	expect_cmdline_error("console=0xfff9",
			     "command line word 1: console port '0xfff9' is outside 0x1..0xfff8");
	expect_cmdline_error("console=0x10000",
			     "command line word 1: console port '0x10000' is outside 0x1..0xfff8");
	expect_file_error("console =\n", "hv.cfg:1: empty value for 'console'");
	expect_cmdline_error("console=com1 console=com2",
			     "command line word 2: key 'console' given twice");
}

static void test_baud(void **state)
{
	static const u32 good[] = { 115200, 57600, 38400, 28800, 23040, 19200, 14400, 12800,
				    11520, 9600, 7200, 4800, 2400, 1200, 600, 300 };
	static const char *const bad[] = { "0", "299", "150", "110", "56000", "76800",
					   "230400", "4294967296", "9600x", "fast", "-9600" };
	char text[64], msg[200];

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "baud = %u\n", good[i]);
		assert_int_equal(parse(text, CONFIG_FILE), 0);
		assert_int_equal(cfg.baud, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "baud=%s", bad[i]);
		snprintf(msg, sizeof(msg), "command line word 1: bad value '%s' for baud (expected "
			 "300..115200 dividing 115200: 115200, 57600, 38400, 19200, 9600, ...)",
			 bad[i]);
		expect_cmdline_error(text, msg);
	}
	assert_int_equal(parse("baud = 0x2580\n", CONFIG_FILE), 0); /* 9600 in hex */
	assert_int_equal(cfg.baud, 9600);
}

static void test_uart_divisor(void **state)
{
	(void)state;
	assert_int_equal(uart_divisor(115200), 1);
	assert_int_equal(uart_divisor(57600), 2);
	assert_int_equal(uart_divisor(38400), 3);
	assert_int_equal(uart_divisor(9600), 12);
	assert_int_equal(uart_divisor(300), 384);
	assert_int_equal(uart_divisor(0), 0);
	assert_int_equal(uart_divisor(150), 0);    /* below UART_BAUD_MIN */
	assert_int_equal(uart_divisor(230400), 0); /* above the 1.8432 MHz clock's /16 */
	assert_int_equal(uart_divisor(56000), 0);  /* not exact */
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(log_level_name(LOG_ERROR), "error");
	assert_string_equal(log_level_name(LOG_WARN), "warn");
	assert_string_equal(log_level_name(LOG_INFO), "info");
	assert_string_equal(log_level_name(LOG_DEBUG), "debug");
	assert_string_equal(log_level_name((enum log_level)42), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_full),
		cmocka_unit_test(test_file_crlf_bom),
		cmocka_unit_test(test_file_empty_cmdline),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_file_too_long),
		cmocka_unit_test(test_file_nul),
		cmocka_unit_test(test_cmdline_ok),
		cmocka_unit_test(test_cmdline_errors),
		cmocka_unit_test(test_small_err_buffer),
		cmocka_unit_test(test_mbec_and_test_hypercalls),
		cmocka_unit_test(test_auto_off_keys),
		cmocka_unit_test(test_mmio_trace),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_baud),
		cmocka_unit_test(test_uart_divisor),
		cmocka_unit_test(test_level_names),
	};

	return RUN_TESTS(tests);
}
