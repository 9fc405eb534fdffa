// Terraform under infrastructure/ cannot be planned here (no terraform, no AWS): these tests parse every .tf file
// and prove what `terraform validate` and a least-privilege review would. Each rule has a bad fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { fixturesRoot, repoRoot, walkFiles } from './lib/repo.mjs';
import { checkTerraform, moduleDirs } from './lib/terraform-check.mjs';
import { unformattedFiles } from './lib/terraform-format.mjs';
import { loadModule } from './lib/terraform-module.mjs';

const allowlist = JSON.parse(readFileSync(new URL('./iam-wildcard-allowlist.json', import.meta.url), 'utf8'));
const infrastructure = join(repoRoot, 'infrastructure');
const fixture = (name) => join(fixturesRoot, 'terraform', name);

describe('infrastructure/', () => {
  it('passes every Terraform check', async () => {
    const { modules, issues } = await checkTerraform(infrastructure, { allowlist });
    assert.deepEqual(issues, []);
    assert.ok(modules.length >= 10, `expected the nine modules and the example, found ${modules.length}`);
  });

  it('is formatted as terraform fmt formats it', async () => {
    const files = walkFiles(infrastructure, (name) => name.endsWith('.tf'));
    assert.ok(files.length >= 40, `found only ${files.length} .tf files`);
    assert.deepEqual((await unformattedFiles(files)).map((file) => relative(repoRoot, file)), []);
  });

  it('has the modules the deployment needs, each with variables, outputs and versions files', () => {
    const names = moduleDirs(infrastructure).map((dir) => relative(infrastructure, dir)).sort();
    for (const module of ['alb', 'autoscaling', 'cognito', 'ecs', 'iam', 'logging', 'network', 'redis', 'secrets']) {
      assert.ok(names.includes(`modules/${module}`), `modules/${module} is missing`);
    }
    assert.ok(names.includes('examples/complete'));
  });

  it('runs exactly one task definition of two containers, envoy waiting for a healthy processor', async () => {
    const ecs = await loadModule(join(infrastructure, 'modules/ecs'));
    const task = ecs.resources.get('aws_ecs_task_definition.this');
    assert.ok(task, 'aws_ecs_task_definition.this is missing');
    assert.equal(ecs.blocks.filter((b) => b.kind === 'resource' && b.labels[0] === 'aws_ecs_task_definition').length, 1);
    assert.equal(task.body.container_definitions, '${jsonencode([local.processor_container, local.envoy_container])}');
    const locals = Object.assign({}, ...ecs.blocks.filter((b) => b.kind === 'locals').map((b) => b.body));
    assert.deepEqual(locals.envoy_container.dependsOn, [{ containerName: 'processor', condition: 'HEALTHY' }]);
    assert.deepEqual(locals.processor_container.healthCheck.command, ['CMD', 'dotnet', 'aigw.dll', '--health-check']);
    assert.equal(locals.envoy_container.readonlyRootFilesystem, true);
    assert.equal(locals.processor_container.readonlyRootFilesystem, true);
  });

  it('agrees with envoy/envoy.yaml: listener port, TLS files, admin port, health path', async () => {
    const envoy = YAML.parse(readFileSync(join(repoRoot, 'envoy/envoy.yaml'), 'utf8'));
    const listener = envoy.static_resources.listeners.find((l) => l.name === 'aigw_listener');
    const port = listener.address.socket_address.port_value;
    const ecs = await loadModule(join(infrastructure, 'modules/ecs'));
    const alb = await loadModule(join(infrastructure, 'modules/alb'));
    assert.equal(ecs.variables.get('envoy_port').body.default, port);
    assert.equal(alb.variables.get('target_port').body.default, port);

    const locals = Object.assign({}, ...ecs.blocks.filter((b) => b.kind === 'locals').map((b) => b.body));
    const start = locals.envoy_start;
    const certificates = listener.filter_chains.flatMap((chain) =>
      chain.transport_socket?.typed_config?.common_tls_context?.tls_certificates ?? []);
    assert.ok(certificates.length > 0, 'the production listener has TLS');
    for (const certificate of certificates) {
      assert.ok(start.includes(`> ${certificate.certificate_chain.filename}`), `the task writes ${certificate.certificate_chain.filename}`);
      assert.ok(start.includes(`> ${certificate.private_key.filename}`), `the task writes ${certificate.private_key.filename}`);
      const folder = certificate.certificate_chain.filename.replace(/\/[^/]+$/, '');
      assert.ok(locals.envoy_container.mountPoints.some((m) => m.containerPath === folder), `${folder} is a writable task volume`);
    }

    const admin = envoy.admin.address.socket_address;
    assert.equal(admin.address, '127.0.0.1');
    assert.match(locals.envoy_container.healthCheck.command.join(' '), new RegExp(`/dev/tcp/127\\.0\\.0\\.1/${admin.port_value}\\b`));

    const healthPath = alb.variables.get('health_check_path').body.default;
    const routes = listener.filter_chains[0].filters[0].typed_config.route_config.virtual_hosts.flatMap((v) => v.routes);
    assert.ok(routes.some((route) => route.match.path === healthPath), `envoy.yaml answers ${healthPath}`);
  });

  it('wires the example through every module', async () => {
    const example = await loadModule(join(infrastructure, 'examples/complete'));
    assert.deepEqual([...example.modules.keys()].sort(),
      ['alb', 'autoscaling', 'cognito', 'ecs', 'iam', 'logging', 'network', 'redis', 'secrets']);
    assert.equal(example.modules.get('redis').body.count, '${var.enable_redis ? 1 : 0}');
  });

  it('has a reason for every allow-listed wildcard', () => {
    for (const entry of allowlist) {
      assert.ok(entry.reason?.length >= 20, `${entry.block} ${entry.sid}: give the reason`);
    }
  });
});

describe('Terraform checks fail on bad examples', () => {
  const cases = [
    ['undeclared-variable', 'var.bucket_prefix'],
    ['undeclared-local', 'local.retention'],
    ['undeclared-resource', 'aws_s3_bucket.audit'],
    ['undeclared-data', 'data.aws_region.current'],
    ['unknown-module', 'module.network'],
    ['unknown-module-output', 'private_subnet_ids'],
    ['unknown-module-input', 'availability_zones'],
    ['missing-module-input', '"name"'],
    ['module-source-missing', 'netwrok'],
    ['variable-without-description', '"name"'],
    ['variable-without-type', '"name"'],
    ['unused-variable', '"desired_count"'],
    ['output-without-description', '"cluster_name"'],
    ['provider-unpinned', '"aws"'],
    ['iam-wildcard-resource', 'InvokeModels'],
    ['iam-wildcard-resource-dynamic', 'ReadSecrets', 'iam-wildcard-resource'],
    ['iam-wildcard-resource-inline', 'aws_iam_role_policy.task', 'iam-wildcard-resource'],
    ['iam-wildcard-action', 'bedrock:*'],
    ['each-without-for-each', 'each.*'],
    ['count-without-count', 'count.index'],
  ];
  for (const [name, mention, rule = name] of cases) {
    it(`${name} is reported`, async () => {
      const { issues } = await checkTerraform(fixture(name), { allowlist: [], base: fixturesRoot });
      assert.deepEqual(issues.map((issue) => issue.rule), [rule], JSON.stringify(issues));
      assert.match(issues[0].message, new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });
  }

  it('an unformatted file is reported (terraform fmt -check)', async () => {
    const file = join(fixturesRoot, 'terraform-format/unformatted.tf');
    assert.deepEqual(await unformattedFiles([file]), [file]);
  });

  it('an allow-listed wildcard with a reason passes, a Deny wildcard is never reported', async () => {
    const entry = { module: 'terraform/iam-wildcard-allowed', block: 'data.aws_iam_policy_document.execution', sid: 'EcrAuthorizationToken', reason: 'GetAuthorizationToken has no resource-level permissions.' };
    const { issues } = await checkTerraform(fixture('iam-wildcard-allowed'), { allowlist: [entry], base: fixturesRoot });
    assert.deepEqual(issues, []);
  });

  it('an allow-list entry without a reason does not allow', async () => {
    const entry = { module: 'terraform/iam-wildcard-allowed', block: 'data.aws_iam_policy_document.execution', sid: 'EcrAuthorizationToken', reason: '' };
    const { issues } = await checkTerraform(fixture('iam-wildcard-allowed'), { allowlist: [entry], base: fixturesRoot });
    assert.deepEqual(issues.map((issue) => issue.rule), ['iam-wildcard-resource', 'iam-allowlist-stale']);
  });

  it('a stale allow-list entry is reported', async () => {
    const entry = { module: 'terraform/iam-wildcard-action', block: 'data.aws_iam_policy_document.task', sid: 'Gone', reason: 'A reason that no longer applies to anything.' };
    const { issues } = await checkTerraform(fixture('iam-wildcard-action'), { allowlist: [entry], base: fixturesRoot });
    assert.deepEqual(issues.map((issue) => issue.rule), ['iam-wildcard-action', 'iam-allowlist-stale']);
  });
});
