// The ports Envoy listens on, read from an Envoy bootstrap YAML (static_resources.listeners[].address).
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

export function envoyListenerPorts(path) {
  const bootstrap = YAML.parse(readFileSync(path, 'utf8'));
  return (bootstrap?.static_resources?.listeners ?? [])
    .map((listener) => listener?.address?.socket_address?.port_value)
    .filter((port) => port !== undefined)
    .map(Number);
}
