// .dockerignore semantics (moby/patternmatcher): patterns relative to the context, cleaned (a trailing "/" drops),
// "**" spans folders, "!" re-includes, the last matching pattern wins, and a pattern that matches a parent folder
// matches everything in it. BuildKit uses <Dockerfile>.dockerignore beside the Dockerfile when it exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function toRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        source += '(.*/)?';
      } else {
        source += '.*';
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export function loadDockerignore(contextDir, dockerfilePath) {
  const specific = `${dockerfilePath}.dockerignore`;
  const file = existsSync(specific) ? specific : join(contextDir, '.dockerignore');
  const rules = existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const exclude = !line.startsWith('!');
        const pattern = (exclude ? line : line.slice(1)).replace(/^\/+/, '').replace(/\/+$/, '');
        return { exclude, regex: toRegExp(pattern) };
      })
    : [];
  return {
    file,
    /** Whether a context-relative path (forward slashes) is left out of the build context. */
    excludes(path) {
      const parts = path.replace(/\/+$/, '').split('/');
      const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
      let excluded = false;
      for (const rule of rules) {
        if (candidates.some((candidate) => rule.regex.test(candidate))) {
          excluded = rule.exclude;
        }
      }
      return excluded;
    },
  };
}
