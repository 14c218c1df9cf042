"""One-slip candidates for a mistyped USCC: substitutions and adjacent swaps, bounded."""

from __future__ import annotations

from xinyong.records.display.code_suggestions import looks_like_mistyped_uscc, one_slip_codes
from xinyong.records.identifiers import is_valid_uscc

XIAOMI = "91110108551385082Q"


def test_a_replaced_character_and_a_swap_lead_back_to_the_code():
    replaced = XIAOMI[:9] + "6" + XIAOMI[10:]
    swapped = XIAOMI[:3] + XIAOMI[4] + XIAOMI[3] + XIAOMI[5:]
    for typo in (replaced, swapped, swapped.lower()):
        assert looks_like_mistyped_uscc(typo)
        found = one_slip_codes(typo)
        assert XIAOMI in found and all(is_valid_uscc(c) for c in found)
        assert len(found) < 40  # about 557 strings tried, 1 in 341 passes both checks


def test_nothing_for_valid_wrong_length_or_non_code_input():
    assert not looks_like_mistyped_uscc(XIAOMI) and one_slip_codes(XIAOMI + "1") == []
    assert one_slip_codes("武汉恒通商贸有限公司") == [] and one_slip_codes("9111010855138508-Q") == []


def test_the_fast_path_finds_what_checking_every_candidate_finds():
    import random

    from xinyong.records.identifiers import USCC_ALPHABET, make_uscc

    def every_candidate(code: str) -> set[str]:
        out = {code[:i] + c + code[i + 1 :] for i in range(18) for c in USCC_ALPHABET}
        out |= {code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(17)}
        return {c for c in out if c != code and is_valid_uscc(c)}

    rng = random.Random(7)
    for n in range(30):
        good = make_uscc("9", "1", "420117", "".join(rng.choice(USCC_ALPHABET) for _ in range(8)))
        i = rng.randrange(17)
        typo = (
            good[:i] + good[i + 1] + good[i] + good[i + 2 :]
            if n % 2
            else good[:i] + rng.choice("0123456789IOSZ") + good[i + 1 :]
        )
        if typo != good:
            assert set(one_slip_codes(typo)) == every_candidate(typo), typo
