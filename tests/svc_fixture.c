/* tests/svc_fixture.c: a plan with services and a capacity model (tests/svc_fixture.h). */
#include "tests/svc_fixture.h"

#include <criterion/criterion.h>

#include "tests/fixture.h"

void svc_fixture_init(struct svc_fixture *f)
{
    struct plan *p = fixture_plan_file(SVC_FIXTURE_PATH);
    int zone = plan_find_scenario(p, "zone"), region = plan_find_scenario(p, "region");
    cr_assert(zone >= 0 && region >= 0 && p->n_services == 2);
    struct scenario *z = &p->scenarios[zone], *rg = &p->scenarios[region];
    int up = scenario_find_step(z, "scale-up");
    cr_assert(up >= 0);
    f->p = p;
    z->capacity_left = SVC_CAPACITY_LEFT;
    z->steps[up].capacity = 1.0;
    p->services[0].mbco_capacity = SVC_MBCO;
    f->zone_policy[0] = 0;
    f->region_policy[0] = 0;
    f->region_policy[1] = 1;
    f->saved[0] = z->policy_services;
    f->saved_n[0] = z->n_policy_services;
    f->saved[1] = rg->policy_services;
    f->saved_n[1] = rg->n_policy_services;
    z->policy_services = f->zone_policy;
    z->n_policy_services = 1;
    rg->policy_services = f->region_policy;
    rg->n_policy_services = 2;
}

void svc_fixture_fini(struct svc_fixture *f)
{
    struct plan *p = f->p;
    struct scenario *z = &p->scenarios[plan_find_scenario(p, "zone")];
    struct scenario *rg = &p->scenarios[plan_find_scenario(p, "region")];
    z->policy_services = f->saved[0];
    z->n_policy_services = f->saved_n[0];
    rg->policy_services = f->saved[1];
    rg->n_policy_services = f->saved_n[1];
    plan_free(p);
    f->p = NULL;
}
