/* models/tz.h: IANA time zones (America/New_York, Europe/Berlin) from the system's
 * time-zone database, as a table of offsets.
 *
 * A zone is read once, when a plan is loaded, from its TZif file (RFC 8536) under the
 * database directory (/usr/share/zoneinfo, Debian's tzdata package; the environment
 * variable DRSIM_ZONEINFO names another one). The reader takes the file's 64-bit
 * (version 2 and later) section and its footer, a POSIX TZ string such as
 * "EST5EDT,M3.2.0,M11.1.0" that gives the rule after the file's last transition. The
 * result is a sorted table of (UTC instant, offset in force from then on): the file's
 * transitions, then the footer's rule unrolled year by year up to a horizon the caller
 * chooses (the plan's window and a margin). Past the horizon the footer's rule is
 * evaluated directly, so every instant gets its true offset; inside it a lookup is one
 * binary search, or for an offset from 1970 on, a step or two from a bucket of an index
 * built at load. A struct tz is immutable once loaded: lookups allocate nothing and
 * may run from many threads at once.
 *
 * Times here are Unix seconds (since 1970-01-01 00:00 UTC) as doubles; offsets are
 * seconds east of UTC (local = UTC + offset: New York in winter is -18000).
 *
 * Local time to UTC (tz_utc_of_local) needs a rule where the clock skips or repeats:
 * a local time in a gap (02:30 on the morning clocks go forward) is read with the
 * offset before the change, so it lands after the change (03:30 new time); a local time
 * in a fold (01:30 on the morning clocks go back) is its first occurrence. The result
 * never decreases as local time increases (checked at load), which is what the backup
 * schedules' walk over recovery points needs.
 */
#ifndef DRSIM_TZ_H
#define DRSIM_TZ_H

#include <stddef.h>

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_DIR_ENV "DRSIM_ZONEINFO"     /* environment variable naming another directory */
#define TZ_MAX_NAME 128                 /* bytes of a zone name, NUL excluded */

struct tz;

/* What tz_load can fail with. */
enum tz_status {
    TZ_OK = 0,
    TZ_NO_DATABASE,   /* the directory holds no time-zone database (tzdata not installed) */
    TZ_UNKNOWN,       /* no zone of that name in the database (or not a zone name at all) */
    TZ_BAD_FILE,      /* the zone's file is not a TZif file this reader accepts (*why says
                         what is wrong: truncated, leap seconds, an offset out of range) */
    TZ_NOMEM
};

/* The database directory: $DRSIM_ZONEINFO when set and not empty, else TZ_DEFAULT_DIR. */
const char *tz_database_dir(void);

/* Read zone `name` ("Europe/Berlin") from database directory `dir` into a new table
 * exact up to Unix time until_s at least (the footer's rule is unrolled up to the end
 * of the year after it). A name is a relative path of letters, digits and "._+-",
 * without empty, "." or ".." parts. On TZ_BAD_FILE, *why (when why is not NULL) is a
 * static reason. The caller owns *out (tz_free). */
enum tz_status tz_load(const char *dir, const char *name, double until_s, struct tz **out,
                       const char **why);
void tz_free(struct tz *z);           /* tz_free(NULL) is a no-op */

/* A status as text ("unknown time zone"). */
const char *tz_strerror(enum tz_status st);

/* The closest zone name in the database of `dir` to `name` (edit distance, as the
 * loader suggests keys), copied into buf (n bytes); NULL when none is close enough or
 * the database lists no names. Names come from tzdata.zi (zones and links), else
 * zone1970.tab and zone.tab. */
const char *tz_suggest(const char *dir, const char *name, char *buf, size_t n);

/* Whether dir holds a time-zone database (tzdata.zi, zone1970.tab or zone.tab). */
int tz_database_present(const char *dir);

const char *tz_name(const struct tz *z);

/* The offset in force at Unix time t (seconds east of UTC). Within the zone's table
 * (from 1970 on) an index of buckets finds the entry in a step or two. */
double tz_offset_at(const struct tz *z, double t);

/* tz_offset_at without the index: a binary search over the whole table (the rule past
 * it). The same answer for every t, NaN and infinities included; the tests hold the index
 * to it. */
double tz_offset_by_search(const struct tz *z, double t);

/* The UTC instant (Unix seconds) of local clock time `local_s` (Unix seconds read on
 * the local clock), with the gap and fold rule above. Never decreasing in local_s. */
double tz_utc_of_local(const struct tz *z, double local_s);

/* The zone's standard (non-daylight-saving) offset: the footer's standard offset, or
 * the offset in force after the last transition when the file has no footer. For
 * reports that show one offset. */
double tz_std_offset(const struct tz *z);

/* The first instant strictly after t at which the offset changes, INFINITY when it
 * never does again. */
double tz_next_change(const struct tz *z, double t);

#endif
