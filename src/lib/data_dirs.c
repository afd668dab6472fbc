/* data_dirs.c: the standard places of voice profiles and language data
 * (tutur_ctx_add_standard_data_dirs), so that a program using the
 * installed library finds the installed data without being told. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "tutur_config.h"

/* Adds DIR when it exists, and names it among the places looked in
 * either way (for the message when nothing is found). */
static tutur_status add_if_dir(tutur_ctx *ctx, const char *dir) {
    if (!dir || !*dir)
        return TUTUR_OK;
    char *looked = ctx->looked;
    size_t n = strlen(looked), k = strlen(dir);
    for (const char *p = looked; (p = strstr(p, dir)); p += k)
        if ((p == looked || p[-1] == ' ') && (p[k] == ',' || !p[k]))
            return TUTUR_OK; /* already looked in (the prefix is often in XDG_DATA_DIRS) */
    snprintf(looked + n, sizeof ctx->looked - n, "%s%s", n ? ", " : "", dir);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return TUTUR_OK;
    for (size_t i = 0; i < ctx->n_data_dirs; i++)
        if (strcmp(ctx->data_dirs[i], dir) == 0)
            return TUTUR_OK;
    return tutur_ctx_add_data_dir(ctx, dir);
}

/* Whether this process runs a program of the build tree (the tutur
 * binary, a test, an example): only then is the source tree's voices/ a
 * data directory, never for an installed program. */
static bool uninstalled(void) {
    char exe[PATH_MAX], root[PATH_MAX];
    if (!realpath("/proc/self/exe", exe) || !realpath(TUTUR_BUILD_ROOT, root))
        return false;
    size_t n = strlen(root);
    return strncmp(exe, root, n) == 0 && exe[n] == '/';
}

tutur_status tutur_ctx_add_standard_data_dirs(tutur_ctx *ctx) {
    nr_clear(ctx);
    ctx->standard_dirs_added = true;
    char dir[1024];
    tutur_status st = add_if_dir(ctx, getenv("TUTUR_DATA_DIR"));
    /* XDG: the user's data home (default ~/.local/share), then the
     * system's data directories (default /usr/local/share:/usr/share) */
    const char *home = getenv("XDG_DATA_HOME"), *user_home = getenv("HOME");
    if (home && *home)
        snprintf(dir, sizeof dir, "%s/tutur/voices", home);
    else if (user_home && *user_home)
        snprintf(dir, sizeof dir, "%s/.local/share/tutur/voices", user_home);
    else
        dir[0] = '\0';
    if (st == TUTUR_OK)
        st = add_if_dir(ctx, dir);
    const char *dirs = getenv("XDG_DATA_DIRS");
    if (!dirs || !*dirs)
        dirs = "/usr/local/share:/usr/share";
    for (const char *p = dirs; st == TUTUR_OK && *p;) {
        size_t n = strcspn(p, ":");
        if (n && n < sizeof dir - 16) {
            snprintf(dir, sizeof dir, "%.*s/tutur/voices", (int)n, p);
            st = add_if_dir(ctx, dir);
        }
        p += n + (p[n] == ':');
    }
    /* the prefix this build was configured for, when XDG does not name it */
    if (st == TUTUR_OK)
        st = add_if_dir(ctx, TUTUR_VOICES_INSTALLED);
    if (st == TUTUR_OK && uninstalled())
        st = add_if_dir(ctx, TUTUR_VOICES_SOURCE);
    return st;
}

void nr_data_dirs_ready(tutur_ctx *ctx) {
    if (ctx->n_data_dirs == 0 && !ctx->standard_dirs_added)
        (void)tutur_ctx_add_standard_data_dirs(ctx); /* none found: "not found" follows */
}

const char *tutur_ctx_data_dirs_looked(const tutur_ctx *ctx) { return ctx->looked; }
