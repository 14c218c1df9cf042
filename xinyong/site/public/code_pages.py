"""The 404 page for /credit/<code> when the code fails its check characters: it says so and
offers the existing subjects one typing slip away (records/display/code_suggestions.py)."""

from __future__ import annotations

from flask import render_template
from sqlalchemy.orm import Session

from xinyong.records.display.code_suggestions import code_suggestions, looks_like_mistyped_uscc
from xinyong.records.pii import mask_id_number, mask_ids_in_text


def code_not_found(session: Session, code: str):
    # What was typed is echoed masked when it could be someone's ID number, even mistyped
    # (mostly digits: 4201…X1 is an ID with two characters swapped).
    digits = sum(c.isdigit() for c in code)
    shown = mask_id_number(code[:18]) if digits >= 15 else mask_ids_in_text(code[:40], check_digit=False)
    mistyped = looks_like_mistyped_uscc(code)
    suggestions = code_suggestions(session, code) if mistyped else []
    return render_template(
        "profiles/code_not_found.html", shown=shown, mistyped=mistyped, suggestions=suggestions
    ), 404
