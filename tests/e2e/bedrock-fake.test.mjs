// Proves the fake provider speaks Bedrock exactly as AWS's own SDK expects: the real
// @aws-sdk/client-bedrock-runtime talks to it directly (HTTP/2 cleartext), decodes its JSON and
// event streams (CRCs checked by the SDK), and its SigV4 check accepts the SDK's signatures and
// rejects tampered ones.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { awsTestCredentials, buildFakeHost, startFakeProviders } from './support/fake-provider.mjs';

const modelId = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const profileArn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0';
const hello = [{ role: 'user', content: [{ text: 'Hello fake' }] }];

let fake;

function client(overrides = {}) {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: fake.h2c,
    credentials: { ...awsTestCredentials },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 10_000, sessionTimeout: 10_000 },
    ...overrides,
  });
}

async function collect(stream) {
  const events = [];
  for await (const event of stream) {
    events.push(event);
  }
  return events;
}

function invokeBody(extra = {}) {
  return JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'Hello fake' }], ...extra });
}

before(async () => {
  const dll = await buildFakeHost();
  fake = await startFakeProviders({ dll, sessionToken: awsTestCredentials.sessionToken });
}, { timeout: 330_000 });

after(async () => {
  await fake?.stop();
});

beforeEach(async () => {
  await fake.reset();
});

describe('Bedrock fake with the real AWS SDK', { timeout: 60_000 }, () => {
  test('Converse returns the default echo reply over HTTP/2 with a signed, encoded model id', async () => {
    const response = await client().send(new ConverseCommand({ modelId, messages: hello }));

    assert.equal(response.output.message.content[0].text, 'echo: Hello fake');
    assert.equal(response.stopReason, 'end_turn');
    assert.deepEqual([response.usage.inputTokens, response.usage.outputTokens, response.usage.totalTokens], [10, 5, 15]);
    const [request] = await fake.requests();
    assert.equal(request.protocol, 'HTTP/2');
    assert.equal(request.path, '/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse');
    assert.equal(request.responseStatus, 200);
    assert.ok(request.headers.some(([name]) => name === 'x-amz-security-token'));
  });

  test('Converse accepts an inference-profile ARN as model id', async () => {
    await fake.script({ model: profileArn, replies: [{ content: [{ text: 'from the profile' }], usage: { inputTokens: 3, outputTokens: 2, cacheReadTokens: 7, cacheWriteTokens: 11 } }] });

    const response = await client().send(new ConverseCommand({ modelId: profileArn, messages: hello }));

    assert.equal(response.output.message.content[0].text, 'from the profile');
    assert.equal(response.usage.cacheReadInputTokens, 7);
    assert.equal(response.usage.cacheWriteInputTokens, 11);
    assert.equal(response.usage.totalTokens, 23);
    const [request] = await fake.requests();
    assert.match(request.path, /^\/model\/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus\./);
  });

  test('ConverseStream decodes thinking, text and a tool call, with usage last', async () => {
    await fake.script({
      provider: 'bedrock',
      replies: [{
        content: [
          { thinking: { text: 'Let me think.', signature: 'sig-abc' } },
          { text: 'Calling the tool now.' },
          { toolCall: { name: 'get_weather', arguments: { city: 'Paris' }, id: 'tooluse_1' } },
        ],
        stopReason: 'tool_use',
        usage: { inputTokens: 21, outputTokens: 9 },
      }],
    });

    const response = await client().send(new ConverseStreamCommand({ modelId, messages: hello }));
    const events = await collect(response.stream);

    const deltas = events.filter((e) => e.contentBlockDelta).map((e) => e.contentBlockDelta);
    assert.equal(deltas.filter((d) => d.contentBlockIndex === 1).map((d) => d.delta.text).join(''), 'Calling the tool now.');
    assert.equal(deltas.find((d) => d.delta.reasoningContent?.text)?.delta.reasoningContent.text, 'Let me think.');
    assert.equal(deltas.find((d) => d.delta.reasoningContent?.signature)?.delta.reasoningContent.signature, 'sig-abc');
    const start = events.find((e) => e.contentBlockStart).contentBlockStart;
    assert.deepEqual(start, { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather' } } });
    const toolInput = deltas.filter((d) => d.contentBlockIndex === 2).map((d) => d.delta.toolUse.input).join('');
    assert.deepEqual(JSON.parse(toolInput), { city: 'Paris' });
    assert.equal(events.at(-2).messageStop.stopReason, 'tool_use');
    assert.deepEqual(events.at(-1).metadata.usage, { inputTokens: 21, outputTokens: 9, totalTokens: 30, cacheReadInputTokens: 0, cacheWriteInputTokens: 0 });
  });

  test('InvokeModel takes an Anthropic body and returns an Anthropic message', async () => {
    const response = await client().send(new InvokeModelCommand({
      modelId, contentType: 'application/json', accept: 'application/json', body: invokeBody(),
    }));

    const message = JSON.parse(new TextDecoder().decode(response.body));
    assert.equal(message.type, 'message');
    assert.equal(message.content[0].text, 'echo: Hello fake');
    assert.equal(message.stop_reason, 'end_turn');
  });

  test('InvokeModel rejects a body that still names the model', async () => {
    await assert.rejects(
      client().send(new InvokeModelCommand({ modelId, contentType: 'application/json', body: invokeBody({ model: 'claude' }) })),
      (error) => error.name === 'ValidationException' && /extraneous key \[model\]/.test(error.message) && error.$metadata.httpStatusCode === 400,
    );
  });

  test('InvokeModelWithResponseStream sends chunk events holding base64 Anthropic events', async () => {
    await fake.script({ provider: 'bedrock', replies: [{ content: [{ fragments: ['Hel', 'lo'] }], usage: { inputTokens: 4, outputTokens: 2 } }] });

    const response = await client().send(new InvokeModelWithResponseStreamCommand({ modelId, contentType: 'application/json', body: invokeBody() }));
    const events = (await collect(response.body)).map((e) => JSON.parse(new TextDecoder().decode(e.chunk.bytes)));

    assert.deepEqual(events.map((e) => e.type), [
      'message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    assert.equal(events.filter((e) => e.delta?.type === 'text_delta').map((e) => e.delta.text).join(''), 'Hello');
    assert.equal(events[5].usage.output_tokens, 2);
    assert.equal(events[6]['amazon-bedrock-invocationMetrics'].inputTokenCount, 4);
  });

  test('a wrong secret key is rejected with InvalidSignatureException', async () => {
    const wrong = client({ credentials: { ...awsTestCredentials, secretAccessKey: 'not-the-secret' } });

    await assert.rejects(
      wrong.send(new ConverseCommand({ modelId, messages: hello })),
      (error) => error.name === 'InvalidSignatureException' && /signature we calculated does not match/.test(error.message) && error.$metadata.httpStatusCode === 403,
    );
  });

  test('a body altered after signing is rejected', async () => {
    const tampering = client();
    tampering.middlewareStack.add((next) => async (args) => {
      const body = args.request.body;
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      args.request.body = text.replace('Hello fake', 'Hello evil');
      return next(args);
    }, { step: 'deserialize', name: 'tamperAfterSigning' });

    await assert.rejects(
      tampering.send(new ConverseCommand({ modelId, messages: hello })),
      (error) => error.name === 'InvalidSignatureException' && /signature we calculated does not match/.test(error.message),
    );
    const [request] = await fake.requests();
    assert.match(Buffer.from(request.bodyBase64, 'base64').toString(), /Hello evil/);
  });

  test('credentials without the session token are rejected', async () => {
    const { sessionToken, ...longTerm } = awsTestCredentials;
    assert.ok(sessionToken);

    await assert.rejects(
      client({ credentials: longTerm }).send(new ConverseCommand({ modelId, messages: hello })),
      (error) => error.name === 'UnrecognizedClientException' && error.$metadata.httpStatusCode === 403,
    );
  });

  test('a 429 ThrottlingException with retry-after reaches the SDK as ThrottlingException', async () => {
    await fake.script({ provider: 'bedrock', replies: [{ fault: { status: 429, retryAfterSeconds: 2 } }] });

    await assert.rejects(
      client().send(new ConverseCommand({ modelId, messages: hello })),
      (error) => error.name === 'ThrottlingException' && error.$metadata.httpStatusCode === 429,
    );
  });

  test('an in-stream throttlingException surfaces while iterating', async () => {
    await fake.script({ provider: 'bedrock', replies: [{ content: [{ text: 'one two three' }], fault: { status: 429, streamErrorAfterChunks: 2 } }] });

    const response = await client().send(new ConverseStreamCommand({ modelId, messages: hello }));

    await assert.rejects(collect(response.stream), (error) => error.name === 'ThrottlingException');
  });

  test('a frame with a bad message CRC fails the SDK stream decoder', async () => {
    await fake.script({ provider: 'bedrock', replies: [{ content: [{ text: 'one two three' }], fault: { corruptFrameAt: 1 } }] });

    const response = await client().send(new ConverseStreamCommand({ modelId, messages: hello }));

    await assert.rejects(collect(response.stream), /checksum|crc/i);
  });

  test('a stream cut after two frames fails the SDK call', async () => {
    await fake.script({ provider: 'bedrock', replies: [{ content: [{ text: 'one two three four' }], fault: { cutAfterChunks: 2, delayBetweenChunksMs: 20 } }] });

    // The HTTP/2 stream is reset mid-body; depending on timing the SDK reports it from send() or while iterating.
    await assert.rejects(
      async () => collect((await client().send(new ConverseStreamCommand({ modelId, messages: hello }))).stream),
      /NGHTTP2|closed|aborted|reset/i,
    );
    const [request] = await fake.requests();
    assert.equal(request.responseStatus, 200);
  });
});
