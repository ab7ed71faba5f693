/* tests/svc_fixture.h: a plan with business services and a capacity model, for the tests
 * of the reports that show service results and the capacity chart.
 *
 * No loader reads a capacity model, MBCOs or the policy's services yet, so the fixture
 * loads tests/data/services-capacity.yaml and sets them on the loaded plan (plan structs
 * are writable in tests): the zone outage leaves 50 % of capacity, its scale-up step
 * restores 100 %, checkout's MBCO is 60 %, checkout is the zone policy's service and both
 * services are the region policy's. The region scenario keeps no capacity model. The
 * policy-service arrays belong to the fixture: svc_fixture_fini puts back what the
 * loader set before the plan is freed.
 */
#ifndef DRSIM_TESTS_SVC_FIXTURE_H
#define DRSIM_TESTS_SVC_FIXTURE_H

#include "models/plan.h"

#define SVC_FIXTURE_PATH "tests/data/services-capacity.yaml"
#define SVC_CAPACITY_LEFT 0.5     /* zone: share of capacity the outage leaves */
#define SVC_MBCO 0.6              /* checkout's MBCO */

struct svc_fixture {
    struct plan *p;               /* owned */
    int zone_policy[1];           /* zone's policy services: checkout */
    int region_policy[2];         /* region's: checkout, reports */
    int *saved[2];                /* what the loader set, put back by svc_fixture_fini */
    int saved_n[2];
};

/* Load the plan and add the capacity model (see above), or fail the test. */
void svc_fixture_init(struct svc_fixture *f);

/* Put the loader's policy services back and free the plan. */
void svc_fixture_fini(struct svc_fixture *f);

#endif
