"""Why no model can be used (light to import: the tickets app catches these at intake)."""


class ModelUnavailable(Exception):
    """No usable model: the caller falls back to the rule catalogue."""

    problem = "unavailable"


class ModelMissing(ModelUnavailable):
    problem = "missing"


class ModelCorrupt(ModelUnavailable):
    problem = "corrupt"


class ModelNotTrained(ModelMissing):
    """No model was ever activated (a new installation): the rules route, and nobody needs an
    alert until someone trains one."""

    problem = "not_trained"
