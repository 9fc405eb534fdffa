// The real Claude Code CLI (headless print mode), configured as users do with ANTHROPIC_BASE_URL, against the
// local gateway whose claude-sonnet model is served by (fake) Bedrock InvokeModelWithResponseStream: a plain
// prompt, and a turn where the model calls a tool and Claude Code sends the tool result back through the gateway.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalGateway } from './support/local-gateway.mjs';

const execFileAsync = promisify(execFile);
const claudeBin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/.bin/claude');
let gateway;
let home;

async function claude(prompt, ...args) {
  return execFileAsync(claudeBin, ['-p', prompt, ...args], {
    cwd: home,
    timeout: 90_000,
    env: {
      ...process.env,
      HOME: home,
      ANTHROPIC_BASE_URL: gateway.url.replace(/\/$/, ''),
      ANTHROPIC_API_KEY: 'sk-ant-any-client-key',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ANTHROPIC_MODEL: 'claude-sonnet',
      ANTHROPIC_SMALL_FAST_MODEL: 'claude-sonnet',
    },
  });
}

const bodyOf = (request) => Buffer.from(request.bodyBase64, 'base64').toString('utf8');

before(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'aigw-claude-code-'));
  gateway = await startLocalGateway();
}, { timeout: 330_000 });

after(async () => {
  await gateway?.stop();
  if (home) {
    await rm(home, { recursive: true, force: true });
  }
});

beforeEach(async () => {
  await gateway.reset();
});

describe('Claude Code through the gateway to Bedrock', { timeout: 120_000 }, () => {
  test('a plain prompt streams an answer', async () => {
    await gateway.script({ provider: 'bedrock', replies: [{ content: [{ text: 'Hello from Bedrock via the gateway.' }] }] });
    const { stdout } = await claude('Say hello');
    assert.match(stdout, /Hello from Bedrock via the gateway\./);
    const requests = await gateway.requests();
    assert.ok(requests.length >= 1);
    for (const request of requests) {
      assert.match(request.path, /^\/model\/.+\/invoke-with-response-stream$/);
      assert.equal(request.responseStatus, 200);
      const headerNames = request.headers.map(([name]) => name.toLowerCase());
      assert.ok(!headerNames.includes('anthropic-beta'), 'betas go into the Bedrock body, not a header');
      assert.ok(!headerNames.includes('x-api-key'), 'the client key never reaches the provider');
      const body = JSON.parse(bodyOf(request));
      assert.equal(body.anthropic_version, 'bedrock-2023-05-31');
      assert.equal(body.model, undefined);
    }
  });

  test('a tool_use is executed by Claude Code and its result comes back through the gateway', async () => {
    await writeFile(path.join(home, 'note.txt'), 'the-note-says-42\n');
    await gateway.script({
      provider: 'bedrock',
      replies: [
        { content: [{ text: 'Reading the note.' }, { toolCall: { name: 'Read', arguments: { file_path: path.join(home, 'note.txt') }, id: 'toolu_01Read' } }], stopReason: 'tool_use' },
        { content: [{ text: 'The note says 42.' }] },
      ],
    });
    const { stdout } = await claude('What does note.txt say?', '--allowedTools', 'Read');
    assert.match(stdout, /The note says 42\./);
    const requests = await gateway.requests();
    const withResult = requests.filter((r) => bodyOf(r).includes('"tool_result"'));
    assert.equal(withResult.length, 1);
    assert.ok(bodyOf(withResult[0]).includes('toolu_01Read'));
    assert.ok(bodyOf(withResult[0]).includes('the-note-says-42'));
  });
});
