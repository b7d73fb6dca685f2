"""``yiwang bench approvals``: completing approval tasks with many applications in flight.

In a sandbox (yiwang.core.bench: its own data folder and database) this process migrates,
then runs ``bench approvals --stage run`` there:

1. a small city (an approval window and three bureaus with a handler each) and a
   3-department joint-review process: 受理 → [市场监管局 ‖ 公安局 ‖ 税务局] → 办结;
2. ``--applications`` applications (10,000) in flight, each accepted and waiting for the three
   departments: one is submitted and accepted through the services, the rest copy its
   workflow state in bulk (task ids are per workflow, so a copy is a valid instance);
3. latency: ``--samples`` single task completions through ``task_complete`` (lock, version
   check, permission, load state, engine step, new tasks, persist, audit) on random
   applications — p50/p95/p99;
4. throughput: every open task of ``--complete`` applications, one completion after
   another in one process; applications completed (办结) per second.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from typing import Any

import yiwang
from yiwang.core.bench import latency_summary, make_sandbox, progress, register_bench

BENCH_BPMN = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="bench" targetNamespace="bench">
  <bpmn:process id="bench_joint_review" name="三部门并联审批（基准）" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="accept" name="受理" camunda:candidateGroups="BENCH-WINDOW:handler">
      <bpmn:extensionElements><camunda:properties>
        <camunda:property name="step" value="accept"/></camunda:properties></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:userTask id="market" name="市场监管审查" camunda:candidateGroups="BENCH-B1:handler"/>
    <bpmn:userTask id="police" name="公安审查" camunda:candidateGroups="BENCH-B2:handler"/>
    <bpmn:userTask id="tax" name="税务审查" camunda:candidateGroups="BENCH-B3:handler"/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:endEvent id="e" name="办结"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="accept"/>
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="fork"/>
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="market"/>
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="police"/>
    <bpmn:sequenceFlow id="f5" sourceRef="fork" targetRef="tax"/>
    <bpmn:sequenceFlow id="f6" sourceRef="market" targetRef="join"/>
    <bpmn:sequenceFlow id="f7" sourceRef="police" targetRef="join"/>
    <bpmn:sequenceFlow id="f8" sourceRef="tax" targetRef="join"/>
    <bpmn:sequenceFlow id="f9" sourceRef="join" targetRef="e"/>
  </bpmn:process>
</bpmn:definitions>"""
BUREAUS = (("BENCH-B1", "市场监管局（基准）"), ("BENCH-B2", "公安局（基准）"),
           ("BENCH-B3", "税务局（基准）"))  # fmt: skip


def add_arguments(parser) -> None:
    parser.add_argument("--applications", type=int, default=10_000,
                        help="applications in flight (10000)")  # fmt: skip
    parser.add_argument("--samples", type=int, default=2000,
                        help="task completions timed for the latency figures (2000)")  # fmt: skip
    parser.add_argument("--complete", type=int, default=500,
                        help="applications taken through all three departments (500)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--data-dir", default=None, help="sandbox folder (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the sandbox afterwards")
    parser.add_argument("--stage", default="all", choices=("all", "run"), help=argparse.SUPPRESS)


def _check(options: dict[str, Any]) -> None:
    if not 10 <= options["applications"] <= 1_000_000:
        raise ValueError("--applications must be between 10 and 1000000")
    if not 1 <= options["samples"] <= options["applications"]:
        raise ValueError("--samples must be between 1 and --applications")
    if not 1 <= options["complete"] <= options["applications"] - options["samples"]:
        raise ValueError("--complete must leave applications untouched by --samples")


def run(options: dict[str, Any]) -> dict[str, Any]:
    _check(options)
    if options["stage"] == "run":
        return stage_run(options)
    began = time.monotonic()
    sandbox = make_sandbox(data_dir=options["data_dir"], keep=options["keep"])
    try:
        progress(f"sandbox {sandbox.data_dir} ({sandbox.vendor}); migrating")
        sandbox.yiwang("migrate", "--no-input", "-v", "0", timeout=900)
        progress(f"{options['applications']} applications in flight, then timing")
        result = json.loads(sandbox.yiwang(
            "bench", "approvals", "--stage", "run",
            "--applications", str(options["applications"]), "--samples", str(options["samples"]),
            "--complete", str(options["complete"]), "--seed", str(options["seed"]),
            timeout=3600, show_progress=True,
        ))  # fmt: skip
    finally:
        sandbox.close()
    return {
        "benchmark": "approvals",
        "yiwang": yiwang.__version__,
        "database": sandbox.vendor,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
        },
        **result,
        "total_seconds": round(time.monotonic() - began, 1),
    }


# --- inside the sandbox -------------------------------------------------------------------------


def _city():
    from yiwang.accounts import services as accounts
    from yiwang.org import services as org
    from yiwang.org.models import DepartmentKind, Level, Role

    city = org.department_create(actor=None, name="基准市人民政府", code="BENCH-CITY",
                                 kind=DepartmentKind.GOVERNMENT, level=Level.CITY,
                                 region_code="339900")  # fmt: skip
    handlers = {}
    for code, name in (("BENCH-WINDOW", "政务服务局（基准）"), *BUREAUS):
        department = org.department_create(actor=None, name=name, code=code,
                                           kind=DepartmentKind.BUREAU, level=Level.CITY,
                                           region_code="339900", parent=city)  # fmt: skip
        user = accounts.staff_create(actor=None, username=f"bench-{code.lower()}", password=None,
                                     display_name=name, password_hash="!bench")  # fmt: skip
        org.membership_add(actor=None, user=user, department=department, roles=[Role.HANDLER])
        handlers[code] = user
    applicant = accounts.staff_create(actor=None, username="bench-applicant", password=None,
                                      display_name="申请人", password_hash="!bench")  # fmt: skip
    return city, handlers, applicant


def _in_flight(n: int, handlers, applicant, city) -> list[int]:
    """n accepted applications waiting for three departments; their ids."""
    from django.db import transaction
    from django.utils import timezone

    from yiwang.approvals.engine import runner
    from yiwang.approvals.models import Application, ApprovalTask
    from yiwang.approvals.services.definitions import definition_upload, parsed
    from yiwang.approvals.services.tasks import persist, sync_tasks, task_complete

    definition = definition_upload(actor=None, bpmn_xml=BENCH_BPMN)
    process = parsed(definition)
    now = timezone.now()
    # the template: one application through the real services up to the parallel split
    with transaction.atomic():
        template = Application.objects.create(
            number="BENCH-000000", applicant=applicant, title="基准申请", department=city,
            definition=definition, submitted_at=now, limit_days=10,
        )  # fmt: skip
        workflow = runner.start(process, {"company_name": "基准科技有限公司"})
        sync_tasks(template, process, workflow, at=now)
        persist(template, workflow)
        template.save()
    accept = template.tasks.get(bpmn_id="accept")
    task_complete(actor=handlers["BENCH-WINDOW"], task=accept, decision="accept",
                  expected_version=template.version)  # fmt: skip
    template.refresh_from_db()
    open_rows = list(template.tasks.filter(status="open").values(
        "spiff_task_id", "bpmn_id", "name", "step", "department_id", "role"))  # fmt: skip
    fields = {f: getattr(template, f) for f in (
        "applicant_id", "title", "department_id", "form_data", "status", "definition_id",
        "workflow_state", "submitted_at", "accepted_at", "limit_days", "due_date", "version",
    )}  # fmt: skip
    ids: list[int] = []
    batch = 1000
    for start in range(1, n, batch):
        count = min(batch, n - start)
        with transaction.atomic():
            apps = Application.objects.bulk_create(
                [Application(number=f"BENCH-{start + i:06d}", **fields) for i in range(count)]
            )
            if apps[0].pk is None:  # backends that do not return ids
                apps = list(Application.objects.filter(
                    number__in=[a.number for a in apps]).order_by("pk"))  # fmt: skip
            ApprovalTask.objects.bulk_create(
                [ApprovalTask(application_id=a.pk, **row) for a in apps for row in open_rows]
            )
        ids.extend(a.pk for a in apps)
        progress(f"  {start + count}/{n} in flight")
    return [template.pk, *ids]


def stage_run(options: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from yiwang.approvals.models import Application, ApprovalTask
    from yiwang.approvals.services.tasks import task_complete

    rng = random.Random(options["seed"])
    city, handlers, applicant = _city()
    load_began = time.perf_counter()
    ids = _in_flight(options["applications"], handlers, applicant, city)
    load_seconds = time.perf_counter() - load_began
    by_department = {h_code: handlers[h_code] for h_code, _n in BUREAUS}
    dept_code = dict(ApprovalTask.objects.filter(application_id=ids[0])
                     .values_list("department_id", "department__code").distinct())  # fmt: skip
    rng.shuffle(ids)
    samples = options["samples"]
    sample_ids, complete_ids = ids[:samples], ids[samples : samples + options["complete"]]

    cpu: list[float] = []

    def complete_one(task) -> float:
        version = Application.objects.values_list("version", flat=True).get(pk=task.application_id)
        actor = by_department[dept_code[task.department_id]]
        began, began_cpu = time.perf_counter(), time.process_time()
        task_complete(actor=actor, task=task, decision="approve", opinion="同意",
                      expected_version=version)  # fmt: skip
        cpu.append(time.process_time() - began_cpu)
        return time.perf_counter() - began

    progress(f"latency: {len(sample_ids)} single completions")
    seconds = []
    for pk in sample_ids:
        task = rng.choice(list(ApprovalTask.objects.filter(application_id=pk, status="open")))
        seconds.append(complete_one(task))
    latency = latency_summary(seconds)
    latency["p95_ms"] = round(sorted(seconds)[int(0.95 * len(seconds)) - 1] * 1000, 2)
    cpu_latency = latency_summary(cpu)
    cpu_latency["p95_ms"] = round(sorted(cpu)[int(0.95 * len(cpu)) - 1] * 1000, 2)

    progress(f"throughput: {len(complete_ids)} applications through three departments")
    tasks = list(ApprovalTask.objects.filter(application_id__in=complete_ids, status="open")
                 .order_by("application_id", "pk"))  # fmt: skip
    queries = _count_queries(tasks[:3], complete_one)  # one application: two steps and 办结
    tasks = tasks[3:]
    began = time.perf_counter()
    for task in tasks:
        complete_one(task)
    elapsed = time.perf_counter() - began
    timed_ids = {task.application_id for task in tasks}  # the counted one is not timed
    done = Application.objects.filter(pk__in=timed_ids, status="completed").count()
    state_bytes = len(json.dumps(
        Application.objects.values_list("workflow_state", flat=True).get(pk=complete_ids[0]),
        separators=(",", ":")))  # fmt: skip
    return {
        "applications_in_flight": len(ids),
        "load_seconds": round(load_seconds, 1),
        "task_complete_p50_ms": latency["p50_ms"],
        "task_complete_p95_ms": latency["p95_ms"],
        "task_complete_p99_ms": latency["p99_ms"],
        "task_complete": latency,
        # CPU time of this process per completion: what the step costs without waiting for
        # the disk or for other processes on a busy machine
        "task_complete_cpu_p95_ms": cpu_latency["p95_ms"],
        "task_complete_cpu": cpu_latency,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "completions_timed": len(seconds),
        "applications_completed": done,
        "applications_completed_per_s": round(done / elapsed, 1) if elapsed else None,
        "task_completions_per_s": round(len(tasks) / elapsed, 1) if elapsed else None,
        "workflow_state_bytes": state_bytes,
        # SQL statements of one completion (parallel step, parallel step, the one that 办结)
        "queries_per_completion": queries,
        "vendor": connection.vendor,
        "measured_at": timezone.now().isoformat(timespec="seconds"),
    }


def _count_queries(tasks, complete_one) -> dict[str, list[int]]:
    """Statements per completion, all and those of the audit chain (audit_ tables)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    total, audit = [], []
    for task in tasks:
        with CaptureQueriesContext(connection) as captured:
            complete_one(task)
        sql = [q["sql"] for q in captured.captured_queries]
        total.append(len(sql) - 1)  # less the bench's own read of the version
        audit.append(sum(1 for q in sql if '"audit_' in q))
    return {"all": total, "audit": audit}


register_bench(
    "approvals",
    run,
    add_arguments=add_arguments,
    help="联审联办: p95 time to complete an approval task with 10,000 applications in flight, "
    "and applications completed per second through a 3-department parallel process",
)
