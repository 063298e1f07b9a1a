// Table spec of which Routes a Configuration or Revision change re-enqueues.
import type { Configuration, Revision, Route, TrafficTarget } from '@ebb/api';
import { routesReferencingConfiguration, routesReferencingRevision } from './references.js';

const route = (name: string, traffic: TrafficTarget[]): Route => ({ metadata: { name, namespace: 'default' }, spec: { traffic } });
const routes = [
  route('floats', [{ configurationName: 'hello', percent: 100 }]),
  route('pins', [{ revisionName: 'hello-00001', percent: 100 }]),
  route('other', [{ configurationName: 'other', percent: 100 }]),
];
const names = (list: Route[]): string[] => list.map((r) => r.metadata?.name ?? '');

describe('routes referencing a target', () => {
  it.each([
    { name: 'configuration hello', configuration: { metadata: { name: 'hello' } }, want: ['floats'] },
    { name: 'configuration nobody names', configuration: { metadata: { name: 'unused' } }, want: [] },
  ])('$name', ({ configuration, want }) => {
    expect(names(routesReferencingConfiguration(routes, configuration as Configuration))).toEqual(want);
  });

  it.each([
    { name: 'pinned revision of hello', revision: { metadata: { name: 'hello-00001', labels: { 'serving.knative.dev/configuration': 'hello' } } }, want: ['floats', 'pins'] },
    { name: 'new revision of hello', revision: { metadata: { name: 'hello-00002', labels: { 'serving.knative.dev/configuration': 'hello' } } }, want: ['floats'] },
    { name: 'revision without a configuration label', revision: { metadata: { name: 'loose' } }, want: [] },
  ])('$name', ({ revision, want }) => {
    expect(names(routesReferencingRevision(routes, revision as Revision))).toEqual(want);
  });
});
