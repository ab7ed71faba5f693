/* cli/partial.c: shard files (cli/partial.h).
 *
 * The file is small and read whole: a run's partial result is its histograms (a few
 * hundred kilobytes to a few megabytes), whatever the number of trials. Everything read
 * is checked before it is believed: the magic line, the format version, the checksum over
 * every byte, the lengths of the strings, the plan's hash against its text, and the slice
 * against the shard's number. Messages name the file and what is wrong with it.
 */
#include "cli/partial.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "models/digest.h"

#define MAGIC "drsim partial result\n"
#define FORMAT_VERSION 2
#define MAX_ARGS 4096
#define MAX_RECORDS (1u << 24)
#define MAX_NAME 4096
#define MAX_PLAN_BYTES (64u << 20) /* the loader's own limit is lower */

void partial_id_make(struct partial_id *id, const char *plan_name, const char *plan_text,
                     size_t plan_len, uint64_t seed, uint64_t n_trials, uint64_t shard,
                     uint64_t n_shards, const char *command, int n_args, char **args)
{
    memset(id, 0, sizeof *id);
    /* The struct owns its strings once read back (partial_read); here they are borrowed
     * and never freed. */
    id->version = (char *)DRSIM_VERSION;
    id->plan_name = (char *)plan_name;
    id->plan_text = (char *)plan_text;
    id->plan_len = plan_len;
    unsigned char sum[DIGEST_SHA256_LEN];
    digest_sha256(plan_text, plan_len, sum);
    digest_hex(sum, id->plan_sha256);
    id->seed = seed;
    id->n_trials = n_trials;
    id->shard = shard;
    id->n_shards = n_shards;
    mc_slice(n_trials, shard, n_shards, &id->first, &id->count);
    id->command = (char *)command;
    id->n_args = n_args;
    id->args = args;
}

int partial_write(FILE *f, const struct partial_id *id, const struct partial_record *rec,
                  size_t n_rec)
{
    struct wire_out w;
    wire_out_init(&w);
    wire_put_bytes(&w, MAGIC, strlen(MAGIC));
    wire_put_u64(&w, FORMAT_VERSION);
    wire_put_str(&w, id->version);
    wire_put_str(&w, id->plan_name);
    wire_put_u64(&w, (uint64_t)id->plan_len);
    wire_put_bytes(&w, id->plan_text, id->plan_len);
    wire_put_str(&w, id->plan_sha256);
    wire_put_u64(&w, id->seed);
    wire_put_u64(&w, id->n_trials);
    wire_put_u64(&w, id->shard);
    wire_put_u64(&w, id->n_shards);
    wire_put_u64(&w, id->first);
    wire_put_u64(&w, id->count);
    wire_put_str(&w, id->command);
    wire_put_u64(&w, (uint64_t)id->n_args);
    for (int i = 0; i < id->n_args; i++)
        wire_put_str(&w, id->args[i]);
    wire_put_u64(&w, (uint64_t)n_rec);
    for (size_t j = 0; j < n_rec; j++) {
        wire_put_u64(&w, rec[j].n_trials);
        wire_put_u64(&w, rec[j].seed);
        wire_put_u64(&w, (uint64_t)rec[j].len);
        wire_put_bytes(&w, rec[j].data, rec[j].len);
    }
    if (!w.nomem) {
        unsigned char sum[DIGEST_SHA256_LEN];
        digest_sha256(w.data, w.len, sum);
        wire_put_bytes(&w, sum, sizeof sum);
    }
    int rc = 0;
    if (w.nomem) {
        errno = ENOMEM;
        rc = -1;
    } else if (fwrite(w.data, 1, w.len, f) != w.len) {
        rc = -1;
    }
    wire_out_fini(&w);
    return rc;
}

/* Read the whole file into *bytes. 0, or -1 with errno. */
static int slurp(const char *path, unsigned char **bytes, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    unsigned char *b = malloc(cap);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                free(b);
                b = NULL;
                errno = EIO;
            }
            break;
        }
        unsigned char *nb = cap < (SIZE_MAX / 2) ? realloc(b, cap * 2) : NULL;
        if (!nb) {
            free(b);
            b = NULL;
            errno = ENOMEM;
            break;
        }
        b = nb;
        cap *= 2;
    }
    fclose(f);
    if (!b)
        return -1;
    *bytes = b;
    *len = n;
    return 0;
}

int partial_read(const char *path, struct partial_file *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    size_t pl = strlen(path);
    int is_file = pl >= strlen(PARTIAL_FILE) && strcmp(path + pl - strlen(PARTIAL_FILE),
                                                       PARTIAL_FILE) == 0;
    out->path = malloc(pl + sizeof "/" PARTIAL_FILE);
    if (!out->path) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(out->path, pl + sizeof "/" PARTIAL_FILE, "%s%s", path, is_file ? "" : "/" PARTIAL_FILE);
    if (slurp(out->path, &out->bytes, &out->len) != 0) {
        snprintf(err, errlen, "cannot read %s: %s%s", out->path, strerror(errno),
                 errno == ENOENT ? " (is it the output directory of drsim run --shard?)" : "");
        return -1;
    }
    const char *p = out->path;
    if (out->len < strlen(MAGIC) || memcmp(out->bytes, MAGIC, strlen(MAGIC)) != 0) {
        snprintf(err, errlen, "%s is not a partial result of drsim run --shard", p);
        return -1;
    }
    if (out->len < strlen(MAGIC) + 8 + DIGEST_SHA256_LEN) {
        snprintf(err, errlen, "%s is cut short (%zu bytes)", p, out->len);
        return -1;
    }
    unsigned char sum[DIGEST_SHA256_LEN];
    digest_sha256(out->bytes, out->len - DIGEST_SHA256_LEN, sum);
    struct wire_in r;
    wire_in_init(&r, out->bytes + strlen(MAGIC), out->len - strlen(MAGIC) - DIGEST_SHA256_LEN);
    uint64_t format = wire_get_u64(&r);
    if (format != FORMAT_VERSION) {
        snprintf(err, errlen, "%s is in partial-result format %llu; this drsim reads format %d "
                 "(merge with the drsim version that ran the shards)", p,
                 (unsigned long long)format, FORMAT_VERSION);
        return -1;
    }
    if (memcmp(sum, out->bytes + out->len - DIGEST_SHA256_LEN, sizeof sum) != 0) {
        snprintf(err, errlen, "%s is damaged: its checksum does not match its contents "
                 "(cut short or altered; run the shard again)", p);
        return -1;
    }
    struct partial_id *id = &out->id;
    int nomem = 0;
    id->version = wire_get_str(&r, MAX_NAME, &nomem);
    id->plan_name = wire_get_str(&r, MAX_NAME, &nomem);
    uint64_t plan_len = wire_get_u64(&r);
    const void *text = plan_len <= MAX_PLAN_BYTES ? wire_get_bytes(&r, (size_t)plan_len) : NULL;
    char *sha = wire_get_str(&r, 64, &nomem);
    id->seed = wire_get_u64(&r);
    id->n_trials = wire_get_u64(&r);
    id->shard = wire_get_u64(&r);
    id->n_shards = wire_get_u64(&r);
    id->first = wire_get_u64(&r);
    id->count = wire_get_u64(&r);
    id->command = wire_get_str(&r, MAX_NAME, &nomem);
    uint64_t n_args = wire_get_u64(&r);
    if (!r.bad && n_args <= MAX_ARGS && (id->args = calloc((size_t)n_args + 1, sizeof *id->args))) {
        for (; id->n_args < (int)n_args && !r.bad; id->n_args++)
            id->args[id->n_args] = wire_get_str(&r, MAX_NAME, &nomem);
    } else if (!r.bad && n_args <= MAX_ARGS) {
        nomem = 1;
    }
    uint64_t n_rec = wire_get_u64(&r);
    if (!r.bad && n_rec <= MAX_RECORDS &&
        !(out->records = calloc((size_t)n_rec + 1, sizeof *out->records)))
        nomem = 1;
    for (uint64_t j = 0; out->records && j < n_rec && !r.bad; j++) {
        struct partial_record *rc = &out->records[j];
        rc->n_trials = wire_get_u64(&r);
        rc->seed = wire_get_u64(&r);
        uint64_t len = wire_get_u64(&r);
        rc->data = len <= r.len ? wire_get_bytes(&r, (size_t)len) : NULL;
        rc->len = (size_t)len;
        if (!rc->data)
            r.bad = 1;
        out->n_records++;
    }
    if (nomem) {
        free(sha);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (r.bad || !text || !sha || strlen(sha) != 64 || !id->command || n_args > MAX_ARGS ||
        n_rec > MAX_RECORDS || n_rec == 0 || r.pos != r.len) {
        free(sha);
        snprintf(err, errlen, "%s is not a partial result drsim can read (its header is "
                 "malformed)", p);
        return -1;
    }
    memcpy(id->plan_sha256, sha, 65);
    free(sha);
    id->plan_text = malloc((size_t)plan_len + 1);
    if (!id->plan_text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    memcpy(id->plan_text, text, (size_t)plan_len);
    id->plan_text[plan_len] = '\0';
    id->plan_len = (size_t)plan_len;
    unsigned char plan_sum[DIGEST_SHA256_LEN];
    char hex[65];
    digest_sha256(id->plan_text, id->plan_len, plan_sum);
    digest_hex(plan_sum, hex);
    uint64_t first, count;
    if (id->n_shards == 0 || id->shard == 0 || id->shard > id->n_shards)
        first = count = UINT64_MAX;
    else
        mc_slice(id->n_trials, id->shard, id->n_shards, &first, &count);
    if (strcmp(hex, id->plan_sha256) != 0 || first != id->first || count != id->count) {
        snprintf(err, errlen, "%s is not a partial result drsim can read (its plan or its "
                 "slice does not match its header)", p);
        return -1;
    }
    return 0;
}

int partial_merge(const struct partial_file *f, size_t j, const struct plan *p,
                  const struct mc_sink *sink, struct mc_part **part, char *err, size_t errlen)
{
    struct wire_in r;
    struct mc_part *mine = NULL;
    enum mc_status st = MC_OK;
    const struct partial_record *rec = &f->records[j];
    uint64_t want_first, want_count;
    mc_slice(rec->n_trials, f->id.shard, f->id.n_shards, &want_first, &want_count);
    wire_in_init(&r, rec->data, rec->len);
    int rc = mc_share_merge(&r, p, sink, &mine, &st);
    if (rc == 0 && (r.pos != r.len || st != MC_OK))
        rc = -1;
    uint64_t first = 0, count = 0;
    if (rc == 0)
        mc_part_range(mine, &first, &count);
    if (rc == -2) {
        snprintf(err, errlen, "out of memory");
    } else if (rc != 0) {
        snprintf(err, errlen, "%s: its partial result does not fit its plan (written by "
                 "another drsim build?)", f->path);
    } else if (first != want_first || count != want_count) {
        snprintf(err, errlen, "%s: its partial result covers other trials than its header "
                 "says", f->path);
        rc = -1;
    } else if (!*part) {
        *part = mine;
        mine = NULL;
    } else if ((rc = mc_part_merge(*part, mine)) == -2) {
        snprintf(err, errlen, "out of memory");
    } else if (rc != 0) {
        snprintf(err, errlen, "%s: its partial result does not merge with the others'",
                 f->path);
    }
    mc_part_free(mine);
    return rc;
}

void partial_file_fini(struct partial_file *f)
{
    free(f->path);
    free(f->id.version);
    free(f->id.plan_name);
    free(f->id.plan_text);
    free(f->id.command);
    for (int i = 0; f->id.args && i < f->id.n_args; i++)
        free(f->id.args[i]);
    free(f->id.args);
    free(f->records);
    free(f->bytes);
    memset(f, 0, sizeof *f);
}

/* A whole number of digits at s; *end after it. -1 when none or too large. */
static int parse_whole(const char *s, uint64_t *v, const char **end)
{
    uint64_t x = 0;
    const char *q = s;
    if (*q < '0' || *q > '9')
        return -1;
    for (; *q >= '0' && *q <= '9'; q++) {
        if (x > (UINT64_MAX - 9) / 10)
            return -1;
        x = x * 10 + (uint64_t)(*q - '0');
    }
    *v = x;
    *end = q;
    return 0;
}

int partial_parse_shard(const char *arg, uint64_t *i, uint64_t *k, char *err, size_t errlen,
                        size_t *at)
{
    const char *e;
    *at = 0;
    if (parse_whole(arg, i, &e) != 0) {
        snprintf(err, errlen, "takes I/K, shard I of K, e.g. 2/8");
        return -1;
    }
    if (*e != '/') {
        *at = (size_t)(e - arg);
        snprintf(err, errlen, "takes I/K, shard I of K, e.g. 2/8 (a '/' is missing here)");
        return -1;
    }
    const char *ks = e + 1;
    if (parse_whole(ks, k, &e) != 0 || *e != '\0') {
        *at = (size_t)(ks - arg);
        snprintf(err, errlen, "takes I/K, shard I of K, e.g. 2/8 (K is not a whole number)");
        return -1;
    }
    if (*k == 0 || *k > MC_MAX_TRIALS) {
        *at = (size_t)(ks - arg);
        snprintf(err, errlen, "K, the number of shards, runs from 1 to %llu",
                 (unsigned long long)MC_MAX_TRIALS);
        return -1;
    }
    if (*i == 0) {
        snprintf(err, errlen, "shards are numbered from 1 to K (got shard 0)");
        return -1;
    }
    if (*i > *k) {
        snprintf(err, errlen, "shard %llu of %llu does not exist (shards are numbered from 1 to "
                 "%llu)", (unsigned long long)*i, (unsigned long long)*k,
                 (unsigned long long)*k);
        return -1;
    }
    return 0;
}
