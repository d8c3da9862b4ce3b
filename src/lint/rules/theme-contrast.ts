/** theme-contrast: the theme had to adjust a colour the author chose. */
import { contrast, darkPalette, lightPalette, MIN_CONTRAST } from '../../render/palette.js';
import { configPlace } from '../locate.js';
import type { Hit, Rule } from '../types.js';

export const themeContrast: Rule = {
  id: 'theme-contrast',
  severity: 'warn',
  group: 'accessibility',
  summary: 'a theme colour in the config is below 4.5:1, so the theme adjusts it',
  docs: 'a `theme` colour in the config is below 4.5:1 where the theme uses it, so the theme shows an adjusted shade instead',
  run(input) {
    const t = input.config.theme;
    const light = lightPalette(t);
    const dark = darkPalette(t);
    const checks: { path: string; color: string; on: string; onName: string; used: string; what: string }[] = [
      { path: 'theme.text_color', color: t.text_color, on: '#ffffff', onName: 'the white card', used: light.text, what: 'text' },
      { path: 'theme.brand_color', color: t.brand_color, on: '#ffffff', onName: 'the white card', used: light.link, what: 'links' },
      { path: 'theme.brand_color', color: t.brand_color, on: light.onBrand, onName: `its button text (${light.onBrand})`, used: light.brand, what: 'buttons' },
      {
        path: 'theme.background',
        color: light.pageText,
        on: t.background,
        onName: `the page background ${t.background}`,
        used: light.pageText,
        what: 'footer text',
      },
    ];
    const hits: Hit[] = [];
    const seen = new Set<string>();
    for (const c of checks) {
      const ratio = contrast(c.color, c.on);
      if (ratio >= MIN_CONTRAST || seen.has(c.path)) continue;
      seen.add(c.path);
      hits.push({
        ...configPlace(input, c.path),
        message: `${c.path} ${c.color} has a contrast of ${ratio.toFixed(2)}:1 against ${c.onName} (at least ${MIN_CONTRAST}:1 is needed), so the theme shows ${c.what} in ${c.used} instead. Pick a colour that passes to get exactly the shade you chose.`,
        hint: `Dark mode uses ${dark.link} for links and ${dark.brand} for buttons`,
      });
    }
    return hits;
  },
};
