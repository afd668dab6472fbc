/* stale.c: see stale.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "stale.h"

static unsigned host_hash(void) {
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    unsigned h = 2166136261u; /* FNV-1a */
    for (const char *p = host; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

void nr_temp_tag(char *buf, size_t size) {
    snprintf(buf, size, "tutur-%08x-%ld", host_hash(), (long)getpid());
}

void tutur_temp_tag(char *buf, size_t size) { nr_temp_tag(buf, size); }

/* The PID in NAME's tag for this host, or 0. */
static long tagged_pid(const char *name, const char *host_tag) {
    const char *t = strstr(name, host_tag);
    if (!t)
        return 0;
    char *end;
    long pid = strtol(t + strlen(host_tag), &end, 10);
    return pid > 0 && end != t + strlen(host_tag) && (*end == '.' || *end == '-') ? pid : 0;
}

static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static char **g_seen;
static size_t g_n_seen, g_cap_seen;

/* True the first time DIR is asked about in this process. */
static bool first_look(const char *dir) {
    bool first = true;
    pthread_mutex_lock(&g_mu);
    for (size_t i = 0; i < g_n_seen && first; i++)
        first = strcmp(g_seen[i], dir) != 0;
    if (first) {
        char **p = nr_grow(g_seen, &g_cap_seen, g_n_seen + 1, sizeof *p);
        if (p && (p[g_n_seen] = nr_strdup(dir))) {
            g_seen = p;
            g_n_seen++;
        } else if (p) {
            g_seen = p;
        }
    }
    pthread_mutex_unlock(&g_mu);
    return first;
}

void nr_clean_stale(const char *dir) {
    if (!first_look(dir))
        return;
    char host_tag[32];
    snprintf(host_tag, sizeof host_tag, "tutur-%08x-", host_hash());
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    for (struct dirent *e; (e = readdir(d));) {
        long pid = tagged_pid(e->d_name, host_tag);
        if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its run still goes on */
        struct stat sb;
        if (fstatat(fd, e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            char *path = malloc(strlen(dir) + strlen(e->d_name) + 2);
            if (path) {
                sprintf(path, "%s/%s", dir, e->d_name);
                nr_remove_tree(path); /* FTW_PHYS: links inside are removed, not followed */
                free(path);
            }
        } else {
            unlinkat(fd, e->d_name, 0);
        }
    }
    closedir(d);
}
