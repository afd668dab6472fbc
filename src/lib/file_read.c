/* file_read.c: reads an article file into memory and checks that it is
 * text a listener can be read: UTF-8, not binary, not empty. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistr.h>
#include <unistd.h>

#include "internal.h"

/* Far beyond any article; a guard against reading a disk image by mistake. */
#define NR_MAX_ARTICLE_BYTES (64u * 1024u * 1024u)

bool nr_looks_binary(const char *text, size_t len) {
    size_t controls = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == 0)
            return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
            controls++;
    }
    /* A stray control character is tolerated (it is dropped later); many
     * mean the file is binary. */
    return controls > 8 && controls * 100 > len;
}

tutur_status nr_check_text(tutur_ctx *ctx, const char *name, const char *text, size_t len) {
    if (memchr(text, '\0', len))
        return nr_fail(ctx, TUTUR_E_BINARY, "%s: not a text file (contains NUL bytes)", name);
    if (nr_looks_binary(text, len))
        return nr_fail(ctx, TUTUR_E_BINARY, "%s: not a text file (control characters)", name);
    const uint8_t *bad = u8_check((const uint8_t *)text, len);
    if (bad)
        return nr_fail(ctx, TUTUR_E_BAD_UTF8, "%s: not valid UTF-8 (byte %zu)", name,
                       (size_t)(bad - (const uint8_t *)text));
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
            return TUTUR_OK;
    }
    return nr_fail(ctx, TUTUR_E_EMPTY, "%s: the article is empty", name);
}

tutur_status nr_read_file(tutur_ctx *ctx, const char *path, size_t max, char **out, size_t *len) {
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "standard input" : path;
    FILE *f = stdin;
    *out = NULL;
    *len = 0;
    if (!is_stdin) {
        struct stat st;
        if (stat(path, &st) != 0) {
            int err = errno;
            return nr_fail(ctx, nr_status_from_errno(err), "%s: %s", path,
                           err == ENOENT ? "no such file" : strerror(err));
        }
        if (S_ISDIR(st.st_mode))
            return nr_fail(ctx, TUTUR_E_IS_DIR, "%s: is a directory, not an article", path);
        if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
            return nr_fail(ctx, TUTUR_E_BINARY, "%s: not a regular file", path);
        f = fopen(path, "rb");
        if (!f) {
            int err = errno;
            return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot open: %s", path,
                           strerror(err));
        }
    }
    nr_buf b = {0};
    char chunk[65536];
    size_t n;
    tutur_status st = TUTUR_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            st = nr_fail(ctx, TUTUR_E_TOO_LARGE, "%s: larger than %zu bytes", name, max);
            break;
        }
        if (!nr_buf_append(&b, chunk, n)) {
            st = nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
            break;
        }
    }
    if (st == TUTUR_OK && ferror(f)) {
        int err = errno;
        st = nr_fail(ctx, nr_status_from_errno(err), "%s: cannot read: %s", name, strerror(err));
    }
    if (!is_stdin)
        fclose(f);
    if (st != TUTUR_OK) {
        nr_buf_free(&b);
        return st;
    }
    *len = b.len;
    *out = nr_buf_take(&b);
    return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
}

tutur_status nr_read_text_file(tutur_ctx *ctx, const char *path, char **out, size_t *len) {
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    nr_buf b = {0};
    tutur_status st = nr_read_file(ctx, path, NR_MAX_ARTICLE_BYTES, &b.data, &b.len);
    if (st == TUTUR_E_TOO_LARGE)
        return nr_fail(ctx, st, "%s: larger than %u MB", name, NR_MAX_ARTICLE_BYTES >> 20);
    if (st != TUTUR_OK)
        return st;
    size_t skip = 0;
    if (b.len >= 3 && memcmp(b.data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    st = nr_check_text(ctx, name, b.data ? b.data + skip : "", b.len - skip);
    if (st != TUTUR_OK) {
        nr_buf_free(&b);
        return st;
    }
    if (skip)
        memmove(b.data, b.data + skip, b.len - skip + 1);
    *len = b.len - skip;
    *out = nr_buf_take(&b);
    return *out ? TUTUR_OK : nr_fail(ctx, TUTUR_E_NOMEM, "%s: out of memory", name);
}

tutur_status nr_open_config(tutur_ctx *ctx, const char *path, const char *what, bool missing_ok,
                            FILE **out) {
    *out = NULL;
    /* O_NONBLOCK: a FIFO must be refused, not waited on */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT && missing_ok)
            return TUTUR_OK;
        return nr_fail(ctx, err == ENOENT ? TUTUR_E_NOT_FOUND : nr_status_from_errno(err),
                       "%s: cannot open the %s: %s", path, what, strerror(err));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        bool dir = S_ISDIR(sb.st_mode);
        close(fd);
        return nr_fail(ctx, dir ? TUTUR_E_IS_DIR : TUTUR_E_INVALID, "%s: the %s is %s", path, what,
                       dir ? "a directory, not a file" : "not a regular file (a FIFO or device)");
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (!(*out = fdopen(fd, "r"))) {
        close(fd);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    return TUTUR_OK;
}
