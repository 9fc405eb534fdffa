// Starts tests/AiGateway.FakeProviders.Host as a child process and talks to its /__fake/ control API.
// Builds the host first unless AIGW_FAKE_HOST_DLL points at an already built dll.
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hostProject = path.join(repoRoot, 'tests/AiGateway.FakeProviders.Host/AiGateway.FakeProviders.Host.csproj');
const hostDll = path.join(repoRoot, 'tests/AiGateway.FakeProviders.Host/bin/Debug/net10.0/AiGateway.FakeProviders.Host.dll');

/** Test AWS credentials the fake accepts; copy before use, the SDK annotates the object it gets (FakeCredentials.Default, shared/reference/provider-apis.md §6.3). */
export const awsTestCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN',
};

export async function buildFakeHost() {
  if (process.env.AIGW_FAKE_HOST_DLL) {
    return process.env.AIGW_FAKE_HOST_DLL;
  }
  await execFileAsync('dotnet', ['build', hostProject, '-c', 'Debug', '--nologo', '-v', 'q'], {
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return hostDll;
}

/**
 * Spawns the fake; resolves once it prints `listening http://127.0.0.1:P h2c http://127.0.0.1:Q`.
 * @param {{ dll: string, sessionToken?: string, timeoutMs?: number }} options
 */
export async function startFakeProviders({ dll, sessionToken, timeoutMs = 30_000 }) {
  const args = [dll, '--port', '0', '--http2-port', '0'];
  if (sessionToken) {
    args.push('--session-token', sessionToken);
  }
  const child = spawn('dotnet', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (data) => { stderr += data; });

  const addresses = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fake provider host did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let stdout = '';
    child.stdout.on('data', (data) => {
      stdout += data;
      const match = /listening (http:\/\/127\.0\.0\.1:\d+) h2c (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ http1: match[1], h2c: match[2] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fake provider host exited with ${code}: ${stderr}`));
    });
  });

  return { ...addresses, ...fakeControl(`${addresses.http1}/`), stop: () => stopChild(child, 5_000) };
}

/**
 * The fake providers' control API at `baseUrl` (ending in '/'):
 * script({ provider: 'bedrock', replies: [{ content: [{ text: 'Hi' }] }] }) queues replies;
 * requests() lists received requests { method, path, query, protocol, headers: [[name, value]], bodyBase64, responseStatus };
 * reset() forgets both.
 */
export function fakeControl(baseUrl) {
  const control = async (method, route, body) => {
    const response = await fetch(`${baseUrl}__fake/${route}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`control ${route} failed with ${response.status}: ${await response.text()}`);
    }
    return response.json();
  };
  return {
    script: (body) => control('POST', 'script', body),
    requests: async () => (await control('GET', 'requests')).requests,
    reset: () => control('POST', 'reset'),
  };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export function stopChild(child, graceMs) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
