/* data_dirs.c: see data_dirs.h. */
#include "data_dirs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tutur_config.h"

/* every place looked in, for the message when nothing is found */
static char g_looked[4096];

static tutur_status add_if_dir(tutur_ctx *ctx, const char *dir) {
    if (!dir || !*dir)
        return TUTUR_OK;
    size_t n = strlen(g_looked), k = strlen(dir);
    for (const char *p = g_looked; (p = strstr(p, dir)); p += k)
        if ((p == g_looked || p[-1] == ' ') && (p[k] == ',' || !p[k]))
            return TUTUR_OK; /* already looked in (the prefix is often in XDG_DATA_DIRS) */
    snprintf(g_looked + n, sizeof g_looked - n, "%s%s", n ? ", " : "", dir);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return TUTUR_OK;
    return tutur_ctx_add_data_dir(ctx, dir);
}

/* Whether this binary is the one in the build tree (not installed): only
 * then is the source tree's voices/ a data directory. */
static bool uninstalled(void) {
    char exe[PATH_MAX], root[PATH_MAX];
    if (!realpath("/proc/self/exe", exe) || !realpath(TUTUR_BUILD_ROOT, root))
        return false;
    size_t n = strlen(root);
    return strncmp(exe, root, n) == 0 && exe[n] == '/';
}

tutur_status data_dirs_add(tutur_ctx *ctx, const char *user_dir) {
    g_looked[0] = '\0';
    char dir[1024];
    tutur_status st = add_if_dir(ctx, user_dir);
    if (st == TUTUR_OK)
        st = add_if_dir(ctx, getenv("TUTUR_DATA_DIR"));
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

const char *data_dirs_looked(void) { return g_looked; }
