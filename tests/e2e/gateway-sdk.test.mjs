// The official openai and @anthropic-ai/sdk clients, used as our users use them, against the local gateway
// (processor + Envoy stand-in + fake providers): passthrough and cross-provider translation, streaming and not,
// tool calls and thinking, and the SDKs' typed errors for 400, 404, 429 and 500.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { useLocalGateway } from './support/local-gateway.mjs';

const gateway = useLocalGateway();

// The gateway's local config has an anonymous team; any key is accepted and never reaches a provider.
const openai = () => new OpenAI({ apiKey: 'sk-client-key', baseURL: `${gateway.url}v1`, maxRetries: 0, timeout: 20_000 });
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-client-key', baseURL: gateway.url.replace(/\/$/, ''), maxRetries: 0, timeout: 20_000 });

const toolAndThinking = {
  content: [
    { thinking: { text: 'The user wants the weather.', signature: 'c2lnbmF0dXJlLWJ5dGVz' } },
    { text: 'Let me check.' },
    { toolCall: { name: 'get_weather', arguments: { city: 'Paris', unit: 'c' }, id: 'toolu_01A' } },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 42, outputTokens: 17 },
};
const weatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } };
const weatherFunction = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: weatherTool.input_schema } };

describe('OpenAI client → OpenAI provider (passthrough)', { timeout: 60_000 }, () => {
  test('chat.completions.create', async () => {
    const completion = await openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello gateway' }] });
    assert.equal(completion.choices[0].message.content, 'echo: Hello gateway');
    assert.ok(completion.usage.total_tokens > 0);
    const [request] = await gateway.requests();
    assert.equal(request.path, '/v1/chat/completions');
    const auth = request.headers.find(([name]) => name.toLowerCase() === 'authorization');
    assert.equal(auth[1], 'Bearer sk-fake-openai-key', 'the provider key replaces the client key');
  });

  test('streaming with include_usage', async () => {
    const stream = await openai().chat.completions.create({
      model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream please' }],
    });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'echo: Stream please');
    assert.ok(usage?.completion_tokens > 0);
  });
});

describe('Anthropic client → Anthropic-family provider (Bedrock InvokeModel, the Claude Code path)', { timeout: 60_000 }, () => {
  test('messages.create', async () => {
    const message = await anthropic().messages.create({ model: 'claude-sonnet', max_tokens: 256, messages: [{ role: 'user', content: 'Hi Claude' }] });
    assert.equal(message.content[0].type, 'text');
    assert.equal(message.content[0].text, 'echo: Hi Claude');
    const [request] = await gateway.requests();
    assert.match(request.path, /^\/model\/.+\/invoke$/);
  });

  test('streaming tool call and thinking with signature', async () => {
    await gateway.script({ provider: 'bedrock', replies: [toolAndThinking] });
    const stream = anthropic().messages.stream({
      model: 'claude-sonnet', max_tokens: 1024, tools: [weatherTool],
      thinking: { type: 'enabled', budget_tokens: 512 },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const thinking = message.content.find((b) => b.type === 'thinking');
    assert.equal(thinking.signature, 'c2lnbmF0dXJlLWJ5dGVz');
    const tool = message.content.find((b) => b.type === 'tool_use');
    assert.deepEqual(tool.input, { city: 'Paris', unit: 'c' });
    assert.equal(message.usage.output_tokens, 17);
  });
});

describe('Anthropic client → Anthropic provider (passthrough)', { timeout: 60_000 }, () => {
  test('messages.create', async () => {
    const message = await anthropic().messages.create({ model: 'claude-haiku', max_tokens: 64, messages: [{ role: 'user', content: 'Hi Haiku' }] });
    assert.equal(message.content[0].text, 'echo: Hi Haiku');
    const [request] = await gateway.requests();
    assert.equal(request.path, '/v1/messages');
  });

  test('streaming', async () => {
    const stream = anthropic().messages.stream({ model: 'claude-haiku', max_tokens: 64, messages: [{ role: 'user', content: 'Stream Haiku' }] });
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const message = await stream.finalMessage();
    assert.equal(text, 'echo: Stream Haiku');
    assert.equal(message.stop_reason, 'end_turn');
  });
});

describe('failover and credentials', { timeout: 60_000 }, () => {
  test('Bedrock 503 → the same request is retried on Anthropic, re-translated, one clean answer', async () => {
    await gateway.script({ provider: 'bedrock', replies: [{ fault: { status: 503, message: 'unavailable' } }] });
    const completion = await openai().chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'user', content: 'Fail over please' }] });
    assert.equal(completion.choices[0].message.content, 'echo: Fail over please');
    const requests = await gateway.requests();
    assert.equal(requests.length, 2);
    assert.match(requests[0].path, /\/converse$/);
    assert.equal(requests[1].path, '/v1/messages');
  });

  test('client credentials and internal headers never reach a provider', async () => {
    const client = new Anthropic({
      apiKey: 'sk-ant-client-secret', baseURL: gateway.url.replace(/\/$/, ''), maxRetries: 0, timeout: 20_000,
      defaultHeaders: { 'x-aigw-route': 'gpt-4o-mini', authorization: 'Bearer client-bearer-secret', 'x-aigw-team': 'admin' },
    });
    await client.messages.create({ model: 'claude-haiku', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    const [request] = await gateway.requests();
    const header = (name) => request.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
    assert.deepEqual(header('x-api-key'), ['sk-ant-fake-anthropic-key']);
    assert.deepEqual(header('authorization'), []);
    assert.deepEqual(header('x-aigw-route'), []);
    assert.deepEqual(header('x-aigw-team'), []);
    assert.ok(!JSON.stringify(request.headers).includes('client-bearer-secret'));
    assert.ok(!JSON.stringify(request.headers).includes('sk-ant-client-secret'));
  });
});

describe('cross-provider translation', { timeout: 60_000 }, () => {
  test('OpenAI client → Bedrock Converse, streamed tool call', async () => {
    await gateway.script({ provider: 'bedrock', replies: [toolAndThinking] });
    const stream = await openai().chat.completions.create({
      model: 'claude-sonnet', stream: true, tools: [weatherFunction],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    let args = '';
    let name;
    let finish;
    let reasoning = '';
    for await (const chunk of stream) {
      reasoning += chunk.choices[0]?.delta?.reasoning_content ?? '';
      const call = chunk.choices[0]?.delta?.tool_calls?.[0];
      name = call?.function?.name ?? name;
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(name, 'get_weather');
    assert.deepEqual(JSON.parse(args), { city: 'Paris', unit: 'c' });
    assert.equal(finish, 'tool_calls');
    assert.equal(reasoning, 'The user wants the weather.');
    const [request] = await gateway.requests();
    assert.match(request.path, /\/converse-stream$/);
  });

  test('Anthropic client → OpenAI, streamed tool call', async () => {
    await gateway.script({ provider: 'openai', replies: [{ content: [{ thinking: { text: 'Oslo weather needed.', signature: '' } }, { text: 'Let me check.' }, { toolCall: { name: 'get_weather', arguments: { city: 'Oslo' }, id: 'call_7' } }], stopReason: 'tool_use', usage: { inputTokens: 30, outputTokens: 11 } }] });
    const stream = anthropic().messages.stream({ model: 'gpt-4o-mini', max_tokens: 256, tools: [weatherTool], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.content.find((b) => b.type === 'text')?.text, 'Let me check.');
    assert.equal(message.content.find((b) => b.type === 'thinking')?.thinking, 'Oslo weather needed.');
    const tool = message.content.find((b) => b.type === 'tool_use');
    assert.equal(tool.name, 'get_weather');
    assert.deepEqual(tool.input, { city: 'Oslo' });
    assert.equal(message.usage.output_tokens, 11);
    const [request] = await gateway.requests();
    assert.equal(request.path, '/v1/chat/completions');
  });

  test('OpenAI client → Bedrock Converse, non-streaming', async () => {
    const completion = await openai().chat.completions.create({ model: 'claude-sonnet', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello Bedrock' }] });
    assert.equal(completion.choices[0].message.content, 'echo: Hello Bedrock');
    assert.equal(completion.model, 'claude-sonnet');
  });
});

describe('count_tokens', { timeout: 60_000 }, () => {
  const countRequest = (model) => ({ model, messages: [{ role: 'user', content: 'How many tokens is this?' }] });

  test('Anthropic backend: passed through', async () => {
    await gateway.script({ provider: 'anthropic', replies: [{ usage: { inputTokens: 17, outputTokens: 0 } }] });
    const result = await anthropic().messages.countTokens(countRequest('claude-haiku'));
    assert.equal(result.input_tokens, 17);
    const [request] = await gateway.requests();
    assert.equal(request.path, '/v1/messages/count_tokens');
  });

  test('Bedrock backend: Bedrock CountTokens, answered in Anthropic format', async () => {
    await gateway.script({ provider: 'bedrock', replies: [{ usage: { inputTokens: 23, outputTokens: 0 } }] });
    const result = await anthropic().messages.countTokens(countRequest('claude-sonnet'));
    assert.equal(result.input_tokens, 23);
    const [request] = await gateway.requests();
    assert.match(request.path, /\/count-tokens$/);
  });

  test('OpenAI backend: a local estimate, marked as such', async () => {
    const { data, response } = await anthropic().messages.countTokens(countRequest('gpt-4o-mini')).withResponse();
    assert.ok(data.input_tokens > 5);
    assert.equal(response.headers.get('x-aigw-token-count'), 'estimate');
    assert.equal((await gateway.requests()).length, 0);
  });
});

describe('errors after the stream started', { timeout: 60_000 }, () => {
  const consume = async (stream) => {
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    return text;
  };

  test('a Bedrock in-stream exception reaches the OpenAI SDK as an error, not a clean end', async () => {
    await gateway.script({ provider: 'bedrock', replies: [{ content: [{ text: 'partial answer that goes on' }], fault: { streamErrorAfterChunks: 2 } }] });
    const stream = await openai().chat.completions.create({ model: 'claude-sonnet', stream: true, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(consume(stream), (error) => error instanceof OpenAI.APIError);
  });

  test('a provider cut mid-stream never looks like a complete answer', async () => {
    await gateway.script({ provider: 'bedrock', replies: [{ content: [{ text: 'partial answer that goes on' }], fault: { cutAfterChunks: 2 } }] });
    const stream = anthropic().messages.stream({ model: 'claude-sonnet', max_tokens: 64, messages: [{ role: 'user', content: 'x' }] });
    await assert.rejects(stream.finalMessage());
  });
});

describe('typed errors in the client format', { timeout: 60_000 }, () => {
  test('unknown model → NotFoundError (OpenAI)', async () => {
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }),
      (error) => error instanceof OpenAI.NotFoundError && error.status === 404 && /GET \/v1\/models/.test(error.message));
  });

  test('unknown model → NotFoundError (Anthropic)', async () => {
    await assert.rejects(
      anthropic().messages.create({ model: 'claude-opus-9', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      (error) => error instanceof Anthropic.NotFoundError && error.status === 404 && error.error?.error?.type === 'not_found_error');
  });

  test('bad input → BadRequestError naming the field', async () => {
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-4o-mini', messages: 'not a list' }),
      (error) => error instanceof OpenAI.BadRequestError && error.status === 400 && /messages/.test(error.message));
  });

  test('provider 429 → RateLimitError with retry-after kept', async () => {
    await gateway.script({ provider: 'openai', replies: [{ fault: { status: 429, message: 'slow down', retryAfterSeconds: 7 } }] });
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      (error) => error instanceof OpenAI.RateLimitError && error.headers.get('retry-after') === '7');
  });

  test('provider 500 → InternalServerError (Anthropic), no provider text leaked', async () => {
    await gateway.script({ provider: 'anthropic', replies: [{ fault: { status: 500, message: 'internal secret detail' } }] });
    await gateway.script({ provider: 'bedrock', replies: [{ fault: { status: 500, message: 'internal secret detail' } }] });
    await assert.rejects(
      anthropic().messages.create({ model: 'claude-sonnet', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
      (error) => error instanceof Anthropic.InternalServerError && !/secret detail/.test(error.message));
  });
});
