// Preloaded (node --import) into every process the bench times: on exit,
// the process's peak resident set size and CPU time go to $BENCH_MAXRSS_FILE. Node
// offers no getrusage(RUSAGE_CHILDREN) and /usr/bin/time is not everywhere,
// so each child reports its own. maxRSS is the whole process's, worker
// threads included; only the main thread writes it.
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_MAXRSS_FILE;
if (file && isMainThread) {
  process.on('exit', () => {
    try {
      // Kilobytes (getrusage's ru_maxrss on Linux), then user and system CPU time in microseconds, all threads.
      const u = process.resourceUsage();
      appendFileSync(file, `${process.pid} ${u.maxRSS} ${u.userCPUTime} ${u.systemCPUTime}\n`);
    } catch {
      // The bench reports "n/a" rather than fail the run being measured.
    }
  });
}
