/* boilerplate.c: rules that recognize page chrome (breadcrumbs, share rows,
 * "Back to top"), bylines and datelines.  The rules are data, read from
 * voices/LANG/boilerplate.rules and from a user's file, so a user can add
 * one without recompiling.
 *
 * File format, one rule a line:
 *     ACTION  PATTERN
 * ACTION is drop, author, date, org (a name that is an organisation, not a
 * writer), writer (a label whose value names the writer: "Penulis", in
 * credits), box (a label that opens a box of headlines, dropped like a
 * drop rule's block) or caption (a photo's caption, which the plain-text
 * reader weighs as neither article nor chrome); PATTERN is a PCRE2 regular
 * expression
 * matched against a whole block (trimmed, white space folded), without
 * regard to case.  Anchor patterns with ^ and $: a rule must match the whole
 * block, so it can never remove a sentence that merely contains its words.
 * For author, group 1 is the name.  For date, the named groups day, month
 * and year give the date; month is a number or a name from the language's
 * months.tsv (nr_rules_load_months); the optional groups hour, minute and
 * zone give the time, where zone is a name declared by a line
 *     zone  NAME  +HH:MM
 * ("zone wib +07:00"): a dateline with a time in a known zone becomes an
 * ISO 8601 date and time.  '#' starts a comment line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

typedef struct rule {
    nr_rule_action action;
    pcre2_code *re;
} rule;

#define MAX_MONTH_NAMES 8
#define MAX_ZONES 16

struct nr_rules {
    rule *items;
    size_t n, cap;
    char *months[12][MAX_MONTH_NAMES]; /* lower-case names of each month */
    struct {
        char name[16];  /* lower case */
        char offset[8]; /* "+07:00" */
    } zones[MAX_ZONES];
    size_t n_zones;
};

nr_rules *nr_rules_new(void) { return calloc(1, sizeof(nr_rules)); }

void nr_rules_free(nr_rules *rules) {
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        pcre2_code_free(rules->items[i].re);
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < MAX_MONTH_NAMES; k++)
            free(rules->months[m][k]);
    free(rules->items);
    free(rules);
}

static tutur_status add_rule(tutur_ctx *ctx, nr_rules *rules, const char *path, int line_no,
                             nr_rule_action action, const char *pattern) {
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &err, &off, NULL);
    if (!re) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(err, msg, sizeof msg);
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: bad pattern at column %zu: %s", path, line_no,
                       (size_t)off + 1, (const char *)msg);
    }
    rule *p = nr_grow(rules->items, &rules->cap, rules->n + 1, sizeof *p);
    if (!p) {
        pcre2_code_free(re);
        return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    rules->items = p;
    rules->items[rules->n++] = (rule){action, re};
    return TUTUR_OK;
}

/* "1 Januari Jan January": names are matched without regard to ASCII case. */
static tutur_status add_month(tutur_ctx *ctx, nr_rules *rules, const char *path, int line_no,
                              char *spec) {
    char *save = NULL, *num = strtok_r(spec, " \t", &save);
    int m = num ? atoi(num) : 0;
    if (m < 1 || m > 12)
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: month: expected a number 1..12", path,
                       line_no);
    for (char *name = strtok_r(NULL, " \t", &save); name; name = strtok_r(NULL, " \t", &save)) {
        int k = 0;
        while (k < MAX_MONTH_NAMES && rules->months[m - 1][k])
            k++;
        if (k == MAX_MONTH_NAMES)
            return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: too many names", path, line_no);
        for (char *c = name; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        if (!(rules->months[m - 1][k] = nr_strdup(name)))
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    return TUTUR_OK;
}

static int month_number(const nr_rules *rules, const char *s) {
    if (s[0] >= '0' && s[0] <= '9')
        return atoi(s);
    char low[32];
    size_t n = 0;
    for (; s[n] && n < sizeof low - 1; n++)
        low[n] = (s[n] >= 'A' && s[n] <= 'Z') ? (char)(s[n] - 'A' + 'a') : s[n];
    low[n] = '\0';
    for (int m = 0; m < 12; m++)
        for (int k = 0; k < MAX_MONTH_NAMES && rules->months[m][k]; k++)
            if (strcmp(rules->months[m][k], low) == 0)
                return m + 1;
    return 0;
}

static int group_int(pcre2_match_data *md, const char *name, char *buf, size_t size) {
    PCRE2_SIZE len = size;
    if (pcre2_substring_copy_byname(md, (PCRE2_SPTR)name, (PCRE2_UCHAR *)buf, &len) != 0)
        return -1;
    return 0;
}

/* The offset of a declared zone name ("WIB"), or NULL. */
static const char *zone_offset(const nr_rules *rules, const char *name) {
    for (size_t i = 0; i < rules->n_zones; i++)
        if (strcasecmp(rules->zones[i].name, name) == 0)
            return rules->zones[i].offset;
    return NULL;
}

/* "zone NAME +HH:MM" */
static tutur_status add_zone(tutur_ctx *ctx, nr_rules *rules, const char *path, int line_no,
                             const char *spec) {
    char name[16], offset[8];
    int h, m;
    if (sscanf(spec, "%15s %7s", name, offset) != 2 || strlen(offset) != 6 ||
        (offset[0] != '+' && offset[0] != '-') || sscanf(offset + 1, "%2d:%2d", &h, &m) != 2 ||
        h > 14 || m > 59)
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: zone: expected NAME +HH:MM", path, line_no);
    if (rules->n_zones == MAX_ZONES)
        return nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: too many zones", path, line_no);
    snprintf(rules->zones[rules->n_zones].name, sizeof rules->zones[0].name, "%s", name);
    snprintf(rules->zones[rules->n_zones].offset, sizeof rules->zones[0].offset, "%s", offset);
    rules->n_zones++;
    return TUTUR_OK;
}

/* The date of a DATE match as "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:00+HH:MM"
 * when it gives a time in a declared zone; NULL when it is no date. */
static char *match_date(const nr_rules *rules, pcre2_match_data *md) {
    char day[8], month[32], year[8];
    if (group_int(md, "day", day, sizeof day) || group_int(md, "month", month,
                                                                  sizeof month) ||
        group_int(md, "year", year, sizeof year))
        return NULL;
    int d = atoi(day), m = month_number(rules, month), y = atoi(year);
    if (d < 1 || d > 31 || m < 1 || m > 12 || y < 1000 || y > 9999)
        return NULL;
    char iso[40], hour[8], minute[8], zone[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (!group_int(md, "hour", hour, sizeof hour) &&
        !group_int(md, "minute", minute, sizeof minute) &&
        !group_int(md, "zone", zone, sizeof zone)) {
        int h = atoi(hour), mi = atoi(minute);
        const char *off = zone_offset(rules, zone);
        if (off && hour[0] && minute[0] && h < 24 && mi < 60)
            snprintf(iso + 10, sizeof iso - 10, "T%02d:%02d:00%s", h, mi, off);
    }
    return nr_strdup(iso);
}

tutur_status nr_rules_load(tutur_ctx *ctx, nr_rules *rules, const char *path) {
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "rules file", false, &f);
    if (st0 != TUTUR_OK)
        return st0;
    char line[2048];
    int line_no = 0;
    tutur_status st = TUTUR_OK;
    while (st == TUTUR_OK && fgets(line, sizeof line, f)) {
        line_no++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '#')
            continue;
        char *sep = p + strcspn(p, " \t");
        if (!*sep) {
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: expected ACTION PATTERN", path, line_no);
            break;
        }
        *sep++ = '\0';
        while (*sep == ' ' || *sep == '\t')
            sep++;
        nr_rule_action action;
        if (strcmp(p, "zone") == 0) {
            st = add_zone(ctx, rules, path, line_no, sep);
            continue;
        }
        if (strcmp(p, "drop") == 0)
            action = NR_RULE_DROP;
        else if (strcmp(p, "author") == 0)
            action = NR_RULE_AUTHOR;
        else if (strcmp(p, "date") == 0)
            action = NR_RULE_DATE;
        else if (strcmp(p, "org") == 0)
            action = NR_RULE_ORG;
        else if (strcmp(p, "writer") == 0)
            action = NR_RULE_WRITER;
        else if (strcmp(p, "box") == 0)
            action = NR_RULE_BOX;
        else if (strcmp(p, "caption") == 0)
            action = NR_RULE_CAPTION;
        else {
            st = nr_fail(ctx, TUTUR_E_CONFIG,
                         "%s:%d: unknown action '%s' (drop, author, date, org, writer, box, caption)",
                         path, line_no, p);
            break;
        }
        st = add_rule(ctx, rules, path, line_no, action, sep);
    }
    fclose(f);
    return st;
}

tutur_status nr_rules_load_months(tutur_ctx *ctx, nr_rules *rules, const char *path) {
    FILE *f;
    tutur_status st0 = nr_open_config(ctx, path, "list of months", true, &f);
    if (!f)
        return st0; /* without it, datelines need numeric months */
    char line[512];
    int line_no = 0;
    tutur_status st = TUTUR_OK;
    while (st == TUTUR_OK && fgets(line, sizeof line, f)) {
        line_no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] && line[0] != '#')
            st = add_month(ctx, rules, path, line_no, line);
    }
    fclose(f);
    return st;
}

/* The first rule that matches BLOCK; with ONLY, the first of that action;
 * without, the first that says what a block is (drop, author, date). */
static nr_rule_action match(const nr_rules *rules, const char *block, char **capture,
                            nr_rule_action only) {
    if (capture)
        *capture = NULL;
    if (!rules)
        return NR_RULE_NONE;
    size_t len = strlen(block);
    /* match data of this call's own: one language may serve many threads */
    pcre2_match_data *md = pcre2_match_data_create(16, NULL);
    if (!md) {
        nr_alloc_failed = true;
        return NR_RULE_NONE;
    }
    nr_rule_action found = NR_RULE_NONE;
    for (size_t i = 0; i < rules->n && found == NR_RULE_NONE; i++) {
        const rule *r = &rules->items[i];
        if (only ? r->action != only
                 : r->action == NR_RULE_ORG || r->action == NR_RULE_WRITER ||
                       r->action == NR_RULE_CAPTION)
            continue;
        int rc = pcre2_match(r->re, (PCRE2_SPTR)block, len, 0, 0, md, NULL);
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
            nr_alloc_failed = true; /* out of memory or a limit: not "no match" */
        if (rc <= 0)
            continue;
        if (r->action == NR_RULE_DATE && capture)
            *capture = match_date(rules, md);
        if (r->action == NR_RULE_AUTHOR && capture && rc >= 2) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            if (ov[2] != PCRE2_UNSET)
                *capture = nr_squeeze_spaces(block + ov[2], ov[3] - ov[2]);
        }
        /* a box's label is chrome like any other */
        found = r->action == NR_RULE_BOX && !only ? NR_RULE_DROP : r->action;
    }
    pcre2_match_data_free(md);
    return found;
}

nr_rule_action nr_rules_match(const nr_rules *rules, const char *block, char **capture) {
    return match(rules, block, capture, NR_RULE_NONE);
}

bool nr_rules_match_only(const nr_rules *rules, const char *block, nr_rule_action action,
                         char **capture) {
    return match(rules, block, capture, action) == action;
}
