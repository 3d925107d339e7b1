import { describe, expect, it } from 'vitest';
import { parseTemplate } from './go-template/parse.ts';
import { TemplateRenderer } from './go-template/render.ts';

// The renderer the chart test uses instead of helm: each case is what text/template and Helm print
// for the same template (Go's documented behaviour), so the chart renders here as it will in a
// cluster, and anything outside the supported subset is an error rather than a guess.
function run(source: string, data: unknown = {}, helpers = ''): string {
  const defs = parseTemplate(helpers, '_helpers.tpl').defines;
  const { body, defines } = parseTemplate(source, 'test.yaml');
  return new TemplateRenderer(new Map([...defs, ...defines])).render(body, data);
}

describe('go-template renderer', () => {
  it('trims whitespace at {{- and -}} only, as text/template does', () => {
    expect(run('a  {{- "b" -}}  \n c')).toBe('abc');
    expect(run('a {{ "b" }} c')).toBe('a b c');
    expect(run('x\n  {{- /* a comment */}}\ny')).toBe('x\ny');
    expect(run('{{ 3 }}{{- 4 }}')).toBe('34');
  });

  it('reads fields, prints nil as nothing (Helm) and fails on a field of nil', () => {
    const data = { Values: { a: { b: 'deep' }, n: 1000000, f: 0.5 } };
    expect(
      run('{{ .Values.a.b }}|{{ .Values.missing }}|{{ .Values.n }}|{{ .Values.f }}', data),
    ).toBe('deep||1e+06|0.5');
    expect(() => run('{{ .Values.missing.child }}', data)).toThrow(/nil pointer evaluating/);
  });

  it('branches with if / else if / else and with, on Go truth', () => {
    const t = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    expect(run(t, { a: 'x' })).toBe('A');
    expect(run(t, { a: '', b: [1] })).toBe('B');
    expect(run(t, { a: 0, b: {} })).toBe('C');
    expect(run('{{ with .m }}{{ .k }}{{ else }}none{{ end }}', { m: { k: 'v' } })).toBe('v');
    expect(run('{{ with .m }}{{ .k }}{{ else }}none{{ end }}', { m: {} })).toBe('none');
  });

  it('ranges over lists and over maps in key order, with variables and $', () => {
    expect(run('{{ range .l }}[{{ . }}]{{ end }}', { l: ['x', 'y'] })).toBe('[x][y]');
    expect(run('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', { m: { b: 2, a: 1 } })).toBe(
      'a=1;b=2;',
    );
    expect(run('{{ range .l }}{{ $.top }}{{ end }}', { l: [1, 2], top: 'T' })).toBe('TT');
    expect(run('{{ range .l }}x{{ else }}empty{{ end }}', { l: [] })).toBe('empty');
    expect(run('{{ $x := "a" }}{{ if true }}{{ $x = "b" }}{{ end }}{{ $x }}')).toBe('b');
  });

  it('pipes the value as the last argument and runs the Helm and Sprig functions', () => {
    const data = { v: { name: 'web', list: ['a', 'b'] } };
    expect(run('{{ .v.name | quote }} {{ .missing | default "d" }} {{ 3 | quote }}', data)).toBe(
      '"web" d "3"',
    );
    expect(run('k:{{ toYaml .v | nindent 2 }}', data)).toBe(
      'k:\n  list:\n  - a\n  - b\n  name: web',
    );
    expect(run('{{ toYaml .m }}', { m: { a: 'off', b: 'yes', c: 3 } })).toBe(
      'a: "off"\nb: "yes"\nc: 3',
    );
    expect(run('{{ printf "%s-%s" "a" "b" | trunc 2 | upper }}')).toBe('A-');
    expect(run('{{ "name-" | trimSuffix "-" }}{{ contains "b" "abc" }}')).toBe('nametrue');
    expect(run('{{ and 1 0 2 }}{{ or 0 "" "x" }}{{ not "" }}{{ eq "a" "b" "a" }}')).toBe(
      '0xtruetrue',
    );
  });

  it('includes defined templates with their own data', () => {
    const helpers = '{{- define "name" -}}{{ .n }}-app{{- end -}}';
    expect(run('name: {{ include "name" .v | quote }}', { v: { n: 'x' } }, helpers)).toBe(
      'name: "x-app"',
    );
    expect(run('{{ template "name" .v }}', { v: { n: 'y' } }, helpers)).toBe('y-app');
  });

  it('stops with the message of required and on anything it does not support', () => {
    expect(() => run('{{ required "set it" .x }}')).toThrow(/required: set it/);
    expect(() => run('{{ .x | lookup }}')).toThrow(/function "lookup" not defined/);
    expect(() => run('{{ constructor }}')).toThrow(/function "constructor" not defined/);
    expect(() => run('{{ block "b" . }}{{ end }}')).toThrow(/not supported/);
    expect(() => run('{{ if .a }}')).toThrow(/unclosed if/);
    expect(() => run('{{ eq 1 "1" }}')).toThrow(/incompatible types/);
    expect(() => run('{{ printf "%d" 3 }}')).toThrow(/float64/);
  });
});
