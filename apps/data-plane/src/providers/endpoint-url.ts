/** `baseUrl` (with or without a trailing slash, possibly with a path) joined with an endpoint path. */
export function endpointUrl(baseUrl: string, path: string): URL {
  return new URL(baseUrl.replace(/\/+$/, '') + path);
}

export const JSON_CONTENT = { 'content-type': 'application/json' } as const;
