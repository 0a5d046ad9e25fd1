"""`missioncj loadtest`: a bounded load test of `missioncj serve`, on this machine only.

    plan = LoadPlan(target=loopback_target("http://127.0.0.1:8000"), users=50, seconds=30, ...)
    report = run_load(plan)

`http` is the lean client, `forms` reads pages like a browser, `run` is the scenario,
`report` the figures, `server` starts and stops a server on a free loopback port.
"""
