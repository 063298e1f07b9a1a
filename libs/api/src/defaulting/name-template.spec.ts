import { renderNameTemplate } from './name-template.js';

// container-name-template / init-container-name-template over the parent ObjectMeta (API.md §2.5).

const meta = { name: 'hello', namespace: 'ns', uid: 'u-1', generation: 3, labels: { app: 'web' }, annotations: { team: 'blue' } };

describe('renderNameTemplate', () => {
  it.each([
    { name: 'a plain name is returned as is', template: 'user-container', expected: 'user-container' },
    { name: '.Name', template: '{{.Name}}', expected: 'hello' },
    { name: '.Namespace with spaces', template: '{{ .Namespace }}-c', expected: 'ns-c' },
    { name: '.UID', template: 'c-{{.UID}}', expected: 'c-u-1' },
    { name: '.Generation', template: 'g{{.Generation}}', expected: 'g3' },
    { name: '.Labels.key', template: '{{.Labels.app}}', expected: 'web' },
    { name: 'a missing .Labels.key renders <no value>', template: '{{.Labels.nope}}', expected: '<no value>' },
    { name: 'index .Annotations "key"', template: '{{index .Annotations "team"}}-c', expected: 'blue-c' },
    { name: 'a missing index key renders empty', template: 'c{{index .Annotations "nope"}}', expected: 'c' },
    { name: 'trim markers', template: 'a {{- .Name -}} b', expected: 'ahellob' },
    { name: 'comments render nothing', template: 'c{{/* note */}}', expected: 'c' },
  ])('$name', ({ template, expected }) => {
    expect(renderNameTemplate(template, meta)).toBe(expected);
  });

  it('renders against empty metadata when the parent has none', () => {
    expect(renderNameTemplate('{{.Name}}c', undefined)).toBe('c');
  });
});
