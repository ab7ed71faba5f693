/* models/load_int.h: the loader's internals, shared by the files of the loader module.
 *
 * The plan loader (load.c and the load_*.c files of its sections), the drill-log loader
 * (load_drills.c) and the in-place editor (load_edit.c) read YAML the same way: one parse with its bounds (load_parse), then a
 * walk of libyaml's node graph with one getter per kind of value, each reporting bad input
 * as a positioned diagnostic at the node's start mark and returning non-zero so the
 * caller stops descending into that subtree while its siblings are still checked. The
 * loader state (struct ld) carries the diagnostics, the text for carets inside scalars,
 * and the plan being built (NULL for the other files).
 *
 * Only files of the loader module include this header, and with it <yaml.h>.
 */
#ifndef DRSIM_LOAD_INT_H
#define DRSIM_LOAD_INT_H

#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "models/diag.h"
#include "models/load.h"
#include "models/plan.h"

#define LOAD_MAX_NODES 100000  /* nodes after alias expansion; real plans have a few thousand */
#define LOAD_MAX_DEPTH 64      /* nesting levels; the schema needs fewer than ten */
#define LOAD_MAX_FLOW_DEPTH 1000 /* open brackets before parsing, see check_flow_depth */
#define LOAD_MAX_NAMED 1000    /* entries of one mapping of names (services, backups, ...) */
#define LOAD_MAX_FILE  (16L * 1024 * 1024) /* bytes of a plan file or drill log */
#define LOAD_MAX_KEY_CHARS 1024 /* libyaml's limit from a key's start to its ':' */
#define MAX_FIELDS 20          /* keys of the largest fixed-key mapping (a service) */
#define SHOW 96                /* buffer for a value quoted in a message */
#define LOAD_MAX_DURATION_S (36525.0 * 86400.0) /* 100 years: the longest duration a plan
                                                   may write, see load_values.c */

/* ---- loader state ----------------------------------------------------------------- */

struct ld {
    yaml_document_t *doc;
    const char *kind;            /* "plan" or "drill log", in messages about the file */
    const char *sections;        /* its top-level keys, for "expected a mapping of
                                    sections (...)" */
    struct diag_list *d;
    struct plan *p;              /* the plan being built; NULL for a drill log or an edit */
    const char *text;            /* the file's bytes, for carets inside scalars */
    size_t len;
    int n_err;                   /* errors this load reported */
    int nomem;
    /* The rest is the plan loader's (load.c and its sections). */
    double tz_s;                 /* calendar.timezone */
    const struct tz *tz_zone;    /* calendar.timezone when an IANA zone (in p->zones), else NULL */
    int have_stores;             /* stores section read: store references can be checked */
    int have_roles;
    int have_scenarios;
    const char *store_names[PLAN_MAX_STORES + 1];   /* NULL-terminated, for suggestions */
    const char *role_names[PLAN_MAX_ROLES + 1];
    const char **scenario_names;                    /* malloc'd, NULL-terminated */
    unsigned char store_restore[PLAN_MAX_STORES];   /* a restore section with a throughput */
    unsigned char *runbook_ok;   /* per scenario: step names known, step references checkable */
    unsigned char *rto_clock_set; /* per scenario: its own 'rto_clock' was given (else the
                                    policy's, or detection for damage, applies) */
    yaml_node_t *stand_in_node[PLAN_MAX_ROLES];
    yaml_node_t *count_node[PLAN_MAX_ROLES];
    yaml_node_t *people_node[PLAN_MAX_ROLES];  /* a role's 'people' list, read once the
                                                  plan's people are numbered */
    yaml_node_t *on_call_key[PLAN_MAX_ROLES];  /* a role's 'on_call' key and value, read */
    yaml_node_t *on_call_node[PLAN_MAX_ROLES]; /* after its people (first: PERSON) */
    const char *calendar_names[PLAN_MAX_CALENDARS + 1]; /* staffing.calendars, NULL-terminated */
    int calendars_bad;           /* staffing.calendars was not a mapping: references unchecked */
    const char **unit;           /* per node (id - 1): what a getter read the scalar as (static
                                    text), NULL when nothing read it; for plan->inputs */
    size_t n_nodes;              /* entries of unit[] */
};

/* What a quantity may be: decides the parser and the example in messages. */
enum qty {
    Q_DURATION,     /* 20m */
    Q_FOREVER,      /* 14d or forever (INFINITY) */
    Q_NEVER,        /* 4h or never (INFINITY) */
    Q_SIZE,         /* 750GB */
    Q_RATE,         /* 150MB/s, and > 0 */
    Q_MONEY,        /* $1200 */
    Q_PROB,         /* 5% or 0.05 */
    Q_NUMBER        /* plain number */
};

/* The values of a mapping with a fixed set of keys. */
struct fields {
    const char *const *names;    /* known keys, NULL-terminated */
    yaml_node_t *key[MAX_FIELDS];
    yaml_node_t *val[MAX_FIELDS];
    const yaml_node_t *at;       /* where "missing key" errors point: the owning key */
    int merged;                  /* had a merge key: missing keys are its fault, not reported */
    char what[160];              /* who misses a key: "store 'shopdb'" */
};

/* A mapping whose keys are names the plan chooses (stores, steps, ...), in file order. */
struct named {
    int n;
    yaml_node_t **k;
    yaml_node_t **v;
};

/* ---- nodes and messages (load_yaml.c) ----------------------------------------------- */

yaml_node_t *load_node_at(const struct ld *L, int id);
/* The 1-based position of a node's start ({0, 0} for NULL). */
struct plan_pos load_pos_of(const yaml_node_t *n);
/* Report an error at node n (at its start mark), at a position, or a note at node n. */
void load_err(struct ld *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void load_err_at(struct ld *L, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void load_note(struct ld *L, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* strdup and calloc that set L->nomem on failure. */
char *load_xstrdup(struct ld *L, const char *s);
void *load_xcalloc(struct ld *L, size_t n, size_t size);
/* A scalar's value; whether a node is a scalar; YAML's null (empty, "~", "null"). */
const char *load_sv(const yaml_node_t *n);
int load_is_scalar(const yaml_node_t *n);
int load_is_null(const yaml_node_t *n);
/* Record that a getter read scalar n as `unit` (plan->inputs); no-op without L->unit. */
void load_use(struct ld *L, const yaml_node_t *n, const char *unit);
/* A value quoted in a message (at most 40 bytes of it, control characters escaped). */
const char *load_show(const char *s, char *buf, size_t n);
/* What a node is, for "(got ...)". */
const char *load_got(const yaml_node_t *n, char *buf, size_t size);
/* True once no further diagnostic can be kept (expensive message parts are skipped). */
int load_diag_full(const struct ld *L);
/* " (did you mean 'x'?)" when a candidate is close enough, else "". */
const char *load_did_you_mean(const struct ld *L, const char *word, const char *const *cands,
                              char *buf, size_t n);
/* Join a NULL-terminated list as "a, b, c". */
const char *load_join(const char *const *names, char *buf, size_t n);
/* Append "name" (or " -> name"), quoted as load_show does, to a path being built in buf. */
void load_path_add(char *buf, size_t n, const char *name);
/* Whether a scalar holds no NUL byte (reported when it does). */
int load_scalar_clean(struct ld *L, const char *name, const yaml_node_t *v);
/* Whether a scalar holds no control character, noncharacter or malformed byte
 * (models/text.h; tab, LF and CR are allowed when is_text); reported when it does, as
 * a name's fault or (is_text with a key `name`) as that key's. */
int load_text_clean(struct ld *L, const char *name, const yaml_node_t *v, int is_text);
/* Byte offset of 0-based (line, column) in L->text, (size_t)-1 when there is no such place. */
size_t load_text_offset(const struct ld *L, size_t line, size_t col);
/* The position of byte `where` of a scalar's value, for a caret under one word of it. */
struct plan_pos load_pos_in_scalar(const struct ld *L, const yaml_node_t *v, size_t where);

/* ---- mappings (load_yaml.c) --------------------------------------------------------- */

/* Read mapping `map` (the value of key `owner`, NULL at the top level) against the known
 * keys `names`: unknown keys are errors with a suggestion (or `hint`), duplicates and
 * merge keys are errors, "x-" keys are ignored. Non-zero when map is not a mapping. */
int load_read_fields(struct ld *L, struct fields *f, const char *const *names,
                     const yaml_node_t *owner, const yaml_node_t *map, const char *hint,
                     const char *what_fmt, ...) __attribute__((format(printf, 7, 8)));
/* The value and key of a known key, NULL when absent; load_freq reports it missing. */
yaml_node_t *load_fval(const struct fields *f, const char *name);
yaml_node_t *load_fkey(const struct fields *f, const char *name);
yaml_node_t *load_freq(struct ld *L, const struct fields *f, const char *name);
/* The entries of a mapping of chosen names, in file order (bad or duplicate names are
 * reported and left out). Non-zero when map is not a mapping, or out of memory. */
int load_read_named(struct ld *L, const yaml_node_t *owner, const yaml_node_t *map,
                    struct named *nm);
void load_named_free(struct named *nm);

/* ---- values (load_yaml.c, load_values.c, load_dist.c): each reports at the node and
 * returns non-zero on bad input, leaving its result alone ------------------------------ */

/* A list (or null, an empty list): its items in [*start, *top). */
int load_get_list(struct ld *L, const char *name, const yaml_node_t *v, const char *items,
                  yaml_node_item_t **start, yaml_node_item_t **top);
/* A name given as a value ("restore: shopdb"): a non-empty scalar without NUL, control
 * characters or noncharacters; the document's string, or NULL (reported). */
const char *load_get_name(struct ld *L, const yaml_node_t *v, const char *what);
/* Free text (tab and line breaks allowed) and a name given as a value (neither), both
 * without control characters or noncharacters; null is "". */
int load_get_text(struct ld *L, const char *name, const yaml_node_t *v, char **out);
int load_get_name_text(struct ld *L, const char *name, const yaml_node_t *v, char **out);
/* A quantity of kind q in base units; a finite duration is at most LOAD_MAX_DURATION_S,
 * a rate above zero. load_get_positive also refuses zero. */
int load_get_qty(struct ld *L, const char *name, const yaml_node_t *v, enum qty q, double *out);
int load_get_positive(struct ld *L, const char *name, const yaml_node_t *v, enum qty q,
                      double *out);
int load_get_int(struct ld *L, const char *name, const yaml_node_t *v, int min, int max,
                 int *out);
int load_get_bool(struct ld *L, const char *name, const yaml_node_t *v, int *out);
int load_get_enum(struct ld *L, const char *name, const yaml_node_t *v,
                  const char *const *names, int *out);
int load_get_date(struct ld *L, const char *name, const yaml_node_t *v, long *out);
/* A time zone: a fixed offset ("UTC-05:00": *zone NULL) or an IANA name ("America/New_York":
 * *zone the plan's table for it, read once per name, and *out its standard offset). */
int load_get_tz(struct ld *L, const char *name, const yaml_node_t *v, double *out,
                const struct tz **zone);
/* What a quantity of kind q looks like, for messages: "a duration such as 20m". */
const char *load_qty_what(enum qty q);
/* A backup schedule (models/sched.h) in default time zone tz_s, or IANA zone `zone`
 * when not NULL. */
int load_get_sched(struct ld *L, const char *name, const yaml_node_t *v, double tz_s,
                   const struct tz *zone, struct sched *out);
/* Business hours "DAYS HH:MM-HH:MM" into calendar c (its mask, start and end). */
int load_get_hours(struct ld *L, const char *name, const yaml_node_t *v,
                   struct sched_calendar *c);
/* Parse business hours text; on failure non-zero with a reason and the byte offset of
 * the offending part (no diagnostic). */
int load_parse_hours(const char *s, unsigned *mask, double *start_s, double *end_s,
                     const char **why, size_t *where);
/* A distribution of quantities of kind q: "20m" (fixed) or {dist: KIND, ...}. `owner`
 * is the key whose value v is (where "missing key" errors point). *out is written only
 * on success; its empirical values, if any, are then the caller's. */
int load_get_dist(struct ld *L, const char *name, const yaml_node_t *owner,
                  const yaml_node_t *v, enum qty q, struct dist *out);
/* A deep copy of a distribution (empirical values are owned by each holder). */
int load_dist_copy(struct ld *L, const struct dist *src, struct dist *dst);

/* ---- references by name (load.c): the index, or -1 when unknown (reported) or when
 * the section they refer to could not be read (not reported again) ------------------- */

int load_store_ref(struct ld *L, const yaml_node_t *v);
int load_role_ref(struct ld *L, const yaml_node_t *v);
int load_scenario_ref(struct ld *L, const yaml_node_t *v);
/* A step of scenario si (-1 for none: then -1, unreported). */
int load_step_ref(struct ld *L, int si, const yaml_node_t *v);

/* ---- the plan's sections, in the order load.c reads them ----------------------------- */

void load_plan_stores(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);     /* load_stores.c */
/* load_capacity.c: the failure_groups and copy_capacity sections (read before stores),
 * and a rule's reference to one of their entries: 1 + its index, 0 when unknown
 * (reported). */
void load_plan_failure_groups(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);
void load_plan_copy_capacity(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);
int load_group_ref(struct ld *L, const yaml_node_t *v);
int load_copy_region_ref(struct ld *L, const yaml_node_t *v);
/* The restore_capacity section (read before stores) and a scenario's `restores_in`
 * reference to one of its entries: 1 + its index, 0 when unknown (reported). */
void load_plan_restore_capacity(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);
int load_restore_region_ref(struct ld *L, const yaml_node_t *v);
void load_plan_staffing(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);   /* load_staff.c */
/* load_rota.c: named calendars, the calendar keys of a role, person or named calendar,
 * people, on_call rotas and shifts (the staffing section's parts about who works when). */
/* A list of dates [holidays], sorted without duplicates, into *out (malloc'd, the
 * caller's; left NULL for an empty list) and *n. Non-zero when a date was bad (reported). */
int load_get_holidays(struct ld *L, const yaml_node_t *v, long **out, size_t *n);
/* staffing.calendars (value v of key k) into plan->calendars, unset keys from `def`. */
void load_staff_calendars(struct ld *L, const yaml_node_t *k, const yaml_node_t *v,
                          const struct sched_calendar *def);
/* The calendar keys of fields f (calendar: NAME when `named`, timezone, business_hours or
 * working_hours, holidays when `hol` is not NULL) applied over *cal. */
void load_calendar_keys(struct ld *L, const struct fields *f, int named,
                        struct sched_calendar *cal, long **hol, size_t *n_hol);
/* A role's [shift] (value v of key k) into r->shift, left as it was on any error. */
void load_role_shift(struct ld *L, struct role *r, const yaml_node_t *k, const yaml_node_t *v,
                     const char *who);
/* Role i's people (plan->people from role.first_person, allocated) and on_call rota. */
void load_role_people(struct ld *L, int i);
void load_role_on_call(struct ld *L, int i);
void load_plan_scenarios(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);  /* load_scenarios.c */
void load_plan_policy(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);     /* load_scenarios.c */
void load_plan_services(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);   /* load_services.c */
void load_plan_costs(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);      /* load_services.c */
void load_plan_governance(struct ld *L, const yaml_node_t *k, const yaml_node_t *v); /* load_governance.c */
/* Fill plan->inputs from the loaded document (load_inputs.c); call once the plan
 * loaded without errors. */
void load_plan_inputs(struct ld *L, const yaml_node_t *root);
/* load_levers.c: the levers section (read last), and once plan->inputs exist, the check
 * of each lever's path and candidates against them (models/vary.h), positioned. */
void load_plan_levers(struct ld *L, const yaml_node_t *k, const yaml_node_t *v);
void load_plan_levers_check(struct ld *L, const yaml_node_t *root);

/* ---- files (load_parse.c) ------------------------------------------------------------ */

int load_parse(struct ld *L, yaml_parser_t *parser, yaml_document_t *doc, yaml_node_t **root);

/* The top-level sections of a plan, for the "expected a mapping of sections" error. */
#define LOAD_PLAN_SECTIONS "plan, calendar, policy, stores, staffing, scenarios, services"

/* Clear L and set it up to read text (len bytes) as a `kind` file ("plan", "drill
 * log") whose top level holds `sections`, reporting into diags. */
void load_begin(struct ld *L, struct diag_list *diags, const char *text, size_t len,
                const char *kind, const char *sections);

/* How a load ended: LOAD_NOMEM when memory ran out, LOAD_INVALID when an error was
 * reported or nothing was built (built, the plan or log, is NULL), else LOAD_OK. */
enum load_status load_outcome(const struct ld *L, const void *built);

/* The base name of path without a .yaml or .yml extension, malloc'd; NULL (with
 * L->nomem set) when out of memory. The default name of a plan or drill log. */
char *load_base_name(struct ld *L, const char *path);
enum load_status load_read_file(const char *path, const char *kind, struct diag_list *diags,
                                char **text, size_t *len);

#endif
