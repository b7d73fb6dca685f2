"""答复质量: relevance, completeness and timeliness of a reply, with reasons; the CLI."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from yiwang.routing.replies import distribution, document_frequencies, key_terms, score_reply

MESSAGE = "幸福小区3号楼门口的路灯坏了一个多月，晚上一片漆黑，老人出行很不安全，希望尽快修复路灯。"
SUBJECT = "幸福小区路灯损坏"
GOOD = (
    "您好！您反映的幸福小区路灯问题已收悉。经现场核实，3号楼门口路灯因线路老化损坏。"
    "我局已安排维修班组于5月20日更换线路并修复路灯，目前已恢复照明。根据《城市照明管理规定》，"
    "我局将加强日常巡查。如有疑问请联系市政设施管理处，电话 0731-12345678。"
)
EVASIVE = "您好，该问题不属于我单位职权范围，请向有关部门反映。"


def test_a_full_relevant_reply_scores_high_and_says_why():
    score = score_reply(message=MESSAGE, subject=SUBJECT, reply=GOOD)
    assert score.relevance == 100 and score.completeness == 100
    assert score.timeliness is None and score.overall == 100  # no dates: two parts only
    assert all(score.elements.values())
    assert any("回应了留言要点" in r and "路灯" in r for r in score.reasons)
    assert any("包含核实情况" in r for r in score.reasons)


def test_an_evasive_short_reply_scores_low_with_the_missing_elements():
    score = score_reply(message=MESSAGE, subject=SUBJECT, reply=EVASIVE)
    good = score_reply(message=MESSAGE, subject=SUBJECT, reply=GOOD)
    assert score.overall < 30 < good.overall
    assert score.relevance == 0 and score.completeness == 0
    assert any("未回应留言要点" in r for r in score.reasons)
    assert any("缺少" in r and "联系方式" in r for r in score.reasons)
    assert any("未作实质答复" in r for r in score.reasons)
    assert any("过于简短" in r for r in score.reasons)


@pytest.mark.parametrize("reply", ["", "   ", None, 42])
def test_no_reply_is_zero_not_an_error(reply):
    score = score_reply(message=MESSAGE, reply=reply)
    assert score.overall == 0 and score.reasons == ["没有答复内容"]


def test_odd_text_never_raises():
    assert score_reply(message="😀😀", reply="👍").overall >= 0
    assert score_reply(message=None, reply=GOOD).relevance == 50  # nothing to compare with
    huge = score_reply(message=MESSAGE * 300, reply=GOOD * 300)
    assert 0 <= huge.overall <= 100


@pytest.mark.django_db
def test_timeliness_counts_working_days_across_the_national_day_holiday():
    # 2025-09-30 plus one working day is 2025-10-09 (DESIGN §5)
    prompt = score_reply(
        message=MESSAGE, reply=GOOD, asked_at=date(2025, 9, 30), replied_at=date(2025, 10, 9)
    )
    assert prompt.working_days == 1 and prompt.timeliness == 100
    late = score_reply(
        message=MESSAGE, reply=GOOD, asked_at=date(2025, 3, 3), replied_at=date(2025, 5, 30)
    )
    assert late.working_days > 15 and late.timeliness < 60 and late.overall < prompt.overall
    assert any("超过 15 个工作日时限" in r for r in late.reasons)


def test_key_terms_prefer_the_matter_over_rare_flourishes():
    corpus = [MESSAGE, "路灯不亮", "小区停水", "小区物业收费", "学校招生"]
    idf = document_frequencies(corpus)
    terms = key_terms(MESSAGE, subject=SUBJECT, idf=idf)
    assert terms[0] == "路灯"  # in the subject and twice in the text
    assert "您好" not in terms


def test_distribution_summarises_scores():
    scores = [score_reply(message=MESSAGE, reply=r) for r in (GOOD, EVASIVE, GOOD)]
    figures = distribution(scores)
    assert figures["count"] == 3 and sum(figures["histogram"].values()) == 3
    assert figures["element_share"]["contact"] == round(2 / 3, 3)


@pytest.mark.django_db
def test_reply_quality_command_prints_distribution_best_and_worst(tmp_path):
    rows = [
        {"留言编号": 101, "留言主题": SUBJECT, "留言详情": MESSAGE, "留言时间": "2025/9/30 9:00:00",
         "答复意见": GOOD, "答复时间": "2025/10/9 10:00:00"},
        {"留言编号": 102, "留言主题": SUBJECT, "留言详情": MESSAGE, "留言时间": "2025/3/3 9:00:00",
         "答复意见": EVASIVE, "答复时间": "2025/5/30 10:00:00"},
        {"留言编号": 103, "留言主题": "公交", "留言详情": "公交太少", "答复意见": "已收悉"},
    ]  # fmt: skip
    data = tmp_path / "replies.jsonl"
    data.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n", "utf-8"
    )
    out = StringIO()
    call_command("routing", "reply-quality", "--data", str(data), "--top", "2", stdout=out)
    text = out.getvalue()
    assert "答复 3 条" in text and "最好的答复" in text and "最差的答复" in text
    assert text.index("#101") < text.index("最差的答复") < text.rindex("#102")
    assert GOOD[:30] not in text  # reasons only, never the long texts

    out = StringIO()
    call_command("routing", "reply-quality", "--data", str(data), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["distribution"]["count"] == 3 and result["skipped_lines"] == 1
    assert result["best"][0]["id"] == 101 and result["worst"][0]["id"] in (102, 103)
