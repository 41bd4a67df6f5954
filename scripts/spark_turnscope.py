#!/usr/bin/env python3
"""Score an archive of sessions on Apache Spark: every partition of a session-per-line file
is piped through `turnscope stream` (RDD.pipe), and the answers are saved as text files whose
lines, read in part order, are exactly what `turnscope batch FILE --out results.jsonl` writes.

On a cluster, ship the binary (built for the executors' platform) with the job:

    spark-submit --master yarn --files target/release/turnscope \\
        scripts/spark_turnscope.py hdfs:///archive/sessions.jsonl hdfs:///archive/results

and the default `--bin ./turnscope` finds it in each executor's working directory. In local
mode, give its absolute path: `--bin "$PWD/target/release/turnscope"`.

Input: one session a line (see `turnscope stream --help`); `turnscope pack archive/ -o
sessions.jsonl` makes it from a folder of transcripts in any format. Output: one result
document a line, in input order; a bad line is answered by {"error": ..., "line": N} in its
place, N counting within its partition. A line made by `turnscope pack` names its file, and
its document is the one `turnscope batch` writes for that file."""
import argparse
import shlex

from pyspark.sql import SparkSession


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="session-per-line file(s), any path Spark reads")
    ap.add_argument("output", help="folder for the result part files (must not exist)")
    ap.add_argument("--bin", default="./turnscope", help="the turnscope binary on the executors")
    ap.add_argument("--source", help="session.source of each document whose line names no "
                    "source (default: the input path)")
    ap.add_argument("--partitions", type=int, help="minimum number of partitions")
    ap.add_argument("--threads", type=int, default=1,
                    help="turnscope threads per partition (Spark already runs one task per core)")
    a = ap.parse_args()

    spark = SparkSession.builder.appName("turnscope").getOrCreate()
    sc = spark.sparkContext
    lines = sc.textFile(a.input, minPartitions=a.partitions) if a.partitions else sc.textFile(a.input)
    command = [a.bin, "stream", "--threads", str(a.threads), "--source", a.source or a.input]
    results = lines.pipe(" ".join(shlex.quote(c) for c in command), checkCode=True)
    results.saveAsTextFile(a.output)
    spark.stop()


if __name__ == "__main__":
    main()
