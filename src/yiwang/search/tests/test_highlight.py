"""Highlighting marks terms on the original text and escapes everything else."""

from __future__ import annotations

import pytest

from yiwang.search.highlight import highlight, snippet


def test_everything_but_the_marks_is_escaped():
    html = highlight('<img src=x onerror="alert(1)">营业执照', ["营业执照"])
    assert html == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>营业执照</mark>"


def test_the_longest_term_wins_where_terms_overlap():
    assert highlight("营业执照", ["营业", "营业执照", "执照"]) == "<mark>营业执照</mark>"


def test_marks_land_on_the_original_full_width_characters():
    assert highlight("ＡＢＣ公司", ["abc"]) == "<mark>ＡＢＣ</mark>公司"
    # Characters whose normal form is longer (㈱ -> (株)) keep the marks aligned.
    assert highlight("㈱示范ABC", ["abc"]) == "㈱示范<mark>ABC</mark>"


def test_a_snippet_shows_the_passage_with_the_most_terms_with_ellipses():
    text = "开头" * 200 + "办理居住证需要社保卡" + "结尾" * 200
    html = snippet(text, ["居住证", "社保卡"])
    assert "<mark>居住证</mark>" in html and "<mark>社保卡</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 200


def test_a_snippet_without_matches_is_the_start_of_the_text():
    assert snippet("短文本<b>", ["无关"]) == "短文本&lt;b&gt;"


@pytest.mark.parametrize("terms", [[], [""], ["*"], ["(", ")"]])
def test_odd_terms_do_not_break_highlighting(terms):
    assert highlight("a(b)*c", terms).startswith("a")
