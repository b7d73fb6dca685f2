"""``yiwang bench approvals``: its in-sandbox stage on a small scale, and its argument checks."""

from __future__ import annotations

import pytest

from yiwang.approvals import bench


@pytest.mark.django_db
def test_bench_stage_takes_applications_through_three_departments():
    result = bench.stage_run({"applications": 30, "samples": 10, "complete": 6, "seed": 3})
    assert result["applications_in_flight"] == 30
    assert result["completions_timed"] == 10
    # every task of the 6 done (办结); the first one's three completions are counted in SQL
    # statements instead of timed
    assert result["applications_completed"] == 5
    steps = result["queries_per_completion"]["all"]
    # a parallel step: task+application, permission, task, application, 4 for the audit
    # chain (+ 2 savepoint statements inside the test's transaction); 办结 adds the outcome
    # read, the applicant, the notice, and the second audit record
    assert steps[0] <= 11 and steps[1] <= 11 and steps[2] <= 24
    assert result["queries_per_completion"]["audit"] == [4, 4, 8]
    assert result["task_complete_p95_ms"] > 0 and result["task_complete_cpu_p95_ms"] > 0
    assert 0 < result["workflow_state_bytes"] < 20_000


@pytest.mark.parametrize("bad", [{"applications": 5}, {"samples": 0}, {"complete": 10_000}])
def test_bench_refuses_impossible_sizes(bad):
    options = {"applications": 100, "samples": 10, "complete": 10, "stage": "run", **bad}
    with pytest.raises(ValueError):
        bench.run(options)
