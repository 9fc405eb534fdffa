// The images cannot be built here (no Docker): these tests read the Dockerfiles as the build would. Each rule has a
// bad fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkDockerfile } from './lib/dockerfile-check.mjs';
import { loadDockerignore } from './lib/dockerignore.mjs';
import { fixturesRoot, repoRoot } from './lib/repo.mjs';

// "10.0.100" → "10.0": the SDK band global.json pins; images must carry the same .NET version.
const dotnetVersion = JSON.parse(readFileSync(join(repoRoot, 'global.json'), 'utf8')).sdk.version.split('.').slice(0, 2).join('.');
const fixture = (name) => join(fixturesRoot, 'dockerfile', `${name}.Dockerfile`);

describe('Dockerfiles', () => {
  it('processor/Dockerfile passes every check, the processor ones included', () => {
    assert.deepEqual(checkDockerfile(join(repoRoot, 'processor/Dockerfile'), { context: repoRoot, processor: true, dotnetVersion }), []);
  });

  it('the fake providers image passes every general check', () => {
    assert.deepEqual(checkDockerfile(join(repoRoot, 'tests/AiGateway.FakeProviders.Host/Dockerfile'), { context: repoRoot, dotnetVersion }), []);
  });

  it('keeps tests out of the processor image but lets the fake projects into the fake image', () => {
    const root = loadDockerignore(repoRoot, join(repoRoot, 'processor/Dockerfile'));
    assert.equal(root.excludes('tests/AiGateway.FakeProviders'), true);
    assert.equal(root.excludes('processor/bin/Release/aigw.dll'), true);
    assert.equal(root.excludes('processor/Program.cs'), false);
    const fake = loadDockerignore(repoRoot, join(repoRoot, 'tests/AiGateway.FakeProviders.Host/Dockerfile'));
    assert.equal(fake.excludes('tests/AiGateway.FakeProviders/FakeProvider.cs'), false);
    assert.equal(fake.excludes('tests/AiGateway.FakeProviders/obj/project.assets.json'), true);
    assert.equal(fake.excludes('tests/AiGateway.Processor.Tests/ExchangeTests.cs'), true);
  });
});

describe('Dockerfile checks fail on bad examples', () => {
  const check = (name) => checkDockerfile(fixture(name), { context: repoRoot, processor: true, dotnetVersion });

  it('the good fixture passes (each bad one differs from it in one place)', () => {
    assert.deepEqual(check('good'), []);
  });

  const cases = [
    ['single-stage', 'single-stage'],
    ['build-stage-not-sdk', 'build-stage-not-sdk'],
    ['runtime-not-aspnet', 'runtime-not-aspnet'],
    ['dotnet-version-mismatch', 'dotnet-version-mismatch'],
    ['runs-as-root', 'runs-as-root'],
    ['user-missing', 'runs-as-root'],
    ['runs-in-runtime-stage', 'runs-in-runtime-stage'],
    ['entrypoint-missing', 'entrypoint-missing'],
    ['healthcheck-missing', 'healthcheck-missing'],
    ['healthcheck-not-aigw', 'healthcheck-missing'],
    ['node-missing', 'node-missing'],
    ['copy-source-missing', 'copy-source-missing'],
    ['copy-source-ignored', 'copy-source-ignored'],
    ['copy-from-unknown-stage', 'copy-from-unknown-stage'],
  ];
  for (const [name, rule] of cases) {
    it(`${name} is reported`, () => {
      assert.deepEqual(check(name).map((issue) => issue.rule), [rule]);
    });
  }
});
