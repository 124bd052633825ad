"""Rules administrators write as data: one expression (simpleeval) over named facts of the candidate and, at
submission, the answers. For example `level == "本科"`, `passed("00015")`, `answers["cet4_score"] >= 425`.

This module only reads and checks expressions; app/services/rule_facts.py gathers the facts they name.
"""
import ast

from flask_babel import lazy_gettext as _l
from simpleeval import InvalidExpression, SimpleEval

# The names a rule may use, with what each holds (shown to the administrator writing one).
NAMES = {"level": _l("考生报考专业的层次：“本科”或“专科”"), "major": _l("考生报考专业的代码，如 \"030101K\""),
         "verified": _l("考生是否已通过身份认证：True 或 False"),
         "answers": _l("提交的表单内容，按字段名取值，如 answers[\"cet4_score\"]（仅在提交时）")}
FUNCTIONS = {"passed": _l("passed(\"课程代码\")：该课程是否已合格"),
             "score": _l("score(\"课程代码\")：该课程的最好成绩（未考为 0；合格等级为 60）")}
MAX_LENGTH = 500


def problems(expression):
    """Why `expression` cannot be a rule, in words an administrator reads (lazy, so a refused save shows them);
    empty when it can."""
    if len(expression) > MAX_LENGTH:
        return [_l("规则不能超过%(max)d个字。", max=MAX_LENGTH)]
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as error:
        return [_l("规则的写法不正确（第 %(column)d 个字附近）。", column=(error.offset or 1))]
    if any(isinstance(node, (ast.Attribute, ast.Lambda, ast.NamedExpr, ast.comprehension, ast.Starred))
           for node in ast.walk(tree)):
        return [_l("规则只能使用名称、函数、数字、文字、比较和 and / or / not，不能使用“.”等其他写法。")]
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    named = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - called
    found = [_l("规则中的 %(name)s 不可用（可用的名称：%(known)s）。", name=name, known="、".join(NAMES))
             for name in sorted(named - set(NAMES) - {"True", "False", "None"})]
    found += [_l("规则中的函数 %(name)s 不可用（可用的函数：%(known)s）。", name=name, known="、".join(FUNCTIONS))
              for name in sorted(called - set(FUNCTIONS))]
    return found


def uses(expression, name):
    """Whether the rule names `name` (a fact or a function), so its facts are gathered only when needed."""
    return any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(ast.parse(expression, mode="eval")))


def holds(expression, names, functions):
    """Whether the rule holds for these facts. A rule that cannot be worked out for them (an answer the form does
    not have, a comparison of unlike values) does not hold."""
    if problems(expression):  # saved before today's checks: it holds for nobody until it is fixed
        return False
    try:
        return bool(SimpleEval(names=names, functions=functions).eval(expression))
    except (InvalidExpression, TypeError, KeyError, ValueError, ZeroDivisionError, AttributeError):
        return False
