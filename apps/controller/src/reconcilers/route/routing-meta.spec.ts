import { routesOf, routingMetaPatch, type RoutingMetaInput } from './routing-meta.js';

const NOW = new Date('2026-11-26T10:00:00.123Z');
const STAMP = '2026-11-26T10:00:00Z';
const ROUTES = 'serving.knative.dev/routes';
const STATE = 'serving.knative.dev/routingState';
const MODIFIED = 'serving.knative.dev/routingStateModified';

describe('routesOf', () => {
  it.each([
    [undefined, []],
    [{}, []],
    [{ [ROUTES]: '' }, []],
    [{ [ROUTES]: 'a,b' }, ['a', 'b']],
  ])('reads %j as %j', (annotations, want) => {
    expect(routesOf(annotations)).toEqual(want);
  });
});

describe('routingMetaPatch', () => {
  const revision = (state: string | undefined, routes?: string): RoutingMetaInput => ({
    labels: state === undefined ? {} : { [STATE]: state },
    annotations: routes === undefined ? {} : { [ROUTES]: routes, [MODIFIED]: '2026-11-01T00:00:00Z' },
  });

  it.each([
    { name: 'a pending revision the route now references turns active', object: revision('pending'), referenced: true, want: { metadata: { labels: { [STATE]: 'active' }, annotations: { [ROUTES]: 'r', [MODIFIED]: STAMP } } } },
    { name: 'a second route joins an active revision, kept sorted, no state change', object: revision('active', 's'), referenced: true, route: 'r', want: { metadata: { annotations: { [ROUTES]: 'r,s' } } } },
    { name: 'an active revision already listing the route: nothing', object: revision('active', 'r'), referenced: true, want: undefined },
    { name: 'the last route lets go: reserve, annotation removed', object: revision('active', 'r'), referenced: false, want: { metadata: { labels: { [STATE]: 'reserve' }, annotations: { [ROUTES]: null, [MODIFIED]: STAMP } } } },
    { name: 'one of two routes lets go: still active', object: revision('active', 'r,s'), referenced: false, want: { metadata: { annotations: { [ROUTES]: 's' } } } },
    { name: 'a reserve revision routed again turns active', object: revision('reserve'), referenced: true, want: { metadata: { labels: { [STATE]: 'active' }, annotations: { [ROUTES]: 'r', [MODIFIED]: STAMP } } } },
    { name: 'a revision the route neither references nor lists: nothing (pending stays pending)', object: revision('pending'), referenced: false, want: undefined },
    { name: 'a revision without a routingState label that is referenced turns active', object: revision(undefined), referenced: true, want: { metadata: { labels: { [STATE]: 'active' }, annotations: { [ROUTES]: 'r', [MODIFIED]: STAMP } } } },
  ])('$name', ({ object, referenced, route, want }) => {
    expect(routingMetaPatch(object, { route: route ?? 'r', referenced, revision: true, now: NOW })).toEqual(want);
  });

  it.each([
    { name: 'a Configuration gets only the routes annotation', object: {}, referenced: true, want: { metadata: { annotations: { [ROUTES]: 'r' } } } },
    { name: 'and loses it when the route lets go', object: { annotations: { [ROUTES]: 'r' } }, referenced: false, want: { metadata: { annotations: { [ROUTES]: null } } } },
  ])('$name', ({ object, referenced, want }) => {
    expect(routingMetaPatch(object, { route: 'r', referenced, revision: false, now: NOW })).toEqual(want);
  });
});
