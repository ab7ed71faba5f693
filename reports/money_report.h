/* reports/money_report.h: the money at stake (analysis/money.h) in words and numbers for
 * the terminal and summary.json, and the texts the workbook and the pack share with
 * them, so that every output prints the same figures the same way: amounts in whole
 * dollars with thousands separators, shares as percentages with one decimal (an
 * exceedance probability with two). The workbook sheet is reports/wb_money.c, the pack
 * page reports/draw_pack_money.c. */
#ifndef DRSIM_MONEY_REPORT_H
#define DRSIM_MONEY_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/money.h"
#include "models/jsonio.h"

/* "$12,345" (rounded to the dollar), "inf" when infinite; returns buf (24 bytes do). */
char *money_report_usd(double usd, char *buf, size_t n);

/* What the figures leave out, in one paragraph: services whose downtime or data carries
 * no price, outages in which a service was never restored or its data lost for good
 * without a price for it, and so whether the priced loss is a lower bound. Empty (and 0
 * returned) when everything is priced; else returns 1. */
int money_report_unpriced(const struct money_results *m, char *buf, size_t n);

/* The headline: "expected annual loss $2,500 (closed form; simulated $2,507 +- $13 over
 * 100,000 years: agrees)". */
char *money_report_headline(const struct money_results *m, char *buf, size_t n);

/* A probability as the outputs print it: "12.34%", three decimals below 0.01 % so that a
 * tail a few years in 100,000 reach does not read 0.00 %, "0%" when nothing does. */
char *money_report_pct(double p, char *buf, size_t n);

/* Where the money goes: one (scenario, service, downtime or data) part of the expected
 * annual loss. */
struct money_driver {
    int scenario;           /* index in the plan */
    int service;            /* index in the plan */
    int is_data;            /* 1: data loss; 0: downtime */
    double usd_per_year;    /* per_year x mean cost of that part per outage */
};

/* The largest parts, up to max, largest first (ties in plan order); returns how many
 * (parts of $0 are left out). */
int money_report_drivers(const struct money_results *m, struct money_driver *out, int max);

/* A driver in words: "data-collection's data lost in ransomware: $100,000 a year". */
char *money_report_driver_text(const struct money_results *m, const struct money_driver *d,
                               char *buf, size_t n);

/* The terminal's section (a few lines), after the scenarios. */
void money_report_print(FILE *out, const struct money_results *m);

/* summary.json's "money" member (docs/reports.md); null when m is NULL. */
void money_report_json(struct jsonio_writer *w, const struct money_results *m);

#endif
