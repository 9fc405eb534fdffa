// Proves the fake provider's OpenAI and Anthropic renderings parse with the official SDKs
// (openai 6.x, @anthropic-ai/sdk), including their stream accumulators and error classes.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { buildFakeHost, startFakeProviders } from './support/fake-provider.mjs';

const openAiKey = 'sk-fake-openai-key';
const anthropicKey = 'sk-ant-fake-anthropic-key';
const everything = {
  content: [
    { thinking: { text: 'Let me think.', signature: 'sig-abc' } },
    { text: 'Calling the tool.' },
    { toolCall: { name: 'get_weather', arguments: { city: 'Paris' }, id: 'tool_1' } },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 20, outputTokens: 9, cacheReadTokens: 100, cacheWriteTokens: 50 },
};

let fake;

const openai = () => new OpenAI({ apiKey: openAiKey, baseURL: `${fake.http1}/v1`, maxRetries: 0, timeout: 10_000 });
const anthropic = () => new Anthropic({ apiKey: anthropicKey, baseURL: fake.http1, maxRetries: 0, timeout: 10_000 });

before(async () => {
  fake = await startFakeProviders({ dll: await buildFakeHost() });
}, { timeout: 330_000 });

after(async () => {
  await fake?.stop();
});

beforeEach(async () => {
  await fake.reset();
});

describe('OpenAI fake with the openai SDK', { timeout: 60_000 }, () => {
  test('chat.completions.create returns the echo reply', async () => {
    const completion = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello fake' }] });

    assert.equal(completion.choices[0].message.content, 'echo: Hello fake');
    assert.equal(completion.choices[0].finish_reason, 'stop');
  });

  test('the stream helper assembles tool calls and reports usage', async () => {
    await fake.script({ provider: 'openai', replies: [everything] });

    const stream = openai().chat.completions.stream({
      model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();

    const message = completion.choices[0].message;
    assert.equal(message.content, 'Calling the tool.');
    assert.equal(message.tool_calls[0].id, 'tool_1');
    assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { city: 'Paris' });
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    assert.equal(completion.usage.prompt_tokens, 170);
    assert.equal(completion.usage.prompt_tokens_details.cached_tokens, 100);
  });

  test('a scripted 429 is a RateLimitError', async () => {
    await fake.script({ provider: 'openai', replies: [{ fault: { status: 429, retryAfterSeconds: 1 } }] });

    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
      (error) => error instanceof OpenAI.RateLimitError && error.code === 'rate_limit_exceeded',
    );
  });

  test('an in-band stream error is raised by the SDK', async () => {
    await fake.script({ provider: 'openai', replies: [{ content: [{ text: 'one two three' }], fault: { status: 500, streamErrorAfterChunks: 2 } }] });

    const stream = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], stream: true });

    await assert.rejects(async () => {
      for await (const chunk of stream) {
        assert.ok(chunk);
      }
    }, OpenAI.APIError);
  });
});

describe('Anthropic fake with the @anthropic-ai/sdk', { timeout: 60_000 }, () => {
  test('messages.create returns the echo reply', async () => {
    const message = await anthropic().messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'Hello fake' }] });

    assert.equal(message.content[0].text, 'echo: Hello fake');
    assert.equal(message.stop_reason, 'end_turn');
  });

  test('the stream helper assembles thinking with signature, text and tool input', async () => {
    await fake.script({ provider: 'anthropic', replies: [everything] });

    const message = await anthropic().messages.stream({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }).finalMessage();

    assert.deepEqual(message.content.map((block) => block.type), ['thinking', 'text', 'tool_use']);
    assert.equal(message.content[0].signature, 'sig-abc');
    assert.equal(message.content[1].text, 'Calling the tool.');
    assert.deepEqual(message.content[2].input, { city: 'Paris' });
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.usage.output_tokens, 9);
    assert.equal(message.usage.cache_read_input_tokens, 100);
  });

  test('countTokens returns the scripted input tokens', async () => {
    await fake.script({ provider: 'anthropic', replies: [{ usage: { inputTokens: 41, outputTokens: 0, cacheReadTokens: 1 } }] });

    const count = await anthropic().messages.countTokens({ model: 'claude-sonnet-4', messages: [{ role: 'user', content: 'Hi' }] });

    assert.equal(count.input_tokens, 42);
  });

  test('a scripted 529 reaches the SDK as overloaded_error', async () => {
    await fake.script({ provider: 'anthropic', replies: [{ fault: { status: 529 } }] });

    await assert.rejects(
      anthropic().messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
      (error) => error instanceof Anthropic.APIError && error.status === 529 && error.error?.error?.type === 'overloaded_error',
    );
  });

  test('an in-band error event is raised by the SDK stream', async () => {
    await fake.script({ provider: 'anthropic', replies: [{ content: [{ text: 'one two three' }], fault: { streamErrorAfterChunks: 3 } }] });

    const stream = anthropic().messages.stream({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });

    await assert.rejects(stream.finalMessage(), /overloaded_error|Overloaded/);
  });

  test('a wrong key is an AuthenticationError', async () => {
    const wrong = new Anthropic({ apiKey: 'wrong', baseURL: fake.http1, maxRetries: 0, timeout: 10_000 });

    await assert.rejects(
      wrong.messages.create({ model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] }),
      Anthropic.AuthenticationError,
    );
  });
});
