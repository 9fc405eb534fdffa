#!/usr/bin/env bash
# Records the ext_proc exchanges the load benchmark replays (tests/AiGateway.Benchmarks/Exchanges/<pair>/): one client
# request of about 8 KB (system prompt, a tool, several turns) and a reply of about 2 KB per client x provider pair,
# non-streaming and streaming, through the local gateway (Envoy stand-in + processor + fake providers) with
# recording on. Re-run after a deliberate change in what Envoy sends; the load driver only needs the request side.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cp "$root/processor/aigw.local.yaml" "$work/aigw.yaml"
printf '\nrecording:\n  dir: %s/out\n' "$work" >> "$work/aigw.yaml"
dotnet build "$root/tests/AiGateway.LocalGateway/AiGateway.LocalGateway.csproj" -c Release -v quiet -nologo >/dev/null
(cd "$work" && AIGW_CONFIG="$work/aigw.yaml" exec dotnet "$root/tests/AiGateway.LocalGateway/bin/Release/net10.0/AiGateway.LocalGateway.dll" --ephemeral --fake) >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 150); do grep -q 'FAKE, embedded on' "$work/log" && break; sleep 0.2; done
gw=$(grep -o 'listening on http://[^/ ]*/' "$work/log" | sed 's/listening on //')
fake=$(grep -o 'embedded on http://[^/ ]*/' "$work/log" | sed 's/embedded on //')
[[ -n "$gw" && -n "$fake" ]] || { cat "$work/log"; exit 1; }

# A typical agent turn: ~8 KB of system prompt, tool definition and history; the answer ~2 KB of text.
body() { # schema model stream
  python3 - "$@" <<'PY'
import json, sys
schema, model, stream = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
para = ("The service reads its configuration at start, validates every reference, and keeps an immutable snapshot "
        "that is swapped whole on reload; requests in flight finish on the snapshot they started with. ")
system = "You are a careful coding assistant working in a large repository. " + para * 6
turns = []
for i in range(6):
    turns.append(("user", f"Step {i}: explain what the loader does with a bad file, and why. " + para * 2))
    turns.append(("assistant", f"Step {i} answer: the loader rejects it with a precise message. " + para * 2))
turns.append(("user", "Now summarise the reload behaviour in two paragraphs."))
if schema == "openai":
    body = {"model": model, "stream": stream, "max_tokens": 1024,
            "tools": [{"type": "function", "function": {"name": "read_file", "description": "Reads a file of the repository.",
                       "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}}],
            "messages": [{"role": "system", "content": system}] + [{"role": r, "content": c} for r, c in turns]}
    if stream:
        body["stream_options"] = {"include_usage": True}
else:
    body = {"model": model, "stream": stream, "max_tokens": 1024, "system": system,
            "tools": [{"name": "read_file", "description": "Reads a file of the repository.",
                       "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}],
            "messages": [{"role": r, "content": c} for r, c in turns]}
print(json.dumps(body))
PY
}
answer=$(python3 -c 'import json; print(json.dumps(" ".join(["Reload keeps the old snapshot when the new file is invalid, logs why, and retries on the next change."] * 20)))')
script() { curl -sf "${fake}__fake/script" -H 'content-type: application/json' \
  -d "{\"provider\":\"$1\",\"replies\":[{\"content\":[{\"text\":$answer}],\"usage\":{\"inputTokens\":2100,\"outputTokens\":420}}]}" >/dev/null; }
send() { # id schema model stream provider
  script "$5"
  local path=/v1/chat/completions extra=()
  if [[ $2 == anthropic ]]; then path=/v1/messages; extra=(-H 'anthropic-version: 2023-06-01'); fi
  body "$2" "$3" "$4" > "$work/body.json"
  curl -s "${gw}${path#/}" -H 'content-type: application/json' "${extra[@]}" -H "x-request-id: bench-$1" --data-binary @"$work/body.json" -o /dev/null
  sleep 0.3
  mkdir -p "$here/$1"; rm -f "$here/$1"/*.jsonl
  mv "$work"/out/*.jsonl "$here/$1/"
}

# fast_path models (adr/016: one router-level stream, no upstream stream): gpt-4o-mini, claude-haiku,
# claude-sonnet-converse. anthropic-bedrock-invoke goes to claude-sonnet, the failover model: two streams.
send openai-openai openai gpt-4o-mini false openai
send openai-openai-stream openai gpt-4o-mini true openai
send openai-anthropic openai claude-haiku false anthropic
send openai-bedrock-converse openai claude-sonnet-converse false bedrock
send openai-bedrock-converse-stream openai claude-sonnet-converse true bedrock
send anthropic-anthropic anthropic claude-haiku false anthropic
send anthropic-bedrock-invoke anthropic claude-sonnet false bedrock
send anthropic-openai anthropic gpt-4o-mini false openai
send anthropic-openai-stream anthropic gpt-4o-mini true openai

# The load bench measures the exchange pattern, not the guardrail scan (benchmarked on its own in Micro/).
sed '/^guardrails:/,$d' "$work/aigw.yaml" > "$here/aigw.yaml"
ls -R "$here"
