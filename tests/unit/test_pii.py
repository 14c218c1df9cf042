"""Personal information: masking, keyed hashing, and spotting full ID numbers in text."""

from xinyong.records.pii import contains_full_id, hash_id_number, mask_id_number


def test_mask_keeps_first_six_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105********002X") == "110105********002X"
    assert mask_id_number("ABC123") == "AB****"


def test_hash_is_keyed():
    a = hash_id_number("11010519491231002X", b"key-one")
    assert a == hash_id_number("11010519491231002X", b"key-one")
    assert a != hash_id_number("11010519491231002X", b"key-two")
    assert len(a) == 64


def test_full_ids_are_found_in_text_but_not_masked_ones_or_longer_numbers():
    assert contains_full_id("当事人身份证号11010519491231002X，住址…")
    assert not contains_full_id("110105********002X")
    assert not contains_full_id("911101085513850821234567")
    assert not contains_full_id("统一社会信用代码91110108551385082Q")


def test_no_log_line_carries_a_full_id_number(caplog):
    import logging

    from xinyong.site import log_privacy

    log_privacy.install()
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info('%s - - "%s" %s', "127.0.0.1",
                                       "GET /search?q=420104198503171238 HTTP/1.1", 200)
    logging.getLogger("gunicorn.access").info("%(r)s", {"r": "GET /search?q=42010419850317123X"})
    assert "420104198503171238" not in caplog.text and "42010419850317123X" not in caplog.text
    assert "420104********1238" in caplog.text and "420104********123X" in caplog.text
