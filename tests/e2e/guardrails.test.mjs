// Guardrails through the local gateway (processor + Envoy stand-in + fake providers) with the official SDKs:
// a credential in a prompt is refused with a 400 content-filter error before anything reaches a provider (the
// shipped local policy), and a streamed answer reaches the client with e-mail addresses masked (a policy added here).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startLocalGateway } from './support/local-gateway.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let gateway;
let configDir;

const openai = () => new OpenAI({ apiKey: 'client-key', baseURL: `${gateway.url}v1`, maxRetries: 0, timeout: 20_000 });
const anthropic = () => new Anthropic({ apiKey: 'client-key', baseURL: gateway.url.replace(/\/$/, ''), maxRetries: 0, timeout: 20_000 });

before(async () => {
  // The shipped local config (guardrails last in the file) plus a policy that masks e-mail addresses in answers.
  const local = await readFile(path.join(repoRoot, 'processor/aigw.local.yaml'), 'utf8');
  const config = `${local.trimEnd()}\n    answers:\n      rules:\n        - { detector: email, action: mask, directions: [response] }\n`;
  configDir = await mkdtemp(path.join(os.tmpdir(), 'aigw-guardrails-e2e-'));
  const configPath = path.join(configDir, 'aigw.yaml');
  await writeFile(configPath, config);
  gateway = await startLocalGateway({ env: { AIGW_CONFIG: configPath } });
}, { timeout: 330_000 });

after(async () => {
  await gateway?.stop();
  if (configDir) {
    await rm(configDir, { recursive: true, force: true });
  }
});

beforeEach(async () => {
  await gateway.reset();
});

describe('guardrails', { timeout: 60_000 }, () => {
  test('OpenAI client sending an AWS secret key gets a 400 content-filter error; the provider receives nothing', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    await assert.rejects(
      openai().chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Why does this fail? aws_secret_access_key = ${secret}` }],
      }),
      (error) => {
        assert.ok(error instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${error?.constructor?.name}`);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'content_filter');
        assert.match(error.message, /policy 'credentials' \(rule 'aws-secret-key'\)/);
        assert.ok(!error.message.includes(secret), 'the error never echoes the matched text');
        return true;
      },
    );
    assert.deepEqual(await gateway.requests(), []);
  });

  test('streaming Anthropic client sees e-mail addresses masked in the answer', async () => {
    await gateway.script({
      provider: 'bedrock',
      replies: [{ content: [{ text: 'You can write to alice@example.com, or to bob.smith@example.org if Alice is away. Regards.' }] }],
    });
    const stream = anthropic().messages.stream({ model: 'claude-sonnet', max_tokens: 128, messages: [{ role: 'user', content: 'Who do I contact?' }] });
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const message = await stream.finalMessage();
    assert.equal(text, 'You can write to [EMAIL], or to [EMAIL] if Alice is away. Regards.');
    assert.equal(message.content[0].text, text);
    assert.equal(message.stop_reason, 'end_turn');
  });
});
