// Paths shared by the checks: the repository root and a recursive file walk (Node 20 has no fs.globSync).
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixturesRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');

const skippedFolders = new Set(['node_modules', '.terraform', '.git', 'bin', 'obj']);

/** Every file under `dir` whose name passes `accept`, as absolute paths, sorted. */
export function walkFiles(dir, accept) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) {
        found.push(...walkFiles(path, accept));
      }
    } else if (accept(entry.name)) {
      found.push(path);
    }
  }
  return found.sort();
}
