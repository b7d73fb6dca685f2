"""查重 at intake: a dispatcher sees open tickets about the same matter — and only those."""

from __future__ import annotations

import pytest

from yiwang.tickets import services
from yiwang.tickets.models import Status
from yiwang.tickets.selectors.duplicates import duplicate_suggestions
from yiwang.tickets.services.duplicates import duplicates_prune
from yiwang.tickets.tests.factories import phone_request, world

pytestmark = pytest.mark.django_db

NOISE = dict(
    subject="幸福小区门口烧烤店油烟噪音扰民",
    description="幸福小区南门的烧烤店每天营业到凌晨两点，油烟直排，噪音很大，居民无法休息。",
    address="东城区朝阳街道幸福小区",
)
NOISE_AGAIN = dict(
    subject="幸福小区烧烤店深夜扰民",
    description="投诉幸福小区南门烧烤店，油烟和噪音严重扰民，凌晨两点还在营业，请尽快处理。",
    address="东城区朝阳街道幸福小区",
    requester_phone="13900002222",
)
UNRELATED = dict(
    subject="公积金提取咨询",
    description="想咨询一下异地购房能否提取住房公积金，需要准备哪些材料。",
    address="",
    requester_phone="13900003333",
)


def _keys(suggestions):
    return [s.ticket.pk for s in suggestions]


def test_a_repeat_in_other_words_is_suggested_and_an_unrelated_request_is_not():
    w = world()
    first = phone_request(w, **NOISE)
    other = phone_request(w, **UNRELATED)
    again = phone_request(w, **NOISE_AGAIN)
    found = duplicate_suggestions(user=w.dispatcher, ticket=again)
    assert _keys(found) == [first.pk]
    assert 0.35 <= found[0].score < 1 and found[0].same_place
    assert other.pk not in _keys(duplicate_suggestions(user=w.dispatcher, ticket=first))


def test_the_same_matter_in_another_district_is_not_suggested():
    w = world()
    phone_request(w, **NOISE)
    elsewhere = phone_request(w, **NOISE_AGAIN | {"region_code": "339902001"})
    assert duplicate_suggestions(user=w.dispatcher, ticket=elsewhere) == []


def test_closed_tickets_are_not_suggested_and_are_pruned_from_the_index():
    w = world()
    first = phone_request(w, **NOISE)
    services.ticket_answer_now(actor=w.operator, ticket=first, answer="已联系城管处理。")
    again = phone_request(w, **NOISE_AGAIN)
    assert duplicate_suggestions(user=w.dispatcher, ticket=again) == []
    assert duplicates_prune() == {"expired": 0, "closed": 1}


def test_suggestions_respect_what_the_viewer_may_see():
    w = world()
    phone_request(w, **NOISE)
    again = phone_request(w, **NOISE_AGAIN)
    # a handler of another district sees neither ticket (not dispatched to them)
    assert duplicate_suggestions(user=w.west_handler, ticket=again) == []


def test_exact_repeat_from_the_same_caller_is_merged_when_the_city_turns_it_on(settings):
    settings.YIWANG_DUPLICATE_AUTO_MERGE = True
    w = world()
    first = phone_request(w, **NOISE)
    repeat = phone_request(w, **NOISE | {"description": NOISE["description"] + "！！"})
    repeat.refresh_from_db()
    assert repeat.status == Status.MERGED and repeat.merged_into_id == first.pk
    event = repeat.events.get(action="merge")
    assert first.case_number in event.note and event.actor is None
    # another caller, same words, same compound: the same matter, merged too
    neighbour = phone_request(w, **NOISE | {"requester_phone": "13900004444", "address": ""})
    neighbour.refresh_from_db()
    assert neighbour.merged_into_id == first.pk
    # the same words from another district are not that matter
    other = phone_request(
        w, **NOISE | {"requester_phone": "13900005555", "region_code": "339902001"}
    )
    other.refresh_from_db()
    assert other.status == Status.PENDING_DISPATCH


def test_exact_repeat_is_not_merged_by_default():
    w = world()
    first = phone_request(w, **NOISE)
    repeat = phone_request(w, **NOISE)
    repeat.refresh_from_db()
    assert repeat.status == Status.PENDING_DISPATCH
    found = duplicate_suggestions(user=w.dispatcher, ticket=repeat)
    assert _keys(found) == [first.pk] and found[0].exact and found[0].score == 1.0
