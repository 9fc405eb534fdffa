// envoy/envoy.compose-fake.yaml is envoy/envoy.local.yaml with every provider cluster pointed at the fake providers
// (plain HTTP on 127.0.0.1 in the shared network namespace of docker-compose.yml). It is generated, never edited:
// `node tests/static-checks/generate-compose-fake-envoy.mjs` after changing envoy.local.yaml; a test fails when the
// committed file is stale. Comments and anchors survive because the YAML document is edited in place.
import YAML from 'yaml';

export const fakeProviderAddress = { address: '127.0.0.1', port_value: 9100 };
export const processorCluster = 'aigw_processor';

const header = [
  ' GENERATED from envoy/envoy.local.yaml by tests/static-checks/generate-compose-fake-envoy.mjs: do not edit.',
  ' docker compose --env-file tests/AiGateway.FakeProviders.Host/compose.env (fake-provider profile) mounts it.',
  ' Differences from envoy.local.yaml, and nothing else: each provider cluster is STATIC, its endpoints are the fake',
  ` providers on ${fakeProviderAddress.address}:${fakeProviderAddress.port_value} (same priorities and aigw.backend metadata) and it has no TLS.`,
].join('\n');

/** The fake-provider variant of the local Envoy config, as YAML text. */
export function composeFakeEnvoyYaml(localYamlText) {
  const doc = YAML.parseDocument(localYamlText);
  if (doc.errors.length > 0) {
    throw new Error(`envoy.local.yaml: ${doc.errors[0].message}`);
  }
  doc.commentBefore = header;
  const clusters = doc.getIn(['static_resources', 'clusters']);
  for (const cluster of clusters.items) {
    if (cluster.get('name') === processorCluster) {
      continue;
    }
    cluster.set('type', 'STATIC');
    cluster.delete('transport_socket');
    const options = cluster.getIn(['typed_extension_protocol_options', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions']);
    options?.delete('upstream_http_protocol_options'); // auto_sni: meaningless without TLS
    for (const locality of cluster.getIn(['load_assignment', 'endpoints']).items) {
      for (const lbEndpoint of locality.get('lb_endpoints').items) {
        lbEndpoint.setIn(['endpoint', 'address', 'socket_address'], doc.createNode(fakeProviderAddress, { flow: true }));
      }
    }
  }
  return doc.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
}
