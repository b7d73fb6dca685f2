import datetime as dt
import random

from yiwang.accounts.validators import validate_credit_code, validate_id_number
from yiwang.demo import city, identities


def test_generated_id_numbers_are_valid_and_carry_the_city_birth_date_and_sex():
    rng = random.Random(1)
    for n in range(500):
        region = rng.choice(city.DISTRICT_REGION_CODES)
        born = identities.birth_date(rng)
        female = n % 2 == 0
        number = identities.id_number(rng, region_code=region, born=born, female=female)

        assert validate_id_number(number) == number
        assert number[:6] == region and number[:4] == "3399"
        assert number[6:14] == born.strftime("%Y%m%d")
        assert int(number[16]) % 2 == (0 if female else 1)  # GB 11643: odd sequence = male
        assert dt.date(1945, 1, 1) <= born <= dt.date(2006, 12, 31)


def test_generated_credit_codes_are_valid_with_a_valid_embedded_organisation_code():
    rng = random.Random(2)
    for _ in range(500):
        code = identities.credit_code(rng, region_code="339903")

        assert validate_credit_code(code) == code  # also checks the embedded GB 11714 code
        assert code.startswith("91339903MA")


def test_the_same_seed_gives_the_same_people():
    def draw(seed):
        rng = random.Random(seed)
        return [
            (
                identities.person_name(rng),
                identities.mobile_number(rng),
                identities.credit_code(rng, region_code="339902"),
            )
            for _ in range(20)
        ]

    assert draw(7) == draw(7)
    assert draw(7) != draw(8)


def test_names_and_phones_look_real():
    rng = random.Random(3)
    names = [identities.person_name(rng) for _ in range(200)]
    assert all(2 <= len(name) <= 3 for name in names)
    assert len(set(names)) > 150
    phones = [identities.mobile_number(rng) for _ in range(200)]
    assert all(len(p) == 11 and p.startswith("1") and p.isdigit() for p in phones)


def test_department_tree_is_about_forty_with_parents_first_and_nested_region_codes():
    specs = city.departments()
    keys = {}
    for spec in specs:
        if spec.parent is not None:
            parent = keys[spec.parent]  # parents come before children
            if spec.level > parent.level and parent.level > 1:
                assert spec.region_code.startswith(parent.region_code)
        keys[spec.key] = spec
    assert 35 <= len(specs) <= 50
    assert len({s.code for s in specs}) == len(specs)
    lengths = {s.level: {len(x.region_code) for x in specs if x.level == s.level} for s in specs}
    assert lengths == {1: {6}, 2: {6}, 3: {9}, 4: {12}}
