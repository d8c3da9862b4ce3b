import { stringify } from 'yaml';

/**
 * A frontmatter line to show in a hint: `key: value`, quoted by the YAML
 * library itself wherever YAML would read the value as something else (a
 * `: ` inside, a leading `-` or `#`, `1.10`, `yes`...), so that the line can
 * be pasted as it is.
 */
export function yamlExample(key: string, value: string): string {
  // Quoted as YAML 1.1 would need it too (`yes`, `01:19`), so that any other tool reads the line the same way.
  return stringify({ [key]: value }, { lineWidth: 0, version: '1.1' }).trimEnd();
}
