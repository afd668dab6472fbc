/* byline.c: who wrote an article, from the bylines news sites print
 * ("Oleh X", "X - outlet", "Pewarta: X", "Penulis: X | date", an all-caps
 * name under the text) and the names pages give in their metadata.  People
 * come before organisations: a name the language's org rules recognize
 * ("PT Media ...", "Kompas Cyber Media", the site's own name) is never taken
 * for the writer.  Shared by the HTML and plain-text readers. */
#define _GNU_SOURCE /* strcasestr */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <unistr.h>

#include "byline.h"

static const char *const connectors[] = {"bin", "binti", "van", "de", "der", "al", "el",
                                         "dan", "&", "da", "di", "von"};

static bool connector(const char *w, size_t n) {
    for (size_t i = 0; i < sizeof connectors / sizeof connectors[0]; i++)
        if (strlen(connectors[i]) == n && strncasecmp(w, connectors[i], n) == 0)
            return true;
    return false;
}

bool nr_name_shaped(const char *s, size_t max_words) {
    size_t words = 0;
    for (const char *p = s; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        words++;
        if (words > max_words || n > 30)
            return false;
        ucs4_t c;
        u8_mbtouc(&c, (const uint8_t *)p, n);
        if (!uc_is_upper(c) && !connector(p, n))
            return false;
        /* letters, and the dots, apostrophes and dashes of names */
        for (size_t k = 0; k < n;) {
            int len = u8_mbtouc(&c, (const uint8_t *)p + k, n - k);
            if (len <= 0 || (!uc_is_alpha(c) && c != '.' && c != '\'' && c != 0x2019 &&
                             c != '-' && c != ','))
                return false;
            k += (size_t)len;
        }
        p += n;
    }
    return words >= 1 && nr_last_char(s) != ',';
}

/* "DINI TEJA" -> "Dini Teja": a name in capitals is said as a name. */
static char *name_case(char *name) {
    size_t letters, upper;
    nr_letter_counts(name, &letters, &upper);
    if (letters < 2 || upper != letters)
        return name;
    size_t n = 0;
    uint8_t *low = u8_tolower((const uint8_t *)name, strlen(name) + 1, NULL, NULL, NULL, &n);
    if (!low)
        return name;
    bool start = true;
    for (size_t k = 0; low[k];) {
        ucs4_t c;
        int len = u8_mbtouc(&c, low + k, n - k);
        if (len <= 0)
            break;
        if (start && uc_is_alpha(c)) {
            ucs4_t up = uc_toupper(c);
            uint8_t buf[6];
            int m = u8_uctomb(buf, up, sizeof buf);
            if (m == len)
                memcpy(low + k, buf, (size_t)m);
        }
        start = c == ' ' || c == '-';
        k += (size_t)len;
    }
    free(name);
    return (char *)low;
}

bool nr_is_organisation(const tutur_lang *lang, const char *name, const char *site) {
    if (site && site[0] && (strcasecmp(name, site) == 0 || strcasestr(name, site)))
        return true;
    return lang && nr_rules_match_only(lang->rules, name, NR_RULE_ORG, NULL);
}

/* A person's name in PART (NUL-terminated, changed in place): not an
 * organisation, with a role beside it cut off ("Budi Santoso, Jurnalis";
 * "Kontributor Lhokseumawe, Masriadi").  NULL when there is none. */
static char *person(const tutur_lang *lang, char *part, const char *site) {
    char *comma = strstr(part, ", ");
    if (comma) {
        *comma = '\0';
        const char *tail = comma + 2;
        if (nr_is_organisation(lang, tail, site) && nr_name_shaped(part, 6))
            return nr_squeeze_spaces(part, strlen(part));
        if (nr_is_organisation(lang, part, site) && nr_name_shaped(tail, 6))
            return nr_squeeze_spaces(tail, strlen(tail));
        *comma = ',';
    }
    if (!part[0] || !nr_name_shaped(part, 6) || nr_is_organisation(lang, part, site))
        return NULL;
    return nr_squeeze_spaces(part, strlen(part));
}

/* The writer's name from a byline: the author rules, else (LOOSE: the
 * text of an element marked as a byline) the part before or after a
 * separator that is a person's name ("Ahmad Fauzi - detikNews", "Suara.com
 * - Rina Sari", "Rina | Kabar Kita"). */
char *nr_byline_name(const tutur_lang *lang, const char *text, bool loose, const char *site) {
    char *s = nr_squeeze_spaces(text, strlen(text));
    if (!s)
        return NULL;
    char *name = NULL;
    if (lang && nr_rules_match(lang->rules, s, &name) == NR_RULE_AUTHOR && name) {
        char *p = person(lang, name, site);
        free(name);
        name = p;
    } else if (loose) {
        free(name);
        name = NULL;
        size_t cut = strlen(s), skip = 0;
        static const char *const seps[] = {" - ", " – ", " — ", "|", " / ", " • ", " · "};
        for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
            const char *p = strstr(s, seps[k]);
            if (p && (size_t)(p - s) < cut) {
                cut = (size_t)(p - s);
                skip = strlen(seps[k]);
            }
        }
        char *head = nr_strndup(s, cut);
        name = head ? person(lang, head, site) : NULL;
        free(head);
        if (!name && skip) {
            /* the outlet first: the name after it, up to the next separator */
            char *tail = nr_strdup(s + cut + skip);
            if (tail) {
                tail[strcspn(tail, "|")] = '\0';
                char *dash = strstr(tail, " - ");
                if (dash)
                    *dash = '\0';
                name = person(lang, tail, site);
            }
            free(tail);
        }
    }
    free(s);
    return name ? name_case(name) : NULL;
}
