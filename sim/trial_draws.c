/* sim/trial_draws.c: what a trial draws, made ready once: each scenario's draw plan (its
 * steps grouped by how their work times and restores are drawn, which draw_steps in
 * sim/trial.c walks group by group), and the exact outage duration a serially played trial
 * first knows only by its uniform's bucket (see sim/trial_int.h). */
#include "sim/trial_int.h"

#include "models/dist.h"

/* The group of step draw sd (enum draw_group) in a scenario with restore capacity or not:
 * under restore capacity a restore goes to step_duration, which marks its transfer. */
static int draw_group_of(const struct step_draw *sd, int restore_capacity)
{
    const int uniform_work = sd->work_how == STEP_HOW_FIRST_U && sd->work->kind == DIST_UNIFORM;
    const int uniform_tp = sd->tp_how == STEP_HOW_FIRST_U && sd->tp->kind == DIST_UNIFORM;
    if (sd->tp_how == STEP_HOW_NONE) {
        if (sd->work_how == STEP_HOW_LOGNORMAL)
            return DRAW_LOGNORMAL;
        if (uniform_work)
            return DRAW_UNIFORM;
        if (sd->work_how == STEP_HOW_FIXED)
            return DRAW_FIXED;
        if (sd->work_how == STEP_HOW_FIRST_U && sd->work->kind == DIST_TRIANGULAR)
            return DRAW_TRIANGULAR;
        if (sd->work_how == STEP_HOW_FIRST_U && sd->work->kind != DIST_LOGNORMAL)
            return DRAW_FIRST_U;
    } else if (!restore_capacity && sd->work_how == STEP_HOW_FIXED) {
        if (sd->tp_how == STEP_HOW_LOGNORMAL)
            return DRAW_RESTORE_LOGNORMAL;
        if (uniform_tp)
            return DRAW_RESTORE_UNIFORM;
    }
    return DRAW_OTHER;
}

void trial_draw_plan_init(struct draw_plan *dp, const struct scenario *sc,
                          const struct step_draw *draws, struct trial_step *steps)
{
    int n = 0;
    for (int g = 0; g < DRAW_GROUPS; g++) {
        for (int i = 0; i < sc->n_steps; i++) {
            const struct step_draw *sd = &draws[i];
            if (draw_group_of(sd, sc->restore_region > 0) != g)
                continue;
            struct draw_entry *e = &dp->e[n++];
            *e = (struct draw_entry){.ts = &steps[i], .sd = sd, .i = i, .first = sd->work_first};
            const struct dist *d = sd->work;
            switch ((enum draw_group)g) {
            case DRAW_LOGNORMAL:
                e->a = d->p[0];
                e->b = d->p[1];
                break;
            case DRAW_UNIFORM:
                e->a = d->p[0];
                e->b = d->p[1] - d->p[0];
                break;
            case DRAW_FIXED:
                e->a = sd->work_fixed_s;
                break;
            case DRAW_TRIANGULAR:
                e->a = dist_triangular_fc(d);
                break;
            case DRAW_FIRST_U:
                break;
            case DRAW_RESTORE_LOGNORMAL:
                e->first = sd->tp_first;
                e->a = sd->work_fixed_s;
                e->b = sd->tp->p[0];
                e->c = sd->tp->p[1];
                break;
            case DRAW_RESTORE_UNIFORM:
                e->first = sd->tp_first;
                e->a = sd->work_fixed_s;
                e->b = sd->tp->p[0];
                e->c = sd->tp->p[1] - sd->tp->p[0];
                break;
            case DRAW_OTHER:
            case DRAW_GROUPS:
                break;
            }
        }
        dp->end[g] = dp->e + n;
    }
}

void trial_outage_exact(struct trial_worker *w, const struct scenario *sc)
{
    w->res.outage_s = dist_lognormal_u(&sc->duration, w->outage_u);
    w->res.primary_back_s = w->res.outage_s + w->outage_back;
    w->outage_pending = 0;
}
