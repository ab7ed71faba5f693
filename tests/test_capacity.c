/* tests/test_capacity.c: what stores' backups share (models/backup.h): failure groups
 * and the copy capacity toward a destination region.
 *
 * The known answers: two stores in a failure group of probability p lose their copies
 * of an instant together with probability p and never one without the other; a rule's
 * own failure applies on top (1 - (1 - q)(1 - p)); two copies through a region with
 * concurrency 1 finish one after the other (the second after the sum of both times);
 * two copies in flight sharing the bandwidth each take twice as long as alone. And the
 * reproducibility rules: a group's draw belongs to the group and the instant, so
 * removing a member changes no other store's loss; a store's size changes nothing for a
 * store that does not queue with it. Tolerances are four standard errors at fixed seeds.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include <stdlib.h>

#include "models/backup.h"
#include "models/diag.h"
#include "models/load.h"
#include "reports/term.h"
#include "sim/trial.h"
#include "models/plan.h"
#include "sim/rng.h"

#define EPOCH 20458L /* 2026-01-05, a Monday */
#define H 3600.0
#define D 86400.0
#define N_TRIALS 40000

/* A plan of up to four stores with one cross-region rule each, one failure group and
 * one copy region; the fixture fills what each test needs. */
struct fixture {
    struct plan p;
    struct store st[4];
    struct backup_rule br[4];
    struct failure_group g;
    struct copy_region cr;
    struct backup_rule_ids rule_ids[4];
    uint64_t group_id;
};

static void fixture(struct fixture *f, int n, const char *schedule)
{
    static char *names[4] = {"a", "b", "c", "d"};
    const char *why;
    size_t where;
    memset(f, 0, sizeof *f);
    f->g = (struct failure_group){.name = "plan", .failure_prob = 0.0};
    f->cr = (struct copy_region){.name = "us-east-2", .concurrency = 1, .bandwidth = 1.0,
                                 .per_copy = 1.0};
    for (int i = 0; i < n; i++) {
        struct backup_rule *r = &f->br[i];
        cr_assert_eq(sched_parse(schedule, 0, &r->schedule, &why, &where), 0);
        r->name = "copy";
        r->complete = dist_fixed(0);
        r->lag = dist_fixed(0);
        r->retention_s = INFINITY;
        r->location = BACKUP_CROSS_REGION;
        r->copy_fraction = 1.0;
        f->st[i] = (struct store){.name = names[i], .size_bytes = H, .rules = r, .n_rules = 1,
                                  .counts_for_rpo = 1};
        f->rule_ids[i] = backup_rule_ids_of(dist_rng_id_name(0, names[i]), r);
    }
    f->p.stores = f->st;
    f->p.n_stores = n;
    f->p.groups = &f->g;
    f->p.n_groups = 1;
    f->p.copy_regions = &f->cr;
    f->p.n_copy_regions = 1;
    f->group_id = backup_group_id(UINT64_C(77), &f->g);
}

/* Put the first n rules in the failure group, or in the copy region's queue. */
static void join_group(struct fixture *f, int n)
{
    for (int i = 0; i < n; i++)
        f->br[i].group = 1;
}

static void join_queue(struct fixture *f, int n)
{
    for (int i = 0; i < n; i++)
        f->br[i].copy_region = 1;
}

/* Loss of store s of f's plan at t, with the shared state; *why gets its bits. */
static double loss_of(const struct fixture *f, struct backup_shared *bs, int s, double t,
                      struct rng_stream *r, int *why)
{
    return backup_store_loss_shared(&f->st[s], s, OUTAGE_REGION, EPOCH, t, &r->base,
                                    dist_rng_id_name(0, f->st[s].name), &f->rule_ids[s], bs, why);
}

/* Run bs for t and return the losses of all n stores in out[]. */
static void losses(const struct fixture *f, struct backup_shared *bs, double t,
                   struct rng_stream *r, double *out, int *why)
{
    backup_shared_run(bs, EPOCH, t, &r->base, f->rule_ids, &f->group_id);
    for (int s = 0; s < f->p.n_stores; s++)
        out[s] = loss_of(f, bs, s, t, r, why ? &why[s] : NULL);
}

Test(capacity, group_fails_all_members_together)
{
    struct fixture f;
    struct rng_stream r;
    fixture(&f, 2, "every 1h");
    f.g.failure_prob = 0.3;
    join_group(&f, 2);
    struct backup_shared *bs = backup_shared_new(&f.p);
    cr_assert_not_null(bs);
    rng_init(&r, 11);
    long both = 0, one = 0, flagged = 0;
    for (int i = 0; i < N_TRIALS; i++) {
        double t = 10 * D + 0.5 * H + i * 37.0, loss[2];
        int why[2];
        rng_trial(&r, (uint32_t)i);
        losses(&f, bs, t, &r, loss, why);
        /* The newest instant is half an hour old; a failed one makes it 1.5 h or more. */
        int fa = loss[0] > H, fb = loss[1] > H;
        both += fa && fb;
        one += fa != fb;
        flagged += fa && (why[0] & BACKUP_WHY_GROUP);
    }
    double share = (double)both / N_TRIALS, se = sqrt(0.3 * 0.7 / N_TRIALS);
    cr_assert_eq(one, 0, "exactly one member failed in %ld trials", one);
    cr_assert(fabs(share - 0.3) < 4 * se, "both failed in %.4f of trials, want 0.3", share);
    cr_assert_eq(flagged, both, "every group failure is flagged");
    backup_shared_free(bs);
}

Test(capacity, own_failure_adds_on_top_of_the_group)
{
    struct fixture f;
    struct rng_stream r;
    fixture(&f, 2, "every 1h");
    f.g.failure_prob = 0.3;
    f.br[0].failure_prob = 0.2;
    join_group(&f, 2);
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 12);
    long fail_a = 0, only_a = 0, only_b = 0;
    for (int i = 0; i < N_TRIALS; i++) {
        double t = 10 * D + 0.5 * H + i * 37.0, loss[2];
        rng_trial(&r, (uint32_t)i);
        losses(&f, bs, t, &r, loss, NULL);
        fail_a += loss[0] > H;
        only_a += loss[0] > H && loss[1] <= H;
        only_b += loss[1] > H && loss[0] <= H;
    }
    /* a fails with 1 - 0.8 x 0.7 = 0.44; alone (its own failure, not the group's) with
     * 0.2 x 0.7 = 0.14; b never fails without a. */
    double pa = (double)fail_a / N_TRIALS, pa1 = (double)only_a / N_TRIALS;
    cr_assert(fabs(pa - 0.44) < 4 * sqrt(0.44 * 0.56 / N_TRIALS), "a failed in %.4f", pa);
    cr_assert(fabs(pa1 - 0.14) < 4 * sqrt(0.14 * 0.86 / N_TRIALS), "a alone in %.4f", pa1);
    cr_assert_eq(only_b, 0);
    backup_shared_free(bs);
}

/* The group's draw is the group's: a plan without store b gives store a the same loss in
 * every trial (b's rule and identity are gone; the group's stream is not). */
Test(capacity, removing_a_member_changes_no_other_draw)
{
    struct fixture two, one;
    struct rng_stream r;
    fixture(&two, 2, "every 1h");
    fixture(&one, 1, "every 1h");
    two.g.failure_prob = one.g.failure_prob = 0.4;
    join_group(&two, 2);
    join_group(&one, 1);
    two.br[0].complete = one.br[0].complete = (struct dist){.kind = DIST_UNIFORM, .p = {0, H}};
    struct backup_shared *b2 = backup_shared_new(&two.p), *b1 = backup_shared_new(&one.p);
    rng_init(&r, 13);
    for (int i = 0; i < 5000; i++) {
        double t = 10 * D + i * 613.0, l2[2], l1[1];
        rng_trial(&r, (uint32_t)i);
        losses(&two, b2, t, &r, l2, NULL);
        losses(&one, b1, t, &r, l1, NULL);
        cr_assert_eq(l1[0], l2[0], "trial %d: %g vs %g", i, l1[0], l2[0]);
    }
    backup_shared_free(b1);
    backup_shared_free(b2);
}

/* Two daily copies, each an hour alone, both ready at midnight: with concurrency 1 the
 * first store's finishes at 01:00 and the second's after the sum, at 02:00. */
Test(capacity, concurrency_one_runs_copies_one_after_the_other)
{
    struct fixture f;
    struct rng_stream r;
    int why[2];
    double loss[2];
    fixture(&f, 2, "daily 00:00");
    join_queue(&f, 2);
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 14);
    rng_trial(&r, 0);
    double day = 10 * D;
    losses(&f, bs, day + 1.5 * H, &r, loss, why);
    cr_assert_eq(bs->copy_done_s[0], day + H);
    cr_assert(isinf(bs->copy_done_s[BACKUP_COPY_POINTS]), "not done by the outage's start");
    cr_assert_eq(loss[0], 1.5 * H);
    /* b's midnight copy is still moving: the day before's (copied alone) is used. */
    cr_assert_eq(loss[1], D + 1.5 * H);
    cr_assert_eq(why[0], 0);
    cr_assert_eq(why[1], BACKUP_WHY_QUEUED);
    losses(&f, bs, day + 2.5 * H, &r, loss, why);
    cr_assert_eq(bs->copy_done_s[BACKUP_COPY_POINTS], day + 2 * H);
    cr_assert_eq(loss[1], 2.5 * H);
    cr_assert_eq(why[1], 0);
    /* Store order breaks the tie: b made ready a second earlier goes first. */
    f.br[1].complete = dist_fixed(0);
    f.br[0].complete = dist_fixed(1.0);
    losses(&f, bs, day + 2.5 * H, &r, loss, why);
    cr_assert_eq(bs->copy_done_s[BACKUP_COPY_POINTS], day + H);
    cr_assert_eq(bs->copy_done_s[0], day + 2 * H);
    backup_shared_free(bs);
}

/* Concurrency 2 but one copy's worth of bandwidth: two copies in flight each move at
 * half speed and take twice as long as alone (2 h); a third, with concurrency 2,
 * waits and then runs alone at full speed (03:00). */
Test(capacity, copies_sharing_bandwidth_take_twice_as_long)
{
    struct fixture f;
    struct rng_stream r;
    double loss[3];
    fixture(&f, 3, "daily 00:00");
    join_queue(&f, 3);
    f.cr.concurrency = 2;
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 15);
    rng_trial(&r, 0);
    double day = 10 * D;
    losses(&f, bs, day + 12 * H, &r, loss, NULL);
    cr_assert_eq(bs->copy_done_s[0], day + 2 * H);
    cr_assert_eq(bs->copy_done_s[BACKUP_COPY_POINTS], day + 2 * H);
    cr_assert_eq(bs->copy_done_s[2 * BACKUP_COPY_POINTS], day + 3 * H);
    /* A per-copy cap of half the bandwidth: alone or together, each takes 2 h. */
    backup_shared_free(bs);
    fixture(&f, 2, "daily 00:00");
    join_queue(&f, 2);
    f.cr.concurrency = 2;
    f.cr.bandwidth = 2.0;
    f.cr.per_copy = 1.0;
    bs = backup_shared_new(&f.p);
    losses(&f, bs, day + 12 * H, &r, loss, NULL);
    cr_assert_eq(bs->copy_done_s[0], day + H);
    cr_assert_eq(bs->copy_done_s[BACKUP_COPY_POINTS], day + H);
    backup_shared_free(bs);
}

/* A copy that becomes ready while another is in flight: the first moves alone for
 * 30 min (half done), then both share: the first ends at 01:30 (its last half at half
 * speed), the second has moved half by then and ends alone at 02:00. */
Test(capacity, a_later_copy_joins_and_slows_the_first)
{
    struct fixture f;
    struct rng_stream r;
    double loss[2];
    fixture(&f, 2, "daily 00:00");
    join_queue(&f, 2);
    f.cr.concurrency = 2;
    f.br[1].complete = dist_fixed(0.5 * H);
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 16);
    rng_trial(&r, 0);
    double day = 10 * D;
    losses(&f, bs, day + 12 * H, &r, loss, NULL);
    cr_assert_float_eq(bs->copy_done_s[0], day + 1.5 * H, 1e-6);
    cr_assert_float_eq(bs->copy_done_s[BACKUP_COPY_POINTS], day + 2 * H, 1e-6);
    backup_shared_free(bs);
}

/* Shared capacity couples only the stores that queue together: b's size changes
 * nothing for a, which has no copy_to (its draws and its loss are its own), and a
 * store in a failure group keeps its group draws whatever another store's size. */
Test(capacity, a_size_changes_only_the_stores_queued_with_it)
{
    struct fixture f;
    struct rng_stream r;
    fixture(&f, 2, "every 6h");
    f.br[0].copy_fraction = 1.0;
    f.g.failure_prob = 0.2;
    f.br[0].group = 1;
    f.br[0].complete = (struct dist){.kind = DIST_UNIFORM, .p = {0, 3 * H}};
    f.cr.concurrency = 1;
    f.br[1].copy_region = 1;
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 17);
    double before[500];
    for (int i = 0; i < 500; i++) {
        double loss[2];
        rng_trial(&r, (uint32_t)i);
        losses(&f, bs, 10 * D + i * 613.0, &r, loss, NULL);
        before[i] = loss[0];
    }
    backup_shared_free(bs);
    f.st[1].size_bytes = 5 * H;
    bs = backup_shared_new(&f.p);
    for (int i = 0; i < 500; i++) {
        double loss[2];
        rng_trial(&r, (uint32_t)i);
        losses(&f, bs, 10 * D + i * 613.0, &r, loss, NULL);
        cr_assert_eq(loss[0], before[i], "trial %d", i);
    }
    backup_shared_free(bs);
}

/* Without shared state (backup_store_loss), groups and queues do not apply; with a
 * group of probability 0 and no copy rules, the shared call gives the same answers. */
Test(capacity, shared_state_without_groups_or_queues_changes_nothing)
{
    struct fixture f;
    struct rng_stream r;
    fixture(&f, 2, "every 4h");
    f.br[0].complete = (struct dist){.kind = DIST_UNIFORM, .p = {0, 5 * H}};
    f.br[0].failure_prob = 0.3;
    struct backup_shared *bs = backup_shared_new(&f.p);
    rng_init(&r, 18);
    for (int i = 0; i < 2000; i++) {
        double loss[2];
        double t = 10 * D + i * 613.0;
        rng_trial(&r, (uint32_t)i);
        losses(&f, bs, t, &r, loss, NULL);
        cr_assert_eq(loss[0], backup_store_loss(&f.st[0], OUTAGE_REGION, EPOCH, t, &r.base,
                                                dist_rng_id_name(0, "a"), &f.rule_ids[0]));
    }
    backup_shared_free(bs);
}

/* ---- the plan format ----------------------------------------------------------------- */

static const char plan_text[] =
    "calendar:\n"
    "  epoch: 2026-01-05\n"
    "failure_groups:\n"
    "  bcp:\n"
    "    failure: 0.5%\n"
    "    note: one backup plan, one IAM role, one KMS key\n"
    "copy_capacity:\n"
    "  us-east-2:\n"
    "    concurrency: 3\n"
    "    bandwidth: 2000MiB/s\n"
    "  eu-west-1:\n"
    "    concurrency: 1\n"
    "    bandwidth: 1GB/s\n"
    "    per_copy: 500MiB/s\n"
    "stores:\n"
    "  db:\n"
    "    size: 100GB\n"
    "    backups:\n"
    "      local:\n"
    "        schedule: daily 02:00\n"
    "        location: in-region\n"
    "        failure_group: bcp\n"
    "      copy:\n"
    "        schedule: daily 02:00\n"
    "        location: cross-region\n"
    "        failure_group: bcp\n"
    "        copy_to: eu-west-1\n"
    "        copy_fraction: 10%\n"
    "    restore:\n"
    "      throughput: 100MB/s\n"
    "staffing:\n"
    "  roles:\n"
    "    oncall:\n"
    "      count: 1\n"
    "      response:\n"
    "        business: 5m\n"
    "scenarios:\n"
    "  zone:\n"
    "    destroys: zone\n"
    "    per_year: 1\n"
    "    duration: 4h\n"
    "    service_restored_by: fix\n"
    "    runbook:\n"
    "      fix:\n"
    "        needs: [oncall]\n"
    "        duration: 1h\n";

Test(capacity, plan_format_reads_groups_and_copy_capacity)
{
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, "inline.yaml", plan_text, sizeof plan_text - 1);
    enum load_status st = load_plan_text("inline.yaml", plan_text, sizeof plan_text - 1, &d, &p);
    char *msgs = diag_to_string(&d);
    cr_assert_eq(st, LOAD_OK, "%s", msgs);
    free(msgs);
    cr_assert_eq(p->n_groups, 1);
    cr_assert_str_eq(p->groups[0].name, "bcp");
    cr_assert_float_eq(p->groups[0].failure_prob, 0.005, 1e-15);
    cr_assert_eq(p->n_copy_regions, 2);
    cr_assert_eq(p->copy_regions[0].concurrency, 3);
    cr_assert_eq(p->copy_regions[0].bandwidth, 2000.0 * 1048576.0);
    cr_assert_eq(p->copy_regions[0].per_copy, p->copy_regions[0].bandwidth, "default: bandwidth");
    cr_assert_eq(p->copy_regions[1].per_copy, 500.0 * 1048576.0);
    const struct store *s = &p->stores[0];
    cr_assert_eq(s->rules[0].group, 1);
    cr_assert_eq(s->rules[0].copy_region, 0);
    cr_assert_eq(s->rules[0].copy_fraction, 1.0);
    cr_assert_eq(s->rules[1].group, 1);
    cr_assert_eq(s->rules[1].copy_region, 2);
    cr_assert_float_eq(s->rules[1].copy_fraction, 0.1, 1e-15);
    /* The new numbers are inputs: sweeps and `check --list paths` see them. */
    int seen = 0;
    for (int i = 0; i < p->n_inputs; i++)
        seen += strcmp(p->inputs[i].path, "failure_groups.bcp.failure") == 0 ||
                strcmp(p->inputs[i].path, "copy_capacity.us-east-2.bandwidth") == 0 ||
                strcmp(p->inputs[i].path, "copy_capacity.eu-west-1.concurrency") == 0 ||
                strcmp(p->inputs[i].path, "stores.db.backups.copy.copy_fraction") == 0;
    cr_assert_eq(seen, 4);
    plan_free(p);
    diag_fini(&d);
}

/* ---- the trace ----------------------------------------------------------------------- */

/* The store-loss events of trials 0..n-1 of scenario 0 of the plan `text`: returns the
 * OR of their flags for store 0, and prints the first event with flag `want` to buf. */
struct sink {
    int flags;
    int want;
    const struct plan *p;
    char *buf;
    size_t size;
    int printed;
    int store;
};

static void on_event(void *user, const struct trial_event *ev)
{
    struct sink *k = user;
    if (ev->kind != TRIAL_EV_STORE_LOSS || ev->store != k->store)
        return;
    k->flags |= ev->flag;
    if (!k->printed && (ev->flag & k->want) == k->want) {
        FILE *f = fmemopen(k->buf, k->size, "w");
        cr_assert_not_null(f);
        term_print_event(f, k->p, 0, ev);
        fclose(f);
        k->printed = 1;
    }
}

static void trace_plan(const char *text, int store, int want, char *buf, size_t size)
{
    struct diag_list d;
    struct plan *p = NULL;
    diag_init(&d, "inline.yaml", text, strlen(text));
    cr_assert_eq(load_plan_text("inline.yaml", text, strlen(text), &d, &p), LOAD_OK);
    struct trial_worker *w = trial_worker_new(p, 1);
    struct sink k = {.want = want, .p = p, .buf = buf, .size = size, .store = store};
    struct trial_trace tr = {on_event, &k};
    buf[0] = '\0';
    for (int i = 0; i < 200 && !k.printed; i++)
        trial_run(w, 0, (uint64_t)i, &tr);
    cr_assert(k.printed, "no store-loss event with flags %d (saw %d)", want, k.flags);
    trial_worker_free(w);
    plan_free(p);
    diag_fini(&d);
}

/* Replace the first occurrence of `from` in text by `to` (into out). */
static void edit(char *out, size_t n, const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    cr_assert_not_null(at, "%s", from);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

Test(capacity, trace_says_a_group_failure_decided_the_point)
{
    char text[4096], buf[512];
    edit(text, sizeof text, plan_text, "failure: 0.5%", "failure: 100%");
    trace_plan(text, 0, TRIAL_LOSS_NO_POINT | TRIAL_LOSS_GROUP, buf, sizeof buf);
    cr_assert(strstr(buf, "no usable recovery point (data lost); a newer point was lost to "
                          "its failure group\n"), "%s", buf);
    /* At 50 %, points are found past failed ones. */
    edit(text, sizeof text, plan_text, "failure: 0.5%", "failure: 50%");
    trace_plan(text, 0, TRIAL_LOSS_GROUP, buf, sizeof buf);
    cr_assert(strstr(buf, "old; a newer point was lost to its failure group\n"), "%s", buf);
}

Test(capacity, trace_says_a_queued_copy_decided_the_point)
{
    char a[4096], b[4096], buf[512];
    /* Store aa (first in store order) copies 100 GB to eu-west-1 at the same instant as
     * db's 100 GB, one at a time at 10 MB/s: 2h47m each, db's after aa's. db's local rule
     * is in-zone, so the copy is all it has in this zone outage. */
    edit(a, sizeof a, plan_text, "location: in-region", "location: in-zone");
    edit(b, sizeof b, a, "copy_fraction: 10%", "copy_fraction: 100%");
    edit(a, sizeof a, b, "bandwidth: 1GB/s", "bandwidth: 10MB/s");
    edit(b, sizeof b, a, "stores:\n",
         "stores:\n"
         "  aa:\n"
         "    size: 100GB\n"
         "    backups:\n"
         "      copy: {schedule: daily 02:00, location: cross-region, copy_to: eu-west-1}\n"
         "    restore: {throughput: 100MB/s}\n");
    trace_plan(b, 1, TRIAL_LOSS_QUEUED, buf, sizeof buf);
    cr_assert(strstr(buf, "old; a newer point's copy was held up by the shared copy capacity\n"),
              "%s", buf);
}
