#!/usr/bin/env bash
# bench/cv-eff/run.sh BUILD WORKERS LABEL [extra java opts...]: one notebook run of the reference
# cohort (issue 10) from a cache holding every step but the fold tasks, so only nested_cv computes,
# with the build $CV_EFF/builds/BUILD (cellbook.jar, lib/, jvm-flags.txt, cellbook-notebook.aot:
# see mkbuild.sh), while threads_by_kind.py samples the JVM's threads. Prints one JSON line.
# Needs $CV_EFF/config.yaml (the reference config with its own results_dir) and $CV_EFF/base-cache
# (a copy of the reference run's cache without its model/ section). See README.md.
set -euo pipefail
CV_EFF="${CV_EFF:-/tmp/cv-eff}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BN=$1; B=$CV_EFF/builds/$1; W=$2; L=$3; shift 3
OUT=$CV_EFF/runs/$L; rm -rf "$OUT"; mkdir -p "$OUT"
cp -al $CV_EFF/base-cache "$OUT/cache"; rm "$OUT/cache/fingerprints.json"; cp $CV_EFF/base-cache/fingerprints.json "$OUT/cache/"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
AOT=(); [[ -f $B/cellbook-notebook.aot ]] && AOT=(-XX:AOTCache=$B/cellbook-notebook.aot -Xlog:aot=off -Xlog:cds=off)
cd "$ROOT"
L0=$(cut -d' ' -f1-3 /proc/loadavg)
S0=$(awk '{print $14+$15}' /proc/self/stat)
( while ! P=$(pgrep -f -- "^/usr/lib/jvm/temurin-25-jdk-amd64/bin/java .*--cache-dir $OUT/cache" | head -1); do sleep 0.05; done; python3 "$(dirname "$0")/threads_by_kind.py" $P "$OUT/threads.json" >/dev/null ) &
SP=$!
/usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" env CELLBOOK_ROOT="$ROOT" DJL_OFFLINE=true OPT_OUT_TRACKING=true \
  $J $(cat $B/jvm-flags.txt) "${AOT[@]}" "$@" -jar $B/cellbook.jar run notebooks/tcr-response/tcr-response.ipynb \
  -f $CV_EFF/config.yaml --cache-dir "$OUT/cache" --executor threads --workers $W \
  --output "$OUT/out.ipynb" --manifest "$OUT/manifest.json" > "$OUT/log.txt" 2>&1
wait $SP
L1=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$OUT" "$L0" "$L1" "$W" "$BN" <<'PY'
import json,sys
out,l0,l1,w,b=sys.argv[1:]
m=json.load(open(out+'/manifest.json'))
cv=[s for s in m['steps'] if s['id']=='nested_cv'][0]['seconds']
ft=[s for s in m['steps'] if s['id'].startswith('fold_task')]
e,u,s,rss=open(out+'/time.txt').read().split()[-4:]
th=json.load(open(out+'/threads.json'))
r=dict(build=b,workers=int(w),nested_cv_s=round(cv,3),fold_task_s_sum=round(sum(x['seconds'] for x in ft),3),n_fold_tasks=len(ft),
 computed=sum(1 for x in ft if not x['cache_hit']),wall_s=float(e),cpu_s=round(float(u)+float(s),2),load_before=l0,load_after=l1,fold_pool=th)
print(json.dumps(r))
json.dump(r,open(out+'/summary.json','w'))
PY
rm -rf "$OUT/cache"
