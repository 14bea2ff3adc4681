"""HiGHS instances share one scheduler per process: every engine use asks for the same threads.

Each check runs in a fresh Python process, because HiGHS's thread scheduler is global to a
process and is fixed by the first instance that runs (a test in this process cannot undo it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

_CALIBRATE_THEN_DISTRICT = """
    import json, highspy
    from saferschools.allocation.engine import DemandWeights, PlanSettings
    from saferschools.allocation.engine.calibrate import _allocation, calibrate
    from saferschools.allocation.engine.mip import DistrictProblem, solve_mip
    from saferschools.allocation.engine.tests.test_calibrate import counts, varied_force

    threads = []
    real_run = highspy.Highs.run
    def run(self):
        threads.append(self.getOptionValue("threads")[1])
        return real_run(self)
    highspy.Highs.run = run

    inst = varied_force()
    settings = PlanSettings(max_schools_per_officer=12)
    made = _allocation(inst, settings, DemandWeights(2, 1, 0.5, 1), "webster", counts(inst))
    fit = calibrate(inst, settings, made)
    # A small district after the calibration, in the same process: six schools on a line,
    # two officers, each patch's workload between 2 and 4 schools' worth.
    dist = [[abs(i - j) * 1000 for j in range(6)] for i in range(6)]
    cand = [list(range(6)) for _ in range(6)]
    problem = DistrictProblem(dist, [1000] * 6, 2, (2000, 4000), None, cand)
    mip = solve_mip(problem, None, 10.0, 0.0)
    print(json.dumps({"exact": fit.exact, "threads": threads, "status": mip.status,
                      "objective": mip.objective, "bound": mip.bound}))
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_district_solved_after_a_calibration_still_gets_its_proof() -> None:
    """The calibration LP once ran on HiGHS's default threads (half the cores) and the district
    MIP on one: on a machine with more than two cores the MIP then failed silently and the plan
    kept CP-SAT's weak bound. Every run now asks for the engine's one thread count, and the
    district after a calibration is proven optimal (two patches of three: 2 km + 2 km)."""
    done = _run(_CALIBRATE_THEN_DISTRICT)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["exact"]
    assert out["threads"] and set(out["threads"]) == {1}, out["threads"]
    assert out["status"] == "OPTIMAL"
    assert out["objective"] == out["bound"] == 4000


def test_a_scheduler_left_at_another_thread_count_is_reset_not_a_weak_answer() -> None:
    """If something else in the process fixed HiGHS's scheduler at another thread count (seen in
    a long test process), the district solve resets it and still proves its plan, instead of
    returning 'out of time' with no proof."""
    done = _run(
        """
        import highspy, numpy as np
        from saferschools.allocation.engine.mip import DistrictProblem, solve_mip
        other = highspy.Highs()
        other.setOptionValue("output_flag", False)
        other.setOptionValue("threads", 2)
        other.addVars(1, np.zeros(1), np.ones(1))
        other.run()
        dist = [[abs(i - j) * 1000 for j in range(4)] for i in range(4)]
        problem = DistrictProblem(dist, [1000] * 4, 2, (1000, 3000), None, [list(range(4))] * 4)
        mip = solve_mip(problem, None, 5, 0)
        print(mip.status, mip.objective, mip.bound)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "OPTIMAL 2000.0 2000.0"


_DISCLOSURE_THEN_ENGINE = """
    import json, highspy
    resets = []
    real_reset = highspy.Highs.resetGlobalScheduler
    def reset(blocking):
        resets.append(blocking)
        return real_reset(blocking)
    highspy.Highs.resetGlobalScheduler = staticmethod(reset)

    from saferschools.oversight.stats.disclosure import suppress_2d
    from saferschools.allocation.engine.highs import new_highs, run

    # Small counts: primary and secondary suppression, then the audit's integer programmes.
    published = suppress_2d([[3, 10, 12], [10, 2, 30], [8, 9, 1]])
    h = new_highs()
    x = h.addVariable(lb=0, ub=5, type=highspy.HighsVarType.kInteger)
    h.addConstr(x >= 2)
    status = run(h, lambda: h.minimize(x))
    print(json.dumps({"hidden": sum(v is None for row in published.cells for v in row),
                      "status": str(status), "objective": h.getObjectiveValue(),
                      "resets": resets}))
"""


def test_the_disclosure_audit_leaves_the_scheduler_as_the_engine_wants_it() -> None:
    """The oversight pages' disclosure audit (oversight.stats.disclosure) solves small integer
    programmes with HiGHS too. It once ran on HiGHS's default threads, so an engine run later in
    the same process (a test process, a worker) found the scheduler at another count and had to
    reset it (the "already initialized to use 2 threads" seen after the authorization matrix).
    Both now ask for one thread: the engine's run needs no reset."""
    done = _run(_DISCLOSURE_THEN_ENGINE)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["hidden"] >= 2
    assert out["status"].endswith("kOptimal") and out["objective"] == 2
    assert out["resets"] == []
