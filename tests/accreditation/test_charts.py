"""The server-rendered SVG charts: well-formed, accessible, drawn to scale, escaped."""

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest

from accreditation.charts import Row, Spread, bar_chart, column_chart, spread_chart, text_width

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


def drawn_labels(root):
    """(text as drawn, x where it ends) of each row label."""
    labels = []
    for text in root.iter(f"{SVG}text"):
        if text.get("text-anchor") == "end":
            title = text.find(f"{SVG}title").text
            labels.append(("".join(text.itertext())[len(title) :], float(text.get("x"))))
    return labels


FIELDS_JA = ["デジタル（IT・データサイエンス・AI）", "医療・福祉", "語学"]


@pytest.mark.parametrize("chart", [bar_chart, spread_chart])
def test_the_label_column_is_as_wide_as_the_longest_japanese_label(chart):
    # Given labels whose longest has 16 Japanese characters (1 em each) and 4 Latin letters,
    rows = (
        [Row(label, (1,)) for label in FIELDS_JA]
        if chart is bar_chart
        else [Spread(label, 1.0, 2.0) for label in FIELDS_JA]
    )
    # when they are charted,
    root = parse(chart(rows, chart_id="f", title="t", desc="d"))
    # then each is drawn whole, in a column wide enough for it, bars starting after it.
    labels = drawn_labels(root)
    assert [text for text, _x in labels] == FIELDS_JA
    left = float(bars(root)[0].get("x"))
    assert text_width(FIELDS_JA[0]) == (16 + 0.4 + 0.8 + 0.8 + 0.4) * 12  # "IT", "AI"
    assert left == 221 + 8 + 4  # the widest label, the gap, a margin
    assert all(x == left - 8 for _text, x in labels)


def test_short_labels_leave_the_room_to_the_bars():
    root = parse(bar_chart([Row("JEQF 4", (1,))], chart_id="l", title="t", desc="d"))
    # "JEQF 4" is 51 px: the bars start after it, the gap and a margin (no longer at 190).
    assert float(bars(root)[0].get("x")) == 51 + 8 + 4


def test_a_label_too_long_for_half_the_chart_is_shortened_to_fit():
    name = "グリーン（環境・持続可能性）" * 3
    root = parse(bar_chart([Row(name, (1,))], chart_id="g", title="t", desc="d", width=640))
    ((text, x),) = drawn_labels(root)
    assert text.endswith("…") and name.startswith(text[:-1])
    assert x == int(640 * 0.45) - 8
    assert text_width(text) <= x - 4


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


def test_a_column_chart_labels_periods_no_closer_than_their_labels_are_long():
    # Given 20 quarters, labelled in Japanese (each about 8 em at 12 px),
    rows = [Row(f"{2022 + i // 4}年第{i % 4 + 1}四半期", (i,)) for i in range(20)]
    root = parse(column_chart(rows, chart_id="q", title="t", desc="d", width=640))
    # when charted, then only every 4th is written under the axis, none overlapping,
    base = max(float(t.get("y")) for t in root.iter(f"{SVG}text"))
    axis = [t for t in root.iter(f"{SVG}text") if float(t.get("y")) == base]
    assert [t.text for t in axis] == [rows[i].label for i in (0, 4, 8, 12, 16)]
    xs = [float(t.get("x")) for t in axis]
    gaps = [right - left for left, right in pairwise(xs)]
    assert min(gaps) >= max(text_width(t.text) for t in axis)
    # and every column still names its period in its title.
    titles = [bar.find(f"{SVG}title").text for bar in bars(root)]
    assert titles[3] == "2022年第4四半期: 3"
