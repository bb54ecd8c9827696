// Just enough Jinja to render the kafka-env template as Ambari's agent does: `{{ var }}`, `{# ... #}`,
// and `{% if %} / {% else %} / {% endif %}` with `or`/`and`/`not` over boolean parameters. Ambari's
// resource_management renders InlineTemplate with StrictUndefined and trim_blocks (source.py), so an
// unknown variable or a stray `{{` is an error that stops the broker from starting - which is why a
// snippet appended to kafka-env must never contain `{{`, `{%` or `{#`.

export class TemplateError extends Error {}

export type TemplateParams = Record<string, string | boolean>;

export function renderTemplate(template: string, params: TemplateParams): string {
  const tokens = template.split(/(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}\n?|\{#[\s\S]*?#\}|\{\{|\{%|\{#)/);
  const out: string[] = [];
  // A stack of [emitting?, branch already taken?] for nested ifs.
  const stack: Array<{ emitting: boolean; taken: boolean; parentEmitting: boolean }> = [];
  const emitting = () => stack.every((frame) => frame.emitting);
  for (const token of tokens) {
    if (token === '{{' || token === '{%' || token === '{#') {
      throw new TemplateError(`TemplateSyntaxError: unexpected end of template, "${token}" was never closed`);
    }
    if (token.startsWith('{#')) continue;
    if (token.startsWith('{{')) {
      if (!emitting()) continue;
      const name = token.slice(2, -2).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TemplateError(`TemplateSyntaxError: unexpected expression {{${name}}}`);
      if (!(name in params)) throw new TemplateError(`UndefinedError: '${name}' is undefined`);
      out.push(String(params[name]));
      continue;
    }
    if (token.startsWith('{%')) {
      const statement = token.replace(/\n$/, '').slice(2, -2).trim();
      const [keyword, ...rest] = statement.split(/\s+/);
      if (keyword === 'if') {
        const value = evaluate(rest.join(' '), params);
        stack.push({ emitting: value, taken: value, parentEmitting: emitting() });
      } else if (keyword === 'else') {
        const frame = stack.at(-1);
        if (!frame) throw new TemplateError('TemplateSyntaxError: else outside if');
        frame.emitting = !frame.taken;
        frame.taken = true;
      } else if (keyword === 'endif') {
        if (!stack.pop()) throw new TemplateError('TemplateSyntaxError: endif outside if');
      } else {
        throw new TemplateError(`TemplateSyntaxError: unknown tag '${keyword}'`);
      }
      continue;
    }
    if (emitting()) out.push(token);
  }
  if (stack.length > 0) throw new TemplateError("TemplateSyntaxError: missing 'endif'");
  return out.join('');
}

function evaluate(expression: string, params: TemplateParams): boolean {
  return expression.split(/\s+or\s+/).some((conjunct) =>
    conjunct.split(/\s+and\s+/).every((term) => {
      const negated = term.startsWith('not ');
      const name = negated ? term.slice(4).trim() : term.trim();
      if (!(name in params)) throw new TemplateError(`UndefinedError: '${name}' is undefined`);
      const value = Boolean(params[name]) && params[name] !== 'false';
      return negated ? !value : value;
    }),
  );
}
