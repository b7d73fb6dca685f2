"""Models of the approvals app, one module per concern (re-exported here)."""

from yiwang.approvals.models.application import (  # noqa: F401
    Application,
    ApplicationStatus,
    ClockPause,
    NumberCounter,
    Outcome,
    PauseKind,
)
from yiwang.approvals.models.certificates import Certificate  # noqa: F401
from yiwang.approvals.models.materials import ApplicationMaterial, MaterialFile, MaterialSource  # noqa: F401
from yiwang.approvals.models.process import ProcessDefinition  # noqa: F401
from yiwang.approvals.models.rating import ApplicationRating  # noqa: F401
from yiwang.approvals.models.tasks import ApprovalTask, Decision, TaskStatus  # noqa: F401
