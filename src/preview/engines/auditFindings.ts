import type { Finding } from '../findings.js';
import type { PageProblem, Scheme } from './types.js';

/** One engine's audit of one email in one scheme. */
export interface EngineAudit {
  engine: string;
  scheme: Scheme;
  problems: PageProblem[];
}

const SCHEME_WORDS: Record<Scheme, string> = {
  light: 'in light mode',
  dark: 'in dark mode',
  inverted: 'in the Gmail apps’ inverted dark mode',
};

export const AUDIT_RULES = {
  overflow: 'render-overflow',
  contrast: 'render-contrast',
  button: 'render-button-contrast',
} as const;

const HINTS: Record<PageProblem['kind'], string> = {
  overflow: 'Readers would scroll sideways: give the element max-width: 100% (an image: width="100%" and a max-width), or let long words break',
  contrast: 'Move the text and background colours further apart (in newsletter.config.yaml’s theme, or the template that sets them)',
  button: 'Pick a button fill further from the background it sits on, or give the button a border that stands out',
};

/**
 * The audits of one email, as findings: the same problem seen by several
 * engines or at several widths is one finding that names them all.
 * Warnings: what readers will see, but the email still works.
 */
export function auditFindings(audits: EngineAudit[]): Finding[] {
  const groups = new Map<string, { p: PageProblem; scheme: Scheme; engines: Set<string>; widths: Set<number>; ratio: number; count: number }>();
  for (const a of audits)
    for (const p of a.problems) {
      const key =
        p.kind === 'overflow'
          ? `overflow\0${p.width}\0${p.culprit}`
          : p.kind === 'contrast'
            ? `contrast\0${a.scheme}\0${p.fg}\0${p.bg}`
            : `button\0${a.scheme}\0${p.fill}\0${p.under}`;
      const g = groups.get(key);
      if (g) {
        g.engines.add(a.engine);
        g.widths.add(p.width);
        if (p.kind !== 'overflow') {
          g.ratio = Math.min(g.ratio, p.ratio);
          g.count = Math.max(g.count, p.count);
        }
      } else {
        const ratio = p.kind === 'overflow' ? 0 : p.ratio;
        const count = p.kind === 'overflow' ? 1 : p.count;
        groups.set(key, { p, scheme: a.scheme, engines: new Set([a.engine]), widths: new Set([p.width]), ratio, count });
      }
    }
  return [...groups.values()].map(({ p, scheme, engines, widths, ratio, count }) => {
    const seen = `${[...engines].join(', ')} at ${[...widths].sort((x, y) => x - y).join(' and ')} px`;
    const more = count > 1 ? ` (and ${count - 1} more in these colours)` : '';
    const message =
      p.kind === 'overflow'
        ? `The email is ${p.scrollWidth} px wide on a ${p.width} px screen: ${p.culprit} (${[...engines].join(', ')})`
        : p.kind === 'contrast'
          ? `Text "${p.text}" is ${ratio}:1 against its background ${SCHEME_WORDS[scheme]} (${p.fg} on ${p.bg}); text needs 4.5:1${more} (${seen})`
          : `Button "${p.text}" is ${ratio}:1 against what it sits on ${SCHEME_WORDS[scheme]} (${p.fill} on ${p.under}); a button needs 3:1${more} (${seen})`;
    return { severity: 'warning', rule: AUDIT_RULES[p.kind], message, hint: HINTS[p.kind] };
  });
}
