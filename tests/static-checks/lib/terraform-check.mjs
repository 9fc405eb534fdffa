// Checks what `terraform validate` would, as far as it can be known without providers: every reference resolves
// (variables, locals, resources, data sources, modules and their outputs and inputs), declarations document
// themselves, providers are pinned, and IAM policies name their resources.
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { findIamWildcards } from './iam-policies.mjs';
import { repoRoot, walkFiles } from './repo.mjs';
import { expressions, loadModule } from './terraform-module.mjs';
import { findReferences } from './terraform-references.mjs';

const moduleMetaArguments = new Set(['source', 'version', 'count', 'for_each', 'depends_on', 'providers']);

/** Folders under `root` that hold .tf files: each is one module. */
export function moduleDirs(root) {
  return [...new Set(walkFiles(root, (name) => name.endsWith('.tf')).map((file) => dirname(file)))];
}

/**
 * Checks every module under `root`. Returns { modules: [dir], issues: [{ rule, file, message }] }.
 * `allowlist`: [{ module, block, sid, reason }] wildcard statements accepted with a documented reason.
 */
export async function checkTerraform(root, { allowlist = [], base = repoRoot } = {}) {
  const cache = new Map();
  const load = async (dir) => {
    if (!cache.has(dir)) {
      cache.set(dir, await loadModule(dir));
    }
    return cache.get(dir);
  };
  const issues = [];
  const dirs = moduleDirs(root);
  const usedAllowances = new Set();
  for (const dir of dirs) {
    const module = await load(dir);
    const report = (rule, file, message) => issues.push({ rule, file: relative(base, file), message });
    await checkModule(module, load, report);
    for (const finding of findIamWildcards(module)) {
      const moduleKey = relative(base, dir);
      const allowance = allowlist.findIndex((entry) =>
        entry.module === moduleKey && entry.block === finding.block && (entry.sid ?? null) === finding.sid);
      if (allowance >= 0 && finding.rule === 'iam-wildcard-resource' && (allowlist[allowance].reason ?? '').trim().length >= 20) {
        usedAllowances.add(allowance);
      } else {
        report(finding.rule, finding.file, `${finding.message}; name the resources, or allow-list the statement with its reason`);
      }
    }
  }
  allowlist.forEach((entry, i) => {
    const inScope = dirs.some((dir) => relative(base, dir) === entry.module);
    if (inScope && !usedAllowances.has(i)) {
      issues.push({ rule: 'iam-allowlist-stale', file: entry.module, message: `allow-list entry ${entry.block} ${entry.sid ?? ''} matches no wildcard statement (or has no reason)` });
    }
  });
  return { modules: dirs, issues };
}

async function checkModule(module, load, report) {
  const prefixes = requiredProviderNames(module);
  const usedVariables = new Set();

  for (const block of module.blocks) {
    const label = [block.kind, ...block.labels].join('.');
    checkRepetition(block, label, report);
    for (const { path, text } of expressions(block.body)) {
      for (const ref of findReferences(text, prefixes)) {
        const where = `${label}${path ? `.${path}` : ''}`;
        if (ref.kind === 'var') {
          if (block.kind !== 'variable') {
            usedVariables.add(ref.name);
          }
          if (!module.variables.has(ref.name)) {
            report('undeclared-variable', block.file, `${where} uses var.${ref.name}, which is not declared`);
          }
        } else if (ref.kind === 'local' && !module.locals.has(ref.name)) {
          report('undeclared-local', block.file, `${where} uses local.${ref.name}, which is not declared`);
        } else if (ref.kind === 'data' && !module.data.has(ref.name)) {
          report('undeclared-data', block.file, `${where} uses data.${ref.name}, which is not declared`);
        } else if (ref.kind === 'resource' && !module.resources.has(ref.name)) {
          report('undeclared-resource', block.file, `${where} uses ${ref.name}, which is not declared`);
        } else if (ref.kind === 'module') {
          await checkModuleOutput(module, ref, where, block.file, load, report);
        }
      }
    }
  }

  for (const [name, block] of module.variables) {
    if (typeof block.body.description !== 'string' || block.body.description.trim() === '') {
      report('variable-without-description', block.file, `variable "${name}" has no description`);
    }
    if (block.body.type === undefined) {
      report('variable-without-type', block.file, `variable "${name}" has no type`);
    }
    if (!usedVariables.has(name)) {
      report('unused-variable', block.file, `variable "${name}" is declared but never used`);
    }
  }
  for (const [name, block] of module.outputs) {
    if (typeof block.body.description !== 'string' || block.body.description.trim() === '') {
      report('output-without-description', block.file, `output "${name}" has no description`);
    }
  }
  checkProviderPins(module, report);
  for (const [name, block] of module.modules) {
    await checkModuleInputs(module, name, block, load, report);
  }
}

// each.key/each.value exist only in a block with for_each, count.index only in one with count.
function checkRepetition(block, label, report) {
  if (!['resource', 'data', 'module'].includes(block.kind)) {
    return;
  }
  for (const { path, text } of expressions(block.body)) {
    if (/(?<![A-Za-z0-9_.])each\.(key|value)\b/.test(text) && !('for_each' in block.body)) {
      report('each-without-for-each', block.file, `${label}.${path} uses each.* but ${label} has no for_each`);
    }
    if (/(?<![A-Za-z0-9_.])count\.index\b/.test(text) && !('count' in block.body)) {
      report('count-without-count', block.file, `${label}.${path} uses count.index but ${label} has no count`);
    }
  }
}

function requiredProviderNames(module) {
  const names = new Set();
  for (const block of module.blocks.filter((b) => b.kind === 'terraform')) {
    for (const required of block.body.required_providers ?? []) {
      Object.keys(required).forEach((provider) => names.add(provider));
    }
  }
  return names.size > 0 ? [...names] : ['aws'];
}

function checkProviderPins(module, report) {
  const terraformBlocks = module.blocks.filter((b) => b.kind === 'terraform');
  if (terraformBlocks.length === 0) {
    report('provider-unpinned', module.files[0] ?? module.dir, `module ${module.dir} has no terraform block (required_version, required_providers)`);
    return;
  }
  for (const block of terraformBlocks) {
    if (!/</.test(block.body.required_version ?? '')) {
      report('provider-unpinned', block.file, 'terraform.required_version needs an upper bound (e.g. ">= 1.6.0, < 2.0.0")');
    }
    for (const required of block.body.required_providers ?? []) {
      for (const [provider, spec] of Object.entries(required)) {
        const version = typeof spec === 'object' ? spec.version ?? '' : spec;
        if (!/~>|</.test(version)) {
          report('provider-unpinned', block.file, `provider "${provider}" version "${version}" has no upper bound (use "~> X.Y" or ">= A, < B")`);
        }
      }
    }
  }
}

function calledModuleDir(module, block) {
  const source = block.body.source;
  if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) {
    return null;
  }
  return resolve(module.dir, source);
}

async function checkModuleOutput(module, ref, where, file, load, report) {
  const call = module.modules.get(ref.name);
  if (!call) {
    report('unknown-module', file, `${where} uses module.${ref.name}, which is not declared`);
    return;
  }
  const dir = calledModuleDir(module, call);
  if (dir === null || ref.output === undefined || !isDirectory(dir)) {
    return; // A missing source is reported once by checkModuleInputs.
  }
  const callee = await load(dir);
  if (!callee.outputs.has(ref.output)) {
    report('unknown-module-output', file, `${where} uses module.${ref.name}.${ref.output}, but ${call.body.source} declares no output "${ref.output}"`);
  }
}

async function checkModuleInputs(module, name, block, load, report) {
  const dir = calledModuleDir(module, block);
  if (dir === null) {
    report('module-source-not-local', block.file, `module "${name}" source "${block.body.source}" is not a local path; its outputs and inputs cannot be checked`);
    return;
  }
  if (!isDirectory(dir)) {
    report('module-source-missing', block.file, `module "${name}" source ${block.body.source} does not exist`);
    return;
  }
  const callee = await load(dir);
  const given = Object.keys(block.body).filter((key) => !moduleMetaArguments.has(key));
  for (const input of given) {
    if (!callee.variables.has(input)) {
      report('unknown-module-input', block.file, `module "${name}" sets "${input}", which ${block.body.source} does not declare`);
    }
  }
  for (const [variable, declaration] of callee.variables) {
    if (!('default' in declaration.body) && !given.includes(variable)) {
      report('missing-module-input', block.file, `module "${name}" does not set the required variable "${variable}" of ${block.body.source}`);
    }
  }
}

function isDirectory(path) {
  return existsSync(path) && statSync(path).isDirectory();
}
