import { checkTemplateSyntax, executeTemplate } from './template.js';

const values = { Name: 'foo', Namespace: 'bar', Domain: 'baz.com', Annotations: { sub: 'x' }, Labels: {} };
const run = (text: string) => executeTemplate({ name: 't', text, values, typeName: 'T' });

describe('executeTemplate', () => {
  it.each([
    { name: 'plain text', text: 'abc', out: 'abc' },
    { name: 'fields', text: '{{.Name}}.{{.Namespace}}.{{.Domain}}', out: 'foo.bar.baz.com' },
    { name: 'spaces inside the action', text: '{{ .Name }}', out: 'foo' },
    { name: 'trim markers', text: 'a  {{- .Name -}}  b', out: 'afoob' },
    { name: 'index into a map', text: '{{index .Annotations "sub"}}-{{index .Labels "none"}}', out: 'x-' },
    { name: 'map field', text: '{{.Annotations.sub}}/{{.Labels.none}}', out: 'x/<no value>' },
    { name: 'a whole map', text: '{{.Annotations}}', out: 'map[sub:x]' },
    { name: 'a comment', text: 'a{{/* note */}}b', out: 'ab' },
  ])('renders $name', ({ text, out }) => {
    expect(run(text)).toEqual({ ok: true, text: out });
  });

  it.each([
    { name: 'unknown field', text: 'a\n{{.Tag}}', message: 'template: t:2: executing "t" at <.Tag>: can\'t evaluate field Tag in type T' },
    { name: 'unclosed action', text: '{{.Name}}{{.Domain', message: 'template: t:1: unclosed action' },
    { name: 'unsupported action', text: '{{len .Name}}', message: 'template: t: unsupported action "{{len .Name}}" (only .Field, .Map.key and index .Map "key" are evaluated)' },
  ])('refuses $name', ({ text, message }) => {
    expect(run(text)).toEqual({ ok: false, message });
  });

  it('checks syntax only, for templates over values it cannot know', () => {
    expect(checkTemplateSyntax('r', '{{js .Request.UserAgent}}')).toBeUndefined();
    expect(checkTemplateSyntax('r', 'x\ny {{.A')).toBe('template: r:2: unclosed action');
  });
});
