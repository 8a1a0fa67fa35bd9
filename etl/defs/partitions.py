"""One dynamic partition per page file version, and how runs address many of them at once."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

pages_partitions = dg.DynamicPartitionsDefinition(name="pages")

#: Many pages (first load, backfill, daily sweep) go through the pipeline as one run, not one per page.
single_run = dg.BackfillPolicy.single_run()


def range_tags(first: str, last: str) -> dict[str, str]:
    """Run tags selecting every partition from ``first`` to ``last`` in the partitions' order."""
    return {ASSET_PARTITION_RANGE_START_TAG: first, ASSET_PARTITION_RANGE_END_TAG: last}


def sync_page_partitions(instance: dg.DagsterInstance, keys: Sequence[str]) -> list[str]:
    """Make the instance's partitions exactly ``keys``: add new ones, drop versions no file has any more.

    Returns the partitions in the instance's order, so ``range_tags(result[0], result[-1])`` is a run
    over all of them.
    """
    wanted = set(keys)
    existing = instance.get_dynamic_partitions(pages_partitions.name)
    stale = [key for key in existing if key not in wanted]
    for key in stale:
        instance.delete_dynamic_partition(pages_partitions.name, key)
    missing = [key for key in dict.fromkeys(keys) if key not in set(existing)]
    if missing:
        instance.add_dynamic_partitions(pages_partitions.name, missing)
    return instance.get_dynamic_partitions(pages_partitions.name)
