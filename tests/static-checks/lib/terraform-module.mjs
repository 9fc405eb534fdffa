// Loads one Terraform module (the .tf files of one folder) through an HCL parser and indexes what it declares.
// @cdktf/hcl2json is HashiCorp's HCL parser (Go, compiled to WebAssembly): it parses exactly what terraform parses,
// offline. Expressions come back as strings wrapped in "${...}".
import { parse } from '@cdktf/hcl2json';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const blockKinds = ['variable', 'locals', 'output', 'resource', 'data', 'module', 'provider', 'terraform'];

/**
 * A parsed module: declarations by kind, each with the file it came from.
 * blocks: [{ kind, labels: [..], body, file }] in file order.
 */
export async function loadModule(dir) {
  const files = readdirSync(dir).filter((name) => name.endsWith('.tf')).sort();
  const blocks = [];
  for (const name of files) {
    const file = join(dir, name);
    let parsed;
    try {
      parsed = await parse(file, readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: HCL parse error: ${error.message ?? error}`);
    }
    for (const kind of Object.keys(parsed)) {
      if (!blockKinds.includes(kind)) {
        throw new Error(`${file}: unknown top-level block "${kind}"`);
      }
    }
    for (const [kind, value] of Object.entries(parsed)) {
      blocks.push(...flatten(kind, value, file));
    }
  }
  return { dir, files: files.map((name) => join(dir, name)), blocks, ...index(blocks) };
}

// hcl2json nests labelled blocks as {label: {label: [body]}}; locals and terraform blocks are lists of bodies.
function flatten(kind, value, file) {
  const depth = { variable: 1, output: 1, module: 1, provider: 1, resource: 2, data: 2 }[kind] ?? 0;
  const out = [];
  const walk = (node, labels) => {
    if (labels.length === depth) {
      for (const body of node) {
        out.push({ kind, labels, body, file });
      }
      return;
    }
    for (const [label, child] of Object.entries(node)) {
      walk(child, [...labels, label]);
    }
  };
  walk(value, []);
  return out;
}

function index(blocks) {
  const variables = new Map();
  const locals = new Map();
  const outputs = new Map();
  const resources = new Map();
  const data = new Map();
  const modules = new Map();
  for (const block of blocks) {
    switch (block.kind) {
      case 'variable': variables.set(block.labels[0], block); break;
      case 'output': outputs.set(block.labels[0], block); break;
      case 'module': modules.set(block.labels[0], block); break;
      case 'resource': resources.set(block.labels.join('.'), block); break;
      case 'data': data.set(block.labels.join('.'), block); break;
      case 'locals':
        for (const name of Object.keys(block.body)) {
          locals.set(name, block);
        }
        break;
      default: break;
    }
  }
  return { variables, locals, outputs, resources, data, modules };
}

/** Every expression string in a body, with a dotted path for messages. */
export function* expressions(node, path = '') {
  if (typeof node === 'string') {
    if (node.includes('${')) {
      yield { path, text: node };
    }
  } else if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      yield* expressions(node[i], node.length === 1 ? path : `${path}[${i}]`);
    }
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      yield* expressions(value, path ? `${path}.${key}` : key);
    }
  }
}
