// SPDX-License-Identifier: MIT
/* A small vsnprintf: enough for hv's log lines and error messages. */
#include "lib/format.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n && (*s == '-')) {
		put(o, *s++);
		n--;
	}
	if (!left)
		while (fill--)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static size_t u64_to_text(u64 v, unsigned int base, bool upper, char *tmp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, i;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		tmp[i] = rev[n - 1 - i];
	return n;
}

/* Fetch the next integer argument according to its length modifier. */
static u64 next_arg(va_list *ap, int lmod, bool is_signed)
{
	if (lmod >= 2)
		return is_signed ? (u64)va_arg(*ap, long long) : va_arg(*ap, unsigned long long);
	if (lmod == 1)
		return is_signed ? (u64)va_arg(*ap, long) : va_arg(*ap, unsigned long);
	if (lmod == 3)
		return is_signed ? (u64)(s64)va_arg(*ap, ptrdiff_t) : va_arg(*ap, size_t);
	if (lmod == -1)
		return is_signed ? (u64)(s16)va_arg(*ap, int) : (u16)va_arg(*ap, unsigned int);
	if (lmod == -2)
		return is_signed ? (u64)(s8)va_arg(*ap, int) : (u8)va_arg(*ap, unsigned int);
	return is_signed ? (u64)va_arg(*ap, int) : va_arg(*ap, unsigned int);
}

static void format_int(struct out *o, char conv, int lmod, int width, bool left, char pad, va_list *ap)
{
	char tmp[24];
	size_t n = 0;
	bool is_signed = conv == 'd' || conv == 'i';
	u64 v = next_arg(ap, lmod, is_signed);

	if (is_signed && (s64)v < 0) {
		tmp[n++] = '-';
		v = -v;
	}
	n += u64_to_text(v, conv == 'x' || conv == 'X' ? 16 : 10, conv == 'X', tmp + n);
	put_padded(o, tmp, n, width, left, pad);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, ap_in);
	for (; *fmt; fmt++) {
		bool left = false;
		char pad = ' ';
		int width = 0, lmod = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = true;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'h'; fmt++)
			lmod = *fmt == 'l' ? lmod + 1 : *fmt == 'z' ? 3 : lmod - 1;
		switch (*fmt) {
		case 'd': case 'i': case 'u': case 'x': case 'X':
			format_int(&o, *fmt, lmod, width, left, pad, &ap);
			break;
		case 'p': {
			char tmp[24] = "0x";
			size_t n = 2 + u64_to_text((u64)(uintptr_t)va_arg(ap, void *), 16, false, tmp + 2);

			put_padded(&o, tmp, n, width, left, ' ');
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = 0;

			if (!s)
				s = "(null)";
			while (s[n])
				n++;
			put_padded(&o, s, n, width, left, ' ');
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
