"""Citation counts and PageRank of every work of an OpenAlex snapshot, with Spark DataFrames.

For snapshots beyond one machine (a whole discipline: tens of millions of works, hundreds of millions of
citations). Reads the same gzipped JSON Lines partitions as `graphx.snapshot` (the newest copy of a work
winning), keeps the citations between works of the snapshot, and iterates PageRank exactly as the one-machine
path does (damping 0.85, a dangling work's share spread evenly, until the summed change is below the
tolerance), so both give the same ranks. Writes Parquet with columns ``id, citations, pagerank``, which
``graphx snapshot FOLDER --ranks OUT`` reads to build the page of the top works.

This file runs on its own under spark-submit (it imports nothing from graphx), so a cluster needs only PySpark:

    spark-submit --master yarn graphx/spark/ranks.py "s3://bucket/openalex/data/works/*/*.gz" s3://bucket/ranks

or from graphx, locally: ``graphx spark FOLDER --out DIR`` (``local[2]``).
"""
from __future__ import annotations

import sys

DAMPING = 0.85
CHECKPOINT_EVERY = 1  # cut the plan's lineage each iteration, or it grows with every join


def snapshot_citations(spark, glob: str):
    """(works with column id, citations with columns citing, cited): ids as W-numbers, pairs distinct."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    schema = StructType([StructField("id", StringType()), StructField("referenced_works", ArrayType(StringType()))])

    def short(column):
        return F.upper(F.regexp_extract(column, r"[^/]+$", 0))

    raw = (spark.read.schema(schema).json(glob).where(F.col("id").isNotNull())
           .withColumn("file", F.input_file_name()).withColumn("id", short(F.col("id"))))
    newest = Window.partitionBy("id").orderBy(F.col("file").desc())
    latest = raw.withColumn("copy", F.row_number().over(newest)).where("copy = 1").drop("copy", "file")
    works = latest.select("id").cache()
    references = latest.select(F.col("id").alias("citing"), F.explode("referenced_works").alias("cited")).withColumn(
        "cited", short(F.col("cited"))
    )
    citations = (references.join(works.withColumnRenamed("id", "cited"), "cited").where("citing <> cited")
                 .select("citing", "cited").distinct().cache())
    return works, citations


def pagerank(works, citations, tolerance: float = 1e-10, max_iterations: int = 1000):
    """(ranks DataFrame id, pagerank; iterations run) by power iteration over DataFrames."""
    from pyspark.sql import functions as F

    count = works.count()
    out_degree = citations.groupBy("citing").agg(F.count("*").alias("out_degree"))
    weighted = citations.join(out_degree, "citing").select("citing", "cited", (1.0 / F.col("out_degree")).alias("share")).cache()
    dangling = works.join(out_degree.withColumnRenamed("citing", "id"), "id", "left_anti").cache()
    ranks = works.select("id", F.lit(1.0 / count).alias("rank")).localCheckpoint()
    iterations = 0
    for _ in range(max_iterations):
        iterations += 1
        dangling_mass = ranks.join(dangling, "id").agg(F.sum("rank")).first()[0] or 0.0
        received = (weighted.join(ranks.withColumnRenamed("id", "citing"), "citing")
                    .groupBy("cited").agg(F.sum(F.col("share") * F.col("rank")).alias("received")))
        updated = (
            works.join(received.withColumnRenamed("cited", "id"), "id", "left")
            .select("id", ((1.0 - DAMPING) / count + DAMPING * (F.coalesce("received", F.lit(0.0)) + dangling_mass / count)).alias("rank"))
            .localCheckpoint()
        )
        change = (
            updated.join(ranks.withColumnRenamed("rank", "previous"), "id").agg(F.sum(F.abs(F.col("rank") - F.col("previous")))).first()[0]
        )
        ranks = updated
        if change < tolerance:
            break
    total = ranks.agg(F.sum("rank")).first()[0]
    return ranks.select("id", (F.col("rank") / total).alias("pagerank")), iterations


def compute(spark, glob: str, out: str, tolerance: float = 1e-10) -> dict:
    """Read the snapshot at `glob`, rank every work, write Parquet to `out`; a summary dict."""
    from pyspark.sql import functions as F

    works, citations = snapshot_citations(spark, glob)
    ranks, iterations = pagerank(works, citations, tolerance)
    received = citations.groupBy(F.col("cited").alias("id")).agg(F.count("*").alias("citations"))
    table = ranks.join(received, "id", "left").select("id", F.coalesce("citations", F.lit(0)).cast("long").alias("citations"), "pagerank")
    table.orderBy(F.col("pagerank").desc(), "id").write.mode("overwrite").parquet(out)
    return {"works": works.count(), "citations": citations.count(), "iterations": iterations}


def run_local(glob: str, out, master: str = "local[2]", tolerance: float = 1e-10) -> dict:
    """`compute` in a Spark session started here (``graphx spark``); SetupError without PySpark or Java."""
    from graphx.errors import SetupError

    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SetupError('graphx spark needs PySpark: pip install "graphx[spark]" (and Java 17)') from error
    try:
        spark = (SparkSession.builder.master(master).appName("graphx-ranks")
                 .config("spark.sql.shuffle.partitions", "4").config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.driver.memory", "2g").getOrCreate())
    except Exception as error:  # pyspark reports a missing or wrong Java as a bare runtime error
        raise SetupError(f"Spark could not start ({str(error).splitlines()[0]}); it needs Java 17 on PATH or JAVA_HOME") from error
    spark.sparkContext.setLogLevel("ERROR")
    try:
        return compute(spark, glob, str(out), tolerance)
    finally:
        spark.stop()


def main(argv: list[str]) -> None:
    """spark-submit entry point: ranks.py WORKS_GLOB OUT [TOLERANCE]."""
    from pyspark.sql import SparkSession

    if len(argv) < 2:
        sys.exit("usage: spark-submit ranks.py WORKS_GLOB OUT [TOLERANCE]")
    spark = SparkSession.builder.appName("graphx-ranks").getOrCreate()
    try:
        summary = compute(spark, argv[0], argv[1], float(argv[2]) if len(argv) > 2 else 1e-10)
    finally:
        spark.stop()
    print(f"graphx-ranks: {summary['works']} works, {summary['citations']} citations, {summary['iterations']} iterations → {argv[1]}")


if __name__ == "__main__":
    main(sys.argv[1:])
