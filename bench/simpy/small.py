#!/usr/bin/python3
"""bench/simpy/small.py: bench/small.yaml's region outage written with SimPy, for scale.

Issue 14 sets drsim's small-plan target at 100 times a SimPy model of the same recovery
process. This is such a model, written the way a planner would write it with SimPy 2
(Debian's python3-simpy): one Simulation per trial, a process per runbook step, people
as a pool that steps wait on, paging with response times by calendar period, the lead's
escalation to the on-call stand-in, the outage ending in place before the point of no
return, and each store's data loss from a walk over its backups. It draws from Python's
own generator, so its figures agree with drsim's in distribution, not trial by trial;
it prints them so that a reader can see it models the same thing.

usage: bench/simpy/small.py [TRIALS [SEED]]
"""
import math
import random
import sys
import time

from SimPy.Simulation import Simulation, Process, SimEvent, hold, waitevent

MIN, HOUR, DAY = 60.0, 3600.0, 86400.0
GB = 1e9
Z90 = 1.2815515655446004  # the standard normal's 90th percentile


def lognormal(rng, median, p90):
    return rng.lognormvariate(math.log(median), math.log(p90 / median) / Z90)


def period(t):
    """bench/small.yaml's business hours, Mon-Fri 09:00-17:00 UTC (its epoch is a
    Monday): 'business', 'night' or 'weekend' at t seconds after the epoch."""
    day = int(t // DAY)
    if day % 7 >= 5:
        return "weekend"
    tod = t - day * DAY
    return "business" if 9 * HOUR <= tod < 17 * HOUR else "night"


ONCALL_RESPONSE = {"business": (5 * MIN, 15 * MIN), "night": (20 * MIN, HOUR),
                   "weekend": (30 * MIN, 90 * MIN)}
LEAD_RESPONSE = {"business": 10 * MIN, "night": 30 * MIN, "weekend": 45 * MIN}
ESCALATE_AFTER = 20 * MIN


def newest_usable(rng, t0, interval, offset, complete, failure, retention):
    """Data lost at t0 by a store backed up every `interval` from `offset`: the age of
    the newest point that completed before t0, did not fail and is still retained."""
    p = offset + math.floor((t0 - offset) / interval) * interval
    while t0 - p <= retention:
        if p + complete(rng) <= t0 and rng.random() >= failure:
            return t0 - p
        p -= interval
    return math.inf


class People:
    """The on-call pair and the lead: who is paged, who has arrived, who is busy."""

    def __init__(self, sim, rng, t0):
        self.sim, self.rng, self.t0 = sim, rng, t0
        self.free = {"oncall": 0, "lead": 0}
        self.paged = set()
        self.lead_paged_at = None
        self.changed = SimEvent(name="people", sim=sim)

    def page(self, role):
        if role in self.paged:
            return
        self.paged.add(role)
        per = period(self.t0 + self.sim.now())
        if role == "oncall":
            delays = [lognormal(self.rng, *ONCALL_RESPONSE[per]) for _ in range(2)]
        else:
            delays = [LEAD_RESPONSE[per]]
            self.lead_paged_at = self.sim.now()
            esc = Timer(self.sim, self, ESCALATE_AFTER, None)
            self.sim.activate(esc, esc.run())
        for d in delays:
            arrival = Timer(self.sim, self, d, role)
            self.sim.activate(arrival, arrival.run())

    def take(self, role):
        """A free person of role, or of its stand-in once the escalation has come; the
        role taken, or None."""
        if self.free[role] > 0:
            self.free[role] -= 1
            return role
        if role == "lead" and self.sim.now() - self.lead_paged_at >= ESCALATE_AFTER:
            self.page("oncall")
            if self.free["oncall"] > 0:
                self.free["oncall"] -= 1
                return "oncall"
        return None

    def give_back(self, role):
        self.free[role] += 1
        self.changed.signal()


class Timer(Process):
    """A person's arrival after their response time (role), or the lead's escalation
    (role None): either may let a waiting step start."""

    def __init__(self, sim, people, delay, role):
        Process.__init__(self, sim=sim)
        self.people, self.delay, self.role = people, delay, role

    def run(self):
        yield hold, self, self.delay
        if self.role is None:
            self.people.changed.signal()
        else:
            self.people.give_back(self.role)


class Step(Process):
    def __init__(self, trial, name, role, duration, after):
        Process.__init__(self, name=name, sim=trial.sim)
        self.trial, self.role, self.duration, self.after = trial, role, duration, after
        self.done = SimEvent(name=name, sim=trial.sim)
        self.finished = False
        self.started_at = None

    def run(self):
        pending = [s for s in self.after if not s.finished]
        while pending:
            yield waitevent, self, [s.done for s in pending]
            pending = [s for s in self.after if not s.finished]
        who = None
        if self.role:
            people = self.trial.people
            people.page(self.role)
            who = people.take(self.role)
            while who is None:
                yield waitevent, self, people.changed
                who = people.take(self.role)
        self.started_at = self.sim.now()
        yield hold, self, self.duration
        if who:
            self.trial.people.give_back(who)
        self.finished = True
        self.trial.ended[self.name] = self.sim.now()
        self.done.signal()
        if self.name == "verify":
            self.trial.service_at = self.sim.now()
        if len(self.trial.ended) == len(self.trial.steps):
            self.sim.stopSimulation()


class OutageEnd(Process):
    """The region comes back: recovered in place when service is not back and nobody
    has started the decision to fail over (the point of no return)."""

    def __init__(self, trial, at):
        Process.__init__(self, sim=trial.sim)
        self.trial, self.at = trial, at

    def run(self):
        yield hold, self, self.at
        t = self.trial
        if t.service_at is None and t.steps["decide"].started_at is None:
            t.in_place = True
            self.sim.stopSimulation()


class Trial:
    def __init__(self, rng):
        self.sim = sim = Simulation()
        sim.initialize()
        self.t0 = rng.uniform(0.0, 365 * DAY)
        self.duration = lognormal(rng, 8 * HOUR, 2 * DAY)
        self.people = People(sim, rng, self.t0)
        self.ended, self.service_at, self.in_place = {}, None, False
        db_restore = 20 * MIN + 500 * GB / (lognormal(rng, 150e6, 250e6))
        files_restore = 2000 * GB / (4 * rng.uniform(200e6, 400e6))
        search_restore = 300 * GB / rng.uniform(20e6, 60e6)
        s = {}

        def step(name, role, duration, after=()):
            s[name] = Step(self, name, role, duration, [s[a] for a in after])

        step("detect", None, rng.uniform(2 * MIN, 10 * MIN))
        step("page", "oncall", 5 * MIN, ["detect"])
        step("decide", "lead", lognormal(rng, 20 * MIN, HOUR), ["page"])
        step("deploy", "oncall", lognormal(rng, HOUR, 2 * HOUR), ["decide"])
        step("restore-db", None, db_restore, ["decide"])
        step("restore-files", None, files_restore, ["decide"])
        step("dns", "oncall", rng.uniform(10 * MIN, 30 * MIN), ["deploy"])
        step("switch", "oncall", 10 * MIN, ["dns", "restore-db", "restore-files"])
        step("verify", "oncall", rng.triangular(10 * MIN, HOUR, 20 * MIN), ["switch"])
        step("reindex", None, search_restore, ["verify"])
        self.steps = s
        for p in s.values():
            sim.activate(p, p.run())
        end = OutageEnd(self, self.duration)
        sim.activate(end, end.run())
        sim.simulate(until=1e9)
        if self.in_place:
            self.rto, self.rpo = self.duration, 0.0
        else:
            self.rto = self.service_at
            db = newest_usable(rng, self.t0, DAY, 2 * HOUR,
                               lambda r: lognormal(r, 40 * MIN, 90 * MIN), 0.02, 14 * DAY)
            files = newest_usable(rng, self.t0, HOUR, 0.0,
                                  lambda r: r.uniform(5 * MIN, 20 * MIN), 0.01, 2 * DAY)
            self.rpo = max(db, files)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    rto, rpo, in_place = [], [], 0
    cpu = time.process_time()
    for _ in range(n):
        t = Trial(rng)
        rto.append(t.rto)
        rpo.append(t.rpo)
        in_place += t.in_place
    cpu = time.process_time() - cpu
    rto.sort()
    meet_rto = sum(x <= 8 * HOUR for x in rto) / n
    meet_rpo = sum(x <= 24 * HOUR for x in rpo) / n
    print(f"SimPy model of bench/small.yaml: {n} trials in {cpu:.2f} CPU s, "
          f"{n / cpu:.0f} trials per CPU second")
    print(f"  in place {in_place / n:.1%}; RTO P50 {rto[n // 2] / HOUR:.2f} h, "
          f"P95 {rto[int(0.95 * n)] / HOUR:.2f} h, P(RTO <= 8h) {meet_rto:.1%}; "
          f"P(RPO <= 24h) {meet_rpo:.1%}")


if __name__ == "__main__":
    main()
