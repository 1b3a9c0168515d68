const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a zod issue path the way a person would write it in code, so that validation errors
 * point at the offending field directly.
 *
 * @example
 * formatIssuePath(['tenants', 0, 'settings', 'zeroDataRetention']); // 'tenants[0].settings.zeroDataRetention'
 * formatIssuePath([]); // '(root)'
 */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (typeof segment === 'string' && IDENTIFIER.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return out === '' ? '(root)' : out;
}
