// Budget and rate-limit refusals through the local gateway, as the official SDKs see them: a RateLimitError
// (status 429) naming the limit, and no retry (the gateway sends x-should-retry: false), with the SDKs' default
// maxRetries (2). Every request the SDK sends is counted through its fetch, and the fake provider must see none
// of the refused ones.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startLocalGateway } from './support/local-gateway.mjs';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let gateway;
let work;
let limitedKey;

// Team "local" (anonymous) has a budget smaller than any request; team "limited" allows 1 request per minute.
async function writeConfig() {
  work = await mkdtemp(path.join(os.tmpdir(), 'aigw-e2e-budgets-'));
  const local = await readFile(path.join(repoRoot, 'processor/aigw.local.yaml'), 'utf8');
  const config = local.replace(/\nteams:\n {2}local: \{\}\n/, `
teams:
  local:
    budgets: [{ period: month, usd: 0.000001 }]
  limited:
    rate_limits: { requests_per_minute: 1 }
`);
  assert.notEqual(config, local, 'aigw.local.yaml changed shape: update this test');
  const file = path.join(work, 'aigw.yaml');
  await writeFile(file, config);
  return file;
}

async function createKey(configFile, gatewayDll) {
  const cli = path.join(path.dirname(gatewayDll), 'aigw.dll');
  const { stdout } = await execFileAsync('dotnet', [cli, 'keys', 'create', '--config', configFile, '--team', 'limited', '--name', 'e2e'], { timeout: 60_000 });
  return stdout.trim();
}

/** An SDK fetch that counts what the SDK sends. */
function countingFetch() {
  const counted = { requests: 0 };
  counted.fetch = (...args) => {
    counted.requests += 1;
    return fetch(...args);
  };
  return counted;
}

const openai = (apiKey, counted) => new OpenAI({ apiKey, baseURL: `${gateway.url}v1`, fetch: counted.fetch, timeout: 30_000 });
const anthropic = (apiKey, counted) => new Anthropic({ apiKey, baseURL: gateway.url.replace(/\/$/, ''), fetch: counted.fetch, timeout: 30_000 });
const openaiRequest = { model: 'gpt-4o-mini', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };
const anthropicRequest = { model: 'claude-sonnet', max_tokens: 100, messages: [{ role: 'user', content: 'Hello' }] };

before(async () => {
  const configFile = await writeConfig();
  gateway = await startLocalGateway({ env: { AIGW_CONFIG: configFile } });
  const dll = process.env.AIGW_LOCAL_GATEWAY_DLL ?? path.join(repoRoot, 'tests/AiGateway.LocalGateway/bin/Debug/net10.0/AiGateway.LocalGateway.dll');
  limitedKey = await createKey(configFile, dll);
  await new Promise((resolve) => { setTimeout(resolve, 2_500); }); // the key file is re-read every second
}, { timeout: 330_000 });

after(async () => {
  await gateway?.stop();
  if (work) {
    await rm(work, { recursive: true, force: true });
  }
});

describe('budget exhausted', { timeout: 60_000 }, () => {
  test('openai SDK: RateLimitError 429 (insufficient_quota), one request, nothing reaches the provider', async () => {
    await gateway.reset();
    const counted = countingFetch();
    const error = await openai('sk-client-key', counted).chat.completions.create(openaiRequest).then(() => null, (e) => e);
    assert.ok(error instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'insufficient_quota');
    assert.match(error.message, /Team 'local' has reached its monthly budget of \$0\.00/);
    assert.equal(counted.requests, 1, 'the SDK did not retry');
    assert.equal((await gateway.requests()).length, 0);
  });

  test('anthropic SDK: RateLimitError 429 (rate_limit_error), one request, nothing reaches the provider', async () => {
    await gateway.reset();
    const counted = countingFetch();
    const error = await anthropic('sk-ant-client-key', counted).messages.create(anthropicRequest).then(() => null, (e) => e);
    assert.ok(error instanceof Anthropic.RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.error.error.type, 'rate_limit_error');
    assert.match(error.message, /monthly budget/);
    assert.equal(counted.requests, 1, 'the SDK did not retry');
    assert.equal((await gateway.requests()).length, 0);
  });
});

describe('rate limited (team "limited": 1 request per minute; a key of that team)', { timeout: 60_000 }, () => {
  test('openai SDK: the first request passes, the second gets RateLimitError 429 with retry-after, once', async () => {
    await gateway.reset();
    const counted = countingFetch();
    const client = openai(limitedKey, counted);
    const completion = await client.chat.completions.create(openaiRequest);
    assert.ok(completion.choices[0].message.content.length > 0);

    const error = await client.chat.completions.create(openaiRequest).then(() => null, (e) => e);
    assert.ok(error instanceof OpenAI.RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limit_exceeded');
    assert.match(error.message, /Team 'limited' has reached its rate limit of 1 requests per minute/);
    const retryAfter = Number(error.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(counted.requests, 2, 'one request each, no retry');
    assert.equal((await gateway.requests()).length, 1, 'only the admitted request reached the provider');
  });

  test('anthropic SDK: RateLimitError 429 naming the limit, once, nothing reaches the provider', async () => {
    await gateway.reset();
    const counted = countingFetch();
    const error = await anthropic(limitedKey, counted).messages.create(anthropicRequest).then(() => null, (e) => e);
    assert.ok(error instanceof Anthropic.RateLimitError, `expected RateLimitError, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.error.error.type, 'rate_limit_error');
    assert.match(error.message, /rate limit of 1 requests per minute/);
    assert.equal(counted.requests, 1, 'the SDK did not retry');
    assert.equal((await gateway.requests()).length, 0);
  });
});
