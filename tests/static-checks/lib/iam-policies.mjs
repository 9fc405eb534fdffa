// IAM least privilege, statically: every Allow statement names its resources. A literal "*" resource is accepted
// only when iam-wildcard-allowlist.json lists that statement with its reason.

/** Statements of an aws_iam_policy_document body, static and dynamic ("dynamic \"statement\" { content {...} }"). */
function statementsOf(body) {
  const statements = [...(body.statement ?? [])];
  for (const dynamic of body.dynamic?.statement ?? []) {
    statements.push(...(dynamic.content ?? []));
  }
  return statements;
}

const inlineWildcardResource = /\bResource"?\s*[=:]\s*(\[\s*)?"\*"/;

/**
 * Wildcard findings of a module: [{ rule, block, sid, file, message }].
 * `block` is "data.aws_iam_policy_document.NAME" or "resource.TYPE.NAME" (inline JSON policies).
 */
export function findIamWildcards(module) {
  const findings = [];
  for (const [key, block] of module.data) {
    if (!key.startsWith('aws_iam_policy_document.')) {
      continue;
    }
    for (const statement of statementsOf(block.body)) {
      const effect = statement.effect ?? 'Allow';
      if (effect !== 'Allow') {
        continue;
      }
      const where = { block: `data.${key}`, sid: statement.sid ?? null, file: block.file };
      const resources = Array.isArray(statement.resources) ? statement.resources : [statement.resources];
      if (resources.includes('*')) {
        findings.push({ rule: 'iam-wildcard-resource', ...where, message: `${where.block} statement ${where.sid ?? '(no sid)'} allows Resource "*"` });
      }
      const actions = Array.isArray(statement.actions) ? statement.actions : [statement.actions];
      for (const action of actions) {
        if (action === '*' || (typeof action === 'string' && /^[a-z0-9-]+:\*$/.test(action))) {
          findings.push({ rule: 'iam-wildcard-action', ...where, message: `${where.block} statement ${where.sid ?? '(no sid)'} allows action "${action}"` });
        }
      }
    }
  }
  // Policies written inline (jsonencode or heredoc JSON) instead of as policy documents.
  for (const [key, block] of module.resources) {
    for (const attribute of ['policy', 'assume_role_policy', 'inline_policy']) {
      const value = block.body[attribute];
      if (typeof value === 'string' && inlineWildcardResource.test(value)) {
        findings.push({ rule: 'iam-wildcard-resource', block: `resource.${key}`, sid: null, file: block.file, message: `resource.${key} ${attribute} has an inline Resource "*"` });
      }
    }
  }
  return findings;
}
