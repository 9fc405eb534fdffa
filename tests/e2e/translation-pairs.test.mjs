// The four bridged client → provider pairs of issue 5 through the local gateway with the official SDKs, each with a
// tool call and a thinking/reasoning block, streaming and not. Pairs already covered in gateway-sdk.test.mjs are not
// repeated here: OpenAI → Bedrock Converse streamed and Anthropic → OpenAI streamed live there (with reasoning).
// OpenAI clients get reasoning in the documented `reasoning_content` / `thinking_blocks` fields (docs/providers.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { useLocalGateway } from './support/local-gateway.mjs';

const gateway = useLocalGateway();

const openai = () => new OpenAI({ apiKey: 'sk-client-key', baseURL: `${gateway.url}v1`, maxRetries: 0, timeout: 20_000 });
const anthropic = () => new Anthropic({ apiKey: 'sk-ant-client-key', baseURL: gateway.url.replace(/\/$/, ''), maxRetries: 0, timeout: 20_000 });

const signature = 'RXFWZ3NpZy8rPT0tYnl0ZXM=';
const reply = (withSignature = true) => ({
  content: [
    { thinking: { text: 'The user wants the weather.', signature: withSignature ? signature : '' } },
    { text: 'Let me check.' },
    { toolCall: { name: 'get_weather', arguments: { city: 'Paris', unit: 'c' }, id: 'toolu_01A' } },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 42, outputTokens: 17 },
});
const schema = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] };
const weatherTool = { name: 'get_weather', description: 'Weather for a city', input_schema: schema };
const weatherFunction = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: schema } };

const providerBody = async () => {
  const [request] = await gateway.requests();
  return { path: request.path, body: JSON.parse(Buffer.from(request.bodyBase64, 'base64').toString('utf8')) };
};

// Collects an OpenAI stream: text, reasoning_content, thinking_blocks signatures, the tool call by index, finish, usage.
const drainOpenAi = async (stream) => {
  const out = { text: '', reasoning: '', signatures: [], calls: [], finish: undefined, usage: undefined };
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    out.usage = chunk.usage ?? out.usage;
    if (!choice) {
      continue;
    }
    out.text += choice.delta?.content ?? '';
    out.reasoning += choice.delta?.reasoning_content ?? '';
    for (const block of choice.delta?.thinking_blocks ?? []) {
      if (block.signature) {
        out.signatures.push(block.signature);
      }
    }
    for (const call of choice.delta?.tool_calls ?? []) {
      const slot = (out.calls[call.index] ??= { id: undefined, name: undefined, arguments: '' });
      slot.id = call.id ?? slot.id;
      slot.name = call.function?.name ?? slot.name;
      slot.arguments += call.function?.arguments ?? '';
    }
    out.finish = choice.finish_reason ?? out.finish;
  }
  return out;
};

const assertAnthropicMessage = (message, { signed }) => {
  assert.equal(message.stop_reason, 'tool_use');
  const thinking = message.content.find((b) => b.type === 'thinking');
  assert.equal(thinking.thinking, 'The user wants the weather.');
  if (signed) {
    assert.equal(thinking.signature, signature);
  }
  assert.equal(message.content.find((b) => b.type === 'text')?.text, 'Let me check.');
  const tool = message.content.find((b) => b.type === 'tool_use');
  assert.equal(tool.name, 'get_weather');
  assert.ok(tool.id.length > 0);
  assert.deepEqual(tool.input, { city: 'Paris', unit: 'c' });
  assert.equal(message.usage.output_tokens, 17);
};

describe('OpenAI client → Bedrock Converse', { timeout: 60_000 }, () => {
  test('non-streaming tool call with reasoning', async () => {
    await gateway.script({ provider: 'bedrock', replies: [reply()] });
    const completion = await openai().chat.completions.create({
      model: 'claude-sonnet', tools: [weatherFunction], reasoning_effort: 'low', max_completion_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const message = completion.choices[0].message;
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    assert.equal(message.content, 'Let me check.');
    assert.equal(message.reasoning_content, 'The user wants the weather.');
    assert.equal(message.thinking_blocks?.[0]?.signature, signature);
    assert.equal(message.tool_calls[0].function.name, 'get_weather');
    assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { city: 'Paris', unit: 'c' });
    assert.equal(completion.usage.completion_tokens, 17);
    const { path, body } = await providerBody();
    assert.match(path, /\/converse$/);
    assert.equal(body.toolConfig.tools[0].toolSpec.name, 'get_weather');
    assert.equal(body.additionalModelRequestFields.thinking.budget_tokens, 1024);
  });
});

describe('OpenAI client → Anthropic', { timeout: 60_000 }, () => {
  test('non-streaming tool call with reasoning', async () => {
    await gateway.script({ provider: 'anthropic', replies: [reply()] });
    const completion = await openai().chat.completions.create({
      model: 'claude-haiku', tools: [weatherFunction], reasoning_effort: 'low', max_completion_tokens: 2048,
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Paris?' }],
    });
    const message = completion.choices[0].message;
    assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    assert.equal(message.reasoning_content, 'The user wants the weather.');
    assert.equal(message.thinking_blocks?.[0]?.signature, signature);
    assert.equal(message.tool_calls[0].id, 'toolu_01A');
    assert.deepEqual(JSON.parse(message.tool_calls[0].function.arguments), { city: 'Paris', unit: 'c' });
    const { path, body } = await providerBody();
    assert.equal(path, '/v1/messages');
    assert.equal(body.system[0]?.text ?? body.system, 'Be brief.');
    assert.deepEqual(body.tools[0].input_schema, schema);
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 1024 });
  });

  test('streaming tool call with reasoning and usage', async () => {
    await gateway.script({ provider: 'anthropic', replies: [reply()] });
    const stream = await openai().chat.completions.create({
      model: 'claude-haiku', stream: true, stream_options: { include_usage: true }, tools: [weatherFunction],
      reasoning_effort: 'low', max_completion_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const out = await drainOpenAi(stream);
    assert.equal(out.reasoning, 'The user wants the weather.');
    assert.deepEqual(out.signatures, [signature]);
    assert.equal(out.text, 'Let me check.');
    assert.equal(out.calls.length, 1);
    assert.equal(out.calls[0].id, 'toolu_01A');
    assert.equal(out.calls[0].name, 'get_weather');
    assert.deepEqual(JSON.parse(out.calls[0].arguments), { city: 'Paris', unit: 'c' });
    assert.equal(out.finish, 'tool_calls');
    assert.equal(out.usage?.completion_tokens, 17);
    const { body } = await providerBody();
    assert.equal(body.stream, true);
  });
});

describe('Anthropic client → Bedrock Converse (backend api: converse)', { timeout: 60_000 }, () => {
  test('non-streaming tool call with thinking; the signature goes back byte-identical on the next turn', async () => {
    await gateway.script({ provider: 'bedrock', replies: [reply(), { content: [{ text: 'It is 18 °C.' }], stopReason: 'end_turn' }] });
    const client = anthropic();
    const request = {
      model: 'claude-sonnet-converse', max_tokens: 2048, tools: [weatherTool],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    };
    const message = await client.messages.create(request);
    assertAnthropicMessage(message, { signed: true });
    const first = await providerBody();
    assert.match(first.path, /\/converse$/);
    assert.equal(first.body.toolConfig.tools[0].toolSpec.name, 'get_weather');
    assert.deepEqual(first.body.additionalModelRequestFields.thinking, { type: 'enabled', budget_tokens: 1024 });

    await gateway.reset();
    await gateway.script({ provider: 'bedrock', replies: [{ content: [{ text: 'It is 18 °C.' }], stopReason: 'end_turn' }] });
    const tool = message.content.find((b) => b.type === 'tool_use');
    const second = await client.messages.create({
      ...request,
      messages: [
        ...request.messages,
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: tool.id, content: '18 °C' }] },
      ],
    });
    assert.equal(second.content[0].text, 'It is 18 °C.');
    const { body } = await providerBody();
    const assistant = body.messages[1].content;
    assert.equal(assistant.find((b) => b.reasoningContent)?.reasoningContent.reasoningText.signature, signature);
    assert.equal(assistant.find((b) => b.toolUse)?.toolUse.toolUseId, tool.id);
    assert.equal(body.messages[2].content[0].toolResult.toolUseId, tool.id);
  });

  test('streaming tool call with thinking and signature', async () => {
    await gateway.script({ provider: 'bedrock', replies: [reply()] });
    const stream = anthropic().messages.stream({
      model: 'claude-sonnet-converse', max_tokens: 2048, tools: [weatherTool],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const message = await stream.finalMessage();
    assertAnthropicMessage(message, { signed: true });
    const { path } = await providerBody();
    assert.match(path, /\/converse-stream$/);
  });
});

describe('Anthropic client → OpenAI', { timeout: 60_000 }, () => {
  test('non-streaming tool call with reasoning as a thinking block', async () => {
    await gateway.script({ provider: 'openai', replies: [reply(false)] });
    const message = await anthropic().messages.create({
      model: 'gpt-4o-mini', max_tokens: 2048, tools: [weatherTool],
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    assertAnthropicMessage(message, { signed: false });
    const { path, body } = await providerBody();
    assert.equal(path, '/v1/chat/completions');
    assert.equal(body.reasoning_effort, 'low');
    assert.deepEqual(body.tools[0].function.parameters, schema);
  });
});
