/* analysis/money.h: the money at stake: expected annual loss and the loss exceedance
 * curve, from the simulated outages and the business impact analysis.
 *
 * This is the FAIR family's method (Factor Analysis of Information Risk: a loss event
 * frequency times a loss magnitude, both as distributions, combined by simulating years)
 * joined to drsim's simulated recovery: the magnitude of one outage is not guessed but
 * priced from what the trial played.
 *
 * One outage's loss (money_outage_loss). For every service of the plan: its downtime
 * (service_back_s, from the outage start or, in logical damage, from detection, plus the
 * service's work recovery time wrt) times its cost_per_hour, plus its data loss (the
 * service's RPO: the largest loss over its stores) times its data_loss_cost_per_hour.
 * Infinite values are handled explicitly, never as a number: a service never restored
 * in the trial prices no downtime and is counted (n_never_back: unpriced); data lost for
 * good (no usable recovery point, an infinite RPO) is priced at data_lost_for_good when
 * the plan gives it, else counted (n_lost_unpriced). A price the plan does not give (no
 * cost_per_hour, or $0; no data_loss_cost_per_hour) contributes 0 and the service is
 * listed as unpriced. The priced loss of an outage is therefore always finite, and a
 * lower bound whenever something is unpriced; the reports say so.
 *
 * Per-outage distribution. A struct money_acc is an mc_sink (sim/mc.h): every trial is
 * priced as the engine plays it, each unit's losses go into a struct hist of its own
 * (sim/hist.h, in dollars where it says seconds: bins 0.1 % wide from $0.001 to $4.3
 * billion), merged into the scenario's histogram (exact: any order of merges gives the
 * same histogram), and the per-service sums and counts of each unit are kept by unit
 * number and added in unit order. Memory does not grow with the number of trials beyond
 * a few doubles per unit of MC_CHUNK trials, and the figures are bit-identical for any
 * thread count.
 *
 * Years (money_years). Year y draws from its own random stream: sim/rng.h's Philox
 * keyed by the run's seed, trial word y, identity MONEY_RNG_ID, which no trial input
 * uses, so adding the money changes no other figure. For each scenario in plan order
 * the year has N ~ Poisson(per_year) outages (inversion of one uniform), and each outage
 * a loss drawn from the scenario's per-outage histogram by inversion (the k-th smallest
 * loss, k = floor(u n), estimated within half a bin: exactly for a constant loss). The
 * year's loss is the sum. From N years: the expected annual loss (their mean, with its
 * standard error), the loss exceedance curve P(year loss > x) at round amounts (with
 * standard errors), the 1-in-10 and 1-in-100 year losses (PERCENTILE.INC at 90 % and
 * 99 %), and each scenario's share. The closed form, sum over scenarios of per_year x
 * mean loss per outage (exact from the histograms), is computed beside it; the
 * simulation agrees with it when they differ by less than 4 standard errors plus the
 * bins' half width (0.05 %).
 */
#ifndef DRSIM_MONEY_H
#define DRSIM_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "models/plan.h"
#include "sim/hist.h"
#include "sim/mc.h"
#include "sim/trial.h"

#define MONEY_YEARS 100000          /* simulated years of a run */
#define MONEY_RNG_ID UINT64_C(0x6d6f6e65792d7972) /* "money-yr": the years' stream identity */
#define MONEY_MAX_LEC 32            /* amounts of the loss exceedance table at most */
#define MONEY_CURVE_POINTS 256      /* points of the drawn curve at most */

enum money_status {
    MONEY_OK = 0,           /* success */
    MONEY_NOMEM,            /* out of memory */
    MONEY_INVALID           /* bad arguments: no source, fewer than 2 years, a rate below 0,
                               infinite or NaN */
};
const char *money_strerror(enum money_status st);

/* Whether a service's downtime, or its data loss, carries a price. */
int money_prices_downtime(const struct service *sv);
int money_prices_data(const struct service *sv);

/* What one outage costs, per service. */
struct money_outage {
    double downtime_usd;    /* cost_per_hour x downtime hours; 0 unpriced or never back */
    double data_usd;        /* data_loss_cost_per_hour x data loss hours, or data_lost_for_good */
    int never_back;         /* the service was never restored: its downtime is unpriced */
    int lost_unpriced;      /* its data was lost for good and the plan gives no price for it */
};

/* Price trial r of a scenario of p: writes out[0 .. p->n_services - 1] and returns the
 * outage's total priced loss in dollars (finite, >= 0). */
double money_outage_loss(const struct plan *p, const struct trial_result *r,
                         struct money_outage *out);

/* ---- the per-outage accumulator (an mc_sink) ------------------------------------------ */

struct money_acc;

/* An accumulator for a run of plan p (borrowed; must outlive it) with n_trials trials per
 * scenario. NULL when out of memory or n_trials is 0. */
struct money_acc *money_acc_new(const struct plan *p, uint64_t n_trials);

/* The sink to give mc_run_sink (it points into a). */
void money_acc_sink(struct money_acc *a, struct mc_sink *sink);

/* Whether an allocation failed during the run (the figures are then incomplete). */
int money_acc_nomem(const struct money_acc *a);

/* Release; NULL is a no-op. */
void money_acc_free(struct money_acc *a);

/* ---- years ------------------------------------------------------------------------------ */

/* One scenario as the years see it: its rate and its per-outage losses (borrowed). */
struct money_source {
    double per_year;        /* expected outages per year, >= 0 */
    const struct hist *loss;/* per-outage priced loss, dollars; empty: every outage costs 0 */
};

struct money_lec_point {
    double amount_usd;      /* x, dollars */
    uint64_t n_over;        /* years whose loss exceeds x */
    double p_over;          /* n_over / years */
    double se;              /* its standard error, sqrt(p (1 - p) / years) */
};

struct money_curve_point {
    double amount_usd;      /* a year loss, dollars */
    double p_over;          /* share of years whose loss exceeds it */
};

struct money_years {
    uint64_t n_years;       /* years simulated */
    uint64_t seed;          /* the run's seed */
    int n_sources;
    double eal_usd;         /* mean year loss over the simulated years, dollars */
    double eal_se_usd;      /* its standard error (sample sd / sqrt(years)) */
    double eal_closed_usd;  /* sum of per_year x exact mean loss per outage */
    int agrees;             /* |eal - closed| <= 4 se + 0.0005 closed */
    double *src_eal_usd;    /* [n_sources] simulated mean year loss from each source */
    double *src_closed_usd; /* [n_sources] per_year x mean loss per outage */
    double *src_mean_usd;   /* [n_sources] exact mean loss per outage (0 when empty) */
    double p_any;           /* share of years with a loss above 0 */
    double y10_usd;         /* 1-in-10-year loss: PERCENTILE.INC 90 % of year losses */
    double y100_usd;        /* 1-in-100-year loss: PERCENTILE.INC 99 % */
    double max_usd;         /* the largest year loss */
    int n_lec;
    struct money_lec_point lec[MONEY_MAX_LEC]; /* round amounts (1, 2, 5 x 10^k), ascending */
    int n_curve;
    struct money_curve_point curve[MONEY_CURVE_POINTS]; /* the curve for drawing */
};

/* Simulate n_years years (2 to 2^32 - 1) of the n sources with the run's seed (see above) into
 * *out (caller-allocated; free its arrays with money_years_fini). MONEY_OK, MONEY_NOMEM,
 * MONEY_INVALID (out then holds nothing to free). */
enum money_status money_years_run(const struct money_source *src, int n, uint64_t n_years,
                                  uint64_t seed, struct money_years *out);
void money_years_fini(struct money_years *y);

/* P(N > k) for N ~ Poisson(lambda): the exact tail the known-answer test compares with. */
double money_poisson_tail(double lambda, uint64_t k);

/* ---- the results the reports read ------------------------------------------------------- */

struct money_service {
    double mean_downtime_usd; /* mean per outage (all trials) */
    double mean_data_usd;     /* mean per outage */
    uint64_t n_never_back;    /* trials in which it was never restored (downtime unpriced) */
    uint64_t n_lost_unpriced; /* trials in which its data was lost for good, unpriced */
};

struct money_scenario {
    int scenario;             /* index in the plan */
    double per_year;          /* the scenario's rate */
    uint64_t n_outages;       /* trials priced */
    double mean_usd;          /* exact mean priced loss per outage */
    double p50_usd, p95_usd, max_usd; /* per-outage loss percentiles (PERCENTILE.INC), max */
    double eal_closed_usd;    /* per_year x mean_usd */
    double eal_usd;           /* simulated mean year loss from this scenario */
    double share;             /* eal_closed_usd / the total's (0 when the total is 0) */
    struct money_service *services; /* [n_services], plan order */
};

struct money_results {
    const struct plan *plan;  /* borrowed */
    int n_scenarios, n_services;
    struct money_scenario *scenarios; /* [n_scenarios] plan order */
    struct money_years years;
    int n_unpriced;           /* services with neither price (contribute nothing) */
    int n_unbounded;          /* scenario-service pairs with never_back or lost_unpriced trials */
};

/* The results of a finished run: per-outage figures from a and the years simulated with
 * the run's seed. On MONEY_OK *out is new (free with money_results_free). */
enum money_status money_results_make(const struct money_acc *a, uint64_t n_years,
                                     uint64_t seed, struct money_results **out);
void money_results_free(struct money_results *m);

#endif
