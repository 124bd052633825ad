"""axe-core's accessibility check of an open tab: the violations of impact serious or critical, in words.

The script is a test asset (`tests/browser/assets/axe-core/`, its README says how to update it); the app never
serves it. It is run by the browser's own evaluation, which the page's Content-Security-Policy does not govern,
so the pages are checked under the very policy they are served with.
"""
import pathlib

AXE = pathlib.Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
SERIOUS = ["serious", "critical"]
RUN = """async (impacts) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))}));
}"""


def serious_violations(page):
    """What axe finds serious or critical on the page open in `page` (a tests.browser.fixtures.Page), one line each
    with the first few elements and why, so a failing assertion names them."""
    tab = page.tab
    if not tab.evaluate("typeof window.axe === 'object'"):
        tab.evaluate(AXE.read_text(encoding="utf-8"))
    return [f"{v['id']} ({v['impact']}) {v['help']}: " + " | ".join(v["nodes"]) for v in tab.evaluate(RUN, SERIOUS)]
