#!/bin/bash
# A throw-away single-node Slurm cluster for tests (Debian 12: slurmctld, slurmd, slurm-client, munge; no systemd).
# usage: single-node.sh start|stop DIR [CTLD_PORT SLURMD_PORT]
# All state lives in DIR; clients and jobs find the cluster through SLURM_CONF=DIR/etc/slurm.conf. The ports are
# arguments so that two test runs on one host do not collide. Adapted from a recipe measured on this project's
# 2-core build machines: start ~1 s, a 4-task array ~2 s. cred_expire is 10 s (default 120): a requeued task
# waits cred_expire + 1 s before it can start again.
set -euo pipefail
cmd=${1:?usage: single-node.sh start|stop DIR [CTLD_PORT SLURMD_PORT]}
D=${2:?state directory}
CTLD_PORT=${3:-6817}
SLURMD_PORT=${4:-6818}
export SLURM_CONF=$D/etc/slurm.conf
MSOCK=$D/munge/munge.socket.2

start() {
  rm -rf "$D"; mkdir -p "$D"/{etc,state,spool,run,log,munge}
  chmod 755 "$D" "$D/munge"                  # munged: the socket's directory must be o+x
  mungekey --create --keyfile="$D/munge/munge.key"
  local H MEM
  H=$(hostname -s)
  MEM=$(( $(free -m | awk '/^Mem:/{print $2}') - 1024 ))
  cat > "$SLURM_CONF" <<CONF
ClusterName=ci
SlurmctldHost=$H(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MSOCK,cred_expire=10
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/run/slurmctld.pid
SlurmdPidFile=$D/run/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_interval=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
NodeName=$H NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$MEM State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  munged -F --key-file="$D/munge/munge.key" --socket="$MSOCK" \
    --pid-file="$D/munge/munged.pid" --seed-file="$D/munge/munged.seed" \
    >"$D/log/munged.out" 2>&1 </dev/null &
  echo $! > "$D/run/munged.bgpid"
  for _ in $(seq 100); do [ -S "$MSOCK" ] && break; sleep 0.1; done
  slurmctld -D -i >"$D/log/slurmctld.out" 2>&1 </dev/null &
  echo $! > "$D/run/slurmctld.bgpid"
  slurmd -D -N "$H" >"$D/log/slurmd.out" 2>&1 </dev/null &
  echo $! > "$D/run/slurmd.bgpid"
  for _ in $(seq 150); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && return 0; sleep 0.2
  done
  echo "slurm did not come up" >&2; tail -n 20 "$D"/log/*.log >&2; return 1
}

stop() {
  if [ -f "$D/run/slurmctld.bgpid" ] && kill -0 "$(cat "$D/run/slurmctld.bgpid")" 2>/dev/null; then
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null || true)
    [ -n "$jobs" ] && scancel --full $jobs 2>/dev/null || true   # no stray slurmstepd
    for _ in $(seq 100); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  local p pid
  for p in slurmd slurmctld munged; do
    [ -f "$D/run/$p.bgpid" ] || continue
    pid=$(cat "$D/run/$p.bgpid")
    rm -f "$D/run/$p.bgpid"
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" || true
  done
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: single-node.sh start|stop DIR [CTLD_PORT SLURMD_PORT]" >&2; exit 2 ;;
esac
