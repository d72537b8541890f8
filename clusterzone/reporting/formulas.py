"""The small, safe formula language of derived indicators and validation rules.

Grammar (parsed with Python's `ast` and a whitelist; nothing is ever eval'd):
  numbers, indicator codes (revenue, fai_industrial …), + - * /, unary -, parentheses,
  and the functions abs(x), min(a, b, …), max(a, b, …), prev(code) (the value of the
  previous period in the same year), last_year(code) (the same period of last year).

Arithmetic is Decimal. A missing operand makes the result missing (None), as does a
division by zero: missing data is never read as zero.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

FUNCTIONS = {"abs", "min", "max", "prev", "last_year"}
SHIFT_FUNCTIONS = {"prev", "last_year"}


class FormulaError(ValueError):
    pass


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression
    names: frozenset[str]  # indicator codes used directly
    shifted: frozenset[tuple[str, str]]  # (function, code) pairs: prev(revenue) …

    def evaluate(
        self,
        values: Mapping[str, Decimal | None],
        shifted: Callable[[str, str], Decimal | None] | None = None,
    ):
        return _eval(self.tree.body, values, shifted)


def parse(text: str) -> Formula:
    text = (text or "").strip()
    if not text:
        raise FormulaError("公式不能为空。")
    if len(text) > 500:
        raise FormulaError("公式过长（最多500个字符）。")
    try:
        tree = ast.parse(text.replace("×", "*").replace("÷", "/"), mode="eval")
    except SyntaxError:
        raise FormulaError(f"公式“{text}”有语法错误。")
    names: set[str] = set()
    shifted: set[tuple[str, str]] = set()
    _check(tree.body, names, shifted, text)
    return Formula(text=text, tree=tree, names=frozenset(names), shifted=frozenset(shifted))


def _check(node, names, shifted, text):
    if isinstance(node, ast.BinOp):
        if not isinstance(node.op, ast.Add | ast.Sub | ast.Mult | ast.Div):
            raise FormulaError(f"公式“{text}”只能使用 + - * / 运算。")
        _check(node.left, names, shifted, text)
        _check(node.right, names, shifted, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _check(node.operand, names, shifted, text)
    elif (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        pass
    elif isinstance(node, ast.Name):
        names.add(node.id)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCTIONS:
        if node.keywords:
            raise FormulaError(f"公式“{text}”中的函数不接受命名参数。")
        fn = node.func.id
        if fn in SHIFT_FUNCTIONS:
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
                raise FormulaError(f"{fn}() 只接受一个指标代码，如 {fn}(revenue)。")
            shifted.add((fn, node.args[0].id))
        else:
            if not node.args or (fn == "abs" and len(node.args) != 1):
                raise FormulaError(f"函数 {fn}() 的参数个数不正确。")
            for arg in node.args:
                _check(arg, names, shifted, text)
    else:
        raise FormulaError(
            f"公式“{text}”含有不允许的内容（只能使用指标代码、数字、+ - * / 、括号和 abs/min/max/prev/last_year）。"
        )


def _eval(node, values, shifted):
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        v = values.get(node.id)
        return None if v is None else Decimal(v)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, values, shifted)
        return None if v is None else (-v if isinstance(node.op, ast.USub) else v)
    if isinstance(node, ast.BinOp):
        a = _eval(node.left, values, shifted)
        b = _eval(node.right, values, shifted)
        if a is None or b is None:
            return None
        try:
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            return a / b
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None
    if isinstance(node, ast.Call):
        fn = node.func.id
        if fn in SHIFT_FUNCTIONS:
            if shifted is None:
                return None
            v = shifted(fn, node.args[0].id)
            return None if v is None else Decimal(v)
        args = [_eval(a, values, shifted) for a in node.args]
        if any(a is None for a in args):
            return None
        if fn == "abs":
            return abs(args[0])
        return min(args) if fn == "min" else max(args)
    raise FormulaError("无法计算的公式。")


def dependency_order(formulas: Mapping[str, Formula]) -> list[str]:
    """Derived codes ordered so each comes after the derived codes it uses; raises on a cycle."""
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(code, path):
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            raise FormulaError("派生指标的公式存在循环引用：" + " → ".join([*path, code]))
        state[code] = 1
        for dep in sorted(formulas[code].names | {c for _, c in formulas[code].shifted}):
            if dep in formulas:
                visit(dep, [*path, code])
        state[code] = 2
        order.append(code)

    for code in sorted(formulas):
        visit(code, [])
    return order
