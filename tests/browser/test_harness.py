"""The harness itself: axe-core really runs and its findings fail the test, readably."""

import pytest

from tests.browser.helpers import check_a11y

BROKEN = """<!doctype html><html lang="nl"><head><title>Kapot</title></head><body><main>
<h1>Kapot</h1><img src="data:,"><label>Naam</label><input type="text" name="naam">
</main></body></html>"""


def test_check_a11y_fails_with_a_readable_list_of_violations(browser):
    tab = browser.new_page()
    tab.set_content(BROKEN)
    with pytest.raises(AssertionError) as failure:
        check_a11y(tab, "harness broken page")
    report = str(failure.value)
    assert "image-alt (critical)" in report
    assert "label (critical)" in report
    assert 'at input: <input type="text" name="naam"' in report, report
    tab.close()
