/**
 * Decodes Stripe's request bodies (application/x-www-form-urlencoded with bracket keys:
 * `line_items[0][price]=x&metadata[tenant_id]=y`) into nested objects and arrays.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function parseStripeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const [head, ...rest] = rawKey.split('[');
    if (!head) continue;
    const path = [head, ...rest.map((p) => p.replace(/\]$/, ''))];
    let node: Record<string, FormValue> = root;
    path.forEach((key, i) => {
      if (i === path.length - 1) {
        node[key] = value;
        return;
      }
      const next = node[key];
      if (typeof next === 'object' && !Array.isArray(next)) {
        node = next;
      } else {
        const created: Record<string, FormValue> = {};
        node[key] = created;
        node = created;
      }
    });
  }
  return arraysFromIndexes(root) as Record<string, FormValue>;
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, arraysFromIndexes(value[k] ?? '')]));
  if (keys.length > 0 && keys.every((k, i) => k === String(i))) return keys.map((k) => converted[k] ?? '');
  return converted;
}

export function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: FormValue | undefined): Record<string, FormValue> | undefined {
  return typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function stringRecord(value: FormValue | undefined): Record<string, string> {
  const o = obj(value) ?? {};
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
