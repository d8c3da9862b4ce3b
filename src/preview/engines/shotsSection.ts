import { esc } from '../html.js';
import { SHOT_VIEWS } from './registry.js';
import type { Scheme } from './types.js';

const VIEW_NAMES: Record<Scheme, string> = { light: 'light', dark: 'dark mode', inverted: 'Gmail app, inverted' };

/** Phones first: most newsletters are read on one. */
const ORDER = [...SHOT_VIEWS].sort((a, b) => a.width - b.width);

/**
 * The issue page's screenshots: one view at a time (phone or desktop,
 * light, dark or the Gmail apps' inversion), each engine's shot of it side
 * by side, each linking to the full-size PNG. Links are relative to
 * issues/<id>.html.
 */
export function engineShotsSection(
  engines: { id: string; name: string }[],
  shots: { engine: string; scheme: string; width: number; file: string }[],
  subject: string,
): string {
  if (engines.length === 0) return '';
  const tabs = ORDER.map(
    (v, i) =>
      `<input type="radio" name="shotview" id="shotview-${i}"${i === 0 ? ' checked' : ''}>` +
      `<label for="shotview-${i}">${v.width < 600 ? 'Phone' : 'Desktop'} · ${esc(VIEW_NAMES[v.scheme])}</label>`,
  ).join('');
  const sets = ORDER.map((v, i) => {
    const figures = engines.map((e) => {
      const shot = shots.find((s) => s.engine === e.id && s.scheme === v.scheme && s.width === v.width);
      const body = shot
        ? `<a href="../${esc(shot.file)}"><img src="../${esc(shot.file)}" loading="lazy" style="max-width:${v.width}px" alt="${esc(`${subject}, as ${e.name} draws it at ${v.width} px, ${VIEW_NAMES[v.scheme]}`)}"></a>`
        : '<p class="noshot">No screenshot: it failed this time (the preview’s output says why).</p>';
      return `<figure class="shot"><figcaption>${esc(e.name)}</figcaption>${body}</figure>`;
    });
    return `<div class="shotset shotset-${i}">${figures.join('')}</div>`;
  }).join('');
  const names = engines.map((e) => e.name);
  const title = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]!;
  return (
    `<section class="card engines"><h2>As ${esc(title)} draw${names.length > 1 ? '' : 's'} it</h2>` +
    `<p class="engines-note">Blink is the engine of Chrome and Edge (webmail in them, the Gmail and Outlook apps on Android), ` +
    `Gecko of Firefox and Thunderbird, WebKit of Apple Mail and every mail app on iPhone. Click a screenshot for its full size.</p>` +
    `${tabs}<div class="shotsets">${sets}</div></section>`
  );
}

export const ENGINE_SHOTS_CSS = `
.engines > input { position: absolute; opacity: 0; }
.engines > label { display: inline-block; padding: 5px 12px; border: 1px solid var(--border); background: var(--surface); cursor: pointer; font-size: 14px; margin: 0 6px 12px 0; border-radius: 6px; }
.engines > input:checked + label { background: #1f2328; color: #fff; border-color: #1f2328; }
.engines > input:focus-visible + label { outline: 2px solid var(--accent); outline-offset: 2px; }
.engines-note { color: var(--muted); font-size: 14px; margin: 0 0 12px; }
.shotset { display: none; gap: 16px; align-items: flex-start; }
${ORDER.map((_, i) => `#shotview-${i}:checked ~ .shotsets .shotset-${i}`).join(', ')} { display: flex; }
.shot { flex: 1 1 0; min-width: 0; margin: 0; }
.shot figcaption { font-weight: 600; font-size: 14px; margin: 0 0 6px; }
.shot img { display: block; width: 100%; height: auto; border: 1px solid var(--border); }
.noshot { color: var(--muted); font-size: 14px; }
`;
