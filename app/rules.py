"""Rules administrators write as data: one expression (simpleeval) over named facts of the candidate and, at
submission, the answers. For example `level == "本科"`, `major in ("030101K", "020101")`, `passed("00015")`,
`answers["cet4_score"] >= 425`.

A rule is held to a short list of forms when saved (names, the two functions, numbers, texts, tuples and lists of
them, comparisons, and / or / not, + - * /), so it can neither reach into Python nor run long. This module only
reads and checks expressions; app/services/rule_facts.py gathers the facts they name.
"""
import ast
import logging
import operator

from flask_babel import lazy_gettext as _l
from simpleeval import EvalWithCompoundTypes, safe_add, safe_mult

log = logging.getLogger(__name__)

# The names a rule may use, with what each holds (shown to the administrator writing one).
NAMES = {"level": _l("考生报考专业的层次：“本科”或“专科”"), "major": _l("考生报考专业的代码，如 \"030101K\""),
         "verified": _l("考生是否已通过身份认证：True 或 False"),
         "answers": _l("提交的表单内容，按字段名取值，如 answers[\"cet4_score\"]（仅在提交时）")}
FUNCTIONS = {"passed": _l("passed(\"课程代码\")：该课程是否已合格"),
             "score": _l("score(\"课程代码\")：该课程合格成绩中最好的（没有合格成绩为 0；合格等级为 60）"),
             "courses_left": _l("courses_left()：本专业计划中除毕业论文外尚未合格的必考课程门数，"
                                "如 courses_left() == 0 表示这些课程均已合格")}
MAX_LENGTH = 500
MAX_DEPTH = 30
MAX_NUMBER = 10 ** 9
# The forms a rule may take; anything else is refused when saved.
ALLOWED = (ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare, ast.Eq,
           ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Name, ast.Load, ast.Constant, ast.Call,
           ast.Subscript, ast.Tuple, ast.List, ast.BinOp, ast.Add, ast.Sub, ast.Mult, ast.Div)
# simpleeval's own + and * refuse a text or a list beyond its length limit before making it.
OPERATORS = {ast.Add: safe_add, ast.Sub: operator.sub, ast.Mult: safe_mult, ast.Div: operator.truediv,
             ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Gt: operator.gt, ast.Lt: operator.lt,
             ast.GtE: operator.ge, ast.LtE: operator.le, ast.Not: operator.not_, ast.USub: operator.neg,
             ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


def _depth(node):
    return 1 + max((_depth(child) for child in ast.iter_child_nodes(node)), default=0)


def _bad_constant(node):
    return isinstance(node, ast.Constant) and (
        (isinstance(node.value, (int, float)) and not isinstance(node.value, bool) and abs(node.value) > MAX_NUMBER)
        or (isinstance(node.value, str) and len(node.value) > MAX_LENGTH))


def problems(expression):
    """Why `expression` cannot be a rule, in words an administrator reads (lazy, so a refused save shows them);
    empty when it can."""
    if len(expression) > MAX_LENGTH:
        return [_l("规则不能超过%(max)d个字。", max=MAX_LENGTH)]
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        return [_l("规则的写法不正确（第 %(column)d 个字附近）。", column=(error.offset or 1))]
    except (RecursionError, MemoryError, ValueError):
        return [_l("规则过于复杂。")]
    nodes = list(ast.walk(tree))
    if any(not isinstance(node, ALLOWED) for node in nodes) or any(
            isinstance(node, ast.Call) and not isinstance(node.func, ast.Name) for node in nodes):
        return [_l("规则只能使用名称、函数、数字、文字、比较、+ - * / 和 and / or / not，不能使用“.”、**、% 等其他写法。")]
    if _depth(tree) > MAX_DEPTH or any(_bad_constant(node) for node in nodes):
        return [_l("规则过于复杂。")]
    called = {node.func.id for node in nodes if isinstance(node, ast.Call)}
    named = {node.id for node in nodes if isinstance(node, ast.Name)} - called
    found = [_l("规则中的 %(name)s 不可用（可用的名称：%(known)s）。", name=name, known="、".join(NAMES))
             for name in sorted(named - set(NAMES) - {"True", "False", "None"})]
    found += [_l("规则中的函数 %(name)s 不可用（可用的函数：%(known)s）。", name=name, known="、".join(FUNCTIONS))
              for name in sorted(called - set(FUNCTIONS))]
    return found


def names_in(expression):
    """The names and functions the rule names (none for one that cannot be read), so only their facts are
    gathered."""
    try:
        return {node.id for node in ast.walk(ast.parse(expression, mode="eval")) if isinstance(node, ast.Name)}
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return set()


def holds(expression, names, functions):
    """Whether the rule holds for these facts. A rule that does not pass today's checks, or cannot be worked out
    for them (an answer the form does not have, a comparison of unlike values), holds for nobody."""
    if problems(expression):
        return False
    try:
        return bool(EvalWithCompoundTypes(operators=OPERATORS, names=names, functions=functions).eval(expression))
    except Exception:  # noqa: BLE001 - whatever the rule meets, it does not hold; the log says why
        log.info("Rule %r does not hold: it could not be worked out", expression, exc_info=True)
        return False
