#!/usr/bin/env bash
# Records the ext_proc exchanges in tests/exchanges/{translation,failover} from real traffic: the local gateway
# (processor + Envoy stand-in + fake providers) with recording on, driven with curl. Re-run after a deliberate
# change in what Envoy sends, then review the diff. (A change in what the processor answers is `aigw replay --update`.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cp "$root/processor/aigw.local.yaml" "$work/aigw.yaml"
printf '\nrecording:\n  dir: %s/out\n' "$work" >> "$work/aigw.yaml"
dotnet build "$root/tests/AiGateway.LocalGateway/AiGateway.LocalGateway.csproj" -c Release -v quiet -nologo >/dev/null
AIGW_CONFIG="$work/aigw.yaml" dotnet "$root/tests/AiGateway.LocalGateway/bin/Release/net10.0/AiGateway.LocalGateway.dll" --ephemeral --fake >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'FAKE, embedded on' "$work/log" && break; sleep 0.2; done
gw=$(grep -o 'listening on http://[^/ ]*/' "$work/log" | sed 's/listening on //')
fake=$(grep -o 'embedded on http://[^/ ]*/' "$work/log" | sed 's/embedded on //')
[[ -n "$gw" && -n "$fake" ]] || { cat "$work/log"; exit 1; }

script() { curl -sf "${fake}__fake/script" -H 'content-type: application/json' -d "$1" >/dev/null; }
openai() { curl -s "${gw}v1/chat/completions" -H 'content-type: application/json' -H "x-request-id: $1" -d "$2" >/dev/null; }
anthropic() { curl -s "${gw}v1/messages" -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' -H "x-request-id: $1" -d "$2" >/dev/null; }
collect() { mkdir -p "$root/tests/exchanges/$1"; sleep 0.5; mv "$work"/out/*.jsonl "$root/tests/exchanges/$1/"; }
tool='{"content":[{"thinking":{"text":"Weather lookup.","signature":"c2lnLTE="}},{"text":"Checking."},{"toolCall":{"name":"get_weather","arguments":{"city":"Paris"},"id":"toolu_01A"}}],"stopReason":"tool_use","usage":{"inputTokens":40,"outputTokens":12,"cacheReadTokens":8}}'
fn='"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]'
antool='"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]'

# Translation: OpenAI client -> Bedrock Converse (stream, tool call); Anthropic client -> Bedrock InvokeModel
# (thinking + tool call); Anthropic client -> OpenAI (stream).
rm -rf "$root/tests/exchanges/translation" "$root/tests/exchanges/failover"
script "{\"provider\":\"bedrock\",\"replies\":[$tool]}"
openai rec-openai-to-converse-stream "{\"model\":\"claude-sonnet\",\"stream\":true,$fn,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
script "{\"provider\":\"bedrock\",\"replies\":[$tool]}"
anthropic rec-anthropic-to-invoke "{\"model\":\"claude-sonnet\",\"max_tokens\":512,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":256},$antool,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
anthropic rec-anthropic-to-openai-stream '{"model":"gpt-4o-mini","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"Hello from Anthropic"}]}'
# OpenAI client -> Anthropic (stream, tool call + thinking); Anthropic client -> Bedrock Converse (backend
# api: converse; stream and not, thinking + tool call); Anthropic client -> OpenAI (tool call + reasoning).
script "{\"provider\":\"anthropic\",\"replies\":[$tool]}"
openai rec-openai-to-anthropic-stream "{\"model\":\"claude-haiku\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"reasoning_effort\":\"low\",\"max_completion_tokens\":2048,$fn,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
script "{\"provider\":\"bedrock\",\"replies\":[$tool]}"
anthropic rec-anthropic-to-converse-stream "{\"model\":\"claude-sonnet-converse\",\"max_tokens\":2048,\"stream\":true,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},$antool,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
script "{\"provider\":\"bedrock\",\"replies\":[$tool]}"
anthropic rec-anthropic-to-converse "{\"model\":\"claude-sonnet-converse\",\"max_tokens\":2048,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},$antool,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
script "{\"provider\":\"openai\",\"replies\":[$tool]}"
anthropic rec-anthropic-to-openai-tool "{\"model\":\"gpt-4o-mini\",\"max_tokens\":2048,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},$antool,\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]}"
collect translation

# Failover: Bedrock 503 -> Anthropic; Bedrock connection reset -> Anthropic; Bedrock 400 is not retried.
script '{"provider":"bedrock","replies":[{"fault":{"status":503,"message":"unavailable"}}]}'
openai rec-failover-503 '{"model":"claude-sonnet","messages":[{"role":"user","content":"Hello after a 503"}]}'
script '{"provider":"bedrock","replies":[{"fault":{"resetBeforeHeaders":true}}]}'
anthropic rec-failover-reset '{"model":"claude-sonnet","max_tokens":64,"messages":[{"role":"user","content":"Hello after a reset"}]}'
script '{"provider":"bedrock","replies":[{"fault":{"status":400,"message":"The model rejected the input."}}]}'
openai rec-no-retry-400 '{"model":"claude-sonnet","messages":[{"role":"user","content":"Hello with a 400"}]}'
collect failover

sed '/^recording:/,$d' "$work/aigw.yaml" > "$root/tests/exchanges/translation/aigw.yaml"
cp "$root/tests/exchanges/translation/aigw.yaml" "$root/tests/exchanges/failover/aigw.yaml"
ls "$root/tests/exchanges/translation" "$root/tests/exchanges/failover"
