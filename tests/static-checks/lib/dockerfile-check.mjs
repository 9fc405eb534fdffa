// Container images, checked without Docker: multi-stage (.NET SDK to build, ASP.NET runtime to run, same .NET version
// as global.json), a non-root user, nothing run in the runtime stage (so nothing written to the image's root file
// system there), an entry point, COPY sources that exist in the build context and are not .dockerignore'd, and for the
// processor a HEALTHCHECK through `aigw --health-check` and Node.js/npm in the build stage for the protos (adr/001).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadDockerignore } from './dockerignore.mjs';
import { parseDockerfile } from './dockerfile.mjs';

const sdkImage = /^mcr\.microsoft\.com\/dotnet\/sdk:(\d+\.\d+)/;
const runtimeImage = /^mcr\.microsoft\.com\/dotnet\/(aspnet|runtime):(\d+\.\d+)/;

/**
 * Issues of one Dockerfile: [{ rule, line, message }].
 * options.context: build context folder; options.processor: apply the processor-only rules;
 * options.dotnetVersion: "major.minor" the images must match (from global.json).
 */
export function checkDockerfile(dockerfilePath, { context, processor = false, dotnetVersion }) {
  const issues = [];
  const report = (rule, line, message) => issues.push({ rule, line, message });
  const { stages } = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));
  if (stages.length < 2) {
    report('single-stage', 1, 'build with the SDK in one stage and run on the runtime image in a later one');
    return issues;
  }
  const build = stages[0];
  const runtime = stages.at(-1);

  const sdk = sdkImage.exec(build.image);
  if (!sdk) {
    report('build-stage-not-sdk', 1, `the first stage must be mcr.microsoft.com/dotnet/sdk:<version>, not ${build.image}`);
  }
  const run = runtimeImage.exec(runtime.image);
  if (!run) {
    report('runtime-not-aspnet', 1, `the last stage must be mcr.microsoft.com/dotnet/aspnet:<version> (or runtime), not ${runtime.image}`);
  }
  const versions = [sdk?.[1], run?.[2]].filter(Boolean);
  if (dotnetVersion && versions.some((version) => version !== dotnetVersion)) {
    report('dotnet-version-mismatch', 1, `images use .NET ${versions.join(' and ')}, global.json pins ${dotnetVersion}`);
  }

  const users = runtime.instructions.filter((i) => i.keyword === 'USER');
  const user = users.at(-1)?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') {
    report('runs-as-root', users.at(-1)?.line ?? 1, 'the runtime stage must switch to a non-root USER');
  }
  for (const instruction of runtime.instructions.filter((i) => i.keyword === 'RUN')) {
    report('runs-in-runtime-stage', instruction.line, 'the runtime stage runs nothing: prepare files in the build stage and COPY --from them');
  }
  if (!runtime.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) {
    report('entrypoint-missing', 1, 'the runtime stage has no ENTRYPOINT or CMD');
  }

  const ignore = loadDockerignore(context, dockerfilePath);
  const stageNames = [];
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')) {
      const from = instruction.flags.from;
      if (from !== undefined) {
        if (!stageNames.includes(from) && !/[:/]/.test(from)) {
          report('copy-from-unknown-stage', instruction.line, `COPY --from=${from}: no earlier stage has that name or index`);
        }
        continue;
      }
      for (const source of instruction.sources) {
        checkCopySource(source, instruction.line, context, ignore, report);
      }
    }
    stageNames.push(String(stage.index));
    if (stage.name) {
      stageNames.push(stage.name);
    }
  }

  if (processor) {
    const healthcheck = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK');
    if (!healthcheck || !/--health-check\b/.test(healthcheck.args)) {
      report('healthcheck-missing', healthcheck?.line ?? 1, 'the runtime stage needs HEALTHCHECK ... aigw.dll --health-check');
    }
    const buildStages = stages.slice(0, -1);
    const installsNode = buildStages.some((stage) => /(^|\/)node:/.test(stage.image)
      || stage.instructions.some((i) => i.keyword === 'RUN' && /\bnpm\b/.test(i.args) && /\bnodejs\b/.test(i.args)));
    if (!installsNode) {
      report('node-missing', 1, 'the build stage needs Node.js and npm: protos/AiGateway.Protos.csproj runs npm ci for the Envoy protos');
    }
  }
  return issues;
}

function checkCopySource(source, line, context, ignore, report) {
  const path = source.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
  if (/[*?[]/.test(path)) {
    const dir = join(context, dirname(path));
    const name = new RegExp(`^${path.split('/').at(-1).replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.')}$`);
    const matches = existsSync(dir) ? readdirSync(dir).filter((entry) => name.test(entry)) : [];
    if (matches.length === 0) {
      report('copy-source-missing', line, `COPY ${source}: nothing in the build context matches`);
    }
    return;
  }
  if (!existsSync(join(context, path))) {
    report('copy-source-missing', line, `COPY ${source}: not in the build context`);
  } else if (path !== '.' && ignore.excludes(path)) {
    report('copy-source-ignored', line, `COPY ${source}: excluded by ${relative(context, ignore.file)}`);
  }
}
