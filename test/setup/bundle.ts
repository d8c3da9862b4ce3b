import { execFileSync } from 'node:child_process';

/** The CLI tests spawn bin/, which runs the bundle: build it from the current sources first. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
