/* reports/assume_rank.h: the plan's ASSUMPTIONs that most move a verdict
 * (`drsim run --sensitivity FILE`; issue 15, item 3).
 *
 * Every input carries its provenance (models/plan.h, struct plan_input: fact, ASSUMPTION
 * or UNKNOWN); the one-at-a-time sensitivity analysis (`drsim sensitivity`,
 * analysis/sensitivity.h) moves each uncertain input to a low and a high value and keeps
 * every objective's P(meet) and verdict at both. A review board needs the two joined:
 * which of the values nobody has established (ASSUMPTION, UNKNOWN) decide a verdict, so
 * that it knows what to measure first.
 *
 * The join costs no simulation: the run is given the sensitivity.json that `drsim
 * sensitivity` wrote for the same plan file (PREV's plan.sha256 must equal the plan's, or
 * the key paths and values could differ), and this module reads it back through
 * models/jsonio.h. An input of the analysis (a factor, keyed by the first key path that
 * uses it) takes the provenance of the plan's inputs at or below that path, the least
 * established one (UNKNOWN over ASSUMPTION over fact). Those that are not facts are ranked:
 * first by how many verdicts they move (an objective whose verdict at the low or the
 * high value differs from the plan as written), then by the largest change of P(meet)
 * between low and high, then by the analysis's own rank. For each, every objective it
 * moves is listed with P(meet) and the verdict at the low value, as written, and at the
 * high value. The figures are the analysis's, at its own trial count and seed (said with
 * them): with fewer trials than the run, its "as written" P(meet) differs from the run's
 * by sampling error and the ranking is approximate.
 */
#ifndef DRSIM_ASSUME_RANK_H
#define DRSIM_ASSUME_RANK_H

#include <stdint.h>
#include <stdio.h>

#include "models/jsonio.h"
#include "models/plan.h"
#include "sim/mc.h"

enum assume_status {
    ASSUME_OK = 0,
    ASSUME_REFUSED,     /* not a sensitivity of this plan file: the message says why */
    ASSUME_IO,          /* the file exists but could not be read */
    ASSUME_NOMEM
};

/* One objective an input moves. */
struct assume_move {
    char *scenario;         /* owned */
    int objective;          /* 0 RTO, 1 RPO */
    double p_lo, p_base, p_hi;              /* P(meet) at the low value, as written, high */
    enum mc_verdict v_lo, v_base, v_hi;     /* the verdicts there */
};

struct assume_item {
    char *path;             /* the factor's key path (owned) */
    enum plan_provenance provenance;        /* PROV_ASSUMPTION or PROV_UNKNOWN */
    int sens_rank;          /* its rank in the sensitivity analysis (1 = largest effect) */
    char unit[16];          /* "duration", "rate", "probability" */
    double lo, typical, hi; /* the input's median (a probability: its value) low, as written,
                               high; seconds, bytes a second, or a probability */
    double swing_p;         /* largest |P(meet) high - P(meet) low| */
    int n_verdict_moves;    /* objectives whose verdict differs at low or high */
    struct assume_move *moves; int n_moves; /* objectives with a verdict moved or P(meet)
                                               changed by at least 0.1 pp */
};

struct assume_rank {
    char *source;           /* the file read */
    uint64_t trials, seed;  /* of the analysis (trials per scenario and run) */
    char method[32];        /* "p10-p90" or "spread" */
    double spread;
    int n_factors;          /* inputs the analysis varied */
    int n_not_fact;         /* of those, ASSUMPTION or UNKNOWN (= n_items) */
    struct assume_item *items; int n_items; /* ranked as above */
};

/* Read FILE (a directory: FILE/sensitivity.json) and rank plan p's ASSUMPTION and
 * UNKNOWN inputs. On ASSUME_OK *out holds the result; else NULL and a message in err. */
enum assume_status assume_load(const char *file, const struct plan *p, const char *version,
                               struct assume_rank **out, char *err, size_t errlen);

/* Value v in item x's unit: "1h30m", "2.5%", "100 MB/s". */
const char *assume_value_text(const struct assume_item *x, double v, char *buf, size_t n);

/* "median 30m .. 2h (as written 1h)" for item x, in buf. */
const char *assume_range_text(const struct assume_item *x, char *buf, size_t n);

/* "zone RTO: 42.0% breach .. 50.1% breach (as written) .. 93.2% meets" for move m. */
const char *assume_move_text(const struct assume_move *m, char *buf, size_t n);

/* "from drsim sensitivity (FILE): 2000 trials per run, seed 1, each input at its own P10
 * and P90; figures at its trial count: the ranking is approximate" */
const char *assume_source_text(const struct assume_rank *a, char *buf, size_t n);

/* The terminal section: the top `top` items. */
void assume_print(FILE *out, const struct assume_rank *a, int top);

/* summary.json's member "assumptions_that_move_verdicts". */
void assume_json(struct jsonio_writer *w, const struct assume_rank *a);

/* Release a; NULL is a no-op. */
void assume_free(struct assume_rank *a);

#endif
