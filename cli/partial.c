/* cli/partial.c: shard files (cli/partial.h).
 *
 * Layout: the magic line, the format version, the header's length and the header (the
 * identity: versions, plan, seed, trials, I of K, slice, command and words), the records
 * one after the other (each its trial count, seed, share length and share), the number of
 * records, and a SHA-256 of every byte before it. A shard of a run holds one share of a
 * few megabytes; a sweep's shard one per point. Neither side holds more than one share
 * in memory: records are streamed in (partial_record_put to a temporary stream, then
 * partial_write copies them out while hashing) and read back one at a time by their
 * offset (partial_merge), after partial_read has checked the whole file's checksum and
 * walked its records. Everything read is checked before it is believed: the magic line,
 * the format version, the checksum, the lengths of the strings, the plan's hash against
 * its text, every record's bounds, and each share against the shard's slice and the
 * plan. Messages name the file and what is wrong with it.
 */
#include "cli/partial.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "models/digest.h"

#define MAGIC "drsim partial result\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
/* 4: a scenario whose every store counts for the RPO sends no histogram of the RPO over all
 * data (the accumulator reads it from the RPO's: mc_acc's rpo_all_is_rpo), which a reader of
 * format 3 would take for an empty one. */
#define FORMAT_VERSION 4
#define MAX_NAME 4096
#define MAX_ARGS 4096
#define MAX_HEADER (80u << 20)       /* the plan's text (the loader's own limit is lower) */
#define MAX_RECORDS (1u << 24)
#define COPY_BLOCK (1u << 20)

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

/* 8 bytes little-endian, as sim/wire.h writes them. */
static void le64(unsigned char *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

int partial_record_put(FILE *tmp, uint64_t n_trials, uint64_t seed, const struct wire_out *share)
{
    unsigned char h[24];
    if (share->nomem) {
        errno = ENOMEM;
        return -1;
    }
    le64(h, n_trials);
    le64(h + 8, seed);
    le64(h + 16, (uint64_t)share->len);
    if (fwrite(h, 1, sizeof h, tmp) != sizeof h ||
        fwrite(share->data, 1, share->len, tmp) != share->len)
        return -1;
    return 0;
}

/* Write n bytes to f and into the hash. */
static int put_hashed(FILE *f, struct digest_ctx *c, const void *p, size_t n)
{
    digest_update(c, p, n);
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

int partial_write(FILE *f, const struct partial_id *id, FILE *records, uint64_t n_rec)
{
    struct wire_out w;
    struct digest_ctx c;
    unsigned char b[8], sum[DIGEST_SHA256_LEN];
    wire_out_init(&w);
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
    int rc = -1;
    unsigned char *block = malloc(COPY_BLOCK);
    if (w.nomem || !block) {
        errno = ENOMEM;
        goto out;
    }
    digest_init(&c);
    if (put_hashed(f, &c, MAGIC, MAGIC_LEN) != 0)
        goto out;
    le64(b, FORMAT_VERSION);
    if (put_hashed(f, &c, b, 8) != 0)
        goto out;
    le64(b, (uint64_t)w.len);
    if (put_hashed(f, &c, b, 8) != 0 || put_hashed(f, &c, w.data, w.len) != 0)
        goto out;
    /* The records, copied from their stream. */
    if (fflush(records) != 0 || fseek(records, 0, SEEK_SET) != 0)
        goto out;
    for (;;) {
        size_t got = fread(block, 1, COPY_BLOCK, records);
        if (got > 0 && put_hashed(f, &c, block, got) != 0)
            goto out;
        if (got < COPY_BLOCK) {
            if (ferror(records))
                goto out;
            break;
        }
    }
    le64(b, n_rec);
    if (put_hashed(f, &c, b, 8) != 0)
        goto out;
    digest_final(&c, sum);
    rc = fwrite(sum, 1, sizeof sum, f) == sizeof sum ? 0 : -1;
out:
    free(block);
    wire_out_fini(&w);
    return rc;
}

/* The SHA-256 of the first n bytes of f (from its start). 0, or -1 (read error). */
static int hash_prefix(FILE *f, uint64_t n, unsigned char sum[DIGEST_SHA256_LEN])
{
    struct digest_ctx c;
    unsigned char *block = malloc(COPY_BLOCK);
    if (!block || fseek(f, 0, SEEK_SET) != 0) {
        free(block);
        return -1;
    }
    digest_init(&c);
    while (n > 0) {
        size_t want = n < COPY_BLOCK ? (size_t)n : COPY_BLOCK;
        if (fread(block, 1, want, f) != want) {
            free(block);
            return -1;
        }
        digest_update(&c, block, want);
        n -= want;
    }
    free(block);
    digest_final(&c, sum);
    return 0;
}

/* Parse the header bytes h[0 .. n - 1] into out->id. 0, -1 malformed, -2 out of memory. */
static int parse_header(const unsigned char *h, size_t n, struct partial_file *out)
{
    struct partial_id *id = &out->id;
    struct wire_in r;
    int nomem = 0;
    wire_in_init(&r, h, n);
    id->version = wire_get_str(&r, MAX_NAME, &nomem);
    id->plan_name = wire_get_str(&r, MAX_NAME, &nomem);
    uint64_t plan_len = wire_get_u64(&r);
    const void *text = plan_len <= n ? wire_get_bytes(&r, (size_t)plan_len) : NULL;
    char *sha = wire_get_str(&r, 64, &nomem);
    id->seed = wire_get_u64(&r);
    id->n_trials = wire_get_u64(&r);
    id->shard = wire_get_u64(&r);
    id->n_shards = wire_get_u64(&r);
    id->first = wire_get_u64(&r);
    id->count = wire_get_u64(&r);
    id->command = wire_get_str(&r, MAX_NAME, &nomem);
    uint64_t n_args = wire_get_u64(&r);
    if (!r.bad && n_args <= MAX_ARGS && !nomem) {
        if ((id->args = calloc((size_t)n_args + 1, sizeof *id->args)))
            for (; id->n_args < (int)n_args && !r.bad && !nomem; id->n_args++)
                id->args[id->n_args] = wire_get_str(&r, MAX_NAME, &nomem);
        else
            nomem = 1;
    }
    if (text && sha && !nomem && (id->plan_text = malloc((size_t)plan_len + 1))) {
        memcpy(id->plan_text, text, (size_t)plan_len);
        id->plan_text[plan_len] = '\0';
        id->plan_len = (size_t)plan_len;
        memcpy(id->plan_sha256, sha, strlen(sha) < 65 ? strlen(sha) + 1 : 1);
    } else if (text && sha) {
        nomem = 1;
    }
    int ok = !r.bad && r.pos == r.len && text && sha && strlen(sha) == 64 && id->command &&
             n_args <= MAX_ARGS;
    free(sha);
    return nomem ? -2 : ok ? 0 : -1;
}

/* Walk the records between offsets at and end of f: their trial counts, seeds, offsets
 * and lengths into out->records. 0, -1 malformed, -2 out of memory. */
static int walk_records(FILE *f, uint64_t at, uint64_t end, uint64_t n_rec,
                        struct partial_file *out)
{
    if (n_rec == 0 || n_rec > MAX_RECORDS || n_rec > (end - at) / 24)
        return -1;
    if (!(out->records = calloc((size_t)n_rec, sizeof *out->records)))
        return -2;
    for (uint64_t j = 0; j < n_rec; j++) {
        unsigned char h[24];
        if (end - at < sizeof h || fseek(f, (long)at, SEEK_SET) != 0 ||
            fread(h, 1, sizeof h, f) != sizeof h)
            return -1;
        struct partial_record *rc = &out->records[out->n_records++];
        rc->n_trials = get_le64(h);
        rc->seed = get_le64(h + 8);
        uint64_t len = get_le64(h + 16);
        at += sizeof h;
        if (len > end - at)
            return -1;
        rc->offset = at;
        rc->len = (size_t)len;
        at += len;
    }
    return at == end ? 0 : -1;
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
    snprintf(out->path, pl + sizeof "/" PARTIAL_FILE, "%s%s", path,
             is_file ? "" : "/" PARTIAL_FILE);
    const char *p = out->path;
    FILE *f = fopen(p, "rb");
    struct stat sb;
    if (!f || fstat(fileno(f), &sb) != 0) {
        snprintf(err, errlen, "cannot read %s: %s%s", p, strerror(errno),
                 errno == ENOENT ? " (is it the output directory of a --shard run?)" : "");
        if (f)
            fclose(f);
        return -1;
    }
    int rc = -1;
    unsigned char head[MAGIC_LEN + 16], tail[8 + DIGEST_SHA256_LEN], sum[DIGEST_SHA256_LEN];
    unsigned char *h = NULL;
    uint64_t size = (uint64_t)sb.st_size;
    out->size = size;
    if (fread(head, 1, sizeof head, f) != sizeof head ||
        memcmp(head, MAGIC, MAGIC_LEN) != 0) {
        snprintf(err, errlen, "%s is not a partial result of a --shard run", p);
        goto out;
    }
    uint64_t format = get_le64(head + MAGIC_LEN);
    if (format != FORMAT_VERSION) {
        snprintf(err, errlen, "%s is in partial-result format %llu; this drsim reads format %d "
                 "(merge with the drsim version that ran the shards)", p,
                 (unsigned long long)format, FORMAT_VERSION);
        goto out;
    }
    uint64_t hlen = get_le64(head + MAGIC_LEN + 8);
    if (size < sizeof head + sizeof tail || hlen > MAX_HEADER ||
        hlen > size - sizeof head - sizeof tail) {
        snprintf(err, errlen, "%s is cut short or damaged (%llu bytes)", p,
                 (unsigned long long)size);
        goto out;
    }
    if (hash_prefix(f, size - DIGEST_SHA256_LEN, sum) != 0 ||
        fseek(f, (long)(size - sizeof tail), SEEK_SET) != 0 ||
        fread(tail, 1, sizeof tail, f) != sizeof tail) {
        snprintf(err, errlen, "cannot read %s: %s", p, strerror(errno ? errno : EIO));
        goto out;
    }
    if (memcmp(sum, tail + 8, sizeof sum) != 0) {
        snprintf(err, errlen, "%s is damaged: its checksum does not match its contents "
                 "(cut short or altered; run the shard again)", p);
        goto out;
    }
    int d = (h = malloc((size_t)hlen + 1)) ? 0 : -2;
    if (d == 0 && (fseek(f, (long)sizeof head, SEEK_SET) != 0 ||
                   fread(h, 1, (size_t)hlen, f) != (size_t)hlen))
        d = -1;
    if (d == 0)
        d = parse_header(h, (size_t)hlen, out);
    if (d == 0)
        d = walk_records(f, sizeof head + hlen, size - sizeof tail, get_le64(tail), out);
    if (d == -2) {
        snprintf(err, errlen, "out of memory");
        goto out;
    } else if (d != 0) {
        snprintf(err, errlen, "%s is not a partial result drsim can read (malformed)", p);
        goto out;
    }
    /* The plan's hash and the slice must be what the header says. */
    unsigned char plan_sum[DIGEST_SHA256_LEN];
    char hex[DIGEST_SHA256_HEX];
    struct partial_id *id = &out->id;
    digest_sha256(id->plan_text, id->plan_len, plan_sum);
    digest_hex(plan_sum, hex);
    uint64_t first = UINT64_MAX, count = UINT64_MAX;
    if (id->n_shards >= 1 && id->n_shards <= MC_MAX_TRIALS && id->shard >= 1 &&
        id->shard <= id->n_shards && id->n_trials <= MC_MAX_TRIALS)
        mc_slice(id->n_trials, id->shard, id->n_shards, &first, &count);
    if (strcmp(hex, id->plan_sha256) != 0 || first != id->first || count != id->count) {
        snprintf(err, errlen, "%s is not a partial result drsim can read (its plan or its "
                 "slice does not match its header)", p);
        goto out;
    }
    rc = 0;
out:
    free(h);
    fclose(f);
    return rc;
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
    /* The record's bytes, read now (the file was checked whole by partial_read; a file
     * changed since is refused by its size, or by what its share does not fit). */
    FILE *fp = fopen(f->path, "rb");
    struct stat sb;
    unsigned char *data = malloc(rec->len ? rec->len : 1);
    int rc = 0;
    if (!data) {
        snprintf(err, errlen, "out of memory");
        rc = -2;
    } else if (!fp || fstat(fileno(fp), &sb) != 0 || (uint64_t)sb.st_size != f->size ||
               fseek(fp, (long)rec->offset, SEEK_SET) != 0 ||
               fread(data, 1, rec->len, fp) != rec->len) {
        snprintf(err, errlen, "cannot read %s again (changed or removed while merging?)",
                 f->path);
        rc = -1;
    }
    if (fp)
        fclose(fp);
    if (rc != 0) {
        free(data);
        return rc;
    }
    wire_in_init(&r, data, rec->len);
    rc = mc_share_merge(&r, p, sink, &mine, &st);
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
    free(data);
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
