"""REST API of the routing app at /api/v1/routing."""

from __future__ import annotations

from ninja import Query, Router, Schema

from yiwang.routing.api_classify import router as classify_router

router = Router(tags=["routing"])
router.add_router("", classify_router)  # POST /classify (api_classify.py)


class HotspotQuery(Schema):
    days: int = 30  # 7, 30 or 90
    department: int | None = None


@router.get("/hotspots", summary="Top hotspots (热点问题) of the caller's data scope")
def hotspots(request, params: Query[HotspotQuery]):
    """The same report as the workbench dashboard (cached five minutes): each hotspot with
    heat, place, time range, title, keywords and the ids of its tickets."""
    from yiwang.routing.views import hotspot_report

    report = hotspot_report(user=request.auth, days=params.days, department_id=params.department)
    return report.as_dict()
