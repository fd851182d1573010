// bench/release: CPU used between two moments (Linux /proc), split between the server's process tree,
// this benchmark's PostgreSQL, this process (the simulated browsers and their proof-of-work solving),
// and everything else on the machine (which may be shared). Same method as bench/rush.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

type TSnap = { at: number; busy: number; procs: Map<number, { ppid: number; comm: string; ticks: number }>; self: NodeJS.CpuUsage };
const TICKS = 100;

export function snapshot(): TSnap | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
    const procs = new Map<number, { ppid: number; comm: string; ticks: number }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        const fields = stat.slice(close + 2).split(" ");
        procs.set(Number(entry), { ppid: Number(fields[1]), comm: stat.slice(stat.indexOf("(") + 1, close), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // ended meanwhile
      }
    }
    return { at: performance.now(), busy, procs, self: process.cpuUsage() };
  } catch {
    return null;
  }
}

export type TCpu = { seconds: number; total: number; server: number; postgres: number; bench: number; others: number };

export function between(a: TSnap | null, b: TSnap | null, serverPid: number): TCpu | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const under = (pid: number, root: number) => {
    for (let p = pid, hops = 0; p > 1 && hops < 30; hops++) {
      if (p === root) return true;
      p = b.procs.get(p)?.ppid ?? a.procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  let server = 0;
  let postgres = 0;
  for (const [pid, after] of b.procs) {
    const delta = after.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (delta <= 0 || pid === process.pid) continue;
    if (under(pid, serverPid)) server += delta;
    else if (after.comm === "postgres" && under(pid, process.pid)) postgres += delta;
  }
  const total = (b.busy - a.busy) / TICKS / seconds;
  const bench = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6 / seconds;
  const [s, p] = [server / TICKS / seconds, postgres / TICKS / seconds];
  return { seconds, total, server: s, postgres: p, bench, others: Math.max(0, total - s - p - bench) };
}

export const cpuText = (c: TCpu | null) =>
  c ? `${c.total.toFixed(2)} of ${os.cpus().length} cores busy over ${c.seconds.toFixed(0)} s: server ${c.server.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, this benchmark (browsers and challenge solving) ${c.bench.toFixed(2)}, other processes ${c.others.toFixed(2)}` : "n/a (no /proc)";
