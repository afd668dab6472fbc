#!/usr/bin/env bash
# Narrate a site as N shards at once with GNU parallel.  Every shard is
# given all the articles and narrates its own share (tutur narrate
# --shard I/N: by a hash of each article's output name); all write into
# one output folder, and a re-run skips what is up to date.
#
#   examples/scale-out/parallel.sh N OUT ARTICLE_OR_FOLDER...
#
# On one machine, N is its number of cores.  Across machines that share
# OUT (and, to reuse rendered speech, the cache: XDG_CACHE_HOME) on a
# network file system, add --sshlogin to the parallel command.
# Afterwards, `tutur feed OUT` lists every shard's narrations.
set -euo pipefail
tutur=${TUTUR:-tutur}
[ $# -ge 3 ] || { echo "usage: $0 N OUT ARTICLE_OR_FOLDER..." >&2; exit 2; }
n=$1 out=$2
shift 2
seq 1 "$n" | parallel --will-cite --halt now,fail=1 --line-buffer \
    "$tutur" narrate -q -j 1 --shard {}/"$n" -o "$out" "$@"
