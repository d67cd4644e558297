#!/usr/bin/env bash
# A real single-node Slurm for the system tests (test/system/slurm.test.ts): Debian's slurm-wlm
# and munge, installed with apt-get, configured for this one machine and started as root
# (no systemd needed: works in containers and sandboxes). Re-running it is harmless: when the
# node already answers `sinfo` as idle it stops there.
#
#   sudo .ci/slurm-setup.sh            # needs root and apt
#
# The cluster: controller and compute node on $(hostname), one partition `debug` (default, no
# time limit), proctrack/linuxproc and task/none (no cgroups), select/cons_tres by CPU, no
# accounting daemon (sacct is not available: the test reads job states from `scontrol show job`,
# which keeps finished jobs for MinJobAge seconds).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "slurm-setup: run as root" >&2
  exit 1
fi

node_state() { sinfo -h -N -o '%t' 2>/dev/null | head -n1 || true; }

if command -v sinfo >/dev/null 2>&1 && pgrep -x slurmd >/dev/null && [[ "$(node_state)" == idle* ]]; then
  echo "slurm-setup: Slurm is already up ($(sinfo --version)), node idle"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1 || ! command -v sbatch >/dev/null 2>&1; then
  echo "== apt-get install slurm-wlm munge"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi

HOST="$(hostname -s)"
CPUS="$(nproc)"
# RealMemory in MB, leaving 10% (at least 256 MB) to the system
MEM_MB=$(awk '/^MemTotal:/ { m = int($2 / 1024); r = int(m / 10); if (r < 256) r = 256; print (m - r > 64 ? m - r : m) }' /proc/meminfo)

# The host name must resolve (slurmd finds its NodeName by it; controller and node talk over it).
if ! getent hosts "$HOST" >/dev/null 2>&1; then
  echo "127.0.0.1 $HOST" >>/etc/hosts
fi

echo "== munge"
install -d -o munge -g munge -m 0700 /etc/munge /var/lib/munge /var/log/munge
install -d -o munge -g munge -m 0755 /run/munge
if [ ! -s /etc/munge/munge.key ]; then
  if command -v mungekey >/dev/null 2>&1; then
    mungekey --create --keyfile=/etc/munge/munge.key
  else
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  fi
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
munge -n | unmunge >/dev/null

echo "== slurm.conf for $HOST ($CPUS CPUs, $MEM_MB MB)"
install -d -m 0755 /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat >/etc/slurm/slurm.conf.tmp <<EOF
# Written by .ci/slurm-setup.sh: a one-node cluster for the system tests.
ClusterName=chokepoint
SlurmctldHost=$HOST
AuthType=auth/munge
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# keep finished jobs visible to scontrol/squeue for an hour (there is no accounting database)
MinJobAge=3600
SlurmctldTimeout=60
SlurmdTimeout=60
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
mv /etc/slurm/slurm.conf.tmp /etc/slurm/slurm.conf
# No cgroup.conf: slurmd 22.05 still loads a cgroup plugin at start (autodetected v1 or v2) even
# though proctrack/linuxproc and task/none use none; 22.05 has no CgroupPlugin=disabled (23.02+).

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

echo "== slurmctld, slurmd"
alive /run/slurmctld.pid || slurmctld
for _ in $(seq 1 50); do
  scontrol ping 2>/dev/null | grep -q UP && break
  sleep 0.2
done
alive /run/slurmd.pid || slurmd

echo "== waiting for the node to be idle"
for i in $(seq 1 120); do
  state="$(node_state)"
  if [[ "$state" == idle* ]]; then
    echo "slurm-setup: $(sinfo --version) up; node $HOST idle ($CPUS CPUs)"
    sinfo
    exit 0
  fi
  # a node that came up DOWN (e.g. after an unclean restart) is put back in service
  if [[ "$state" == down* || "$state" == drain* ]] && [ $((i % 10)) -eq 0 ]; then
    scontrol update NodeName="$HOST" State=RESUME 2>/dev/null || true
  fi
  sleep 1
done
echo "slurm-setup: the node did not become idle (state: $(node_state)); logs:" >&2
tail -n 30 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
