// Regenerates envoy/envoy.compose-fake.yaml from envoy/envoy.local.yaml (see lib/compose-fake-envoy.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeFakeEnvoyYaml } from './lib/compose-fake-envoy.mjs';
import { repoRoot } from './lib/repo.mjs';

const local = readFileSync(join(repoRoot, 'envoy/envoy.local.yaml'), 'utf8');
writeFileSync(join(repoRoot, 'envoy/envoy.compose-fake.yaml'), composeFakeEnvoyYaml(local));
console.log('wrote envoy/envoy.compose-fake.yaml');
