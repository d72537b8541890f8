"""Competition ranking in one sort: ties share a rank, the next rank skips."""

from clusterzone.core.ranking import competition_ranks


def test_ties_share_and_the_next_skips():
    assert competition_ranks({"a": 90, "b": 80, "c": 80, "d": 70}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_lower_is_better():
    assert competition_ranks({"a": 3, "b": 1, "c": 1}, lower=True) == {"a": 3, "b": 1, "c": 1}


def test_large_groups_agree_with_counting_the_better_values():
    values = {i: (i * 7919) % 613 for i in range(3000)}
    ranks = competition_ranks(values)
    for k in (0, 1, 17, 2999):
        assert ranks[k] == 1 + sum(1 for v in values.values() if v > values[k])
