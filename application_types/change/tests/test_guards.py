"""Key-information change: its guards as pure functions of a context built in memory."""
from app.models import Candidate
from app.services.idcard import with_check_digit
from tests.guards import check, context

NEW = with_check_digit("12010119900307002")


def test_a_new_value_equal_to_the_current_one_is_refused(app_ctx):
    zhang = Candidate(name="张明", sex="男", id_number="120101199001010012")
    same = {"changes": ["name", "sex"], "new_name": " 张明 ", "new_sex": "女"}
    assert check("change_differs", context(data=same, candidate=zhang)) == "新的姓名与当前信息相同，无需变更。"
    assert check("change_differs", context(data={**same, "new_name": "张敏"}, candidate=zhang)) is None


def test_a_new_id_number_must_be_valid_and_nobody_elses(app_ctx):
    chosen = {"changes": ["id_number"], "new_id_number": NEW.lower()}
    assert check("new_id_number_valid", context(data=chosen, id_number_taken=False)) is None
    assert check("new_id_number_valid", context(data=chosen, id_number_taken=True)) == (
        f"身份证号 {NEW} 已被其他考生使用，请到考区核实。")
    wrong = NEW[:-1] + ("0" if NEW[-1] != "0" else "1")
    assert check("new_id_number_valid", context(data={**chosen, "new_id_number": wrong}, id_number_taken=False)) == (
        "身份证号码校验位不正确，请核对后重新输入。")
    assert check("new_id_number_valid", context(data={"changes": ["name"]})) is None
