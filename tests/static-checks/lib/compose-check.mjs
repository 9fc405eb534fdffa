// docker-compose.yml, checked as strictly as `docker compose config` would and beyond: the Compose schema, then what
// the schema cannot know: build contexts, Dockerfiles and bind-mounted files exist, named volumes are declared, Envoy
// waits for a healthy processor, images are pinned, and the published ports are exactly Envoy's listener ports.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import YAML from 'yaml';
import { validateComposeSchema } from './compose-schema.mjs';
import { interpolate } from './compose-interpolation.mjs';
import { parseDockerfile } from './dockerfile.mjs';
import { envoyListenerPorts } from './envoy-listeners.mjs';

const envoyImage = /^envoyproxy\/envoy(-distroless)?:/;

/**
 * Issues of one compose file under the given variables (as if exported in the shell / an --env-file) and profiles:
 * [{ rule, message }].
 */
export function checkCompose(composePath, { env = {}, profiles = [] } = {}) {
  const issues = [];
  const report = (rule, message) => issues.push({ rule, message });
  const base = dirname(composePath);

  const raw = YAML.parse(readFileSync(composePath, 'utf8'));
  for (const error of validateComposeSchema(raw)) {
    const extra = error.params?.additionalProperty ? ` ("${error.params.additionalProperty}")` : '';
    report('schema', `${error.instancePath || '/'} ${error.message}${extra}`);
  }
  if (issues.length > 0) {
    return issues; // The checks below assume the schema's shapes.
  }

  let compose;
  try {
    compose = interpolate(raw, env);
  } catch (error) {
    report('interpolation', error.message);
    return issues;
  }
  const services = Object.entries(compose.services ?? {})
    .filter(([, service]) => !service.profiles || service.profiles.some((profile) => profiles.includes(profile)));
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));
  const byName = new Map(services);

  for (const [name, service] of services) {
    checkBuild(name, service, base, report);
    checkMounts(name, service, base, declaredVolumes, report);
    for (const file of [service.env_file ?? []].flat()) {
      if (!existsSync(resolve(base, file))) {
        report('env-file-missing', `services.${name}.env_file ${file} does not exist`);
      }
    }
    if (!service.build && service.image && !/:[^/]+$|@sha256:/.test(service.image)) {
      report('image-unpinned', `services.${name}.image ${service.image} has no tag or digest`);
    }
    if (service.image && /:latest$/.test(service.image) && !service.build) {
      report('image-unpinned', `services.${name}.image ${service.image} uses the moving tag "latest"`);
    }
  }

  const envoy = services.find(([, service]) => envoyImage.test(service.image ?? ''));
  const processor = services.find(([name, service]) => name === 'processor' || buildDockerfile(service) === 'processor/Dockerfile');
  if (!envoy) {
    report('envoy-missing', 'no service runs the official envoyproxy/envoy image');
  }
  if (!processor) {
    report('processor-missing', 'no service is named processor or builds processor/Dockerfile');
  }
  if (!envoy || !processor) {
    return issues;
  }
  const [envoyName, envoyService] = envoy;
  const [processorName, processorService] = processor;

  const dependency = dependsOn(envoyService)[processorName];
  if (dependency?.condition !== 'service_healthy') {
    report('envoy-not-waiting', `services.${envoyName}.depends_on.${processorName}.condition must be service_healthy (Envoy fails closed without its processor)`);
  }
  const dockerfile = processorService.build ? join(resolve(base, processorService.build.context ?? '.'), buildDockerfile(processorService)) : null;
  const imageHealthcheck = dockerfile !== null && existsSync(dockerfile) && parseDockerfile(readFileSync(dockerfile, 'utf8')).stages.at(-1)?.instructions.some((i) => i.keyword === 'HEALTHCHECK' && !/^NONE\b/i.test(i.args));
  if (processorService.healthcheck?.disable || (!processorService.healthcheck?.test && !imageHealthcheck)) {
    report('healthcheck-missing', `services.${processorName} has no health check, so service_healthy can never be reached`);
  }

  checkEnvoyPorts(envoyName, envoyService, byName, base, report);
  return issues;
}

function buildDockerfile(service) {
  if (!service.build) {
    return null;
  }
  return typeof service.build === 'string' ? 'Dockerfile' : service.build.dockerfile ?? 'Dockerfile';
}

function dependsOn(service) {
  const value = service.depends_on ?? {};
  return Array.isArray(value) ? Object.fromEntries(value.map((name) => [name, { condition: 'service_started' }])) : value;
}

function checkBuild(name, service, base, report) {
  if (!service.build) {
    return;
  }
  const context = resolve(base, typeof service.build === 'string' ? service.build : service.build.context ?? '.');
  if (!existsSync(context) || !statSync(context).isDirectory()) {
    report('build-context-missing', `services.${name}.build.context ${relative(base, context) || '.'} is not a folder`);
    return;
  }
  const dockerfile = buildDockerfile(service);
  if (!existsSync(join(context, dockerfile))) {
    report('dockerfile-missing', `services.${name}.build.dockerfile ${dockerfile} does not exist in the build context`);
  }
}

/** Short volume syntax: SOURCE:TARGET[:MODE]; a source starting with . / or ~ is a bind mount, else a named volume. */
function volumeMounts(service) {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') {
      return { source: volume.source, target: volume.target, bind: volume.type === 'bind' };
    }
    const [source, target] = volume.split(':');
    if (target === undefined) {
      return { source: null, target: source, bind: false }; // anonymous volume
    }
    return { source, target, bind: /^[./~]/.test(source) };
  });
}

function checkMounts(name, service, base, declaredVolumes, report) {
  for (const mount of volumeMounts(service)) {
    if (mount.source === null || mount.source === undefined) {
      continue;
    }
    if (mount.bind) {
      const path = isAbsolute(mount.source) ? mount.source : resolve(base, mount.source);
      if (!existsSync(path)) {
        report('mount-source-missing', `services.${name}.volumes: ${mount.source} (mounted at ${mount.target}) does not exist`);
      }
    } else if (!declaredVolumes.has(mount.source)) {
      report('volume-undeclared', `services.${name}.volumes: named volume ${mount.source} is not declared under volumes:`);
    }
  }
}

function containerPorts(service) {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'number') {
      return port;
    }
    if (typeof port === 'object') {
      return Number(port.target);
    }
    return Number(String(port).split('/')[0].split(':').at(-1));
  });
}

function checkEnvoyPorts(envoyName, envoyService, byName, base, report) {
  const configMount = volumeMounts(envoyService).find((mount) => mount.target === configPathOf(envoyService));
  if (!configMount?.bind) {
    report('envoy-config-not-mounted', `services.${envoyName} does not bind-mount its config file ${configPathOf(envoyService)}`);
    return;
  }
  const configPath = resolve(base, configMount.source);
  if (!existsSync(configPath)) {
    return; // reported as mount-source-missing
  }
  const listenerPorts = envoyListenerPorts(configPath);
  // Envoy may share another service's network namespace (network_mode: service:X): that service publishes its ports.
  const namespace = /^service:(.+)$/.exec(envoyService.network_mode ?? '')?.[1];
  const ownerName = namespace ?? envoyName;
  const published = containerPorts(byName.get(ownerName) ?? {});
  if (namespace && (envoyService.ports ?? []).length > 0) {
    report('port-mismatch', `services.${envoyName} publishes ports but shares ${namespace}'s network namespace; publish them on ${namespace}`);
  }
  for (const port of listenerPorts) {
    if (!published.includes(port)) {
      report('port-mismatch', `Envoy listens on ${port} (${relative(base, configPath)}) but services.${ownerName} does not publish it`);
    }
  }
  for (const port of published) {
    if (!listenerPorts.includes(port)) {
      report('port-mismatch', `services.${ownerName} publishes container port ${port}, on which Envoy (${relative(base, configPath)}) does not listen`);
    }
  }
}

/** The config path Envoy is started with (-c / --config-path), else the image's default /etc/envoy/envoy.yaml. */
function configPathOf(service) {
  const command = Array.isArray(service.command) ? service.command : String(service.command ?? '').split(/\s+/);
  const at = command.findIndex((arg) => arg === '-c' || arg === '--config-path');
  return at >= 0 ? command[at + 1] : '/etc/envoy/envoy.yaml';
}
