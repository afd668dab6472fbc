#!/usr/bin/env bash
# Many machines (issue 15): the shards of a site, run through the two
# recipes of examples/scale-out/ (GNU parallel, and a Slurm array job on
# a one-node Slurm cluster this test starts and stops), give the same
# files as one run, and `tutur feed` lists them all.
. "$(dirname "$0")/lib.sh"
recipes="$SOURCE_ROOT/examples/scale-out"
export TUTUR
mkdir site
for n in satu dua tiga empat lima enam tujuh delapan; do
    printf 'Berita %s\n\nHarga beras di pasar %s naik pekan ini.\n\nPedagang berharap harga turun lagi.\n' "$n" "$n" >site/$n.txt
done
XDG_CACHE_HOME="$SCRATCH/cache-one" "$TUTUR" narrate -q -j 1 -o one/ site || fail "one run"
# DIR: the same narrations as the one run: the same names, each with the
# same chapters and length (to 5 ms; not byte for byte: a segment the
# cache shares between articles was synthesized after another article's
# text, and espeak-ng's output depends slightly on what it said before)
same_as_one() {
    local d=$1 f
    [ "$(cd one && ls *.opus *.tutur.json)" = "$(cd "$d" && ls *.opus *.tutur.json)" ] || return 1
    for f in one/*.opus; do
        /usr/bin/python3 - "$f" "$d/${f#one/}" <<'PY' || return 1
import json, subprocess, sys
def probe(p):
    r = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", p],
                       capture_output=True, text=True, check=True)
    j = json.loads(r.stdout)
    return float(j["format"]["duration"]), [c["tags"]["title"] for c in j["chapters"]]
(a, ca), (b, cb) = probe(sys.argv[1]), probe(sys.argv[2])
sys.exit(0 if ca == cb and abs(a - b) <= 0.005 else 1)
PY
    done
}
feed_items() { # DIR: how many items tutur feed lists
    "$TUTUR" feed --base-url https://example.org/narasi/ "$1" >/dev/null 2>&1 \
        && /usr/bin/python3 -c 'import feedparser, sys; print(len(feedparser.parse(sys.argv[1]).entries))' "$1/feed.xml"
}

# shards: every article in exactly one, by its name
for i in 1 2 3; do
    "$TUTUR" narrate --shard $i/3 --no-cache -j 1 -o "s3-$i/" site 2>"s3-$i.log" || fail "shard $i/3: $(cat s3-$i.log)"
done
all=$(ls s3-1/*.opus s3-2/*.opus s3-3/*.opus 2>/dev/null | xargs -n1 basename | sort | tr '\n' ' ')
[ "$all" = "$(cd one && ls *.opus | sort | tr '\n' ' ')" ] && pass "3 shards narrate each article once: $(for i in 1 2 3; do ls s3-$i/*.opus | wc -l; done | tr '\n' ' ')" \
    || fail "shards: $all"
grep -q 'left to other shards' s3-1.log && pass "a shard says what it left: $(tail -1 s3-1.log)" || fail "shard summary: $(cat s3-1.log)"
# an article added moves few others from their shard
"$TUTUR" narrate -q --no-cache -j 1 --shard 1/2 -o before/ site && ls before | grep opus >before.txt
mkdir site2 && cp site/* site2/
printf 'Berita baru\n\nSebuah berita baru tentang harga cabai yang naik tajam.\n' >site2/baru.txt
"$TUTUR" narrate -q --no-cache -j 1 --shard 1/2 -o after/ site2 && ls after | grep opus | grep -v baru >after.txt
moved=$(comm -3 before.txt after.txt | wc -l)
[ "$moved" -le 2 ] && pass "one article added: $moved of 8 moved shard" || fail "adding one article moved $moved: $(comm -3 before.txt after.txt | tr '\n' ' ')"
"$TUTUR" narrate --shard 0/3 site 2>bad.log; rc=$?
[ $rc = 2 ] && grep -q 'shard 0/3' bad.log && pass "a shard out of range is a usage error" || fail "--shard 0/3: rc $rc $(cat bad.log)"
env -u SLURM_ARRAY_TASK_ID "$TUTUR" narrate --shard slurm site 2>bad.log; rc=$?
[ $rc = 2 ] && grep -q 'not in a Slurm array job' bad.log && pass "--shard slurm outside Slurm: $(cat bad.log)" || fail "slurm outside: rc $rc $(cat bad.log)"
JOB_COMPLETION_INDEX=1 "$TUTUR" narrate -q --no-cache -j 1 --shard k8s/3 -o k8s/ site && \
    [ "$(ls k8s | grep -c opus)" = "$(ls s3-2 | grep -c opus)" ] && pass "--shard k8s/3 with JOB_COMPLETION_INDEX=1 is shard 2/3" || fail "k8s shard"

# GNU parallel: two shards at once into one folder
XDG_CACHE_HOME="$SCRATCH/cache-par" "$recipes/parallel.sh" 2 par/ site 2>par.log || fail "parallel.sh: $(cat par.log)"
same_as_one par && pass "GNU parallel, 2 shards: the same $(ls par/*.opus | wc -l) narrations as one run" \
    || fail "parallel: $(ls par | tr '\n' ' ')"
[ "$(feed_items par)" = 8 ] && pass "tutur feed lists all 8" || fail "feed of par: $(feed_items par)"
XDG_CACHE_HOME="$SCRATCH/cache-par" "$recipes/parallel.sh" 2 par/ site 2>par2.log \
    && [ -z "$(find par -name '*.opus' -newer par/feed.xml)" ] && pass "run again: nothing narrated" || fail "parallel again"

# Slurm: a one-node cluster of this machine, started here
if [ "$(id -u)" != 0 ]; then
    echo "skip: the Slurm array job needs root (slurmd runs jobs as their user)"
    finish
fi
S="$SCRATCH/slurm"
mkdir -p "$S/munge" "$S/state" "$S/spool" "$S/log"
chmod 700 "$S/munge"
head -c 128 /dev/urandom >"$S/munge/munge.key"
chmod 400 "$S/munge/munge.key"
stop_cluster() {
    for p in "$S/slurmctld.pid" "$S/slurmd.pid" "$S/munge/munged.pid"; do
        [ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null
    done
    sleep 1
}
trap 'stop_cluster; rm -rf "$SCRATCH"' EXIT
munged --force --socket="$S/munge/munge.sock" --key-file="$S/munge/munge.key" \
    --pid-file="$S/munge/munged.pid" --log-file="$S/munge/munged.log" --seed-file="$S/munge/seed" \
    || fail "munged: $(cat "$S/munge/munged.log")"
port=$((20000 + RANDOM % 20000))
node=$(hostname -s)
cat >"$S/slurm.conf" <<CONF
ClusterName=tuturtest
SlurmctldHost=$node
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/log/slurmctld.log
SlurmdLogFile=$S/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
slurmctld -i && slurmd || fail "slurm daemons: $(tail -5 "$S"/log/*.log)"
for _ in $(seq 1 30); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && break
    sleep 1
done
sinfo -h -o %T | grep -q idle && pass "a one-node Slurm cluster: $(sinfo -h -o '%P %D %T %N')" || fail "slurm node: $(sinfo 2>&1; tail -5 "$S"/log/*.log)"
XDG_CACHE_HOME="$SCRATCH/cache-slurm" timeout 300 sbatch --wait --array=0-1 -o "$SCRATCH/slurm-%a.log" \
    "$recipes/slurm.sbatch" "$SCRATCH/sl/" "$SCRATCH/site" >sbatch.log 2>&1 \
    || fail "sbatch: $(cat sbatch.log) $(cat slurm-*.log 2>/dev/null)"
same_as_one sl && pass "Slurm array of 2 tasks: the same $(ls sl/*.opus | wc -l) narrations as one run" \
    || fail "slurm: $(ls sl 2>&1 | tr '\n' ' ') $(cat slurm-*.log 2>/dev/null)"
[ "$(feed_items sl)" = 8 ] && pass "tutur feed lists all 8" || fail "feed of sl: $(feed_items sl)"
finish
