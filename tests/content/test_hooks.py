"""The hooks other apps attach through: one name each, one way to collect what they answer."""

import re
from pathlib import Path

from wagtail import hooks as wagtail_hooks

from content import hooks

TEST_HOOK = "gongzhi_test_only"


def test_fragments_are_the_non_empty_answers_in_hook_order():
    with wagtail_hooks.register_temporarily(TEST_HOOK, lambda obj, request: f"<p>{obj} late</p>", order=20), \
            wagtail_hooks.register_temporarily(TEST_HOOK, lambda obj, request: None, order=10), \
            wagtail_hooks.register_temporarily(TEST_HOOK, lambda obj, request: f"<p>{obj} early</p>", order=0):
        assert hooks.fragments(TEST_HOOK, "街道", None) == ["<p>街道 early</p>", "<p>街道 late</p>"]


def test_items_joins_every_answer_in_hook_order():
    with wagtail_hooks.register_temporarily(TEST_HOOK, lambda request: [("二", "/2/"), ("三", "/3/")], order=10), \
            wagtail_hooks.register_temporarily(TEST_HOOK, lambda request: None, order=5), \
            wagtail_hooks.register_temporarily(TEST_HOOK, lambda request: [("一", "/1/")], order=0):
        assert hooks.items(TEST_HOOK, None) == [("一", "/1/"), ("二", "/2/"), ("三", "/3/")]


def test_nothing_registered_collects_nothing():
    assert hooks.fragments(TEST_HOOK) == [] and hooks.items(TEST_HOOK) == []


def test_the_readme_hook_table_names_exactly_the_hooks():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    in_table = set(re.findall(r"^\| `(gongzhi_\w+)` \|", readme, flags=re.MULTILINE))
    defined = {value for name, value in vars(hooks).items() if name.isupper() and value.startswith("gongzhi_")}
    assert in_table == defined
