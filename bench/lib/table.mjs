// The bench's table: row, baseline, ours, ratio, goal, met?, peak RSS (ours / baseline), and the ratio in CPU time.
const ms = (x) =>
  x === null
    ? 'n/a'
    : x >= 10_000
      ? `${(x / 1000).toFixed(1)} s`
      : x >= 1000
        ? `${(x / 1000).toFixed(2)} s`
        : x >= 100
          ? `${x.toFixed(0)} ms`
          : `${x.toFixed(1)} ms`;
const mib = (x) => (x === null ? 'n/a' : `${x.toFixed(0)}`);

export function formatTable(entries) {
  const head = ['row', 'what', 'baseline', 'ours', 'ratio', 'goal', 'met?', 'peak RSS MiB (ours / base)', 'CPU ratio'];
  const rows = entries.map((e) => [
    e.row,
    e.what,
    e.baseline === null ? '—' : (e.baseline.label ?? ms(e.baseline.medianMs)),
    ms(e.ours.medianMs),
    e.ratio === null ? '—' : e.ratio.toFixed(2),
    e.goal === null ? '—' : `≤ ${e.goal.toFixed(2)}`,
    e.met === null ? '—' : e.met ? 'yes' : 'no',
    `${mib(e.ours.peakRssMiB)} / ${e.baseline?.peakRssMiB === null || !e.baseline ? '—' : mib(e.baseline.peakRssMiB)}`,
    e.cpuRatio === null ? '—' : e.cpuRatio.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
