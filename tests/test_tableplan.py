"""Packing a leaders table's groups into side-by-side columns: whole groups first, run-ons under a repeated name."""

from __future__ import annotations

from collateral.compose.tableplan import TITLE, Plan, Row, fill_columns, partition


def _plan(*group_sizes: int) -> Plan:
    rows = tuple(tuple(Row(1, ("x",)) for _ in range(n)) for n in group_sizes)
    return Plan(1.0, 100.0, (40.0, 30.0, 30.0), (), rows, line=10.0, air=0.0)


def _items(plan: Plan) -> list:
    return [i for g, rows in enumerate(plan.rows) for i in [(g, TITLE)] + [(g, r) for r in range(len(rows))]]


def test_whole_groups_are_shared_out_so_the_tallest_column_is_as_short_as_can_be():
    assert partition([5, 5, 5, 5], 2) == ((0, 1), (2, 3))
    assert partition([9, 1, 1, 1, 1, 1], 2) == ((0,), (1, 2, 3, 4, 5))
    assert partition([3, 3], 4) == ((0,), (1,))  # never more columns than groups
    assert partition([], 3) == ()


def test_a_group_runs_on_into_the_next_column_under_its_name_again():
    plan = _plan(4, 4)  # two groups of a name and 4 rows, a line each
    cols = fill_columns(plan, _items(plan), height=50.0, titled=True)  # a header and 4 lines per column
    t = TITLE
    assert cols == [[(0, t), (0, 0), (0, 1), (0, 2)],
                    [(0, t), (0, 3), (1, t), (1, 0)],  # group 0 runs on under its name
                    [(1, t), (1, 1), (1, 2), (1, 3)]]
    assert all(plan.column_height(tuple(col)) <= 50.0 for col in cols)


def test_a_name_never_stands_alone_at_the_foot_of_a_column():
    plan = _plan(3, 3)
    cols = fill_columns(plan, _items(plan), height=60.0, titled=True)  # 5 lines: group 0 and then 1's name fit
    assert cols == [[(0, TITLE), (0, 0), (0, 1), (0, 2)], [(1, TITLE), (1, 0), (1, 1), (1, 2)]]


def test_a_row_taller_than_a_column_cannot_be_packed():
    plan = Plan(1.0, 100.0, (40.0, 30.0, 30.0), (), ((Row(9, ("x",)),),), line=10.0, air=0.0)
    assert fill_columns(plan, _items(plan), height=50.0, titled=True) is None
