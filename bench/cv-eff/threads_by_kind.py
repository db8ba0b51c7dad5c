"""bench/cv-eff: Polls a JVM's threads (/proc/PID/task) every 0.1 s until it exits; prints the CPU seconds per
thread kind inside the fold pool's lifetime (first to last sample with a cellbook-fold thread)."""
import os,sys,time,json
pid=sys.argv[1]; out=sys.argv[2]
HZ=os.sysconf('SC_CLK_TCK')
def kind(n):
    if n.startswith('C2 '): return 'jit_c2'
    if n.startswith('C1 '): return 'jit_c1'
    if n.startswith('VM Thread'): return 'vm_thread'
    if n.startswith(('G1 Conc','G1 Main')): return 'gc_marking'
    if n.startswith(('G1 Refine','G1 Service')): return 'gc_refine_service'
    if n.startswith(('G1','GC ','ParGC')): return 'gc_workers'
    if n.startswith('cellbook-fold'): return 'fold_workers'
    return 'other'
snaps=[]
while os.path.exists(f'/proc/{pid}'):
    t=time.time(); s={}
    try:
        for tid in os.listdir(f'/proc/{pid}/task'):
            try:
                st=open(f'/proc/{pid}/task/{tid}/stat').read()
            except OSError: continue
            n=st[st.index('(')+1:st.rindex(')')]; f=st[st.rindex(')')+2:].split()
            s[tid]=(n,int(f[11])+int(f[12]))
    except OSError: break
    snaps.append((t,s)); time.sleep(0.1)
idx=[i for i,(t,s) in enumerate(snaps) if any(n.startswith('cellbook-fold') for n,_ in s.values())]
if not idx: json.dump({},open(out,'w')); sys.exit()
a,b=idx[0],idx[-1]
# per-thread ticks: last known value at or before snapshot
def at(i):
    last={}
    for t,s in snaps[:i+1]:
        for tid,v in s.items(): last[tid]=v
    return last
A=at(max(a-1,0)); B=at(b)
res={}
for tid,(n,tk) in B.items():
    k=kind(n); res[k]=res.get(k,0)+(tk-A.get(tid,(n,0))[1])/HZ
res={k:round(v,2) for k,v in sorted(res.items())}
r=dict(pool_window_s=round(snaps[b][0]-snaps[max(a-1,0)][0],2),cpu_s_by_kind=res,cpu_s_total=round(sum(res.values()),2))
json.dump(r,open(out,'w')); print(json.dumps(r))
