"""The restricted expression language of process definitions.

Gateway conditions and timer expressions in an uploaded BPMN file are Python expressions
evaluated by SpiffWorkflow's script engine. Definitions come from department admins, so the
engine accepts only a small, side-effect-free subset: comparisons, boolean logic, arithmetic,
literals, subscripts, the names of the task data and a few pure functions. Scripts (script
tasks, pre/post scripts) are refused at upload and can never run.
"""

from __future__ import annotations

import ast
from typing import Any

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

MAX_EXPRESSION_LENGTH = 500

SAFE_FUNCTIONS: dict[str, Any] = {
    "len": len,
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "abs": abs,
    "min": min,
    "max": max,
    "any": any,
    "all": all,
    "round": round,
}
SAFE_METHODS = frozenset({"get", "startswith", "endswith", "strip", "lower", "upper"})

_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd,
    ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
    ast.Is, ast.IsNot, ast.IfExp, ast.Constant, ast.Name, ast.Load, ast.Subscript, ast.Slice,
    ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Call, ast.Attribute,
)  # fmt: skip


class UnsafeExpression(ValueError):
    """The expression uses something outside the restricted language."""


def check_expression(expression: str) -> ast.Expression:
    """Parse ``expression`` and refuse anything but the restricted language."""
    if not isinstance(expression, str) or not expression.strip():
        raise UnsafeExpression("empty expression")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise UnsafeExpression(f"expression longer than {MAX_EXPRESSION_LENGTH} characters")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise UnsafeExpression(f"syntax error: {exc.msg}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise UnsafeExpression(f"{type(node).__name__} is not allowed")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise UnsafeExpression(f"name {node.id!r} is not allowed")
        if isinstance(node, ast.Attribute) and node.attr not in SAFE_METHODS:
            raise UnsafeExpression(f"attribute {node.attr!r} is not allowed")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id not in SAFE_FUNCTIONS and func.id != "field":
                raise UnsafeExpression(f"function {func.id!r} is not allowed")
            if not isinstance(func, ast.Name | ast.Attribute) or node.keywords:
                raise UnsafeExpression("only plain calls of allowed functions")
    return tree


class RestrictedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates checked expressions with no builtins; executes nothing."""

    def __init__(self):
        super().__init__({})
        self._compiled: dict[str, Any] = {}

    def _code(self, expression: str):
        code = self._compiled.get(expression)
        if code is None:
            code = compile(check_expression(expression), "<condition>", "eval")
            if len(self._compiled) < 10_000:
                self._compiled[expression] = code
        return code

    def evaluate(self, expression, context, external_context=None):
        data = dict(context)

        def field(name: str, default: Any = None) -> Any:
            return data.get(name, default)

        namespace = {"__builtins__": {}, **SAFE_FUNCTIONS, **data, "field": field}
        return eval(self._code(expression), namespace)

    def execute(self, script, context, external_context=None):
        raise UnsafeExpression("scripts are not allowed in approval processes")

    def call_service(self, context, **kwargs):
        raise UnsafeExpression("service calls are not allowed in approval processes")


class RestrictedScriptEngine(PythonScriptEngine):
    def __init__(self):
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression):
        check_expression(expression)


SCRIPT_ENGINE = RestrictedScriptEngine()
