"""Chart axes read right: ticks on round numbers, labels with the decimals they need."""

from __future__ import annotations

import re

from ..charts import Chart, Series, _axis


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#0b0c0c">([^<]+)</text>', svg)


def test_a_quarter_is_labelled_0_25_not_0_2():
    chart = Chart("k", "Rate", "d", "bar", "t", ["A", "B"], [Series("s", [0.6, 0.9])])
    assert _tick_labels(chart.svg) == ["0.00", "0.25", "0.50", "0.75", "1.00"]


def test_counts_get_whole_number_ticks_with_thousands():
    chart = Chart("k", "Count", "d", "bar", "t", ["A"], [Series("s", [7300.0])])
    assert _tick_labels(chart.svg) == ["0", "2,000", "4,000", "6,000", "8,000"]


def test_percent_axis():
    chart = Chart(
        "k", "Share", "d", "line", "t", ["A", "B"], [Series("s", [0.12, 0.3])], percent=True
    )
    assert _tick_labels(chart.svg) == ["0%", "10%", "20%", "30%"]


def test_axis_steps_are_round():
    assert _axis(0.9) == (1.0, 0.25, 2)
    assert _axis(37) == (40, 10, 0)
    assert _axis(3) == (3, 1, 0)
