"""The assets: raw page files -> extracted tables (validated) -> warehouse tables (loaded in DuckDB).

Every asset is partitioned by page version and runs many pages in one run; the extraction calls
``etl.triage`` and the load calls ``etl.warehouse``, so the logic stays testable without Dagster.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from etl import schemas
from etl.defs.metadata import column_schema, table_metadata
from etl.defs.partitions import pages_partitions, single_run
from etl.defs.resources import PageFilesResource, PublishedWarehouseResource
from etl.page_files import PageTooLarge, by_partition_key
from etl.triage import Rejection, extract_or_reject, rejections_frame
from etl.warehouse import apply_schema, load_page, record_rejection
from etl.warehouse.faults import fault_point
from etl.warehouse.load import WarehouseWriteError, is_storage_error, storage_failure
from etl.warehouse.publish import content_digest

RAW_PAGES = dg.AssetKey("raw_pages")
EXTRACTED = {table: dg.AssetKey(["extracted", table]) for table in [*schemas.TABLES, "rejections"]}
WAREHOUSE = {table: dg.AssetKey(["warehouse", table]) for table in [*schemas.TABLES, "rejected"]}
WRITER_POOL = "duckdb_writer"
EXTRACTED_KINDS = {"polars", "pandera"}

#: A file refused before its bytes were read (too large, unreadable) has no content; read_reason says why.
RAW_SCHEMA = {"source_path": pl.Utf8, "sha256": pl.Utf8, "content": pl.Binary,
              "read_reason": pl.Utf8, "read_detail": pl.Utf8}
OUTCOMES = ("loaded", "unchanged", "duplicate", "rejected")


def _describe(model: type) -> str:
    return (model.__doc__ or "").strip()


@dg.asset(
    key=RAW_PAGES, partitions_def=pages_partitions, backfill_policy=single_run, group_name="pages",
    kinds={"file"}, io_manager_key="frames",
    description="The bytes of each page file in SEEDS_DIR, one partition per file version.",
)
def raw_pages(context: dg.AssetExecutionContext, page_files: PageFilesResource) -> dg.Output:
    groups = by_partition_key(page_files.scan())
    out: dict[str, pl.DataFrame] = {}
    for key in context.partition_keys:
        rows = []
        for page_file in groups.get(key, []):
            try:
                raw = page_files.read(page_file)
            except PageTooLarge as refused:  # refused from its size: the bytes never enter memory
                rows.append({"source_path": page_file.source_path, "sha256": page_file.sha256, "content": None,
                             "read_reason": "too_large", "read_detail": str(refused)})
                continue
            except FileNotFoundError:
                context.log.warning(f"{page_file.source_path}: deleted before it could be read; nothing to do")
                continue
            except OSError as error:  # permissions, I/O errors: refuse this file, carry on with the others
                rows.append({"source_path": page_file.source_path, "sha256": page_file.sha256, "content": None,
                             "read_reason": "unreadable",
                             "read_detail": f"{type(error).__name__}: {error.strerror or error}"})
                continue
            if hashlib.sha256(raw).hexdigest() != page_file.sha256:
                context.log.warning(f"{page_file.source_path}: changed while being read; the next "
                                    "sensor tick picks up the new version")
                continue
            rows.append({"source_path": page_file.source_path, "sha256": page_file.sha256, "content": raw,
                         "read_reason": None, "read_detail": None})
        if not rows:
            context.log.warning(f"{key}: no file in SEEDS_DIR has this content any more; nothing to do")
        out[key] = pl.DataFrame(rows, schema=RAW_SCHEMA)
    files = sum(frame.height for frame in out.values())
    return dg.Output(out, metadata={
        "files": dg.MetadataValue.int(files),
        "bytes": dg.MetadataValue.int(sum(len(c) for f in out.values() for c in f["content"] if c is not None)),
    })


@dg.multi_asset(
    outs={
        **{f"extracted_{table}": dg.AssetOut(
            key=EXTRACTED[table], io_manager_key="frames", description=_describe(model), kinds=EXTRACTED_KINDS,
            metadata={"dagster/column_schema": column_schema(table, loader_columns=False)})
           for table, model in schemas.TABLES.items()},
        "extracted_rejections": dg.AssetOut(
            key=EXTRACTED["rejections"], io_manager_key="frames", kinds=EXTRACTED_KINDS,
            description="Pages the extractor refused or whose rows failed validation, with the reason.",
            metadata={"dagster/column_schema": column_schema("rejected", loader_columns=False)}),
    },
    ins={"raw_pages": dg.AssetIn(RAW_PAGES)},
    partitions_def=pages_partitions, backfill_policy=single_run, group_name="extraction",
)
def extracted_tables(context: dg.AssetExecutionContext,
                     raw_pages: dict[str, pl.DataFrame]) -> Iterator[dg.Output]:
    """Extract each page with ``etl.extract.extract_page``; pages that fail become rejections."""
    per_table = {table: {key: schemas.empty_frame(model) for key in raw_pages}
                 for table, model in schemas.TABLES.items()}
    refused: dict[str, list[Rejection]] = {key: [] for key in raw_pages}
    first_with_sha: dict[str, str] = {}
    # Name order decides which of two byte-identical files is the page and which the duplicate.
    files = sorted(((key, row) for key, frame in raw_pages.items() for row in frame.iter_rows(named=True)),
                   key=lambda item: item[1]["source_path"])
    for key, row in files:
        source_path = row["source_path"]
        if row["read_reason"]:
            verdict = Rejection(source_path, "read", row["read_reason"], row["read_detail"])
            context.log.warning(f"{source_path}: refused at {verdict.stage}: {verdict.reason}: {verdict.detail}")
            refused[key].append(verdict)
            continue
        if row["sha256"] in first_with_sha:
            refused[key].append(Rejection(source_path, "duplicate", "duplicate",
                                          f"byte-identical to {first_with_sha[row['sha256']]}"))
            context.log.info(f"{source_path}: duplicate of {first_with_sha[row['sha256']]}")
            continue
        first_with_sha[row["sha256"]] = source_path
        verdict = extract_or_reject(row["content"], source_path)
        if isinstance(verdict, Rejection):
            context.log.warning(f"{source_path}: refused at {verdict.stage}: {verdict.reason}: {verdict.detail}")
            refused[key].append(verdict)
            continue
        context.log.info(f"{source_path}: extracted " + ", ".join(
            f"{frame.height} {table}" for table, frame in verdict.items() if table != "pages"))
        for table, frame in verdict.items():
            per_table[table][key] = frame
        fault_point("during_extract")
    rejections = {key: rejections_frame(items) for key, items in refused.items()}
    for table in schemas.TABLES:
        combined = _combine(per_table[table], schemas.TABLES[table])
        yield dg.Output(per_table[table], output_name=f"extracted_{table}",
                        metadata=table_metadata(table, combined, loader_columns=False))
    combined = _combine(rejections, schemas.Rejected)
    yield dg.Output(rejections, output_name="extracted_rejections",
                    metadata=table_metadata("rejected", combined, loader_columns=False))


def _combine(frames: dict[str, pl.DataFrame], model: type) -> pl.DataFrame:
    return pl.concat(list(frames.values())) if frames else schemas.empty_frame(model)


@dg.multi_asset(
    specs=[
        *(dg.AssetSpec(WAREHOUSE[table], deps=[EXTRACTED[table]], description=_describe(model),
                       group_name="warehouse", kinds={"duckdb"},
                       metadata={"dagster/column_schema": column_schema(table),
                                 "dagster/table_name": f"warehouse.main.{table}"})
          for table, model in schemas.TABLES.items()),
        dg.AssetSpec(WAREHOUSE["rejected"], deps=[EXTRACTED["rejections"]], group_name="warehouse",
                     kinds={"duckdb"}, description=_describe(schemas.Rejected),
                     metadata={"dagster/column_schema": column_schema("rejected"),
                               "dagster/table_name": "warehouse.main.rejected"}),
    ],
    ins={table: dg.AssetIn(key) for table, key in EXTRACTED.items()},
    partitions_def=pages_partitions, backfill_policy=single_run, pool=WRITER_POOL,
)
def warehouse_tables(context: dg.AssetExecutionContext, warehouse: DuckDBResource,
                     published_warehouse: PublishedWarehouseResource,
                     **extracted: dict[str, pl.DataFrame]) -> Iterator[dg.MaterializeResult]:
    """Load each page in its own transaction (see ``etl.warehouse.load``), rejections as rows, compact
    the private file when reloads left much of it free blocks (``etl.warehouse.compact``), then publish it
    to WAREHOUSE_PATH (see ``etl.warehouse.publish``)."""
    # Work file by file in name order, so which of two identical copies loads is deterministic.
    work: list[tuple[str, Rejection | dict[str, pl.DataFrame]]] = []
    for key in extracted["pages"]:
        for row in extracted["rejections"][key].iter_rows(named=True):
            work.append((row["source_path"], Rejection(**row)))
        page = extracted["pages"][key]
        if page.height:
            work.append((page["source_path"][0], {t: extracted[t][key] for t in schemas.TABLES}))
    Path(warehouse.database).parent.mkdir(parents=True, exist_ok=True)
    counts = dict.fromkeys(OUTCOMES, 0)
    # One writer at a time, whatever started the run (etl/warehouse/lock.py); held until published.
    with published_warehouse.writing(on_wait=context.log.warning):
        published_warehouse.adopt()
        with warehouse.get_connection() as con:
            apply_schema(con)
            for source_path, item in sorted(work, key=lambda w: w[0]):
                if isinstance(item, Rejection):
                    outcome = record_rejection(con, item.source_path, item.stage, item.reason, item.detail)
                else:
                    try:
                        outcome = load_page(con, item)
                    except WarehouseWriteError:
                        raise  # a full disk is not the page's fault: stop, publish nothing
                    except Exception as error:  # e.g. a key clash with rows of a page loaded earlier
                        context.log.error(f"{source_path}: load failed: {error}")
                        outcome = record_rejection(con, source_path, "load", type(error).__name__, str(error))
                counts[outcome] += 1
                context.log.info(f"{source_path}: {outcome}")
            # Table names come from the models, never from data.
            row_counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in WAREHOUSE}
            previews = {t: con.sql(f"SELECT * FROM {t} LIMIT 5").pl() for t in WAREHOUSE}
            try:
                con.execute("CHECKPOINT")  # the file alone, without its WAL, must hold every commit
            except Exception as error:
                if is_storage_error(error):
                    raise storage_failure(con, error, warehouse.database) from error
                raise
            digest = content_digest(con)
        # The connection is closed: the file can be replaced by a compacted copy (same digest).
        compaction = published_warehouse.compact()
        if compaction is not None:
            log = context.log.info if compaction.compacted else context.log.warning
            log(compaction.describe(Path(published_warehouse.private_path)))
        fault_point("before_publish")
        # A compacted file holds the same content as the one published: copy it anyway, so analysts'
        # copy shrinks too instead of keeping the free blocks until the next change.
        if not published_warehouse.publish(digest, force=compaction is not None and compaction.compacted):
            context.log.info("nothing analysts can see changed since the last publish: WAREHOUSE_PATH "
                             "left as it is")
    summary = {"pages_in": len(work), **counts}
    context.instance.add_run_tags(context.run.run_id, {f"etl/{name}": str(n) for name, n in summary.items()})
    context.log.info("pages in {pages_in}: loaded {loaded}, unchanged {unchanged}, duplicate {duplicate}, "
                     "rejected {rejected}".format(**summary))
    for table, key in WAREHOUSE.items():
        metadata = table_metadata(table, previews[table], row_count=row_counts[table])
        if table == "pages":
            metadata |= {name: dg.MetadataValue.int(n) for name, n in summary.items()}
            if compaction is not None and compaction.compacted:
                metadata |= {"compacted_from_bytes": dg.MetadataValue.int(compaction.before_bytes),
                             "compacted_to_bytes": dg.MetadataValue.int(compaction.after_bytes),
                             "compaction_seconds": dg.MetadataValue.float(round(compaction.seconds, 3))}
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)

