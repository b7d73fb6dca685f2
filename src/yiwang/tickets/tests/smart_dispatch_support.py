"""A city whose top-level categories carry the classifier's labels, and a small model trained
on a sample the tests write (see yiwang.routing.tests.classify_support)."""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass

import pytest

from yiwang.org.models import Department, Level, Role
from yiwang.org.tests.factories import department, staff
from yiwang.routing.classify import service, store
from yiwang.routing.tests.classify_support import sample
from yiwang.tickets.models import Category
from yiwang.tickets.services import catalogue
from yiwang.tickets.tests.factories import World, world

_seq = itertools.count(1)

BUILDING_TEXT = (
    "小区路灯坏了",
    "我家小区门口的路灯坏了一个月，井盖也松动了，人行道破损，请尽快修理。",
)
BUS_TEXT = ("公交站点太远", "公交线路站点离小区太远，班次少，司机还拒载，希望调整线路。")


@dataclass
class LabelledCity:
    w: World
    building: Category  # 城乡建设 (top level, no rule of its own)
    street_lights: Category  # its leaf, routed by district
    transport: Category  # 交通运输
    buses: Category
    transport_bureau: Department
    admin: object


def labelled_city() -> LabelledCity:
    n = next(_seq)
    w = world()
    bureau = department("示范市交通运输局", parent=w.city, level=Level.CITY)
    building = catalogue.category_create(actor=None, code=f"CJ{n}", name="城乡建设")
    lights = catalogue.category_create(
        actor=None, code=f"CJ{n}-01", name="路灯井盖", parent=building
    )
    transport = catalogue.category_create(actor=None, code=f"JT{n}", name="交通运输")
    buses = catalogue.category_create(actor=None, code=f"JT{n}-01", name="公交", parent=transport)
    catalogue.category_create(actor=None, code=f"JY{n}", name="教育文体")  # no rule at all
    catalogue.dispatch_rule_set(
        actor=None, category=lights, lead_department=w.east, region_prefix="339901"
    )
    catalogue.dispatch_rule_set(
        actor=None, category=lights, lead_department=w.west, region_prefix="339902"
    )
    catalogue.dispatch_rule_set(actor=None, category=buses, lead_department=bureau)
    admin = staff(f"platform{n}", w.city, Role.PLATFORM_ADMIN)
    return LabelledCity(w, building, lights, transport, buses, bureau, admin)


@pytest.fixture(scope="module")
def _model_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("smart-dispatch-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YIWANG_ROUTING_MODEL_DIR", str(folder))
        saved = service.train(*sample(), source="test")
    store.forget_loaded_model()
    return folder, saved.version


@pytest.fixture
def model_folder(tmp_path, monkeypatch):
    """The test's own (empty) model folder, re-read on every prediction."""
    folder = tmp_path / "models"
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_DIR", str(folder))
    monkeypatch.setenv("YIWANG_ROUTING_MODEL_CHECK_SECONDS", "0")
    store.forget_loaded_model()
    yield folder
    store.forget_loaded_model()


@pytest.fixture
def model_version(model_folder, _model_folder) -> str:
    """A trained model, current in the test's model folder; its version."""
    source, version = _model_folder
    shutil.copytree(source, model_folder)
    store.forget_loaded_model()
    return version
