// Streams that go wrong on the single-backend fast path (adr/016: one router-level ext_proc stream translates, signs
// and answers): gpt-4o-mini (OpenAI passthrough), claude-haiku (Anthropic passthrough) and claude-sonnet-converse
// (OpenAI client → Bedrock Converse). gateway-sdk.test.mjs drives the same faults through the failover model
// claude-sonnet (two streams). With the official SDKs, as users would: (a) the provider fails or is cut after some
// events: the SDK gets the text so far, then an error, never a clean end; the wire carries the error in the client's
// format; the usage record says what was seen and a non-ok outcome. (b) the client leaves mid-stream: the provider's
// stream is cancelled, the record says `incomplete`, and the processor's active streams fall back to 0. In both, the
// provider's final usage never came: the record carries a marked, non-zero estimate (adr/019).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startLocalGateway } from './support/local-gateway.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let gateway;
let work;
let adminUrl;
let usageFile;

const freePort = () => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// The local config with the processor's ports, records, ledger and keys moved to this test's own places.
async function writeConfig() {
  work = await mkdtemp(path.join(os.tmpdir(), 'aigw-e2e-fastpath-'));
  const [grpcPort, adminPort] = [await freePort(), await freePort()];
  adminUrl = `http://127.0.0.1:${adminPort}/`;
  usageFile = path.join(work, 'usage.jsonl');
  const local = await readFile(path.join(repoRoot, 'processor/aigw.local.yaml'), 'utf8');
  const config = local
    .replace(/grpc_port: \d+/, `grpc_port: ${grpcPort}`)
    .replace(/admin_port: \d+/, `admin_port: ${adminPort}`)
    .replace(/usage_records: \S+/, `usage_records: ${usageFile}`)
    .replace(/sqlite_path: \S+/, `sqlite_path: ${path.join(work, 'ledger.db')}`)
    .replace(/keys_file: \S+/, `keys_file: ${path.join(work, 'keys.json')}`);
  for (const expected of [`admin_port: ${adminPort}`, `usage_records: ${usageFile}`, 'fast_path: true']) {
    assert.ok(config.includes(expected), `aigw.local.yaml changed shape (${expected}): update this test`);
  }
  const file = path.join(work, 'aigw.yaml');
  await writeFile(file, config);
  return file;
}

before(async () => {
  gateway = await startLocalGateway({ ephemeral: false, env: { AIGW_CONFIG: await writeConfig() } });
}, { timeout: 330_000 });

after(async () => {
  await gateway?.stop();
  if (work) {
    await rm(work, { recursive: true, force: true });
  }
});

let recordsBefore = 0;
beforeEach(async () => {
  await gateway.reset();
  await waitFor('no active stream left by an earlier test', async () => (await activeStreams()) === 0);
  recordsBefore = (await usageRecords()).length;
});

const openai = (options = {}) => new OpenAI({ apiKey: 'sk-client-key', baseURL: `${gateway.url}v1`, maxRetries: 0, timeout: 20_000, ...options });
const anthropic = (options = {}) => new Anthropic({ apiKey: 'sk-ant-client-key', baseURL: gateway.url.replace(/\/$/, ''), maxRetries: 0, timeout: 20_000, ...options });

/** Polls `check` every 50 ms until it returns something truthy; fails after `timeoutMs`. */
async function waitFor(what, check, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}

async function usageRecords() {
  const text = await readFile(usageFile, 'utf8').catch((error) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line));
}

/** The usage record of this test's one request (records are written when the router-level stream ends). */
const usageRecord = () => waitFor('the usage record', async () => {
  const records = (await usageRecords()).slice(recordsBefore);
  assert.ok(records.length <= 1, `one record per request, got ${records.length}`);
  return records[0];
});

async function activeStreams() {
  const response = await fetch(`${adminUrl}readyz`, { signal: AbortSignal.timeout(5_000) });
  return (await response.json()).active_streams;
}

/**
 * A fetch for the SDK that also keeps the raw response body, as the client received it: { text, failure } once the
 * body ended or broke. The SDK reads its own copy, so it behaves exactly as without the recorder.
 */
function wireRecorder() {
  const wire = {};
  wire.fetch = async (url, init) => {
    const response = await fetch(url, init);
    if (!response.body) {
      return response;
    }
    const [forSdk, forTest] = response.body.tee();
    wire.done = (async () => {
      const decoder = new TextDecoder();
      let text = '';
      try {
        for await (const bytes of forTest) {
          text += decoder.decode(bytes, { stream: true });
        }
        return { text, failure: null };
      } catch (failure) {
        return { text, failure };
      }
    })();
    return new Response(forSdk, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  wire.body = () => wire.done;
  return wire;
}

/** Reads an OpenAI SDK stream: the text so far and how it ended (null = a clean end). */
async function drainOpenAi(stream) {
  let text = '';
  try {
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

/** Reads an Anthropic SDK stream the same way. */
async function drainAnthropic(stream) {
  let text = '';
  try {
    for await (const event of stream) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
      }
    }
    return { text, error: null };
  } catch (error) {
    return { text, error };
  }
}

const fragments = ['Hello ', 'from ', 'the ', 'fast ', 'path, ', 'going ', 'on ', 'for ', 'a ', 'while ', 'longer.'];
const reply = (fault) => ({ content: [{ text: fragments.join(''), fragments }], usage: { inputTokens: 21, outputTokens: 11 }, fault });
const question = [{ role: 'user', content: 'Tell me something long' }];

// Chunks before the fault so that exactly 'Hello from ' reached the provider's client: the provider's stream starts with
// one event before the text (OpenAI role chunk, Bedrock messageStart) or three (Anthropic message_start, ping,
// content_block_start).
const textAfter = { openai: 3, bedrock: 3, anthropic: 5 };

// A stream that ended before the provider's usage (OpenAI and Bedrock Converse report it only at the end, Anthropic its
// output only in message_delta) is recorded and settled at a marked estimate (adr/019): the input from message_start
// when it came, else the admission estimate; the output from the text the processor saw pass, at 3 bytes a token —
// at least one token, at most the whole reply's.
const assertEstimated = (record, { inputTokens } = {}) => {
  const detail = JSON.stringify(record);
  assert.equal(record.usage_estimated, true, `the usage is marked as an estimate: ${detail}`);
  if (inputTokens === undefined) {
    assert.ok(record.usage.input_tokens > 0, `the admission estimate of the input: ${detail}`);
  } else {
    assert.equal(record.usage.input_tokens, inputTokens, `the provider's input count wins: ${detail}`);
  }
  const wholeReply = Math.ceil(fragments.join('').length / 3);
  assert.ok(record.usage.output_tokens >= 1 && record.usage.output_tokens <= wholeReply, `the output streamed so far: ${detail}`);
  assert.ok(record.cost_usd > 0, `a cost is recorded and settled: ${detail}`);
};

const assertNoCleanOpenAiEnd = (wire) => {
  assert.ok(!wire.text.includes('[DONE]'), `no [DONE] after an error:\n${wire.text}`);
  assert.ok(!/"finish_reason":"stop"/.test(wire.text), 'no finish_reason stop');
};

describe('(a) provider error mid-stream on a fast-path route', { timeout: 60_000 }, () => {
  test('OpenAI SDK → claude-sonnet-converse (translated): Bedrock exception → text so far, then an OpenAI error event', async () => {
    await gateway.script({ provider: 'bedrock', replies: [reply({ streamErrorAfterChunks: textAfter.bedrock, status: 503 })] });
    const wire = wireRecorder();
    const stream = await openai({ fetch: wire.fetch }).chat.completions.create({
      model: 'claude-sonnet-converse', stream: true, stream_options: { include_usage: true }, messages: question,
    });
    const { text, error } = await drainOpenAi(stream);

    assert.equal(text, 'Hello from ');
    assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${error}`);
    const raw = await wire.body();
    assert.equal(raw.failure, null, 'the error travels in the stream, the HTTP response ends normally');
    const last = raw.text.trim().split('\n\n').at(-1);
    assert.match(last, /^data: \{"error":\{/);
    assertNoCleanOpenAiEnd(raw);

    const [request] = await gateway.requests();
    assert.match(request.path, /\/converse-stream$/, 'one translated request on the fast path');
    const record = await usageRecord();
    assert.equal(record.model, 'claude-sonnet-converse');
    assert.equal(record.outcome, 'provider_error');
    assert.ok(record.error_type, 'the record names the error');
    assert.equal(record.attempts.length, 1);
    assert.equal(record.upstream_status, 200);
    assertEstimated(record);
  });

  test('OpenAI SDK → gpt-4o-mini (passthrough): OpenAI error chunk → text so far, then the error, no [DONE]', async () => {
    await gateway.script({ provider: 'openai', replies: [reply({ streamErrorAfterChunks: textAfter.openai, status: 500 })] });
    const wire = wireRecorder();
    const stream = await openai({ fetch: wire.fetch }).chat.completions.create({
      model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: question,
    });
    const { text, error } = await drainOpenAi(stream);

    assert.equal(text, 'Hello from ');
    assert.ok(error instanceof OpenAI.APIError, `expected an APIError, got ${error}`);
    const raw = await wire.body();
    assert.equal(raw.failure, null);
    assert.match(raw.text.trim().split('\n\n').at(-1), /^data: \{"error":\{/);
    assertNoCleanOpenAiEnd(raw);

    const record = await usageRecord();
    assert.equal(record.model, 'gpt-4o-mini');
    assert.equal(record.outcome, 'provider_error');
    assert.ok(record.error_type);
    assertEstimated(record);
  });

  test('Anthropic SDK → claude-haiku (passthrough): Anthropic error event → text so far, then the error, no message_stop', async () => {
    await gateway.script({ provider: 'anthropic', replies: [reply({ streamErrorAfterChunks: textAfter.anthropic })] });
    const wire = wireRecorder();
    const stream = anthropic({ fetch: wire.fetch }).messages.stream({ model: 'claude-haiku', max_tokens: 256, messages: question });
    const { text, error } = await drainAnthropic(stream);

    assert.equal(text, 'Hello from ');
    assert.ok(error instanceof Anthropic.APIError, `expected an APIError, got ${error}`);
    assert.equal(error.error?.error?.type, 'overloaded_error');
    const raw = await wire.body();
    assert.equal(raw.failure, null);
    assert.match(raw.text.trim().split('\n\n').at(-1), /^event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error"/);
    assert.ok(!raw.text.includes('message_stop'), 'no message_stop after an error');

    const record = await usageRecord();
    assert.equal(record.model, 'claude-haiku');
    assert.equal(record.outcome, 'provider_error');
    assert.equal(record.usage.input_tokens, 21, 'message_start carried the input tokens');
    assertEstimated(record, { inputTokens: 21 });
  });
});

// A cut cannot carry an error event: Envoy resets the client's stream (the gateway never sees an end of the response),
// so the client sees its connection break after the text so far. The fake flushes 'Hello from ' and aborts 100 ms later;
// on a loaded machine its last bytes may still sit in its send buffer and die with the connection, so the client's
// text is checked as a prefix of what the provider wrote (it is all of it on a quiet machine).
const assertPrefixSoFar = (text, raw) => assert.ok(
  'Hello from '.startsWith(text), `the text so far, got ${JSON.stringify(text)}; wire:\n${raw.text}`);
describe('(a) provider cut mid-stream on a fast-path route', { timeout: 60_000 }, () => {
  for (const [provider, model] of [['bedrock', 'claude-sonnet-converse'], ['openai', 'gpt-4o-mini']]) {
    test(`OpenAI SDK → ${model}: the text so far, then a broken stream, never a clean end`, async () => {
      await gateway.script({ provider, replies: [reply({ cutAfterChunks: textAfter[provider] })] });
      const wire = wireRecorder();
      const stream = await openai({ fetch: wire.fetch }).chat.completions.create({ model, stream: true, messages: question });
      const { text, error } = await drainOpenAi(stream);
      const raw = await wire.body();

      assertPrefixSoFar(text, raw);
      assert.ok(error, `the SDK reports the cut; wire:\n${raw.text}`);
      assert.ok(raw.failure, `the response body broke off; wire:\n${raw.text}`);
      assertNoCleanOpenAiEnd(raw);
      const record = await usageRecord();
      assert.equal(record.model, model);
      assert.equal(record.outcome, 'incomplete', JSON.stringify(record));
      assertEstimated(record);
    });
  }

  test('Anthropic SDK → claude-haiku: the text so far, then a broken stream, never a clean end', async () => {
    await gateway.script({ provider: 'anthropic', replies: [reply({ cutAfterChunks: textAfter.anthropic })] });
    const wire = wireRecorder();
    const stream = anthropic({ fetch: wire.fetch }).messages.stream({ model: 'claude-haiku', max_tokens: 256, messages: question });
    const { text, error } = await drainAnthropic(stream);
    const raw = await wire.body();

    assertPrefixSoFar(text, raw);
    assert.ok(error, `the SDK reports the cut; wire:\n${raw.text}`);
    assert.ok(raw.failure, `the response body broke off; wire:\n${raw.text}`);
    assert.ok(!raw.text.includes('message_stop'));
    const record = await usageRecord();
    assert.equal(record.model, 'claude-haiku');
    assert.equal(record.outcome, 'incomplete', JSON.stringify(record));
    assert.equal(record.usage.input_tokens, 21, 'message_start carried the input tokens');
    assertEstimated(record, { inputTokens: 21 });
  });
});

describe('(b) client disconnect mid-stream on a fast-path route', { timeout: 60_000 }, () => {
  // The provider sends one text delta every 200 ms (≈ 2 s in all); the client leaves after the first one.
  const slow = (provider) => gateway.script({ provider, replies: [reply({ delayBetweenChunksMs: 200 })] });

  // Leaving a for-await loop early is how OpenAI SDK users stop a stream: the SDK aborts the request.
  const firstTextThenLeave = async (stream) => {
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (text.length > 0) {
        break;
      }
    }
    return text;
  };

  const assertCancelledEverywhere = async (model) => {
    const request = await waitFor('the provider to see its stream cancelled', async () => (await gateway.requests()).find((r) => r.callerCancelled));
    assert.equal(request.responseStatus, 200);
    const record = await usageRecord();
    assert.equal(record.model, model);
    assert.equal(record.outcome, 'incomplete');
    assert.equal(record.upstream_status, 200);
    await waitFor('active_streams back to 0', async () => (await activeStreams()) === 0);
    return record;
  };

  for (const [provider, model] of [['bedrock', 'claude-sonnet-converse'], ['openai', 'gpt-4o-mini']]) {
    test(`OpenAI SDK → ${model}: break after the first text`, async () => {
      await slow(provider);
      const stream = await openai().chat.completions.create({ model, stream: true, messages: question });
      assert.equal(await firstTextThenLeave(stream), 'Hello ');
      assertEstimated(await assertCancelledEverywhere(model));
    });
  }

  test('OpenAI SDK → claude-sonnet-converse: an AbortSignal fired mid-stream', async () => {
    await slow('bedrock');
    const controller = new AbortController();
    const stream = await openai().chat.completions.create({ model: 'claude-sonnet-converse', stream: true, messages: question }, { signal: controller.signal });
    let text = '';
    // The SDK ends the iteration quietly when its own signal aborted it.
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (text.length > 0) {
        controller.abort();
      }
    }
    assert.equal(text, 'Hello ');
    assertEstimated(await assertCancelledEverywhere('claude-sonnet-converse'));
  });

  test('Anthropic SDK → claude-haiku: stream.abort() after the first text; the input tokens already seen are recorded', async () => {
    await slow('anthropic');
    const stream = anthropic().messages.stream({ model: 'claude-haiku', max_tokens: 256, messages: question });
    let text = '';
    await assert.rejects(async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta') {
          text += event.delta.text;
          stream.abort();
        }
      }
    }, (error) => error instanceof Anthropic.APIUserAbortError);
    assert.equal(text, 'Hello ');
    const record = await assertCancelledEverywhere('claude-haiku');
    assert.equal(record.usage.input_tokens, 21);
    assertEstimated(record, { inputTokens: 21 });
  });
});
