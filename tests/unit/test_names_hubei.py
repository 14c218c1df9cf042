"""The benchmark's second name generator stays independent of what it measures."""

import ast
from pathlib import Path

from bench import names_hubei
from xinyong.records.demo import names as demo

SOURCE = Path(names_hubei.__file__).read_text(encoding="utf-8")


def test_imports_nothing_from_the_project() -> None:
    tree = ast.parse(SOURCE)
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not [m for m in modules if m.startswith(("xinyong", "bench"))]


def test_word_lists_share_nothing_with_the_demo_generator() -> None:
    demo_trades = {t for trades in demo.TRADES.values() for t in trades} | set(demo.SHOPS)
    assert not demo_trades & {*names_hubei.TRADES, *names_hubei.SHOP_TRADES}
    # No brand could have been drawn by the demo generator (its brands are pairs and triples
    # of its own brand characters).
    assert not [b for b in names_hubei.BRANDS if set(b) <= set(demo.BRAND_CHARS)]
    assert not set(names_hubei.OWNER_SURNAMES) & set(demo.SURNAMES)


def test_covers_every_prefecture_and_county_of_hubei() -> None:
    assert len(names_hubei.PREFECTURES) == 17  # 12 cities, 1 autonomous prefecture, 4 direct
    # 103 county-level divisions: 99 under a prefecture, and 仙桃, 潜江, 天门, 神农架林区,
    # administered by the province directly
    direct = [p for p, counties in names_hubei.PREFECTURES.items() if not counties]
    assert sum(len(c) for c in names_hubei.PREFECTURES.values()) + len(direct) == 103
    generated = names_hubei.names(2000)
    assert len({n.name for n in generated}) == 2000
    text = "".join(n.name for n in generated)
    for mark in ("（个体工商户）", "合作社", "合伙企业（有限合伙）", "（集团）", "分公司", "分店", "镇"):
        assert mark in text
    for n in generated:  # labels are the generator's own parts, in the name as written
        assert n.brand + n.trade in n.name
