// Ambari's query language, as the simulator needs it (apache/ambari ambari-server/docs/api/v1/index.md
// "Partial Response" and "Query Predicates"): `fields=a/b,c/*,sub/X/y` selects what is returned (key
// fields always are); every other query parameter forms a predicate with = != < > <= >= .in() .isEmpty()
// & | ! and parentheses. A predicate on a sub-resource property
// (host_components/HostRoles/component_name=KAFKA_BROKER) holds when any sub-resource matches.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Resource {
  /** Ambari's resource type name, used in its error messages (Cluster, Host, HostComponent, ...). */
  type: string;
  href: string;
  /** Key properties, always returned (e.g. Hosts/cluster_name, Hosts/host_name). */
  keys: string[];
  /** Every property, nested by category as Ambari prints them. */
  properties: JsonObject;
  /** Sub-resource collections by name (host_components, components, ...). */
  children: Record<string, Resource[]>;
}

export class QueryError extends Error {}

/** Parameters that are not part of the predicate. */
const RESERVED = new Set(['fields', 'page_size', 'from', 'to', 'sortBy', 'minimal_response', 'format', '_']);

export interface ParsedQuery {
  fields: string[] | undefined;
  predicate: Predicate | undefined;
}

export function parseQuery(rawQuery: string): ParsedQuery {
  let fields: string[] | undefined;
  const predicateParts: string[] = [];
  for (const part of rawQuery.split('&').filter(Boolean)) {
    const name = decodeURIComponent(part.split('=')[0] ?? '');
    if (RESERVED.has(name)) {
      if (name === 'fields') fields = decodeURIComponent(part.slice('fields='.length).replace(/\+/g, ' ')).split(',').filter(Boolean);
    } else {
      predicateParts.push(part);
    }
  }
  const raw = predicateParts.join('&');
  return { fields, predicate: raw === '' ? undefined : new PredicateParser(raw).parse() };
}

// ---------- predicates ----------

export type Predicate = (resource: Resource) => boolean;

class PredicateParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Predicate {
    const predicate = this.or();
    if (this.pos < this.text.length) throw new QueryError(`Invalid Query Token: '${this.text.slice(this.pos)}'`);
    return predicate;
  }

  private or(): Predicate {
    let left = this.and();
    while (this.peek('|')) {
      this.pos += 1;
      const right = this.and();
      const l = left;
      left = (r) => l(r) || right(r);
    }
    return left;
  }

  private and(): Predicate {
    let left = this.not();
    while (this.peek('&')) {
      this.pos += 1;
      const right = this.not();
      const l = left;
      left = (r) => l(r) && right(r);
    }
    return left;
  }

  private not(): Predicate {
    if (this.peek('!') && this.text[this.pos + 1] !== '=') {
      this.pos += 1;
      const inner = this.not();
      return (r) => !inner(r);
    }
    if (this.peek('(')) {
      this.pos += 1;
      const inner = this.or();
      if (!this.peek(')')) throw new QueryError('Invalid Query Token: missing )');
      this.pos += 1;
      return inner;
    }
    return this.comparison();
  }

  private comparison(): Predicate {
    const rest = this.text.slice(this.pos);
    const match = /^([^=!<>&|()]+?)(\.in\(([^)]*)\)|\.isEmpty\(\)|!=|>=|<=|=|<|>)/.exec(rest);
    if (!match) throw new QueryError(`Invalid Query Token: '${rest}'`);
    const path = decodeURIComponent(match[1]!);
    this.pos += match[0].length;
    if (match[2]!.startsWith('.in(')) {
      const options = new Set(match[3]!.split(',').map((v) => decodeURIComponent(v)));
      return (r) => valuesAt(r, path).some((v) => options.has(v));
    }
    if (match[2] === '.isEmpty()') return (r) => valuesAt(r, path).length === 0;
    const op = match[2]!;
    const valueMatch = /^[^&|()]*/.exec(this.text.slice(this.pos))!;
    this.pos += valueMatch[0].length;
    const expected = decodeURIComponent(valueMatch[0].replace(/\+/g, ' '));
    return (r) => valuesAt(r, path).some((actual) => compare(actual, op, expected));
  }

  private peek(char: string): boolean {
    return this.text[this.pos] === char;
  }
}

function compare(actual: string, op: string, expected: string): boolean {
  const numeric = actual !== '' && expected !== '' && !Number.isNaN(Number(actual)) && !Number.isNaN(Number(expected));
  const a: string | number = numeric ? Number(actual) : actual;
  const b: string | number = numeric ? Number(expected) : expected;
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

/** Every value at a path, as Ambari compares them (strings); through sub-resources too. */
export function valuesAt(resource: Resource, path: string): string[] {
  const [head, ...rest] = path.split('/');
  const children = resource.children[head!];
  if (children) return children.flatMap((child) => valuesAt(child, rest.join('/')));
  let value: JsonValue | undefined = resource.properties;
  for (const segment of path.split('/')) {
    value = isObject(value) ? value[segment] : undefined;
  }
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String);
  if (isObject(value)) return [JSON.stringify(value)];
  return [String(value)];
}

// ---------- fields ----------

/** Rejects unknown categories as Ambari does (400, "properties [...] are not supported"). */
export function checkFields(resource: Resource, fields: string[]): void {
  const unknown = fields.filter((field) => {
    if (field === '*' ) return false;
    const head = field.split('/')[0]!;
    return !(head in resource.properties) && !(head in resource.children) && head !== 'href';
  });
  if (unknown.length > 0) {
    throw new QueryError(
      `The properties [${unknown.join(', ')}] specified in the request or predicate are not supported for the resource type ${resource.type}.`,
    );
  }
}

/**
 * The resource as Ambari prints it. Without `fields`, a collection item shows only its keys and a
 * single resource shows every property (sub-resources by their keys).
 */
export function render(resource: Resource, fields: string[] | undefined, whole: boolean): JsonObject {
  const out: JsonObject = { href: resource.href };
  for (const key of resource.keys) copyPath(resource.properties, out, key);
  const all = fields === undefined ? whole : fields.includes('*');
  if (all) {
    for (const [category, value] of Object.entries(resource.properties)) out[category] = value;
  }
  const childFields = new Map<string, string[]>();
  for (const field of fields ?? []) {
    if (field === '*') continue;
    const [head, ...rest] = field.split('/');
    if (resource.children[head!]) {
      childFields.set(head!, [...(childFields.get(head!) ?? []), ...(rest.length > 0 ? [rest.join('/')] : [])]);
    } else {
      copyPath(resource.properties, out, field);
    }
  }
  for (const [name, children] of Object.entries(resource.children)) {
    const selected = childFields.get(name);
    if (selected !== undefined) out[name] = children.map((child) => render(child, selected.length > 0 ? selected : [], false));
    else if (all) out[name] = children.map((child) => render(child, [], false));
  }
  return out;
}

function copyPath(from: JsonObject, to: JsonObject, path: string): void {
  const segments = path.split('/');
  const wildcard = segments[segments.length - 1] === '*';
  if (wildcard) segments.pop();
  let source: JsonValue | undefined = from;
  let target: JsonObject = to;
  segments.forEach((segment, i) => {
    source = isObject(source) ? source[segment] : undefined;
    if (source === undefined) return;
    const last = i === segments.length - 1;
    if (last) {
      target[segment] = wildcard || !isObject(source) ? structuredClone(source) : mergeObject(target[segment], source);
    } else {
      if (!isObject(target[segment])) target[segment] = {};
      target = target[segment] as JsonObject;
    }
  });
}

function mergeObject(existing: JsonValue | undefined, value: JsonObject): JsonObject {
  return { ...(isObject(existing) ? existing : {}), ...structuredClone(value) };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
