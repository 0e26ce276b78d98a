"""The server-rendered SVG charts: well-formed, accessible, drawn to scale, escaped."""

import xml.etree.ElementTree as ET

import pytest

from accreditation.charts import Row, Spread, bar_chart, spread_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def bars(root):
    return root.findall(f".//{SVG}rect[@class='bar']")


def test_a_bar_chart_is_valid_svg_with_a_title_and_description():
    root = parse(
        bar_chart(
            [Row("Submitted", (3,)), Row("In review", (6,))],
            chart_id="states",
            title="Cases by state",
            desc="Number of cases in each state.",
        )
    )
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "states-title states-desc"
    assert root.find(f"{SVG}title").text == "Cases by state"
    assert root.find(f"{SVG}desc").text == "Number of cases in each state."
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "SubmittedSubmitted" in texts  # label, with its full text as <title>
    assert {"3", "6"} <= set(texts)  # every value is written out too


def test_bar_lengths_are_proportional_to_the_values():
    root = parse(
        bar_chart(
            [Row("a", (2,)), Row("b", (8,)), Row("c", (0,)), Row("d", (5,))],
            chart_id="c",
            title="t",
            desc="d",
        )
    )
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert widths[2] == 0
    assert widths[1] == pytest.approx(4 * widths[0])
    assert widths[3] == pytest.approx(2.5 * widths[0])
    assert widths[1] == max(widths)


def test_grouped_bars_share_one_scale_and_name_their_series():
    root = parse(
        bar_chart(
            [Row("Ann", (4, 2, 1)), Row("Bob", (8, 0, 0))],
            chart_id="w",
            title="t",
            desc="d",
            series=["Invited", "Accepted", "Submitted"],
        )
    )
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert len(widths) == 6
    assert widths[3] == pytest.approx(2 * widths[0]) == pytest.approx(4 * widths[1])
    titles = [rect.find(f"{SVG}title").text for rect in bars(root)]
    assert titles[1] == "Ann: Accepted: 2"
    legend = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert {"Invited", "Accepted", "Submitted"} <= set(legend)


def test_an_empty_or_all_zero_chart_still_parses():
    parse(bar_chart([], chart_id="e", title="t", desc="d"))
    root = parse(bar_chart([Row("a", (0,))], chart_id="z", title="t", desc="d"))
    assert float(bars(root)[0].get("width")) == 0


def test_labels_are_escaped_and_long_ones_shortened():
    name = "<script>alert('x')</script> & a very long reviewer name indeed"
    markup = str(bar_chart([Row(name, (1,))], chart_id="x", title="<b>", desc="&"))
    assert "<script>" not in markup
    root = parse(markup)
    label = root.find(f".//{SVG}text")
    assert label.find(f"{SVG}title").text == name  # the full name, escaped, for the tooltip
    assert "".join(label.itertext()).endswith("…")


def test_a_spread_chart_draws_the_median_bar_and_the_p90_whisker_to_scale():
    root = parse(
        spread_chart(
            [
                Spread("Submitted", 2.0, 10.0),
                Spread("In review", 10.0, 20.0),
                Spread("Draft", None, None),
            ],
            chart_id="time",
            title="Time in state",
            desc="Median and 90th percentile, in days.",
            unit=" d",
        )
    )
    medians = [float(rect.get("width")) for rect in bars(root)]
    assert len(medians) == 2  # no bar for a state without data
    assert medians[1] == pytest.approx(5 * medians[0])
    whiskers = root.findall(f".//{SVG}line[@class='whisker']")
    ends = [float(line.get("x2")) - float(line.get("x1")) for line in whiskers]
    # Submitted: median 2 → p90 10, i.e. 8 units; In review: 10 → 20, 10 units.
    assert ends[1] == pytest.approx(ends[0] * 10 / 8)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "2.0 / 10.0 d" in texts
    assert "–" in texts
