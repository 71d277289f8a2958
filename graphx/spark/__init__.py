"""Whole-snapshot ranks on Apache Spark (`graphx.spark.ranks`); needs the ``spark`` extra and Java 17."""
