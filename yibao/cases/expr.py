"""The arithmetic a case may give instead of an amount: ``(10000 - 400) * 0.85``, ``(10000 − 400) × 85%``.

Numbers, ``N%``, + − × ÷ (or + - * /), unary minus and brackets, evaluated exactly with Decimal; nothing
else (no names, no calls, no powers). The value is rounded half up to the fen, as every amount is.
"""

from __future__ import annotations

import ast
import operator
import re
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

FEN = Decimal("0.01")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
#: Text that may be arithmetic (digits, operators, brackets, spaces); anything else is a plain value.
_ARITHMETIC = re.compile(r"^[\d\s.+\-*/()%×÷−（）]+$")
_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")


class ExpressionError(ValueError):
    """The text is not arithmetic this evaluator allows (the message says why, in Chinese)."""


def looks_like_arithmetic(text: str) -> bool:
    """Whether ``text`` is meant as an amount (digits and operators only), not as a word or a date."""
    return bool(_ARITHMETIC.match(text)) and not _DATE.match(text) and any(c.isdigit() for c in text)


def meant_as_arithmetic(text: str) -> bool:
    """Whether ``text`` holds digits and an operator (other than a date's hyphens): then it must evaluate."""
    return looks_like_arithmetic(text) or (any(c.isdigit() for c in text) and any(c in text for c in "+*/×÷()%−"))


def _normal(text: str) -> str:
    text = (text.replace("×", "*").replace("÷", "/").replace("−", "-").replace("％", "%")
            .replace("（", "(").replace("）", ")"))
    return _PERCENT.sub(lambda m: f"({m.group(1)}/100)", text)


def evaluate(text: str | int | Decimal) -> Decimal:
    """The exact value of ``text`` (not rounded). Raises :class:`ExpressionError`."""
    if isinstance(text, bool):
        raise ExpressionError(f"{text} 不是金额")
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    source = _normal(str(text))
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        raise ExpressionError(f"“{text}”不是算式") from None

    def ev(node: ast.AST) -> Decimal:
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return Decimal(ast.get_source_segment(source.strip(), node) or str(node.value))
        raise ExpressionError(f"“{text}”只能含数字、百分数、加减乘除和括号")

    try:
        return ev(tree.body)
    except (DivisionByZero, ZeroDivisionError, InvalidOperation):
        raise ExpressionError(f"“{text}”无法计算(除以零?)") from None


def amount(text: str | int | float | Decimal) -> Decimal:
    """The value of ``text`` rounded half up to the fen. A float (YAML ``0.85``) is read by its digits."""
    if isinstance(text, float):
        text = repr(text)
    return evaluate(text).quantize(FEN, rounding=ROUND_HALF_UP)
