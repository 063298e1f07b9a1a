// Table tests of the child drift rule (reconcileChild's, for the controller's reconcilers and the
// networking app's Istio translator) over labels, annotations and spec.
import { hasDrifted } from './children.js';

describe('hasDrifted', () => {
  type Obj = { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
  const base: Obj = { metadata: { labels: { a: '1' }, annotations: {} }, spec: { x: 1 } };
  it.each<{ name: string; existing: Obj; want: boolean }>([
    { name: 'same', existing: base, want: false },
    { name: 'extra label (added by someone else) is kept', existing: { ...base, metadata: { ...base.metadata, labels: { a: '1', b: '2' } } }, want: false },
    { name: 'changed label', existing: { ...base, metadata: { ...base.metadata, labels: { a: '2' } } }, want: true },
    { name: 'missing label', existing: { ...base, metadata: { ...base.metadata, labels: {} } }, want: true },
    { name: 'annotations absent vs empty', existing: { ...base, metadata: { labels: { a: '1' } } }, want: false },
    { name: 'spec differs', existing: { ...base, spec: { x: 2 } }, want: true },
  ])('$name', ({ existing, want }) => {
    expect(hasDrifted(existing, base)).toBe(want);
  });

  it.each<{ name: string; existing: Obj; loose: boolean; exact: boolean }>([
    { name: 'same spec', existing: base, loose: false, exact: false },
    { name: 'a spec field too many (a server default, or one we stopped setting)', existing: { ...base, spec: { x: 1, y: { httpsRedirect: true } } }, loose: false, exact: true },
    { name: 'a spec field different', existing: { ...base, spec: { x: 3 } }, loose: true, exact: true },
    { name: 'a list element too many', existing: { ...base, spec: { x: 1, servers: [1] } }, loose: false, exact: true },
  ])('exactSpec: $name', ({ existing, loose, exact }) => {
    expect([hasDrifted(existing, base), hasDrifted(existing, base, true)]).toEqual([loose, exact]);
  });
});
