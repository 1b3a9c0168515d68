import type { Request } from 'express';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isUnsafeMethod(method: string): boolean {
  return UNSAFE_METHODS.has(method.toUpperCase());
}

function originOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'null') return undefined;
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * True when a browser says the request comes from the control plane's own pages: its Origin (or,
 * failing that, its Referer) is the public URL's origin — or, when PUBLIC_URL is not configured,
 * the origin the request was addressed to. A request that names no origin at all is not trusted:
 * browsers send Origin on every cross-site and same-site POST, PUT, PATCH and DELETE.
 */
export function isSameOrigin(
  request: Request,
  publicUrl: string | undefined,
  publicUrlConfigured: boolean,
): boolean {
  const claimed = originOf(request.get('origin')) ?? originOf(request.get('referer'));
  if (claimed === undefined) return false;
  if (publicUrl !== undefined && claimed === new URL(publicUrl).origin) return true;
  if (publicUrlConfigured) return false;
  return claimed === `${request.protocol}://${request.get('host') ?? ''}`;
}
