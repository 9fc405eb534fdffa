// Starts the local gateway (processor + Envoy stand-in + fake providers, tests/AiGateway.LocalGateway) on free
// ports as a child process, and exposes the fake providers' control API. Builds it first unless
// AIGW_LOCAL_GATEWAY_DLL points at a built dll (./aigw test sets it).
import { spawn, execFile } from 'node:child_process';
import { after, before, beforeEach } from 'node:test';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fakeControl, stopChild } from './fake-provider.mjs';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const project = path.join(repoRoot, 'tests/AiGateway.LocalGateway/AiGateway.LocalGateway.csproj');
const debugDll = path.join(repoRoot, 'tests/AiGateway.LocalGateway/bin/Debug/net10.0/AiGateway.LocalGateway.dll');

async function buildGateway() {
  if (process.env.AIGW_LOCAL_GATEWAY_DLL) {
    return process.env.AIGW_LOCAL_GATEWAY_DLL;
  }
  await execFileAsync('dotnet', ['build', project, '-c', 'Debug', '--nologo', '-v', 'q'], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  return debugDll;
}

/**
 * Resolves once the gateway prints its addresses: { url, fakeUrl, script, requests, reset, stop, output }.
 * `ephemeral: false` keeps the processor's gRPC and admin ports from the config (a test that reads the admin API
 * writes its own config with free ports); the stand-in still listens on a free port.
 */
export async function startLocalGateway({ timeoutMs = 60_000, env = {}, ephemeral = true } = {}) {
  const dll = await buildGateway();
  const child = spawn('dotnet', [dll, ...(ephemeral ? ['--ephemeral'] : []), '--fake'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AIGW_CONFIG: '', AIGW_ENVOY_CONFIG: '', ...(ephemeral ? {} : { AIGW_PORT: '0' }), ...env },
  });
  let output = '';
  child.stderr.on('data', (data) => { output += data; });

  const addresses = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local gateway did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout.on('data', (data) => {
      output += data;
      const url = /local gateway listening on (http:\/\/[^/\s]+\/)/.exec(output);
      const fake = /FAKE, embedded on (http:\/\/[^/\s]+\/)/.exec(output);
      if (url && fake) {
        clearTimeout(timer);
        resolve({ url: url[1], fakeUrl: fake[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local gateway exited with ${code}:\n${output}`));
    });
  });

  return { ...addresses, output: () => output, ...fakeControl(addresses.fakeUrl), stop: () => stopChild(child, 10_000) };
}

/**
 * For a test file that shares one gateway: registers the hooks that start it before the file's tests, reset the
 * fake providers before each test and stop it after. Returns the gateway object, filled in once `before` has run.
 */
export function useLocalGateway(options = {}) {
  const gateway = {};
  before(async () => {
    Object.assign(gateway, await startLocalGateway(options));
  }, { timeout: 330_000 });
  after(async () => {
    await gateway.stop?.();
  });
  beforeEach(async () => {
    await gateway.reset();
  });
  return gateway;
}
