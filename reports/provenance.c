/* reports/provenance.c: where a group of the plan's values comes from, in words
 * (reports/provenance.h).
 *
 * The counting walks plan->inputs once per group (a plan has some thousand inputs and a
 * report a few dozen groups). The keys named are the first key below the prefix, so a
 * service's five impact rows read "impact" once; names are cut, never mid-character,
 * when a group has more keys than the line holds.
 */
#include "reports/provenance.h"

#include <stdio.h>
#include <string.h>

#include "models/text.h"

/* Whether the first key of rest (up to '.' or '[') is already listed in the ", "-joined
 * list. */
static int listed(const char *list, const char *key, size_t klen)
{
    const char *s = list;
    while (*s) {
        const char *e = strstr(s, ", ");
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == klen && strncmp(s, key, klen) == 0)
            return 1;
        if (!e)
            break;
        s = e + 2;
    }
    return 0;
}

void prov_summarize(const struct plan *p, const char *prefix, struct prov_summary *out)
{
    size_t plen = strlen(prefix);
    memset(out, 0, sizeof *out);
    for (int i = 0; p && i < p->n_inputs; i++) {
        const struct plan_input *in = &p->inputs[i];
        if (in->path == NULL || strncmp(in->path, prefix, plen) != 0)
            continue;
        int k = (int)in->provenance;
        if (k < 0 || k >= PROV_KINDS)
            k = PROV_FACT;
        out->n[k]++;
        out->n_total++;
        const char *key = in->path + plen;
        size_t klen = strcspn(key, ".[");
        char *list = out->fields[k];
        size_t used = strlen(list);
        if (klen == 0 || listed(list, key, klen))
            continue;
        snprintf(list + used, sizeof out->fields[k] - used, "%s%.*s", used ? ", " : "",
                 (int)klen, key);
        text_trim_partial(list);
    }
}

void prov_service(const struct plan *p, int service, struct prov_summary *out)
{
    char prefix[512];
    snprintf(prefix, sizeof prefix, "services.%s.", p->services[service].name);
    prov_summarize(p, prefix, out);
}

char *prov_text(const struct prov_summary *s, char *buf, size_t n)
{
    static const char *const name[PROV_KINDS] = {"fact", "ASSUMPTION", "UNKNOWN"};
    size_t o = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (s->n_total == 0) {
        snprintf(buf, n, "no values");
        return buf;
    }
    for (int k = 0; k < PROV_KINDS; k++)
        if (s->n[k] == s->n_total) {
            snprintf(buf, n, "%s (all %d values)", name[k], s->n_total);
            return buf;
        }
    for (int k = PROV_ASSUMPTION; k < PROV_KINDS && o < n; k++) {
        if (s->n[k] == 0)
            continue;
        int w = snprintf(buf + o, n - o, "%s%s %d of %d: %s", o ? "; " : "", name[k], s->n[k],
                         s->n_total, s->fields[k]);
        o = w < 0 ? n : o + (size_t)w;
    }
    if (o < n && s->n[PROV_FACT] > 0)
        snprintf(buf + o, n - o, "; the rest fact");
    text_trim_partial(buf);
    return buf;
}

char *prov_approval_text(const char *by, const struct prov_summary *s, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (by == NULL || *by == '\0')
        buf[0] = '\0';
    else if (s->n[PROV_FACT] == s->n_total)
        snprintf(buf, n, "%s", by);
    else if (s->n[PROV_FACT] == 0 && s->n[PROV_UNKNOWN] == 0)
        snprintf(buf, n, "%s (approved as ASSUMPTION: not measured)", by);
    else if (s->n[PROV_FACT] == 0 && s->n[PROV_ASSUMPTION] == 0)
        snprintf(buf, n, "%s (approved as UNKNOWN: not measured)", by);
    else if (s->n[PROV_UNKNOWN] == 0)
        snprintf(buf, n, "%s (includes %d ASSUMPTION values)", by, s->n[PROV_ASSUMPTION]);
    else
        snprintf(buf, n, "%s (includes %d ASSUMPTION, %d UNKNOWN values)", by,
                 s->n[PROV_ASSUMPTION], s->n[PROV_UNKNOWN]);
    text_trim_partial(buf);
    return buf;
}
