// Table tests of the Gateway builders (ISTIO.md §5; cases follow net-istio's gateway_test.go):
// names, TLS entries per visibility, TLS and HTTP servers, per-Ingress and wildcard Gateways, and
// the FinalizeKind clean-up of shared gateways.
import type { Gateway, Ingress, IngressRule, IngressSpec, Server } from '@ebb/api';
import {
  credentialNames,
  gatewayName,
  httpServerWanted,
  ingressTLSForVisibility,
  makeHTTPServer,
  makeIngressGateways,
  makeTLSServers,
  makeWildcardGateways,
  PLACEHOLDER_SERVER,
  removeIngressServers,
  wildcardGatewayName,
  type GatewayService,
} from './gateway.js';
import type { IngressTLS, TLSSecret } from './secret.js';

const INGRESS_LABEL = 'networking.internal.knative.dev/ingress';
const SERVICE: GatewayService = { namespace: 'istio-system', name: 'istio-ingressgateway', selector: { istio: 'ingressgateway' } };
const OWNER = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress', name: 'ingress', uid: 'ing-uid', controller: true, blockOwnerDeletion: true };

function ingress(spec: IngressSpec, name = 'ingress'): Ingress {
  return { metadata: { name, namespace: 'test-ns', uid: 'ing-uid' }, spec };
}

function rule(hosts: string[], visibility?: 'ExternalIP' | 'ClusterLocal'): IngressRule {
  return { hosts, ...(visibility === undefined ? {} : { visibility }), http: { paths: [{ splits: [{ serviceNamespace: 'test-ns', serviceName: 'svc', servicePort: 80 }] }] } };
}

function tls(hosts: string[], secretName = 'secret0', secretNamespace = 'knative-serving'): IngressTLS {
  return { hosts, secretName, secretNamespace };
}

function secret(name: string, namespace: string, dnsNames: string[], uid = 'secret-uid'): TLSSecret {
  return { secret: { metadata: { name, namespace, uid } }, dnsNames };
}

function tlsServer(name: string, hosts: string[], credentialName: string, number = 443): Server {
  return { hosts, port: { name, number, protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName } };
}

const HTTP_SERVER: Server = { hosts: ['host1.example.com'], port: { name: 'http-server', number: 80, protocol: 'HTTP' } };
const REDIRECT_SERVER: Server = { ...HTTP_SERVER, tls: { httpsRedirect: true } };

describe('gatewayName', () => {
  it.each<[string, string, 'ExternalIP' | 'ClusterLocal', string]>([
    ['external', 'ingress', 'ExternalIP', 'ingress-1428293660'],
    ['cluster-local: the Service key gets -local', 'ingress', 'ClusterLocal', 'ingress-2366048852'],
    ['a 63-character name is cut to keep 63', 'areallyverylongdomainnamethatexcd8923dee789a086a0ac46d3046cbec7', 'ExternalIP', 'areallyverylongdomainnamethatexcd8923dee789a086a0ac4-1428293660'],
    ['a name that is no DNS-1123 label becomes its checksum', 'ingress.com', 'ExternalIP', '451478633-1428293660'],
  ])('%s', (_name, name, visibility, want) => {
    const got = gatewayName(ingress({}, name), { namespace: 'istio-system', name: 'gateway' }, visibility);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(63);
  });

  it('wildcard Gateways are wildcard-<hex adler32 of secret-svcNs-svcName>', () => {
    expect(wildcardGatewayName('secret0', 'istio-system', 'istio-ingressgateway')).toBe('wildcard-4fec104d');
  });
});

describe('ingressTLSForVisibility (knative/networking GetIngressTLSForVisibility)', () => {
  const entry = tls(['a.example.com', 'b.example.com']);
  const other = tls(['c.example.com'], 'secret1');

  it.each<[string, IngressSpec, 'ExternalIP' | 'ClusterLocal', IngressTLS[]]>([
    ['no TLS', { rules: [rule(['a.example.com'], 'ExternalIP')] }, 'ExternalIP', []],
    ['entries holding all hosts of a rule', { rules: [rule(['a.example.com', 'b.example.com'], 'ExternalIP')], tls: [entry, other] }, 'ExternalIP', [entry]],
    ['an entry missing one host of the rule is left out', { rules: [rule(['a.example.com', 'x.example.com'], 'ExternalIP')], tls: [entry] }, 'ExternalIP', []],
    ['an unset visibility counts as ExternalIP', { rules: [rule(['c.example.com'])], tls: [entry, other] }, 'ExternalIP', [other]],
    ['rules of the other visibility are ignored', { rules: [rule(['c.example.com'], 'ExternalIP')], tls: [other] }, 'ClusterLocal', []],
    ['cluster-local rules', { rules: [rule(['c.example.com'], 'ClusterLocal')], tls: [other] }, 'ClusterLocal', [other]],
    ['an entry matching two rules appears twice', { rules: [rule(['a.example.com'], 'ExternalIP'), rule(['b.example.com'], 'ExternalIP')], tls: [entry] }, 'ExternalIP', [entry, entry]],
    [
      'a rule without hosts ends the search',
      { rules: [rule(['c.example.com'], 'ExternalIP'), rule([], 'ExternalIP'), rule(['a.example.com'], 'ExternalIP')], tls: [entry, other] },
      'ExternalIP',
      [other],
    ],
  ])('%s', (_name, spec, visibility, want) => {
    expect(ingressTLSForVisibility(ingress(spec), visibility)).toEqual(want);
  });
});

describe('makeHTTPServer / httpServerWanted (§5)', () => {
  const external = rule(['host1.example.com'], 'ExternalIP');
  const withTLS = { tls: [tls(['host1.example.com'])] };

  it.each<[string, IngressSpec, Server | undefined, boolean]>([
    ['Enabled without TLS: none (the shared gateway serves HTTP)', { rules: [external], httpOption: 'Enabled' }, undefined, false],
    ['Redirected without TLS: a redirecting server', { rules: [external], httpOption: 'Redirected' }, REDIRECT_SERVER, true],
    ['Enabled with external TLS: a plain server', { rules: [external], httpOption: 'Enabled', ...withTLS }, HTTP_SERVER, true],
    ['Redirected with external TLS: a redirecting server', { rules: [external], httpOption: 'Redirected', ...withTLS }, REDIRECT_SERVER, true],
    ['no ExternalIP rule: none', { rules: [rule(['host1.example.com'], 'ClusterLocal')], httpOption: 'Redirected', ...withTLS }, undefined, false],
    ['httpOption unset with TLS: wanted, but no server (net-istio makes none)', { rules: [external], ...withTLS }, undefined, true],
    [
      'hosts: the ExternalIP rules’ hosts, sorted and unique',
      { rules: [rule(['z.example.com', 'a.example.com']), rule(['a.example.com'], 'ExternalIP'), rule(['local.ns.svc.cluster.local'], 'ClusterLocal')], httpOption: 'Redirected' },
      { hosts: ['a.example.com', 'z.example.com'], port: { name: 'http-server', number: 80, protocol: 'HTTP' }, tls: { httpsRedirect: true } },
      true,
    ],
  ])('%s', (_name, spec, want, wanted) => {
    expect(makeHTTPServer(ingress(spec))).toEqual(want);
    expect(httpServerWanted(ingress(spec))).toBe(wanted);
  });
});

describe('makeTLSServers (net-istio TestMakeTLSServers)', () => {
  const credential = (entry: IngressTLS): string => `cred-${entry.secretName ?? ''}`;

  it('one HTTPS server per entry on 443, port name <ns>/<name>:<i>, SIMPLE TLS', () => {
    expect(makeTLSServers(ingress({}), [tls(['host1.example.com'])], 'ExternalIP', credential)).toEqual([tlsServer('test-ns/ingress:0', ['host1.example.com'], 'cred-secret0')]);
  });

  it('cluster-local servers listen on 8444', () => {
    expect(makeTLSServers(ingress({}), [tls(['a.ns.svc.cluster.local'])], 'ClusterLocal', credential)).toEqual([tlsServer('test-ns/ingress:0', ['a.ns.svc.cluster.local'], 'cred-secret0', 8444)]);
  });

  it('an Ingress name that is no DNS-1123 label is its checksum in the port name', () => {
    expect(makeTLSServers(ingress({}, 'ingress.com'), [tls(['h'])], 'ExternalIP', credential)[0]?.port.name).toBe('test-ns/451478633:0');
  });

  it('servers are sorted by port name as strings', () => {
    const entries = Array.from({ length: 11 }, (_, i) => tls([`h${i}`], `s${i}`));
    const names = makeTLSServers(ingress({}), entries, 'ExternalIP', credential).map((s) => s.port.name);
    expect(names.slice(0, 4)).toEqual(['test-ns/ingress:0', 'test-ns/ingress:1', 'test-ns/ingress:10', 'test-ns/ingress:2']);
  });
});

describe('credentialNames', () => {
  const secrets = new Map([['knative-serving/secret0', secret('secret0', 'knative-serving', ['h'], '1234')]]);
  const credential = (gatewayServiceNamespace: string, secretMap = secrets): ((entry: IngressTLS) => string) =>
    credentialNames({ ingress: ingress({}), secrets: secretMap, gatewayServiceNamespace });

  it('the Secret itself when it lives in the gateway Service namespace', () => {
    expect(credential('knative-serving')(tls(['h']))).toBe('secret0');
  });

  it('the Ingress’s copy otherwise', () => {
    expect(credential('istio-system')(tls(['h']))).toBe('ingress-1234');
  });

  it('refuses an unknown Secret outside the namespace', () => {
    expect(() => credential('istio-system', new Map())(tls(['h']))).toThrow('unable to get the original secret knative-serving/secret0');
  });
});

describe('makeIngressGateways (§5)', () => {
  const external = rule(['host1.example.com'], 'ExternalIP');
  const secrets = [secret('secret0', 'knative-serving', ['host1.example.com'], '1234')];
  const base = { gatewayServices: [SERVICE], secrets, clusterLocalTLS: false };

  function perIngress(name: string, servers: Server[], selector: Record<string, string> = { istio: 'ingressgateway' }): Gateway {
    return {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name, namespace: 'test-ns', labels: { [INGRESS_LABEL]: 'ingress' }, ownerReferences: [OWNER] },
      spec: { selector, servers },
    };
  }

  it('httpOption Enabled without TLS: no per-Ingress Gateway', () => {
    expect(makeIngressGateways({ ...base, ingress: ingress({ rules: [external], httpOption: 'Enabled' }) })).toEqual({ external: [], clusterLocal: [], httpServer: false });
  });

  it('Redirected without TLS: a Gateway with only the redirecting HTTP server', () => {
    expect(makeIngressGateways({ ...base, ingress: ingress({ rules: [external], httpOption: 'Redirected' }) })).toEqual({
      external: [perIngress('ingress-3797421420', [REDIRECT_SERVER])],
      clusterLocal: [],
      httpServer: true,
    });
  });

  it('external TLS with the Secret elsewhere: its copy as credential, then the HTTP server', () => {
    const got = makeIngressGateways({ ...base, ingress: ingress({ rules: [external], tls: [tls(['host1.example.com'])], httpOption: 'Enabled' }) });
    expect(got.external).toEqual([perIngress('ingress-3797421420', [tlsServer('test-ns/ingress:0', ['host1.example.com'], 'ingress-1234'), HTTP_SERVER])]);
    expect(got.httpServer).toBe(true);
  });

  it('one Gateway per gateway Service, each with its selector and credential', () => {
    const services: GatewayService[] = [
      { namespace: 'aNamespace', name: 'gateway1', selector: { istio: 'ingressgateway1' } },
      { namespace: 'knative-serving', name: 'gateway2', selector: { istio: 'ingressgateway2' } },
    ];
    const got = makeIngressGateways({ ...base, gatewayServices: services, ingress: ingress({ rules: [external], tls: [tls(['host1.example.com'])], httpOption: 'Enabled' }) });
    expect(got.external).toEqual([
      perIngress('ingress-1224738625', [tlsServer('test-ns/ingress:0', ['host1.example.com'], 'ingress-1234'), HTTP_SERVER], { istio: 'ingressgateway1' }),
      perIngress('ingress-2017724785', [tlsServer('test-ns/ingress:0', ['host1.example.com'], 'secret0'), HTTP_SERVER], { istio: 'ingressgateway2' }),
    ]);
  });

  it('wildcard-only TLS: the per-Ingress Gateway holds just the HTTP server (the wildcard Gateway serves TLS)', () => {
    const got = makeIngressGateways({ ...base, secrets: [secret('secret0', 'knative-serving', ['*.example.com'])], ingress: ingress({ rules: [external], tls: [tls(['host1.example.com'])], httpOption: 'Redirected' }) });
    expect(got.external).toEqual([perIngress('ingress-3797421420', [REDIRECT_SERVER])]);
  });

  it('TLS whose Secret was not read is left out of the servers', () => {
    const got = makeIngressGateways({ ...base, secrets: [], ingress: ingress({ rules: [external], tls: [tls(['host1.example.com'])], httpOption: 'Enabled' }) });
    expect(got.external).toEqual([perIngress('ingress-3797421420', [HTTP_SERVER])]);
  });

  describe('cluster-local TLS', () => {
    const local = rule(['a.test-ns.svc.cluster.local'], 'ClusterLocal');
    const spec: IngressSpec = { rules: [local], tls: [tls(['a.test-ns.svc.cluster.local'])], httpOption: 'Enabled' };

    it('is not built unless cluster-local-domain-tls is Enabled', () => {
      expect(makeIngressGateways({ ...base, ingress: ingress(spec) })).toEqual({ external: [], clusterLocal: [], httpServer: false });
    });

    it('when Enabled: a -local Gateway on the external gateway Service, 8444, no HTTP server', () => {
      expect(makeIngressGateways({ ...base, clusterLocalTLS: true, ingress: ingress(spec) })).toEqual({
        external: [],
        clusterLocal: [perIngress('ingress-975966116', [tlsServer('test-ns/ingress:0', ['a.test-ns.svc.cluster.local'], 'ingress-1234', 8444)])],
        httpServer: false,
      });
    });

    it('wildcard certificates are not split off for cluster-local TLS', () => {
      const wild = [secret('secret0', 'knative-serving', ['*.test-ns.svc.cluster.local'], '1234')];
      const got = makeIngressGateways({ ...base, secrets: wild, clusterLocalTLS: true, ingress: ingress(spec) });
      expect(got.clusterLocal.map((g) => g.spec?.servers?.[0]?.tls?.credentialName)).toEqual(['ingress-1234']);
    });
  });
});

describe('makeWildcardGateways (net-istio TestMakeWildcardGateways)', () => {
  const wildcard = secret('secret0', 'knative-serving', ['*.example.com'], 'w-uid');

  function want(name: string, credentialName: string): Gateway {
    return {
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: {
        name,
        namespace: 'knative-serving',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 'secret0', uid: 'w-uid', controller: true, blockOwnerDeletion: true }],
      },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ ...tlsServer('https', ['*.example.com'], credentialName) }] },
    };
  }

  it.each<[string, string, string, string]>([
    ['Secret outside the gateway namespace: its shared copy', 'istio-system', 'wildcard-4fec104d', 'knative-serving--secret0-wildcard'],
    ['Secret in the gateway namespace: itself', 'knative-serving', 'wildcard-810d1170', 'secret0'],
  ])('%s', (_name, serviceNamespace, name, credential) => {
    expect(makeWildcardGateways({ secrets: [wildcard], gatewayServices: [{ ...SERVICE, namespace: serviceNamespace }] })).toEqual([want(name, credential)]);
  });

  it('ignores non-wildcard Secrets and orders by Secret', () => {
    const other = secret('a-secret', 'knative-serving', ['*.other.com'], 'a-uid');
    const plain = secret('plain', 'knative-serving', ['p.example.com']);
    const names = makeWildcardGateways({ secrets: [wildcard, plain, other], gatewayServices: [SERVICE] }).map((g) => g.spec?.servers?.[0]?.hosts);
    expect(names).toEqual([['*.other.com'], ['*.example.com']]);
  });
});

describe('removeIngressServers (FinalizeKind; net-istio TestUpdateGateway)', () => {
  const mine = tlsServer('test-ns/ingress:0', ['host1.example.com'], 'c');
  const theirs = tlsServer('test-ns/non-ingress:0', ['host2.example.com'], 'c');
  const http: Server = { hosts: ['*'], port: { name: 'http', number: 80, protocol: 'HTTP' } };
  const shared = (servers: Server[]): Gateway => ({ metadata: { name: 'knative-ingress-gateway', namespace: 'knative-serving' }, spec: { selector: { istio: 'ingressgateway' }, servers } });

  it.each<[string, Server[], Server[] | undefined]>([
    ['removes the Ingress’s servers, keeps and sorts the rest', [theirs, mine, http], [http, theirs]],
    ['leaves the placeholder when no server would remain', [mine], [PLACEHOLDER_SERVER]],
    ['drops an old placeholder when others remain', [mine, PLACEHOLDER_SERVER, theirs], [theirs]],
    ['nothing of the Ingress: no update', [theirs, http], undefined],
    ['a port name with two colons is not the Ingress’s', [{ ...mine, port: { ...mine.port, name: 'test-ns/ingress:0:1' } }], undefined],
    ['no servers at all: no update', [], undefined],
  ])('%s', (_name, servers, want) => {
    const got = removeIngressServers(shared(servers), ingress({}));
    expect(got?.spec?.servers).toEqual(want);
    if (got !== undefined) expect(got.spec?.selector).toEqual({ istio: 'ingressgateway' });
  });
});
