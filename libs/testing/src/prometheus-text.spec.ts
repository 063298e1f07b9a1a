import { parsePrometheusText, PrometheusTextError } from './prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads samples with and without labels', () => {
    const text = [
      '# HELP process_cpu_seconds_total Total CPU.',
      '# TYPE process_cpu_seconds_total counter',
      'process_cpu_seconds_total 1.5',
      'ebb_messaging_malformed_messages_total{subject="ebb.v1.metrics.*.*",x="a\\"b"} 3',
      'up +Inf',
      'nodejs_eventloop_lag_seconds Nan',
      '',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'process_cpu_seconds_total', labels: {}, value: 1.5 },
      { name: 'ebb_messaging_malformed_messages_total', labels: { subject: 'ebb.v1.metrics.*.*', x: 'a"b' }, value: 3 },
      { name: 'up', labels: {}, value: Infinity },
      { name: 'nodejs_eventloop_lag_seconds', labels: {}, value: NaN },
    ]);
  });

  it.each([
    { name: 'HTML instead of metrics', text: '<html>oops</html>' },
    { name: 'a bad value', text: 'a_metric one' },
    { name: 'an unterminated label set', text: 'a{x="1" 2' },
    { name: 'an unknown TYPE', text: '# TYPE a_metric thing' },
    { name: 'a JSON body', text: '{"status":"ok"}' },
  ])('rejects $name', ({ text }) => {
    expect(() => parsePrometheusText(text)).toThrow(PrometheusTextError);
  });
});
