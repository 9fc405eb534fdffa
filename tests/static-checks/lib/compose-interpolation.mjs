// Compose variable interpolation (compose-spec "Interpolation"): ${VAR}, ${VAR:-default}, ${VAR-default},
// ${VAR:?err}, ${VAR?err}, $VAR and $$ for a literal $. Applied to every string value after parsing, as Compose does.
import { readFileSync } from 'node:fs';

const expression = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export function interpolate(value, env) {
  if (typeof value === 'string') {
    return value.replace(expression, (match, name, operator, argument, bare) => {
      if (match === '$$') {
        return '$';
      }
      const key = name ?? bare;
      const current = env[key];
      const unsetOrEmpty = current === undefined || current === '';
      if (operator === ':-') {
        return unsetOrEmpty ? argument : current;
      }
      if (operator === '-') {
        return current === undefined ? argument : current;
      }
      if ((operator === ':?' && unsetOrEmpty) || (operator === '?' && current === undefined)) {
        throw new Error(`required variable ${key} is missing: ${argument}`);
      }
      return current ?? '';
    });
  }
  if (Array.isArray(value)) {
    return value.map((item) => interpolate(item, env));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item, env)]));
  }
  return value;
}

/** KEY=VALUE lines of an env file (# comments, blank lines ignored). */
export function readEnvFile(path) {
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      continue;
    }
    const at = trimmed.indexOf('=');
    if (at > 0) {
      env[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1).trim();
    }
  }
  return env;
}
