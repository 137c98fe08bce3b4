/* SPDX-License-Identifier: MIT */
/*
 * The test guest's formatter: one engine (format()) driving a per-character
 * sink, used for serial output and for check details built into buffers.
 * It supports only what the guest prints: strings, characters, signed and
 * unsigned decimal and hexadecimal integers of 32 or 64 bits, zero padding.
 */
#include "guest/testguest/print.h"

#include "guest/testguest/serial.h"

struct sink {
	void (*put)(struct sink *s, char c);
	char *buf;
	size_t size;
	size_t len;
};

static void put_serial(struct sink *s, char c)
{
	(void)s;
	serial_putc(c);
}

static void put_buffer(struct sink *s, char c)
{
	if (s->len + 1 < s->size)
		s->buf[s->len++] = c;
}

static void put_number(struct sink *s, uint64_t v, unsigned base, bool negative,
		       unsigned width, char pad)
{
	char digits[24];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (negative)
		digits[n++] = '-';
	for (unsigned i = n; i < width; i++)
		s->put(s, pad);
	while (n)
		s->put(s, digits[--n]);
}

/* One conversion after the '%', flags and width; returns the rest of fmt. */
static const char *convert(struct sink *s, const char *fmt, va_list *ap,
			   unsigned width, char pad)
{
	unsigned longs = 0;

	while (*fmt == 'l') {
		longs++;
		fmt++;
	}
	switch (*fmt) {
	case 'd': {
		int64_t v = longs ? va_arg(*ap, int64_t) : va_arg(*ap, int);

		put_number(s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
		break;
	}
	case 'u':
	case 'x': {
		uint64_t v = longs ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned);

		put_number(s, v, *fmt == 'u' ? 10 : 16, false, width, pad);
		break;
	}
	case 's':
		for (const char *str = va_arg(*ap, const char *); str && *str; str++)
			s->put(s, *str);
		break;
	case 'c':
		s->put(s, (char)va_arg(*ap, int));
		break;
	case '%':
		s->put(s, '%');
		break;
	default: /* unknown: show it, so the bug is visible in the log */
		s->put(s, '%');
		if (*fmt)
			s->put(s, *fmt);
		break;
	}
	return *fmt ? fmt + 1 : fmt;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		unsigned width = 0;
		char pad = ' ';

		if (*fmt != '%') {
			s->put(s, *fmt++);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		fmt = convert(s, fmt, &args, width, pad);
	}
	va_end(args);
}

void tg_printf(const char *fmt, ...)
{
	struct sink s = { .put = put_serial };
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
}

size_t tg_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_buffer, .buf = buf, .size = size };

	format(&s, fmt, ap);
	buf[s.len] = '\0';
	return s.len;
}

size_t tg_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = tg_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
