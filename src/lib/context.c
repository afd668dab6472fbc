/* context.c: status strings, the context handle and failure messages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cache.h"
#include "xml_out.h"
#include "internal.h"
#include "tutur_config.h"

const char *tutur_strerror(tutur_status status) {
    switch (status) {
    case TUTUR_OK: return "success";
    case TUTUR_E_NOMEM: return "out of memory";
    case TUTUR_E_IO: return "input/output error";
    case TUTUR_E_NOT_FOUND: return "not found";
    case TUTUR_E_IS_DIR: return "is a directory";
    case TUTUR_E_EMPTY: return "nothing to read aloud";
    case TUTUR_E_BINARY: return "not a text file";
    case TUTUR_E_BAD_UTF8: return "not valid UTF-8";
    case TUTUR_E_PERMISSION: return "permission denied";
    case TUTUR_E_CONFIG: return "malformed configuration";
    case TUTUR_E_SYNTH: return "speech synthesis failed";
    case TUTUR_E_ENCODER: return "audio encoding failed";
    case TUTUR_E_CANCELLED: return "cancelled";
    case TUTUR_E_INVALID: return "invalid argument";
    case TUTUR_E_TOO_LARGE: return "too large";
    }
    return "unknown error";
}

const char *tutur_version_string(void) { return TUTUR_VERSION; }

tutur_status tutur_ctx_create(tutur_ctx **out) {
    nr_xml_init();
    *out = calloc(1, sizeof **out);
    return *out ? TUTUR_OK : TUTUR_E_NOMEM;
}

void tutur_ctx_destroy(tutur_ctx *ctx) {
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->n_data_dirs; i++)
        free(ctx->data_dirs[i]);
    free(ctx->cache_dir);
    free(ctx);
}

const char *tutur_ctx_message(const tutur_ctx *ctx) { return ctx->message; }

void tutur_ctx_set_progress(tutur_ctx *ctx, tutur_progress_fn fn, void *user) {
    ctx->progress = fn;
    ctx->progress_user = user;
}

tutur_status tutur_ctx_add_data_dir(tutur_ctx *ctx, const char *dir) {
    nr_clear(ctx); /* a message is about the last call only */
    if (ctx->n_data_dirs == NR_MAX_DATA_DIRS)
        return nr_fail(ctx, TUTUR_E_INVALID, "%s: too many data directories", dir);
    char *copy = nr_strdup(dir);
    if (!copy)
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    ctx->data_dirs[ctx->n_data_dirs++] = copy;
    return TUTUR_OK;
}

tutur_status nr_fail(tutur_ctx *ctx, tutur_status status, const char *fmt, ...) {
    if (!ctx)
        return status; /* a helper's caller that wants no message */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    return status;
}

void tutur_ctx_set_explain(tutur_ctx *ctx, tutur_explain_fn fn, void *user) {
    ctx->explain = fn;
    ctx->explain_user = user;
}

void nr_explain(tutur_ctx *ctx, const char *fmt, ...) {
    if (!nr_explaining(ctx))
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->explain(ctx->explain_user, line);
}

tutur_status nr_status_from_errno(int err) {
    switch (err) {
    case ENOENT: case ENOTDIR: return TUTUR_E_NOT_FOUND;
    case EISDIR: return TUTUR_E_IS_DIR;
    case EACCES: case EPERM: case EROFS: return TUTUR_E_PERMISSION;
    case ENOMEM: return TUTUR_E_NOMEM;
    case EFBIG: return TUTUR_E_TOO_LARGE;
    default: return TUTUR_E_IO;
    }
}

void tutur_ctx_set_stop_flag(tutur_ctx *ctx, const volatile sig_atomic_t *flag) {
    ctx->stop = flag;
}

tutur_status nr_report(tutur_ctx *ctx, const tutur_progress *progress) {
    if (nr_stopped(ctx))
        return nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
    if (ctx->progress && ctx->progress(ctx->progress_user, progress) != 0)
        return nr_fail(ctx, TUTUR_E_CANCELLED, "cancelled");
    return TUTUR_OK;
}

tutur_status tutur_ctx_set_cache(tutur_ctx *ctx, const char *dir, int64_t limit_bytes) {
    nr_clear(ctx); /* a message is about the last call only */
    free(ctx->cache_dir);
    ctx->cache_dir = NULL;
    if (!dir)
        return TUTUR_OK;
    /* A cache that cannot be written is no cache: say so, keep none (and
     * synthesis workers then share a private one). */
    nr_make_dirs(dir);
    if (access(dir, W_OK | X_OK) != 0)
        return nr_fail(ctx, TUTUR_E_PERMISSION, "%s: the cache cannot be written", dir);
    if (!(ctx->cache_dir = nr_strdup(dir)))
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    ctx->cache_limit = limit_bytes;
    return TUTUR_OK;
}

void tutur_ctx_trim_cache(tutur_ctx *ctx) { nr_cache_trim(ctx); }

void tutur_ctx_cache_stats(const tutur_ctx *ctx, int64_t *reused_segments, int64_t *segments,
                           int64_t *reused_chunks, int64_t *chunks) {
    *reused_segments = ctx->reused_segments;
    *segments = ctx->total_segments;
    *reused_chunks = ctx->reused_chunks;
    *chunks = ctx->total_chunks;
}

void tutur_ctx_set_jobs(tutur_ctx *ctx, int n) { ctx->jobs = n > 64 ? 64 : n; }
