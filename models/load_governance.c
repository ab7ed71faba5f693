/* models/load_governance.c: the governance section: scope, limitations, approvals and the
 * review cycle (models/plan.h, struct plan_governance).
 *
 * An approval names the plan version it approves, who approved it and when; the list is
 * the plan's version history, in the order written. Nothing here decides whether the plan
 * is approved: plan_draft_reason does, so every output says the same. Dates are civil
 * days; an approval dated after the last review, or a review in the future, is the
 * plan's business, not an error (plans are written ahead of meetings).
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/load_int.h"

static const char *const governance_keys[] = {"scope", "limitations", "approvals", "review",
                                              NULL};
static const char *const approval_keys[] = {"version", "by", "role", "date", "note", NULL};
static const char *const review_keys[] = {"every", "last", NULL};

static void load_limitations(struct ld *L, const yaml_node_t *v)
{
    struct plan_governance *g = &L->p->governance;
    yaml_node_item_t *it, *top;
    if (load_get_list(L, "limitations", v, "sentences", &it, &top) || it == top)
        return;
    g->limitations = load_xcalloc(L, (size_t)(top - it), sizeof *g->limitations);
    if (g->limitations == NULL)
        return;
    for (; it < top; it++) {
        const yaml_node_t *y = load_node_at(L, *it);
        char *text = NULL;
        if (y && load_get_text(L, "limitations", y, &text) == 0)
            g->limitations[g->n_limitations++] = text;
    }
}

static void load_approval(struct ld *L, struct plan_approval *a, const yaml_node_t *v, int i)
{
    struct fields f;
    yaml_node_t *x;
    a->pos = load_pos_of(v);
    a->date = LONG_MIN;
    if (load_read_fields(L, &f, approval_keys, NULL, v, NULL, "approval %d", i + 1))
        return;
    if ((x = load_freq(L, &f, "version")))
        load_get_name_text(L, "version", x, &a->version);
    if ((x = load_freq(L, &f, "by")))
        load_get_name_text(L, "by", x, &a->by);
    if ((x = load_fval(&f, "role")))
        load_get_name_text(L, "role", x, &a->role);
    if ((x = load_freq(L, &f, "date")))
        load_get_date(L, "date", x, &a->date);
    if ((x = load_fval(&f, "note")))
        load_get_text(L, "note", x, &a->note);
}

static void load_approvals(struct ld *L, const yaml_node_t *v)
{
    struct plan_governance *g = &L->p->governance;
    yaml_node_item_t *it, *top;
    if (load_get_list(L, "approvals", v, "approvals", &it, &top) || it == top)
        return;
    g->approvals = load_xcalloc(L, (size_t)(top - it), sizeof *g->approvals);
    if (g->approvals == NULL)
        return;
    for (int i = 0; it < top; it++, i++) {
        const yaml_node_t *y = load_node_at(L, *it);
        struct plan_approval *a = &g->approvals[g->n_approvals];
        int errs = L->n_err;
        if (y == NULL)
            continue;
        load_approval(L, a, y, i);
        if (L->n_err != errs || a->version == NULL || a->by == NULL) {
            free(a->version);
            free(a->by);
            free(a->role);
            free(a->note);
            memset(a, 0, sizeof *a);
            continue;
        }
        /* Optional text is "" rather than NULL, so every output can print it. */
        if ((a->role == NULL && (a->role = load_xstrdup(L, "")) == NULL) ||
            (a->note == NULL && (a->note = load_xstrdup(L, "")) == NULL)) {
            free(a->version);
            free(a->by);
            free(a->role);
            memset(a, 0, sizeof *a);
            return;
        }
        g->n_approvals++;
    }
}

static void load_review(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan_governance *g = &L->p->governance;
    struct fields f;
    yaml_node_t *x;
    double every;
    if (load_read_fields(L, &f, review_keys, k, v, NULL, "'review'"))
        return;
    if ((x = load_freq(L, &f, "every")) && load_get_positive(L, "every", x, Q_DURATION, &every) == 0)
        g->review_every_s = every;
    if ((x = load_fval(&f, "last")))
        load_get_date(L, "last", x, &g->review_last);
}

void load_plan_governance(struct ld *L, const yaml_node_t *k, const yaml_node_t *v)
{
    struct plan_governance *g = &L->p->governance;
    struct fields f;
    yaml_node_t *x;
    g->review_every_s = NAN;
    g->review_last = LONG_MIN;
    if (v == NULL)
        return;
    if (load_read_fields(L, &f, governance_keys, k, v, NULL, "'governance'"))
        return;
    g->present = 1;
    if ((x = load_fval(&f, "scope")))
        load_get_text(L, "scope", x, &g->scope);
    if (g->scope == NULL && (g->scope = load_xstrdup(L, "")) == NULL)
        return;
    if ((x = load_fval(&f, "limitations")))
        load_limitations(L, x);
    if ((x = load_fval(&f, "approvals")))
        load_approvals(L, x);
    if ((x = load_fval(&f, "review")))
        load_review(L, load_fkey(&f, "review"), x);
}
