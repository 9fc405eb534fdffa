// Finds the references in one Terraform expression string. Terraform's own grammar would be exact; these patterns
// are exact for the shapes the language allows for references (var.NAME, local.NAME, module.NAME[KEY].OUTPUT,
// data.TYPE.NAME, TYPE.NAME), and a reference never starts right after a word character, dot or hyphen.
const name = '[A-Za-z_][A-Za-z0-9_-]*';
const start = '(?<![A-Za-z0-9_.-])';

const patterns = {
  var: new RegExp(`${start}var\\.(${name})`, 'g'),
  local: new RegExp(`${start}local\\.(${name})`, 'g'),
  module: new RegExp(`${start}module\\.(${name})(?:\\[[^\\]]*\\])?(?:\\.(${name}))?`, 'g'),
  data: new RegExp(`${start}data\\.(${name})\\.(${name})`, 'g'),
};

/** The references of an expression: [{ kind: 'var'|'local'|'module'|'data'|'resource', name, output? }]. */
export function findReferences(text, resourcePrefixes) {
  const found = [];
  for (const match of text.matchAll(patterns.var)) {
    found.push({ kind: 'var', name: match[1] });
  }
  for (const match of text.matchAll(patterns.local)) {
    found.push({ kind: 'local', name: match[1] });
  }
  for (const match of text.matchAll(patterns.module)) {
    found.push({ kind: 'module', name: match[1], output: match[2] });
  }
  for (const match of text.matchAll(patterns.data)) {
    found.push({ kind: 'data', name: `${match[1]}.${match[2]}` });
  }
  // Managed resources: TYPE.NAME where TYPE belongs to a provider the module requires (aws_*), or terraform_data.
  // Dynamic-block iterators (statement.value) and each/count/path/self never carry such a prefix.
  const types = [...resourcePrefixes.map((prefix) => `${prefix}_[a-z0-9_]+`), 'terraform_data'].join('|');
  const resource = new RegExp(`${start}(${types})\\.(${name})`, 'g');
  for (const match of text.matchAll(resource)) {
    found.push({ kind: 'resource', name: `${match[1]}.${match[2]}` });
  }
  return found;
}
