/* boilerplate.c: rules that recognize page chrome (breadcrumbs, share rows,
 * "Back to top"), bylines and datelines.  The rules are data, read from
 * voices/LANG/boilerplate.rules and from a user's file, so a user can add
 * one without recompiling.
 *
 * File format, one rule a line:
 *     ACTION  PATTERN
 * ACTION is drop, author or date; PATTERN is a PCRE2 regular expression
 * matched against a whole block (trimmed, white space folded), without
 * regard to case.  Anchor patterns with ^ and $: a rule must match the whole
 * block, so it can never remove a sentence that merely contains its words.
 * For author, group 1 is the name.  '#' starts a comment line. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct rule {
    nr_rule_action action;
    pcre2_code *re;
} rule;

struct nr_rules {
    rule *items;
    size_t n, cap;
    pcre2_match_data *md;
};

nr_rules *nr_rules_new(void) { return calloc(1, sizeof(nr_rules)); }

void nr_rules_free(nr_rules *rules) {
    if (!rules)
        return;
    for (size_t i = 0; i < rules->n; i++)
        pcre2_code_free(rules->items[i].re);
    pcre2_match_data_free(rules->md);
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
    if (rules->n == rules->cap) {
        size_t cap = rules->cap ? rules->cap * 2 : 16;
        rule *p = realloc(rules->items, cap * sizeof *p);
        if (!p) {
            pcre2_code_free(re);
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
        }
        rules->items = p;
        rules->cap = cap;
    }
    rules->items[rules->n++] = (rule){action, re};
    if (!rules->md) {
        rules->md = pcre2_match_data_create(8, NULL);
        if (!rules->md)
            return nr_fail(ctx, TUTUR_E_NOMEM, "out of memory");
    }
    return TUTUR_OK;
}

tutur_status nr_rules_load(tutur_ctx *ctx, nr_rules *rules, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        int err = errno;
        return nr_fail(ctx, nr_status_from_errno(err), "%s: cannot open: %s", path, strerror(err));
    }
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
        if (strcmp(p, "drop") == 0)
            action = NR_RULE_DROP;
        else if (strcmp(p, "author") == 0)
            action = NR_RULE_AUTHOR;
        else if (strcmp(p, "date") == 0)
            action = NR_RULE_DATE;
        else {
            st = nr_fail(ctx, TUTUR_E_CONFIG, "%s:%d: unknown action '%s' (drop, author, date)",
                         path, line_no, p);
            break;
        }
        st = add_rule(ctx, rules, path, line_no, action, sep);
    }
    fclose(f);
    return st;
}

nr_rule_action nr_rules_match(const nr_rules *rules, const char *block, char **capture) {
    if (capture)
        *capture = NULL;
    if (!rules)
        return NR_RULE_NONE;
    size_t len = strlen(block);
    for (size_t i = 0; i < rules->n; i++) {
        const rule *r = &rules->items[i];
        int rc = pcre2_match(r->re, (PCRE2_SPTR)block, len, 0, 0, rules->md, NULL);
        if (rc <= 0)
            continue;
        if (r->action == NR_RULE_AUTHOR && capture && rc >= 2) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(rules->md);
            if (ov[2] != PCRE2_UNSET)
                *capture = nr_squeeze_spaces(block + ov[2], ov[3] - ov[2]);
        }
        return r->action;
    }
    return NR_RULE_NONE;
}
