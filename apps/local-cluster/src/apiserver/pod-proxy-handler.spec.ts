import { StatusError, type KubeObject } from '@ebb/apimachinery';
import { containerPortOf, forwardedHeaders, parsePodProxyPath, splitSchemeNamePort, upstreamOf } from './pod-proxy-handler.js';

describe('splitSchemeNamePort', () => {
  it.each([
    { name: 'a bare name', id: 'web', want: { scheme: 'http', name: 'web', port: '' } },
    { name: 'name:port', id: 'web:8083', want: { scheme: 'http', name: 'web', port: '8083' } },
    { name: 'https:name:port', id: 'https:web:8443', want: { scheme: 'https', name: 'web', port: '8443' } },
    { name: 'http:name:port', id: 'http:web:80', want: { scheme: 'http', name: 'web', port: '80' } },
    { name: 'an empty scheme', id: ':web:80', want: { scheme: 'http', name: 'web', port: '80' } },
    { name: 'a named port', id: 'web:metrics', want: { scheme: 'http', name: 'web', port: 'metrics' } },
    { name: 'an unknown scheme', id: 'ftp:web:21', want: undefined },
    { name: 'no name', id: ':80', want: undefined },
    { name: 'too many parts', id: 'a:b:c:d', want: undefined },
  ])('$name', ({ id, want }) => {
    expect(splitSchemeNamePort(id)).toEqual(want);
  });
});

describe('parsePodProxyPath', () => {
  const request = (verb: string, name: string): unknown => ({ kind: 'resource', verb, group: '', version: 'v1', namespace: 'ebb-system', resource: 'pods', name, subresource: 'proxy' });

  it.each([
    {
      name: 'a GET with a port and a path',
      method: 'GET',
      path: '/api/v1/namespaces/ebb-system/pods/autoscaler-1:8083/proxy/decisions/default/hello-00001',
      want: { namespace: 'ebb-system', pod: 'autoscaler-1', scheme: 'http', port: '8083', path: '/decisions/default/hello-00001', request: request('get', 'autoscaler-1') },
    },
    {
      name: 'no path below proxy',
      method: 'POST',
      path: '/api/v1/namespaces/ebb-system/pods/web/proxy',
      want: { namespace: 'ebb-system', pod: 'web', scheme: 'http', port: '', path: '/', request: request('create', 'web') },
    },
    {
      name: 'a trailing slash kept, https, encoded segments kept',
      method: 'DELETE',
      path: '/api/v1/namespaces/ebb-system/pods/https:web:8443/proxy/a%20b/',
      want: { namespace: 'ebb-system', pod: 'web', scheme: 'https', port: '8443', path: '/a%20b/', request: request('delete', 'web') },
    },
    { name: 'HEAD is a get', method: 'HEAD', path: '/api/v1/namespaces/ebb-system/pods/web/proxy/', want: { namespace: 'ebb-system', pod: 'web', scheme: 'http', port: '', path: '/', request: request('get', 'web') } },
    { name: 'PUT is an update', method: 'PUT', path: '/api/v1/namespaces/ebb-system/pods/web/proxy/x', want: { namespace: 'ebb-system', pod: 'web', scheme: 'http', port: '', path: '/x', request: request('update', 'web') } },
    { name: 'PATCH is a patch', method: 'PATCH', path: '/api/v1/namespaces/ebb-system/pods/web/proxy/x', want: { namespace: 'ebb-system', pod: 'web', scheme: 'http', port: '', path: '/x', request: request('patch', 'web') } },
    { name: 'the log subresource', method: 'GET', path: '/api/v1/namespaces/ebb-system/pods/web/log', want: undefined },
    { name: 'a service proxy', method: 'GET', path: '/api/v1/namespaces/ebb-system/services/web/proxy/', want: undefined },
    { name: 'a pod named proxy', method: 'GET', path: '/api/v1/namespaces/ebb-system/pods/proxy', want: undefined },
    { name: 'an unknown method', method: 'TRACE', path: '/api/v1/namespaces/ebb-system/pods/web/proxy/', want: undefined },
  ])('$name', ({ method, path, want }) => {
    expect(parsePodProxyPath(method, path)).toEqual(want);
  });

  it('answers 400 for a malformed pod id', () => {
    expect(() => parsePodProxyPath('GET', '/api/v1/namespaces/x/pods/ftp:web:21/proxy/')).toThrow(new StatusError({ code: 400, reason: 'BadRequest', message: 'invalid pod request "ftp:web:21"' }));
  });
});

function pod(init: { podIP?: string; annotations?: Record<string, string>; ports?: { name?: string; containerPort: number; protocol?: string }[] }): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...(init.annotations === undefined ? {} : { annotations: init.annotations }) },
    spec: { containers: [{ name: 'sidecar' }, { name: 'app', ports: init.ports ?? [] }] },
    status: init.podIP === undefined ? {} : { podIP: init.podIP },
  };
}

describe('upstreamOf', () => {
  const PORTS = [
    { name: 'http', containerPort: 8080 },
    { name: 'admin', containerPort: 8083 },
  ];
  const MAPPED = { 'local.ebb.dev/ports': '{"8080/TCP":41000,"8083/TCP":41001}' };

  it.each([
    { name: 'the first declared port, mapped to its host port', pod: pod({ podIP: '127.0.10.2', ports: PORTS, annotations: MAPPED }), port: '', want: { host: '127.0.10.2', port: 41000 } },
    { name: 'a numbered port, mapped', pod: pod({ podIP: '127.0.10.2', ports: PORTS, annotations: MAPPED }), port: '8083', want: { host: '127.0.10.2', port: 41001 } },
    { name: 'a named port, mapped', pod: pod({ podIP: '127.0.10.2', ports: PORTS, annotations: MAPPED }), port: 'admin', want: { host: '127.0.10.2', port: 41001 } },
    { name: 'a pod binding its pod IP (identity mapping)', pod: pod({ podIP: '127.0.10.3', ports: PORTS, annotations: { 'local.ebb.dev/port-mapping': 'pod-ip', 'local.ebb.dev/ports': '{"8080/TCP":8080,"8083/TCP":8083}' } }), port: '8083', want: { host: '127.0.10.3', port: 8083 } },
    { name: 'an undeclared port, as it is', pod: pod({ podIP: '127.0.10.2', ports: PORTS, annotations: MAPPED }), port: '9999', want: { host: '127.0.10.2', port: 9999 } },
    { name: 'no ports at all: 80', pod: pod({ podIP: '127.0.10.2' }), port: '', want: { host: '127.0.10.2', port: 80 } },
  ])('$name', ({ pod: target, port, want }) => {
    expect(upstreamOf(target, port)).toEqual(want);
  });

  it.each([
    { name: 'a pod without an IP', pod: pod({ ports: PORTS }), port: '8080', error: new StatusError({ code: 503, reason: 'ServiceUnavailable', message: 'pod has no IP' }) },
    { name: 'an unknown port name', pod: pod({ podIP: '127.0.10.2', ports: PORTS }), port: 'grpc', error: new StatusError({ code: 503, reason: 'ServiceUnavailable', message: 'pod "web" has no port named "grpc"' }) },
    { name: 'a port out of range', pod: pod({ podIP: '127.0.10.2', ports: PORTS }), port: '70000', error: new StatusError({ code: 400, reason: 'BadRequest', message: 'invalid port "70000" for pod "web"' }) },
  ])('refuses $name', ({ pod: target, port, error }) => {
    let thrown: unknown;
    try {
      upstreamOf(target, port);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(StatusError);
    expect((thrown as StatusError).toStatus()).toEqual(error.toStatus());
  });

  it('keeps the protocol of a named UDP port when it reads the mapping', () => {
    const udp = pod({ podIP: '127.0.10.2', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }], annotations: { 'local.ebb.dev/ports': '{"53/UDP":42000}' } });
    expect(containerPortOf(udp, 'dns')).toEqual({ name: 'dns', containerPort: 53, protocol: 'UDP' });
    expect(upstreamOf(udp, 'dns')).toEqual({ host: '127.0.10.2', port: 42000 });
  });
});

describe('forwardedHeaders', () => {
  it.each([
    {
      name: 'hop-by-hop headers dropped, end-to-end ones kept',
      headers: { 'content-type': 'application/json', connection: 'keep-alive', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked', upgrade: 'h2c', te: 'trailers', 'proxy-authorization': 'Basic x', 'x-request-id': 'r1' },
      drop: [],
      want: { 'content-type': 'application/json', 'x-request-id': 'r1' },
    },
    { name: 'headers named by Connection dropped too', headers: { connection: 'close, X-Hop', 'x-hop': '1', accept: '*/*' }, drop: [], want: { accept: '*/*' } },
    { name: 'the caller credentials dropped when asked', headers: { authorization: 'Bearer secret', host: 'api', accept: 'text/plain' }, drop: ['authorization', 'host'], want: { accept: 'text/plain' } },
    { name: 'repeated headers kept as lists', headers: { 'set-cookie': ['a=1', 'b=2'] }, drop: [], want: { 'set-cookie': ['a=1', 'b=2'] } },
  ])('$name', ({ headers, drop, want }) => {
    expect(forwardedHeaders(headers, drop)).toEqual(want);
  });
});
